"""The two commands behind cli.py's ``batch`` and ``export`` (cli.py only parses and dispatches)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from docstruct.batch.driver import BatchOptions, Driver, collect
from docstruct.batch.export import FORMATS, export_store
from docstruct.batch.jobs import Outcome
from docstruct.batch.prune import describe, prune_store
from docstruct.batch.report import ProgressBar, summary_lines
from docstruct.batch.store import Store, open_readonly
from docstruct.batch.summary_html import write_summary_html
from docstruct.extract.writers.json import write_json

PROG = "docstruct"


def stdin_paths(stream: TextIO) -> list[str]:
    """Paths from standard input, one a line (blank lines ignored)."""
    return [line.rstrip("\r\n") for line in stream if line.strip()]


@contextlib.contextmanager
def _jsonl_sink(target: str | None) -> Iterator[TextIO | None]:
    if target is None:
        yield None
    elif target == "-":
        yield sys.stdout
    else:
        with open(target, "w", encoding="utf-8", newline="\n") as f:
            yield f


def _stream_to(sink: TextIO, done: Outcome, store: Store, new_only: bool) -> None:
    """Write a settled document's record as one line: extracted now, or (not new_only) from the store."""
    text = done.text
    if text is None and done.record is not None:
        write_json(done.record, sink, indent=None)
    elif text is None and not new_only and done.how != "extracted" and done.sha256 is not None:
        text = store.record_text(done.sha256)
    if text is not None:
        sink.write(text + "\n")
    sink.flush()


def batch_command(paths: list[str], options: BatchOptions, *, quiet: bool = False, jsonl: str | None = None,
                  jsonl_new: bool = False, listed: list[str] | None = None, prune: bool = False) -> int:
    """Run a batch with a progress bar and a summary on stderr.

    jsonl: stream every document's record there as it settles, the stored ones included
        (jsonl_new: only the ones extracted in this run).
    listed: paths read from standard input; one that does not exist is a failed document, not an error.
    prune: afterwards drop what the store holds for files gone from these inputs (batch.prune).
    """
    listed = listed or []
    try:
        files = collect(paths + listed, options.out, keep_missing=frozenset(listed))
    except FileNotFoundError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    show = not quiet and sys.stderr.isatty()
    with _jsonl_sink(jsonl) as sink, ProgressBar(len(files), show) as bar:

        def on_done(done: Outcome) -> None:
            bar.advance(done)
            if sink is not None:
                _stream_to(sink, done, driver.store, jsonl_new)

        driver = Driver(files, options, on_done)
        tally = driver.run()
    if prune:
        with contextlib.closing(Store(options.out)) as store:
            pruned = prune_store(store, paths + listed, [(d.sha256, d.path) for d in tally.done])
        for line in describe(pruned):
            print(line, file=sys.stderr)
    jobs = options.jobs or os.cpu_count() or 1
    lines = summary_lines(tally, jobs, options.engine)
    page = write_summary_html(options.out, lines)
    if not quiet:
        print("\n".join(lines), file=sys.stderr)
        print(f"  store: {driver.store.path}", file=sys.stderr)
        print(f"  summary: {page}", file=sys.stderr)
    return tally.exit_status()


def export_command(out_dir: str, fmt: str, target: str, *, bom: bool = True, versions: bool = False) -> int:
    """Write one export of the store in ``out_dir`` to ``target`` ('-': standard output)."""
    if fmt not in FORMATS:
        print(f"{PROG}: error: unknown format {fmt}", file=sys.stderr)
        return 2
    try:
        conn = open_readonly(out_dir)
    except FileNotFoundError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    try:
        if fmt == "parquet":
            if target == "-":
                print(f"{PROG}: error: parquet needs a file (-o FILE)", file=sys.stderr)
                return 2
            export_store(conn, fmt, Path(target), versions)
        elif target == "-":
            export_store(conn, fmt, sys.stdout, versions)
        else:
            encoding = "utf-8-sig" if bom and fmt.startswith("csv") else "utf-8"
            with open(target, "w", encoding=encoding, newline="" if fmt.startswith("csv") else "\n") as f:
                export_store(conn, fmt, f, versions)
    except RuntimeError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    except sqlite3.OperationalError as exc:  # --versions on a store from before parser versions
        print(f"{PROG}: error: {out_dir}: {exc}: run `docstruct batch … -o {out_dir}` once to upgrade the store",
              file=sys.stderr)
        return 2
    finally:
        conn.close()
    return 0
