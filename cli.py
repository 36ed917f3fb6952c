"""docstruct command line: thin wrappers over the library, one function per subcommand."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from docstruct.extract import DocstructError, ReadOptions, Timings, extract_bytes, extract_file
from docstruct.extract.limits import (
    DEFAULT_MAX_JOBS_PER_WORKER,
    DEFAULT_MEMORY_MB,
    DEFAULT_SECONDS,
    MIB,
    Limits,
    bounded,
)
from docstruct.extract.writers.json import write_json
from docstruct.service.settings import ServiceSettings

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

    listed = stdin_paths(sys.stdin) if args.stdin else []
    if not args.paths and not listed:
        print(f"{PROG}: error: batch: give PATH arguments or --stdin", file=sys.stderr)
        return 2
    options = BatchOptions(Path(args.out), args.jobs, _limits(args), args.force, args.retry_failed, args.engine,
                           args.address, args.keep_stale, args.max_jobs_per_worker)
    return batch_command(list(args.paths), options, quiet=args.quiet, jsonl=args.jsonl or args.jsonl_new,
                         jsonl_new=bool(args.jsonl_new), listed=listed, prune=args.prune)


def cmd_export(args: argparse.Namespace) -> int:
    """Write the store in OUT as JSONL, CSV or Parquet (docstruct.batch.export)."""
    from docstruct.batch.command import export_command

    return export_command(args.out_dir, args.format, args.output, bom=not args.no_bom, versions=args.versions)


def _add_limits(parser: argparse.ArgumentParser) -> None:
    """--max-seconds and --max-memory-mb, with the one default of each (extract/limits.py)."""
    parser.add_argument("--max-seconds", type=float, default=DEFAULT_SECONDS,
                        help="time limit per file (s), 0 for none")
    parser.add_argument("--max-memory-mb", type=int, default=DEFAULT_MEMORY_MB,
                        help="memory limit of the process that extracts a file (MiB), 0 for none")


def _add_max_jobs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--max-jobs-per-worker", type=int, default=DEFAULT_MAX_JOBS_PER_WORKER,
                        help="replace a worker process after this many files, 0 never (default %(default)s)")


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
    _add_limits(cmp)
    cmp.set_defaults(func=cmd_compare)


def _add_batch_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    bat = sub.add_parser("batch", help="extract many files into a store (OUT/docstruct.sqlite)")
    bat.add_argument("paths", nargs="*", metavar="PATH", help="folders (searched recursively) or files")
    bat.add_argument("-o", "--out", required=True, help="output folder: the store docstruct.sqlite goes here")
    bat.add_argument("--jobs", type=int, default=None, help="worker processes (default: one per core)")
    bat.add_argument("--stdin", action="store_true", help="also read paths from standard input, one a line")
    streams = bat.add_mutually_exclusive_group()
    streams.add_argument("--jsonl", metavar="FILE",
                         help="also write every document's record, stored ones included, as it settles ('-': stdout)")
    streams.add_argument("--jsonl-new", metavar="FILE", help="as --jsonl, only the records extracted in this run")
    bat.add_argument("--prune", action="store_true",
                     help="drop stored documents whose files under the given paths are all gone (says what)")
    bat.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    bat.add_argument("--force", action="store_true", help="redo documents already in the store")
    bat.add_argument("--retry-failed", action="store_true", help="redo the stored failures only")
    bat.add_argument("--keep-stale", action="store_true",
                     help="keep stored records another parser version made (default: re-extract them)")
    bat.add_argument("--engine", choices=("local", "ray"), default="local", help="local process pool or Ray")
    bat.add_argument("--address", default=None, help="Ray cluster address (with --engine ray), e.g. ray://head:10001")
    _add_limits(bat)
    _add_max_jobs(bat)
    bat.set_defaults(func=cmd_batch)
    exp = sub.add_parser("export", help="write the store of a batch as JSONL, CSV or Parquet")
    exp.add_argument("out_dir", metavar="OUT", help="the batch's output folder")
    exp.add_argument("--format", required=True,
                     choices=("jsonl", "csv-long", "csv-wide", "csv-facts", "csv-cross", "csv-twins", "parquet"))
    exp.add_argument("-o", "--output", required=True, help="the file to write ('-': stdout)")
    exp.add_argument("--no-bom", action="store_true", help="CSV without the UTF-8 BOM (Excel needs it)")
    exp.add_argument("--versions", action="store_true",
                     help="say which parser version made each row (a last column parser_version; jsonl: a first key)")
    exp.set_defaults(func=cmd_export)


def _limits(args: argparse.Namespace) -> Limits:
    """The per-file bounds of ``--max-seconds`` and ``--max-memory-mb`` (batch, serve, browse)."""
    return Limits(max_seconds=args.max_seconds, max_memory_mb=args.max_memory_mb)


def service_settings(args: argparse.Namespace) -> ServiceSettings:
    """The ServiceSettings the ``serve``/``browse`` flags say: each flag maps to one field, by name."""
    from pathlib import Path

    store = getattr(args, "store", None) or getattr(args, "out_dir", None)
    return ServiceSettings(
        workers=args.workers,
        limits=_limits(args),
        max_upload_bytes=int(args.max_upload_mb * MIB),
        queue_limit=args.queue_limit,
        store=Path(store) if store else None,
        store_upload=args.allow_upload,
        max_jobs_per_worker=args.max_jobs_per_worker,
    )


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the HTTP service (docstruct.service; FastAPI and uvicorn are imported only here)."""
    from docstruct.service.run import browse, run_server

    settings = service_settings(args)
    if settings.store_upload and settings.store is None:
        print(f"{PROG}: error: serve: --allow-upload needs --store OUT", file=sys.stderr)
        return 2
    if args.command == "browse":
        return browse(settings, args.port, not args.no_open)
    run_server(settings, args.host, args.port)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    """Show a file's record beside its source: one HTML file (--html) or the terminal (docstruct.view)."""
    from docstruct.view.show import show_command

    return show_command(args.file, args.html, args.max_seconds, args.max_memory_mb)


