"""A small seeded mutation fuzz of the bundled samples (issue 18), in-process and within a fixed budget.

The full run is ``python -m bench.fuzz`` (batch, batch() and the service); this one
checks, for a fixed set of mutants of every format, that extraction gives a record
that serialises as JSON or raises a DocstructError with a one-line message.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.fuzz_mutate import mutant
from docstruct.extract import extract_bytes
from docstruct.extract.errors import DocstructError
from docstruct.extract.writers.json import record_to_json

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
# mutants per format: a few seconds in all on a loaded 2-core machine
BUDGET = {"txt": 16, "md": 8, "html": 8, "docx": 8, "pdf": 4}
SEED = 18


def _bases(fmt: str) -> list[bytes]:
    return [p.read_bytes() for p in sorted(SAMPLES.glob(f"*.{fmt}"))]


@pytest.mark.parametrize("fmt", sorted(BUDGET))
def test_mutants_give_a_record_or_a_one_line_error(fmt: str) -> None:
    bases = _bases(fmt)
    assert bases, f"no samples/*.{fmt}"
    outcomes = {"record": 0, "error": 0}
    for i in range(BUDGET[fmt]):
        data, base, ops = mutant(SEED, fmt, i, bases)
        where = f"{fmt} mutant {i} (base {base}: {'+'.join(ops)})"
        try:
            record = extract_bytes(data).to_json()
        except DocstructError as exc:
            assert str(exc) and "\n" not in str(exc), where
            outcomes["error"] += 1
            continue
        json.loads(record_to_json(record))  # no NaN or infinity: valid JSON
        outcomes["record"] += 1
    assert sum(outcomes.values()) == BUDGET[fmt]


def test_mutants_are_a_pure_function_of_seed_format_and_index() -> None:
    bases = _bases("txt")
    assert mutant(SEED, "txt", 3, bases) == mutant(SEED, "txt", 3, bases)
    assert mutant(SEED, "txt", 3, bases)[0] != mutant(SEED, "txt", 4, bases)[0]
