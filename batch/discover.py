"""Which files of the given paths are documents: found by content (the sniffing of ``extract``), not name alone.

A file is a document when its suffix is one ``extract`` reads, when its first
bytes say PDF, zip/OLE (DOCX, DOC) or HTML whatever its name, or when it has
no suffix and reads as text.  Text under another suffix (.json, .csv, .py)
is left alone.

Folders are searched recursively in sorted order (same input, same order);
hidden files and folders and the output folder are skipped.  A file named on
the command line is always taken: the user asked for it.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path

from docstruct.extract.formats import SNIFF_BYTES, SUFFIXES, image_kind, sniff_format

# byte-order marks of the encodings the text reader knows
BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# control bytes that plain text in any of our encodings never holds (NUL aside: UTF-16)
_BINARY = frozenset(range(0x00, 0x09)) | frozenset({0x0B, 0x0E, 0x0F}) | frozenset(range(0x10, 0x1B))


def _looks_like_text(head: bytes) -> bool:
    """Text in one of the encodings the text reader handles: a BOM, or no binary control bytes."""
    if head.startswith(BOMS):
        return True
    if b"\x00" in head:
        # UTF-16 without a BOM: every other byte NUL across ASCII
        return head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4
    return not any(b in _BINARY for b in head)


def is_document(path: Path) -> bool:
    """Whether a file found in a folder is a report to extract."""
    if path.suffix.lower() in SUFFIXES:
        return True
    try:
        with path.open("rb") as f:
            head = f.read(SNIFF_BYTES)
    except OSError:
        return False
    if not head:
        return False
    if image_kind(head):
        # an image in a folder is more often a figure or a logo than a scanned report: read when named
        # (`docstruct extract page.png`, `docstruct batch page.tif`), never picked up by the walk
        return False
    if sniff_format(head, "") != "txt":  # PDF, zip/OLE (DOCX, DOC) or markup, by magic bytes
        return True
    # text under another suffix (.json, .csv, .py) is some other kind of file; without one, it may be a report
    return not path.suffix and _looks_like_text(head)


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _walk(root: Path, skip: Path | None) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not _hidden(d) and (skip is None or (here / d).resolve() != skip))
        for name in sorted(files):
            if not _hidden(name) and (here / name).is_file() and is_document(here / name):
                yield here / name


def find_documents(paths: Iterable[str | Path], skip: str | Path | None = None,
                   keep_missing: Collection[str] = ()) -> Iterator[Path]:
    """Every document under the paths, each once, folders in sorted order.

    skip: a folder to leave out (the batch's output folder). A path that does not
    exist raises FileNotFoundError before anything is yielded for it, unless it is
    in ``keep_missing`` (paths read from standard input): then it is yielded as it is,
    and reading it fails that one document (issue 16), not the batch.
    """
    skip_dir = Path(skip).resolve() if skip is not None else None
    seen: set[Path] = set()
    for given in paths:
        p = Path(given)
        if p.is_dir():
            found: Iterable[Path] = _walk(p, skip_dir)
        elif p.exists() or str(given) in keep_missing:
            found = [p]
        else:
            raise FileNotFoundError(f"no such file or folder: {given}")
        for path in found:
            real = path.resolve()
            if real not in seen:
                seen.add(real)
                yield path
