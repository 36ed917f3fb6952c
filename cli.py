"""docstruct command line: thin wrappers over the library, one function per subcommand."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from docstruct.extract import DocstructError, ReadOptions, Timings, extract_bytes, extract_file
from docstruct.extract.limits import DEFAULT_MEMORY_MB, DEFAULT_SECONDS, MIB, bounded
from docstruct.extract.writers.json import write_json

PROG = "docstruct"
__all__ = ["DEFAULT_MEMORY_MB", "DEFAULT_SECONDS", "build_parser", "main"]


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or exc.__class__.__name__


def cmd_extract(args: argparse.Namespace) -> int:
    """Print the record of one file (or '-' for standard input) as JSON."""
    timings = Timings()
    options = ReadOptions(path=args.file, max_seconds=args.max_seconds, facts=not args.no_facts)
    try:
        with bounded(args.max_seconds, args.max_memory_mb):
            if args.file == "-":
                record = extract_bytes(sys.stdin.buffer.read(), options, timings=timings)
            else:
                record = extract_file(args.file, options, timings)
    except DocstructError as exc:
        print(f"{PROG}: error: {args.file}: {_one_line(exc)}", file=sys.stderr)
        return 2
    except Exception as exc:
        # a bug, not bad input: still one line, never a traceback (brief), and a distinct status
        print(f"{PROG}: internal error: {args.file}: {exc.__class__.__name__}: {_one_line(exc)}", file=sys.stderr)
        return 3
    write_json(record.to_json(), sys.stdout, indent=None if args.compact else 1)
    if args.timings:
        stages = ", ".join(f"{k} {v * 1000:.1f} ms" for k, v in timings.stages.items())
        print(f"{PROG}: timings: {stages}", file=sys.stderr)
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    """Extract every document under the paths into the store in OUT (docstruct.batch)."""
    from pathlib import Path

    from docstruct.batch.command import batch_command, stdin_paths
    from docstruct.batch.driver import BatchOptions
    from docstruct.batch.jobs import Limits

    paths = list(args.paths) + (stdin_paths(sys.stdin) if args.stdin else [])
    if not paths:
        print(f"{PROG}: error: batch: give PATH arguments or --stdin", file=sys.stderr)
        return 2
    limits = Limits(max_seconds=args.max_seconds, max_memory_mb=args.max_memory_mb)
    options = BatchOptions(Path(args.out), args.jobs, limits, args.force, args.retry_failed, args.engine, args.address)
    return batch_command(paths, options, quiet=args.quiet, jsonl=args.jsonl)


def cmd_export(args: argparse.Namespace) -> int:
    """Write the store in OUT as JSONL, CSV or Parquet (docstruct.batch.export)."""
    from docstruct.batch.command import export_command

    return export_command(args.out_dir, args.format, args.output, bom=not args.no_bom)


def cmd_check(args: argparse.Namespace) -> int:
    """Rebuild and print the cross-report checks of the store in OUT (docstruct.batch.cross_report)."""
    from docstruct.batch.cross_report import check_command

    return check_command(args.out_dir, as_json=args.json)


def cmd_compare(args: argparse.Namespace) -> int:
    """Compare two reports: files, stored documents, or one agency's years (docstruct.batch.compare_command)."""
    from docstruct.batch.compare_command import compare_command

    return compare_command(args)


def _add_cross_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    chk = sub.add_parser("check", help="cross-report checks of a store: continuity, reports read twice")
    chk.add_argument("out_dir", metavar="OUT", help="the batch's output folder")
    chk.add_argument("--json", action="store_true", help="JSON instead of one line per result")
    chk.set_defaults(func=cmd_check)
    cmp = sub.add_parser("compare", help="two reports side by side: deltas, continuity, section diff")
    cmp.add_argument("reports", nargs="*", metavar="A B", help="two files, or two stored sha256 prefixes with --store")
    cmp.add_argument("--store", metavar="OUT", help="a batch's output folder to take the reports from")
    cmp.add_argument("--agency", help="with --store and --years: the agency (printed name or key)")
    cmp.add_argument("--years", help="with --store and --agency: two years, e.g. 2023,2024")
    cmp.add_argument("--html", metavar="FILE", help="also write a self-contained HTML page (no fetches)")
    cmp.add_argument("--max-seconds", type=float, default=DEFAULT_SECONDS, help="time limit per file (s)")
    cmp.add_argument("--max-memory-mb", type=int, default=DEFAULT_MEMORY_MB, help="memory limit (MiB), 0 for none")
    cmp.set_defaults(func=cmd_compare)


