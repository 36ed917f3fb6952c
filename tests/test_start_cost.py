"""What a one-shot `docstruct extract` imports: start-up is most of a shell loop's time (issue 16, README 'Speed').

No timings here (those live in bench/speed_process.py); these tests pin which heavy
modules a run loads, so a stray top-level import cannot quietly bring the cost back.
"""

from __future__ import annotations

import json
import subprocess
import sys

from docstruct.extract import ReadOptions, extract_file
from docstruct.extract.pipeline import FACTS_LEFT_OUT
from tests.conftest import ROOT

# a sample whose narrative holds facts and restates table figures (narrative.* checks)
NARRATIVE = ROOT / "samples" / "gen18_2021_narrative_facts.txt"


def _modules_after_extract(*args: str) -> set[str]:
    """The modules loaded by one `docstruct extract` run in a fresh interpreter."""
    code = (
        "import contextlib, io, sys\n"
        "from docstruct.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    status = main(['extract', *{list(args)!r}])\n"
        "assert status == 0, status\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    return set(proc.stdout.split())


# what a text report never needs: the batch pool, the other formats' parsers, the OCR and PDF readers, and
# the debug view's page data (the tables stage once loaded the OCR reader for two constants, and blame
# the view data for a check's cells: about 40 ms of every start)
NOT_FOR_TEXT = {
    "docstruct.batch.pool", "pdfplumber", "pypdfium2", "docx", "lxml", "docstruct.extract.view_data",
    "docstruct.extract.readers.ocr.cells", "docstruct.extract.readers.ocr.engine",
    "docstruct.extract.readers.pdf.chars",
}
# what facts alone need: left out with --no-facts
FACTS_ONLY = {"docstruct.extract.facts.engine", "docstruct.extract.facts.match", "docstruct.extract.facts.vocabulary"}


def test_extract_loads_neither_the_worker_pool_nor_other_readers() -> None:
    loaded = _modules_after_extract(str(NARRATIVE))
    assert "spacy" in loaded  # the narrative has candidate quantities: facts need spaCy
    assert loaded >= FACTS_ONLY
    assert not NOT_FOR_TEXT & loaded


def test_no_facts_never_imports_spacy() -> None:
    loaded = _modules_after_extract(str(NARRATIVE), "--no-facts")
    assert not {m for m in loaded if m == "spacy" or m.startswith(("spacy.", "thinc"))}
    # without spaCy (whose wasabi loads multiprocessing, and requests chardet) nothing loads the
    # process machinery, nor encoding detection for a UTF-8 file
    assert not (NOT_FOR_TEXT | FACTS_ONLY | {"multiprocessing", "concurrent.futures", "chardet"}) & loaded


def test_no_facts_leaves_only_the_facts_out() -> None:
    full = extract_file(NARRATIVE).to_json()
    bare = extract_file(NARRATIVE, ReadOptions(path=str(NARRATIVE), facts=False)).to_json()
    assert full["facts"] and any(c["rule"].startswith("narrative.") for c in full["checks"])
    assert bare["facts"] == []
    assert bare["checks"] == [c for c in full["checks"] if not c["rule"].startswith("narrative.")]
    assert bare["warnings"] == [*full["warnings"], FACTS_LEFT_OUT]
    assert bare["diagnostics"]["facts"] == {"left_out": FACTS_LEFT_OUT}
    for key in full.keys() - {"facts", "checks", "warnings", "diagnostics"}:
        assert bare[key] == full[key], key
    assert {k: v for k, v in bare["diagnostics"].items() if k != "facts"} == {
        k: v for k, v in full["diagnostics"].items() if k != "facts"
    }


def test_no_facts_on_the_command_line() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "extract", str(NARRATIVE), "--no-facts", "--compact"],
        capture_output=True, timeout=120, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    assert record["facts"] == [] and record["warnings"][-1] == FACTS_LEFT_OUT
