"""Command line: `python -m samplegen OUTDIR [--count N] [--seed S] [--format txt|html|docx|pdf|md] [--layout L]`.

`python -m samplegen --samples samples/` writes the curated sample set and
its README.md instead.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from samplegen.formats import FORMAT_LAYOUTS, write_format_batch
from samplegen.generate import write_batch
from samplegen.samples import write_samples

DEFAULT_COUNT = 24


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m samplegen",
        description="Generate synthetic 政府信息公开工作年度报告 text files with truth files.",
    )
    parser.add_argument("outdir", nargs="?", type=Path, help="directory to write into")
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT, help=f"number of reports (default {DEFAULT_COUNT})")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--format", choices=("txt", *FORMAT_LAYOUTS), default="txt", help="output format (default txt)"
    )
    parser.add_argument(
        "--layout", default=None, help="with --format: only this layout of the format (e.g. md_ocr)"
    )
    parser.add_argument(
        "--samples", type=Path, metavar="DIR", help="write the curated sample set and README.md into DIR"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the generator; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.samples is not None:
        written = write_samples(args.samples)
    elif args.outdir is not None:
        if args.count < 0:
            parser.error("--count must be >= 0")
        if args.format == "txt":
            written = write_batch(args.outdir, args.count, args.seed)
        else:
            try:
                written = write_format_batch(args.outdir, args.format, args.count, args.seed, args.layout)
            except ValueError as exc:
                parser.error(str(exc))
    else:
        parser.error("give OUTDIR or --samples DIR")
    print(f"wrote {len(written)} reports", file=sys.stderr)
    return 0