def _add_batch_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    bat = sub.add_parser("batch", help="extract many files into a store (OUT/docstruct.sqlite)")
    bat.add_argument("paths", nargs="*", metavar="PATH", help="folders (searched recursively) or files")
    bat.add_argument("-o", "--out", required=True, help="output folder: the store docstruct.sqlite goes here")
    bat.add_argument("--jobs", type=int, default=None, help="worker processes (default: one per core)")
    bat.add_argument("--stdin", action="store_true", help="also read paths from standard input, one a line")
    bat.add_argument("--jsonl", metavar="FILE", help="also write each record as it finishes ('-': stdout)")
    bat.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    bat.add_argument("--force", action="store_true", help="redo documents already in the store")
    bat.add_argument("--retry-failed", action="store_true", help="redo the stored failures only")
    bat.add_argument("--engine", choices=("local", "ray"), default="local", help="local process pool or Ray")
    bat.add_argument("--address", default=None, help="Ray cluster address (with --engine ray), e.g. ray://head:10001")
    bat.add_argument("--max-seconds", type=float, default=DEFAULT_SECONDS, help="time limit per file (s)")
    bat.add_argument("--max-memory-mb", type=int, default=DEFAULT_MEMORY_MB, help="memory limit per worker (MiB)")
    bat.set_defaults(func=cmd_batch)
    exp = sub.add_parser("export", help="write the store of a batch as JSONL, CSV or Parquet")
    exp.add_argument("out_dir", metavar="OUT", help="the batch's output folder")
    exp.add_argument("--format", required=True,
                     choices=("jsonl", "csv-long", "csv-wide", "csv-facts", "csv-cross", "csv-twins", "parquet"))
    exp.add_argument("-o", "--output", required=True, help="the file to write ('-': stdout)")
    exp.add_argument("--no-bom", action="store_true", help="CSV without the UTF-8 BOM (Excel needs it)")
    exp.set_defaults(func=cmd_export)


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the HTTP service (docstruct.service; FastAPI and uvicorn are imported only here)."""
    from docstruct.service.run import run_server
    from docstruct.service.settings import MIB, ServiceSettings

    settings = ServiceSettings(args.workers, args.max_seconds, args.max_memory_mb, int(args.max_upload_mb * MIB),
                               args.queue_limit)
    run_server(settings, args.host, args.port)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    """Show a file's record beside its source: one HTML file (--html) or the terminal (docstruct.view)."""
    from docstruct.view.show import show_command

    return show_command(args.file, args.html, args.max_seconds, args.max_memory_mb)


def _add_view_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    srv = sub.add_parser("serve", help="HTTP service: POST /v1/extract, the debug page at /")
    srv.add_argument("--host", default="127.0.0.1", help="address to bind (default loopback only)")
    srv.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    srv.add_argument("--workers", type=int, default=None, help="extraction worker processes (default: one per core)")
    srv.add_argument("--queue-limit", type=int, default=64, help="requests waiting beyond this get 503")
    srv.add_argument("--max-upload-mb", type=float, default=ReadOptions.max_bytes / MIB,
                     help="larger uploads get 413 (MiB)")
    srv.add_argument("--max-seconds", type=float, default=DEFAULT_SECONDS, help="time limit per file (s)")
    srv.add_argument("--max-memory-mb", type=int, default=DEFAULT_MEMORY_MB, help="memory limit per worker (MiB)")
    srv.set_defaults(func=cmd_serve)
    show = sub.add_parser("show", help="the record beside its source: terminal, or one HTML file with --html")
    show.add_argument("file", help="a .txt/.md/.html/.pdf/.docx file")
    show.add_argument("--html", metavar="OUT", help="write one self-contained HTML file (no network fetches)")
    show.add_argument("--max-seconds", type=float, default=DEFAULT_SECONDS, help="time limit for the file (s)")
    show.add_argument("--max-memory-mb", type=int, default=DEFAULT_MEMORY_MB, help="memory limit (MiB), 0 for none")
    show.set_defaults(func=cmd_show)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="Government information-disclosure reports to records.")
    sub = parser.add_subparsers(dest="command", required=True)
    ext = sub.add_parser("extract", help="print the record of one file as JSON")
    ext.add_argument("file", help="a .txt/.md/.html/.pdf/.docx file, or - for standard input")
    ext.add_argument("--compact", action="store_true", help="one line of JSON (JSONL-friendly)")
    ext.add_argument("--timings", action="store_true", help="per-stage timings on stderr")
    ext.add_argument("--no-facts", action="store_true",
                     help="leave the narrative facts out (no spaCy import: about 3x faster to start; README 'Speed')")
    ext.add_argument("--max-seconds", type=float, default=DEFAULT_SECONDS, help="time limit for the file (s)")
    ext.add_argument("--max-memory-mb", type=int, default=DEFAULT_MEMORY_MB, help="memory limit (MiB), 0 for none")
    ext.set_defaults(func=cmd_extract)
    _add_batch_parsers(sub)
    _add_cross_parsers(sub)
    _add_view_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``docstruct`` console script."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
