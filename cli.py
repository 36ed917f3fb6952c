"""docstruct command line: thin wrappers over the library, one function per subcommand."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from docstruct.extract import DocstructError, ReadOptions, Timings, extract_bytes, extract_file
from docstruct.extract.limits import bounded
from docstruct.extract.writers.json import write_json

PROG = "docstruct"
# Per-file bounds (brief: 'Bound time and memory per file'); generous for a
# 300-page PDF, far below what a zip bomb or an endless PDF would take.
DEFAULT_SECONDS = 120.0
DEFAULT_MEMORY_MB = 4096


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or exc.__class__.__name__


def cmd_extract(args: argparse.Namespace) -> int:
    """Print the record of one file (or '-' for standard input) as JSON."""
    timings = Timings()
    try:
        with bounded(args.max_seconds, args.max_memory_mb):
            if args.file == "-":
                data = sys.stdin.buffer.read()
                record = extract_bytes(data, ReadOptions(path="-", max_seconds=args.max_seconds), timings=timings)
            else:
                record = extract_file(args.file, ReadOptions(path=args.file, max_seconds=args.max_seconds), timings)
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="Government information-disclosure reports to records.")
    sub = parser.add_subparsers(dest="command", required=True)
    ext = sub.add_parser("extract", help="print the record of one file as JSON")
    ext.add_argument("file", help="a .txt/.md/.html/.pdf/.docx file, or - for standard input")
    ext.add_argument("--compact", action="store_true", help="one line of JSON (JSONL-friendly)")
    ext.add_argument("--timings", action="store_true", help="per-stage timings on stderr")
    ext.add_argument("--max-seconds", type=float, default=DEFAULT_SECONDS, help="time limit for the file (s)")
    ext.add_argument("--max-memory-mb", type=int, default=DEFAULT_MEMORY_MB, help="memory limit (MiB), 0 for none")
    ext.set_defaults(func=cmd_extract)
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
