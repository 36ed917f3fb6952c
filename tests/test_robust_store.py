"""Issue 18: one document whose rows cannot be written never stops a batch."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from batch_helpers import ROOT, docstruct

from docstruct.batch.driver import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL
from docstruct.batch.jobs import Outcome
from docstruct.batch.rows import record_rows
from docstruct.batch.store import Store, open_readonly
from docstruct.extract import extract_file

FUZZ = Path(__file__).resolve().parent / "fuzz"
BIG = FUZZ / "cell_386_digits.txt"  # a 386-digit applications cell: an OverflowError in the store
GOOD = ROOT / "samples" / "gen02_2021_glued_crawler.txt"


def _doc(sha: str, record: dict[str, object]) -> Outcome:
    return Outcome(sha, "x.txt", "ok", record, None, None, 0.1, sha256=sha, paths=("x.txt",), format="txt", size=1)


def test_unwritable_rows_store_the_document_failed_in_its_own_transaction(tmp_path: Path) -> None:
    record = extract_file(GOOD).to_json()
    rows = record_rows(record)
    rows["cells"][0] = (*rows["cells"][0][:4], {"not": "bindable"}, *rows["cells"][0][5:])
    store = Store(tmp_path)
    stored = store.write(_doc("a" * 64, record), rows)
    after = store.write(_doc("b" * 64, record))  # the next document is written as usual
    store.close()
    assert stored.status == "failed" and stored.error_code == "internal" and stored.record is None
    assert stored.error is not None and stored.error.startswith("store: ProgrammingError") and "\n" not in stored.error
    assert after.status == "ok"
    conn = open_readonly(tmp_path)
    got = conn.execute("SELECT sha256, status, error_code, record FROM documents ORDER BY sha256").fetchall()
    assert [(s[0], s[1], s[2], s[3] is None) for s in got] == [("a" * 64, "failed", "internal", True),
                                                              ("b" * 64, "ok", None, False)]
    # nothing of the failed document's rows is left half-written
    assert conn.execute("SELECT COUNT(*) FROM cells WHERE sha256 = ?", ("a" * 64,)).fetchone() == (0,)
    assert conn.execute("SELECT COUNT(*) FROM cells WHERE sha256 = ?", ("b" * 64,)).fetchone()[0] > 0


def test_386_digit_report_goes_through_batch_and_a_rerun_finishes(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(BIG, src / "a_big.txt")
    shutil.copy(GOOD, src / "b_good.txt")
    out = tmp_path / "out"
    first = docstruct("batch", str(src), "-o", str(out), "--jobs", "1", "--quiet")
    assert first.returncode in (EXIT_OK, EXIT_PARTIAL, EXIT_FAILED), first.stderr
    assert "Traceback" not in first.stderr
    conn = open_readonly(out)
    rows = dict(conn.execute("SELECT path, status FROM documents").fetchall())
    assert set(rows) == {str(src / "a_big.txt"), str(src / "b_good.txt")}
    assert rows[str(src / "a_big.txt")] == "partial"  # its cell is null beyond the bound, with a warning
    (raw,) = conn.execute("SELECT raw FROM cells WHERE \"row\" = 'new_received' AND col = 'natural_person' "
                          "AND sha256 = (SELECT sha256 FROM documents WHERE path LIKE '%a_big.txt')").fetchone()
    assert raw == "9" * 386
    again = docstruct("batch", str(src), "-o", str(out), "--jobs", "1", "--quiet")
    assert again.returncode == first.returncode and "Traceback" not in again.stderr
    retry = docstruct("batch", str(src), "-o", str(out), "--jobs", "1", "--retry-failed", "--quiet")
    assert retry.returncode == first.returncode and "Traceback" not in retry.stderr
    for (text,) in conn.execute("SELECT record FROM documents WHERE record IS NOT NULL"):
        json.loads(text)


EDGES = [(1 << 63) - 1, 1 << 63, -(1 << 63) - 1, int("9" * 386), 24252.311082, 1 << 53, None, 0]


def test_every_value_the_record_can_hold_round_trips_through_store_and_exports(tmp_path: Path) -> None:
    import csv
    import io

    from docstruct.batch.export import export_store

    record = extract_file(GOOD).to_json()
    cells = [c for rows in record["tables"].values() for cols in rows.values() for c in cols.values()]
    for cell, value in zip(cells, EDGES, strict=False):
        cell["value"] = value
    store = Store(tmp_path)
    assert store.write(_doc("c" * 64, record)).status == "ok"
    store.close()
    conn = open_readonly(tmp_path)
    back = [v for (v,) in conn.execute("SELECT value FROM cells ORDER BY seq LIMIT ?", (len(EDGES),))]
    assert [str(v) for v in back] == [str(v) for v in EDGES]
    assert [type(v) for v in back[:4]] == [int, str, str, str]  # TEXT beyond 64 bits, exact digits
    jsonl = io.StringIO()
    export_store(conn, "jsonl", jsonl)
    got = json.loads(jsonl.getvalue())
    got_cells = [c for rows in got["tables"].values() for cols in rows.values() for c in cols.values()]
    assert [c["value"] for c in got_cells[: len(EDGES)]] == EDGES
    long = io.StringIO()
    export_store(conn, "csv-long", long)
    values = [row["value"] for row in csv.DictReader(io.StringIO(long.getvalue()))][: len(EDGES)]
    assert values == ["" if v is None else str(v) for v in EDGES]
    wide = io.StringIO()
    export_store(conn, "csv-wide", wide)
    assert str(int("9" * 386)) in wide.getvalue() and str(1 << 63) in wide.getvalue()


def test_parquet_keeps_values_beyond_64_bits_exact(tmp_path: Path) -> None:
    pq = __import__("pytest").importorskip("pyarrow.parquet", reason="parquet export needs pyarrow")
    from docstruct.batch.export import export_store
    from docstruct.batch.store import wide_column_name

    record = extract_file(GOOD).to_json()
    first = next(iter(record["tables"]["applications"].items()))
    first[1]["natural_person"]["value"] = int("9" * 386)
    store = Store(tmp_path)
    store.write(_doc("d" * 64, record))
    store.close()
    export_store(open_readonly(tmp_path), "parquet", tmp_path / "w.parquet")
    table = pq.read_table(tmp_path / "w.parquet").to_pydict()
    assert table[wide_column_name("applications", first[0], "natural_person")] == ["9" * 386]