def _add_service_options(srv: argparse.ArgumentParser) -> None:
    srv.add_argument("--allow-upload", action="store_true",
                     help="accept uploads into the store (POST /v1/store/reports); it is read-only without")
    srv.add_argument("--workers", type=int, default=None, help="extraction worker processes (default: one per core)")
    # the defaults are ServiceSettings' own (one home): `serve` with no flags runs ServiceSettings()
    srv.add_argument("--queue-limit", type=int, default=ServiceSettings.queue_limit,
                     help="requests waiting beyond this get 503")
    srv.add_argument("--max-upload-mb", type=float, default=ServiceSettings.max_upload_bytes / MIB,
                     help="larger uploads get 413 (MiB)")
    _add_limits(srv)
    _add_max_jobs(srv)


def _add_view_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    srv = sub.add_parser("serve", help="HTTP service: POST /v1/extract, the debug page at /")
    srv.add_argument("--host", default="127.0.0.1", help="address to bind (default loopback only)")
    srv.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    srv.add_argument("--store", metavar="OUT", help="also browse a batch's store: /store pages, /v1/store API")
    _add_service_options(srv)
    srv.set_defaults(func=cmd_serve)
    brw = sub.add_parser("browse", help="browse a batch's store in the web browser (serve --store on loopback)")
    brw.add_argument("out_dir", metavar="OUT", help="the batch's output folder")
    brw.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    brw.add_argument("--no-open", action="store_true", help="print the address, do not open a browser")
    _add_service_options(brw)
    brw.set_defaults(func=cmd_serve)
    show = sub.add_parser("show", help="the record beside its source: terminal, or one HTML file with --html")
    show.add_argument("file", help="a .txt/.md/.html/.pdf/.docx file")
    show.add_argument("--html", metavar="OUT", help="write one self-contained HTML file (no network fetches)")
    _add_limits(show)
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
    _add_limits(ext)
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
