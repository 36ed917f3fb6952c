"""Issue 18's fuzzing: a cell followed by 20,000 blank lines took 50 s in two regular expressions.

'\\s*X?\\s*' retries every split of a blank run between its two '\\s*' (quadratic;
three in a row, cubic); '(?:\\s*X)?\\s*' matches the same text in linear time.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from batch_helpers import docstruct

from docstruct.extract import metadata, metadata_title
from docstruct.extract.facts.vocabulary import load_vocabulary

FUZZ = Path(__file__).resolve().parent / "fuzz"
ROOT = Path(__file__).resolve().parent.parent
# '\s*', then one optional character, class or group, then '\s*' again (perhaps inside a group)
ADJACENT_BLANKS = re.compile(r"\\s\*(?:\(\?:[^()]*\)|\[[^\]]*\]|[^\s\\()\[])\?(?:\(\?:)?\\s\*")


def test_the_lint_finds_the_shapes_that_backtracked() -> None:
    for bad in (r"\d\s*(?:余|多)?\s*(?:条|件)", r"年\s*度?\s*", r"\s*[:：]?\s*", r"日?(?:\s*T?\s*(\d)"):
        assert ADJACENT_BLANKS.search(bad), bad
    for good in (r"\d(?:\s*(?:余|多))?\s*(?:条|件)", r"(?:\s*[:：])?\s*", r"\s*[-年/.]\s*"):
        assert not ADJACENT_BLANKS.search(good), good


def test_no_pattern_puts_two_blank_runs_around_an_optional_part() -> None:
    for pattern in (load_vocabulary().candidate, metadata_title._CORE, metadata_title._YEAR_FIRST, metadata._PERIOD):
        assert not ADJACENT_BLANKS.search(pattern.pattern), pattern.pattern
    found = []
    for path in sorted([*(ROOT / "extract").rglob("*.py"), *(ROOT / "normalize").rglob("*.py")]):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = "" if line.lstrip().startswith("#") else line  # comments may quote the bad shape
            if ADJACENT_BLANKS.search(code):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, found


def test_blank_lines_after_a_cell_give_a_record(tmp_path: Path) -> None:
    proc = docstruct("extract", str(FUZZ / "blank_lines_after_cell.txt"), "--compact", "--max-seconds", "60")
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    assert record["tables"]["applications"]["new_received"]["natural_person"]["value"] == 2
