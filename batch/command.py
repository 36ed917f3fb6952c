"""The two commands behind cli.py's ``batch`` and ``export`` (cli.py only parses and dispatches)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from docstruct.batch.driver import BatchOptions, Done, Driver, collect
from docstruct.batch.export import FORMATS, export_store
from docstruct.batch.report import ProgressBar, summary_lines
from docstruct.batch.store import open_readonly
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


def batch_command(paths: list[str], options: BatchOptions, *, quiet: bool = False, jsonl: str | None = None) -> int:
    """Run a batch with a progress bar and a summary on stderr; records stream to ``jsonl`` if given."""
    try:
        files = collect(paths, options.out)
    except FileNotFoundError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    show = not quiet and sys.stderr.isatty()
    with _jsonl_sink(jsonl) as sink, ProgressBar(len(files), show) as bar:

        def on_done(done: Done) -> None:
            bar.advance(done)
            if sink is not None and done.record is not None:
                if done.text is not None:
                    sink.write(done.text + "\n")
                else:
                    write_json(done.record, sink, indent=None)
                sink.flush()

        driver = Driver(files, options, on_done)
        tally = driver.run()
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
