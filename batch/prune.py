"""``docstruct batch … --prune``: drop what the store holds for files that are gone from the inputs.

A stored name is *covered* by this run's inputs when it is one of the files given or lies under
one of the folders given; a covered name that this run did not find with the same bytes is gone
(the file was deleted, or now holds other bytes).  Gone names leave ``paths``; a document left with
no name at all leaves the store, with its cells, checks, warnings and facts (issue 16: deleted files
stayed in the store and its exports).  Names outside the inputs are not looked at, so one store can
gather several input sets.  A file this run could not read keeps what is stored under its name.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from docstruct.batch.store import CHILD_TABLES, Store


@dataclass(frozen=True)
class Pruned:
    """What a prune dropped: documents (sha256, the name its record was made from) and names."""

    documents: tuple[tuple[str, str], ...]
    paths: tuple[tuple[str, str], ...]


def _covered(path: str, roots: list[str]) -> bool:
    norm = os.path.normpath(path)
    return any(norm == root or norm.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def prune_store(store: Store, inputs: Iterable[str], found: Iterable[tuple[str | None, str]]) -> Pruned:
    """Drop the names gone from ``inputs`` and the documents left without a name, in one transaction.

    found: (sha256, path) of every file this run settled; sha256 None for a file it could not read.
    """
    roots = [os.path.normpath(p) for p in inputs]
    live = {(sha, os.path.normpath(path)) for sha, path in found if sha is not None}
    unread = {os.path.normpath(path) for sha, path in found if sha is None}
    with store.transaction() as conn:
        rows = conn.execute("SELECT sha256, path FROM paths ORDER BY sha256, path").fetchall()
        gone = [(sha, path) for sha, path in rows
                if _covered(path, roots) and (sha, os.path.normpath(path)) not in live
                and os.path.normpath(path) not in unread]
        conn.executemany("DELETE FROM paths WHERE sha256 = ? AND path = ?", gone)
        orphans = conn.execute(
            "SELECT sha256, path FROM documents d WHERE NOT EXISTS "
            "(SELECT 1 FROM paths p WHERE p.sha256 = d.sha256) ORDER BY sha256"
        ).fetchall()
        for sha, _path in orphans:
            for table in CHILD_TABLES:
                conn.execute(f"DELETE FROM {table} WHERE sha256 = ?", (sha,))
            conn.execute("DELETE FROM documents WHERE sha256 = ?", (sha,))
    return Pruned(tuple(orphans), tuple(gone))


def describe(pruned: Pruned, shown: int = 20) -> list[str]:
    """The lines that say what a prune dropped (at most ``shown`` names each)."""
    docs = [path for _sha, path in pruned.documents]
    lines = [f"pruned: {len(docs)} documents whose files are all gone, {len(pruned.paths)} names gone"]
    lines += [f"  dropped {path}" for path in docs[:shown]]
    if len(docs) > shown:
        lines.append(f"  … and {len(docs) - shown} more")
    return lines
