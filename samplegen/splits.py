"""Which glued rows a careful reader cannot decode: the truth's "ambiguous".

A glued digit string has several splits into cells. Table 三 rows must obey
total = sum of the applicant columns, and the rows jointly obey the column
rules; table 四 obeys its row totals; table 二 has no sum rule and is settled
only by values the narrative states. Rows still open after that are listed
as ambiguous (never silently guessed).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import samplegen.checks as checks
import samplegen.labels as labels
from samplegen.model import Cell, GluedRun, Report, Value

Validator = Callable[[str], bool]

_COUNT = re.compile(r"0|[1-9]\d*|/")
_CHANGE = re.compile(r"-?(?:0|[1-9]\d*)|/")
_AMOUNT = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?元?")
# Beyond this many joint combinations the generator stops resolving table 三
# and flags every open row (never reached by the numbers samplegen draws).
JOINT_CAP = 20000


def _validator(column: str) -> Validator:
    pattern = {"change": _CHANGE, "amount": _AMOUNT}.get(column, _COUNT)
    return lambda token: pattern.fullmatch(token) is not None


def token_value(token: str) -> Value:
    """The value a glued token stands for ("/" is None)."""
    if token == "/":
        return None
    text = token.removesuffix("元")
    return float(text) if "." in text else int(text)


def _bounds(chunks: Sequence[str]) -> tuple[str, list[int]]:
    text = "".join(chunks)
    cuts = list(itertools.accumulate(len(c) for c in chunks))
    return text, cuts


def _limit(cuts: list[int], pos: int) -> int:
    return next(c for c in cuts if c > pos)


def enumerate_splits(chunks: Sequence[str], validators: Sequence[Validator]) -> Iterator[tuple[str, ...]]:
    """Every split of the chunks into len(validators) valid tokens.

    A token never spans a chunk boundary (a printed space is a cell boundary).
    """
    text, cuts = _bounds(chunks)

    def walk(pos: int, k: int) -> Iterator[tuple[str, ...]]:
        if k == len(validators):
            if pos == len(text):
                yield ()
            return
        if pos == len(text):
            return
        for end in range(pos + 1, _limit(cuts, pos) + 1):
            token = text[pos:end]
            if validators[k](token):
                for rest in walk(end, k + 1):
                    yield (token, *rest)

    yield from walk(0, 0)


def _counts_summing(
    text: str, cuts: list[int], start: int, stop: int, parts: int, target: int
) -> Iterator[tuple[int, ...]]:
    """Split text[start:stop] into `parts` counts summing to target."""
    if parts == 0:
        if start == stop and target == 0:
            yield ()
        return
    if start >= stop:
        return
    limit = min(_limit(cuts, start), stop, start + len(str(target)))
    for end in range(start + 1, limit + 1):
        token = text[start:end]
        if _COUNT.fullmatch(token) is None or token == "/" or int(token) > target:
            continue
        for rest in _counts_summing(text, cuts, end, stop, parts - 1, target - int(token)):
            yield (int(token), *rest)


def row_sum_splits(chunks: Sequence[str], parts: int) -> list[tuple[int, ...]]:
    """Splits into `parts` counts and a last total equal to their sum."""
    text, cuts = _bounds(chunks)
    found: list[tuple[int, ...]] = []
    last_cut = max([0] + [c for c in cuts if c < len(text)])
    for start in range(last_cut, len(text)):
        token = text[start:]
        if _COUNT.fullmatch(token) is None or token == "/":
            continue
        total = int(token)
        for head in _counts_summing(text, cuts, 0, start, parts, total):
            found.append((*head, total))
    return found


def review_splits(chunks: Sequence[str]) -> list[tuple[int, ...]]:
    """Splits of table 四's fifteen numbers, each row's total the sum of four."""
    text, cuts = _bounds(chunks)
    found: list[tuple[int, ...]] = []

    def walk(pos: int, group: int, acc: tuple[int, ...]) -> None:
        if group == len(labels.REVIEW_ROWS):
            if pos == len(text):
                found.append(acc)
            return
        for head in _free_counts(text, cuts, pos, 4):
            end = pos + sum(len(str(v)) for v in head)
            total = str(sum(head))
            stop = end + len(total)
            if end < len(text) and stop <= _limit(cuts, end) and text.startswith(total, end):
                walk(stop, group + 1, acc + head + (int(total),))

    walk(0, 0, ())
    return found


def _free_counts(text: str, cuts: list[int], pos: int, parts: int) -> Iterator[tuple[int, ...]]:
    if parts == 0:
        yield ()
        return
    if pos >= len(text):
        return
    for end in range(pos + 1, _limit(cuts, pos) + 1):
        token = text[pos:end]
        if _COUNT.fullmatch(token) is None or token == "/":
            continue
        for rest in _free_counts(text, cuts, end, parts - 1):
            yield (int(token), *rest)


@dataclass(frozen=True)
class Ambiguity:
    """Rows left open ("table.row") and notes on how the others were settled."""

    rows: tuple[str, ...]
    notes: tuple[str, ...]


def _stated(report: Report) -> dict[tuple[str, str], Value]:
    return {(s.row_id, s.column): s.value for s in report.stated}


def _active_open(run: GluedRun, stated: dict[tuple[str, str], Value]) -> tuple[bool, str]:
    validators = [_validator(c.column) for c in run.cells]
    found = list(enumerate_splits(run.chunks, validators))
    if len(found) <= 1:
        return False, ""
    row = run.cells[0].row_id
    fitting = [
        split
        for split in found
        if all(
            stated.get((row, cell.column), token_value(tok)) == token_value(tok)
            for cell, tok in zip(run.cells, split, strict=True)
        )
    ]
    label = f'active_disclosure.{row} "{"".join(run.chunks)}"'
    if len(fitting) == 1:
        return False, f"{label}: {len(found)} splits, settled by the narrative"
    return True, f"{label}: {len(found)} splits, not settled by the narrative"


def _truth_values(cells: Sequence[Cell]) -> tuple[Value, ...]:
    return tuple(c.value for c in cells)


def _required_rules(report: Report, failed: Sequence[str]) -> list[str]:
    """Column rules that hold in the truth: a reader may rely on them."""
    table = _grid(report.table("applications").data_cells())
    return [
        c.rule
        for c in checks.check_applications(table)
        if c.ok is True and "row_total" not in c.rule and c.rule not in failed
    ]


def _grid(cells: Iterator[Cell]) -> dict[str, dict[str, Value]]:
    grid: dict[str, dict[str, Value]] = {}
    for cell in cells:
        grid.setdefault(cell.row_id, {})[cell.column] = cell.value
    return grid


def _applications_open(report: Report, runs: list[GluedRun], failed: Sequence[str]) -> tuple[list[str], list[str]]:
    grid = _grid(report.table("applications").data_cells())
    options: dict[str, list[tuple[int, ...]]] = {}
    open_rows: list[str] = []
    notes: list[str] = []
    for run in runs:
        row = run.cells[0].row_id
        found = row_sum_splits(run.chunks, len(labels.APPLICANT_COLUMNS))
        if _truth_values(run.cells) not in found:
            open_rows.append(row)
            notes.append(f"applications.{row}: no split satisfies the row sum")
        elif len(found) > 1:
            options[row] = found
    if not options:
        return open_rows, notes
    size = 1
    for found in options.values():
        size *= len(found)
    if size > JOINT_CAP:
        notes.append(f"applications: {size} joint splits, not resolved")
        return open_rows + list(options), notes
    seen = _joint(grid, options, _required_rules(report, failed))
    for row, found in options.items():
        state = "resolved by the column rules" if len(seen[row]) == 1 else "open"
        notes.append(f"applications.{row}: {len(found)} row-sum splits, {state}")
        if len(seen[row]) != 1:
            open_rows.append(row)
    return open_rows, notes


def _joint(
    grid: dict[str, dict[str, Value]], options: dict[str, list[tuple[int, ...]]], rules: list[str]
) -> dict[str, set[tuple[int, ...]]]:
    """For each open row, the splits that appear in some consistent table."""
    seen: dict[str, set[tuple[int, ...]]] = {row: set() for row in options}
    rows = list(options)
    for combo in itertools.product(*(options[r] for r in rows)):
        for row, values in zip(rows, combo, strict=True):
            grid[row] = dict(zip(labels.APPLICATION_COLUMNS, values, strict=True))
        results = {c.rule: c.ok for c in checks.check_applications(grid)}
        if all(results.get(rule) is True for rule in rules):
            for row, values in zip(rows, combo, strict=True):
                seen[row].add(values)
    return seen


def _review_open(run: GluedRun) -> tuple[list[str], list[str]]:
    found = review_splits(run.chunks)
    truth = _truth_values(run.cells)
    if truth not in found:
        return list(labels.REVIEW_ROWS), ["review_litigation: no split satisfies the totals"]
    if len(found) == 1:
        return [], []
    open_rows = [
        row
        for index, row in enumerate(labels.REVIEW_ROWS)
        if len({split[index * 5 : index * 5 + 5] for split in found}) > 1
    ]
    return open_rows, [f"review_litigation: {len(found)} splits under the totals"]


def find_ambiguous(report: Report, runs: Sequence[GluedRun], failed: Sequence[str]) -> Ambiguity:
    """The rows of a glued rendering that its text leaves undecided."""
    stated = _stated(report)
    rows: list[str] = []
    notes: list[str] = []
    for run in runs:
        if run.table_id == "active_disclosure":
            is_open, note = _active_open(run, stated)
            if is_open:
                rows.append(f"active_disclosure.{run.cells[0].row_id}")
            if note:
                notes.append(note)
        elif run.table_id == "review_litigation":
            open_rows, more = _review_open(run)
            rows += [f"review_litigation.{r}" for r in open_rows]
            notes += more
    app_runs = [r for r in runs if r.table_id == "applications"]
    open_rows, more = _applications_open(report, app_runs, failed)
    rows += [f"applications.{r}" for r in open_rows]
    return Ambiguity(tuple(rows), tuple(notes + more))
