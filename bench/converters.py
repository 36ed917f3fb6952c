"""Real converters in the development loop (issue 12): generated reports converted by the tools pipelines use.

Usage: python -m bench.converters OUT [--convenvs DIR] [--seed N] [--count N] [--only NAME,...]
       python -m bench.converters OUT --score      # the table per converter and source format

Each converter lives in its own virtualenv or unpacked package under
``--convenvs`` (default ``$DOCSTRUCT_CONVENVS`` or /work/convenvs), outside the
project's dependencies:

- ``markitdown/bin/python``: ``pip install 'markitdown[pdf,docx]==0.1.9'``
- ``pymupdf4llm/bin/python``: ``pip install pymupdf4llm==1.28.2`` (2.0 on the registry is an empty placeholder)
- ``docling/bin/python``: ``pip install docling``; DOCX and HTML only (its PDF path downloads layout models)
- ``pandoc/root``: Debian's pandoc, pandoc-data and liblua5.3-0 unpacked with ``dpkg-deb -x``; run as ``-t gfm``

For every converter found and every source format it reads, ``--count``
reports per format are generated (seed ``--seed``; the source layouts in
COMBOS alternate) and converted; ``OUT/<converter>_<format>/`` then holds
``<stem>.md`` beside ``<stem>.truth.json`` (the generator's truth plus
``converter`` and ``source_layout``), ready for
``python -m bench.accuracy OUT/markitdown_pdf …``, which scores each folder as
its own group.  Never run by the test suite: tests/converted/ holds a committed
set of its output (tests/test_converted.py).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from samplegen.formats import write_format_batch  # noqa: E402

DEFAULT_CONVENVS = Path("/work/convenvs")
# A converter that takes longer than this for one batch is stuck (docling loads torch: ~20 s).
BATCH_TIMEOUT_S = 1800

# Run inside the converter's own interpreter: argv holds source/destination pairs.
_PY_LOOP = (
    "import sys\n{setup}\n"
    "for src, dst in zip(sys.argv[1::2], sys.argv[2::2]):\n"
    "    open(dst, 'w', encoding='utf-8').write({convert})\n"
)
PY_CONVERTERS: dict[str, tuple[str, str]] = {
    "markitdown": ("from markitdown import MarkItDown\nc = MarkItDown()", "c.convert(src).text_content"),
    "pymupdf4llm": ("import pymupdf4llm", "pymupdf4llm.to_markdown(src)"),
    "docling": (
        "from docling.document_converter import DocumentConverter\nc = DocumentConverter()",
        "c.convert(src).document.export_to_markdown()",
    ),
}


@dataclass(frozen=True)
class Combo:
    converter: str
    fmt: str
    layouts: tuple[str, ...]


# The source layouts each converter is fed (issue 12 'The shapes that break it').
COMBOS = (
    Combo("markitdown", "pdf", ("pdf_ruled_cid", "pdf_unruled_cid")),
    Combo("markitdown", "docx", ("tables",)),
    Combo("pymupdf4llm", "pdf", ("pdf_flat_cid", "pdf_unruled_cid", "pdf_ruled_cid")),
    Combo("pandoc", "html", ("html_table",)),
    Combo("pandoc", "docx", ("tables",)),
    Combo("docling", "docx", ("tables",)),
    Combo("docling", "html", ("html_table",)),
)


def find_converters(convenvs: Path) -> dict[str, Path]:
    """The converters present under ``convenvs``: name -> the interpreter or binary to run."""
    found: dict[str, Path] = {}
    for name in PY_CONVERTERS:
        python = convenvs / name / "bin" / "python"
        ready = name != "docling" or (convenvs / name / ".ready").exists()
        if python.exists() and ready:
            found[name] = python
    pandoc = convenvs / "pandoc" / "root" / "usr" / "bin" / "pandoc"
    if pandoc.exists():
        found["pandoc"] = pandoc
    return found


def _pandoc_env(pandoc: Path) -> dict[str, str]:
    usr = pandoc.parent.parent
    env = dict(os.environ)
    libs = [str(usr / "lib" / "x86_64-linux-gnu"), env.get("LD_LIBRARY_PATH", "")]
    env["LD_LIBRARY_PATH"] = ":".join(p for p in libs if p)
    return env


def convert(name: str, tool: Path, pairs: list[tuple[Path, Path]]) -> None:
    """Convert each (source, destination) pair with converter ``name``."""
    if name == "pandoc":
        data = tool.parent.parent / "share" / "pandoc" / "data"
        for src, dst in pairs:
            fmt = "docx" if src.suffix == ".docx" else "html"
            cmd = [str(tool), f"--data-dir={data}", "-f", fmt, "-t", "gfm", str(src), "-o", str(dst)]
            subprocess.run(cmd, check=True, env=_pandoc_env(tool), timeout=BATCH_TIMEOUT_S)
        return
    setup, expr = PY_CONVERTERS[name]
    args = [str(p) for pair in pairs for p in pair]
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    code = _PY_LOOP.format(setup=setup, convert=expr)
    subprocess.run([str(tool), "-c", code, *args], check=True, env=env, timeout=BATCH_TIMEOUT_S)


def _sources(combo: Combo, count: int, seed: int, workdir: Path) -> list[tuple[Path, str]]:
    """``count`` generated sources of the combo's format, its layouts alternating (seed differs per layout)."""
    out: list[tuple[Path, str]] = []
    per = -(-count // len(combo.layouts))
    for k, layout in enumerate(combo.layouts):
        folder = workdir / f"{combo.fmt}_{layout}"
        if not folder.is_dir():
            write_format_batch(folder, combo.fmt, per, seed + 1000 * k, layout=layout)
        docs = sorted(p for p in folder.iterdir() if not p.name.endswith(".truth.json"))
        out += [(p, layout) for p in docs[:per]]
    return out[:count]


def run_combo(combo: Combo, tool: Path, out: Path, count: int, seed: int, workdir: Path) -> Path:
    """Generate, convert and write truth for one converter and source format; returns its folder."""
    dest = out / f"{combo.converter}_{combo.fmt}"
    dest.mkdir(parents=True, exist_ok=True)
    sources = _sources(combo, count, seed, workdir)
    pairs = [(src, dest / f"{src.stem}.md") for src, _ in sources]
    convert(combo.converter, tool, pairs)
    for (src, layout), (_, dst) in zip(sources, pairs, strict=True):
        truth = json.loads(src.with_name(src.stem + ".truth.json").read_text(encoding="utf-8"))
        truth["converter"] = combo.converter
        truth["source_layout"] = layout
        dst.with_name(dst.stem + ".truth.json").write_text(
            json.dumps(truth, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
    return dest


def score_table(out: Path) -> list[str]:
    """One line per converter folder under ``out``: documents, cells read, documents exact, wrong values."""
    from bench.accuracy import score, summarize, truth_pairs

    lines = ["| converter | from | documents | cells right | exact documents | wrong values |", "|---" * 6 + "|"]
    for folder in sorted(p for p in out.iterdir() if p.is_dir() and "_" in p.name):
        summary = summarize([score(doc, truth) for doc, truth in truth_pairs([folder])])
        name, fmt = folder.name.split("_", 1)
        lines.append(
            f"| {name} | {fmt} | {summary['documents']} | {summary['cell_accuracy']}% "
            f"({summary['cells_right']}/{summary['cells']}) | {summary['exact_documents']}% "
            f"| {summary['wrong_values']} |"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--convenvs", type=Path, default=Path(os.environ.get("DOCSTRUCT_CONVENVS", DEFAULT_CONVENVS)))
    ap.add_argument("--seed", type=int, default=4242)
    ap.add_argument("--count", type=int, default=12, help="reports per converter and source format")
    ap.add_argument("--only", default="", help="comma-separated converter names")
    ap.add_argument("--score", action="store_true", help="only score what OUT holds, as a table")
    args = ap.parse_args(argv)
    if args.score:
        print("\n".join(score_table(args.out)))
        return 0
    found = find_converters(args.convenvs)
    for name in sorted({c.converter for c in COMBOS}):
        print(f"{name}: {found.get(name, 'NOT FOUND')}")
    only = set(filter(None, args.only.split(",")))
    with tempfile.TemporaryDirectory(prefix="docstruct-conv-") as tmp:
        for combo in COMBOS:
            if combo.converter not in found or (only and combo.converter not in only):
                continue
            dest = run_combo(combo, found[combo.converter], args.out, args.count, args.seed, Path(tmp))
            print(f"{combo.converter} {combo.fmt}: {len(list(dest.glob('*.md')))} documents in {dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
