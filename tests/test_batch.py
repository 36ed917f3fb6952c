"""docstruct batch and export: discovery, the store, reruns, exports, the pipeline mode and the Python API."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from batch_helpers import docstruct, make_folder

from docstruct import extract_many
from docstruct.batch.discover import find_documents
from docstruct.batch.driver import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL
from docstruct.batch.store import STORE_NAME, dump_store, open_readonly, wide_columns
from docstruct.extract import extract_file
from docstruct.extract.writers.json import record_to_json

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, list[str]], str]:
    base = tmp_path_factory.mktemp("batch")
    files = make_folder(base / "in")
    out = base / "in" / "out"  # inside the input folder: must be skipped
    proc = docstruct("batch", str(base / "in"), "-o", str(out), "--jobs", "2", "--max-seconds", "30")
    assert proc.returncode == EXIT_FAILED, proc.stderr
    return base, out, files, proc.stderr


def test_discovery_by_content_skips_hidden_files_noise_and_out(tmp_path: Path) -> None:
    files = make_folder(tmp_path / "in")
    (tmp_path / "in" / "out").mkdir()
    (tmp_path / "in" / "out" / "old.txt").write_text("previous output")
    pdf = (ROOT / "samples" / "gen15_2021_pdf_ruled.pdf").read_bytes()
    (tmp_path / "in" / "report_without_suffix").write_bytes(pdf)
    (tmp_path / "in" / "pdf_named.dat").write_bytes(pdf)
    found = [str(p) for p in find_documents([tmp_path / "in"], skip=tmp_path / "in" / "out")]
    expected = files["good"] + files["bad"] + files["duplicate"]
    expected += [str(tmp_path / "in" / "report_without_suffix"), str(tmp_path / "in" / "pdf_named.dat")]
    assert sorted(found) == sorted(expected)
    assert found == list(dict.fromkeys(found))  # each once
    assert [str(p) for p in find_documents([tmp_path / "in" / "notes.json"])] == [str(tmp_path / "in" / "notes.json")]
    with pytest.raises(FileNotFoundError):
        list(find_documents([tmp_path / "nope"]))


def test_store_holds_each_content_once_with_every_path(run: tuple[Path, Path, dict[str, list[str]], str]) -> None:
    _base, out, files, stderr = run
    conn = open_readonly(out)
    docs = {r[0]: r[1:] for r in conn.execute("SELECT path, status, error_code, error, record FROM documents")}
    assert set(docs) == set(files["good"] + files["bad"])  # the duplicate is a path, not a document
    for path in files["good"]:
        status, code, error, record = docs[path]
        assert status in ("ok", "partial") and code is None and error is None
        # the stored record is exactly what `extract --compact` prints
        assert record == record_to_json(extract_file(path).to_json(), indent=None)
    for path in files["bad"]:
        status, code, error, record = docs[path]
        assert status == "failed" and code == "unreadable" and record is None and error and "\n" not in error
    dup_sha = conn.execute("SELECT sha256 FROM paths WHERE path = ?", (files["duplicate"][0],)).fetchone()[0]
    assert conn.execute("SELECT count(*) FROM paths WHERE sha256 = ?", (dup_sha,)).fetchone()[0] == 2
    n_cells = sum(len(r) for p in files["good"] for t in extract_file(p).to_json()["tables"].values()
                  for r in t.values())
    assert conn.execute("SELECT count(*) FROM cells").fetchone()[0] == n_cells
    wide = conn.execute("SELECT * FROM report_wide").fetchall()
    assert len(wide) == len(files["good"]) and len(wide[0]) == 7 + len(wide_columns())
    failed = conn.execute("SELECT path, title, agency, rule FROM failed_checks").fetchall()
    assert failed and all(row[1] and row[3] for row in failed)
    assert "ok " in stderr and "failed 3" in stderr and "failures by reason:" in stderr and "unreadable (3)" in stderr
    assert "slowest 5:" in stderr and "docs/s" in stderr and "\x1b" not in stderr  # stderr not a TTY: no bar


def test_rerun_skips_stored_and_force_redoes(run: tuple[Path, Path, dict[str, list[str]], str]) -> None:
    base, out, files, _ = run
    before = dump_store(open_readonly(out))
    again = docstruct("batch", str(base / "in"), "-o", str(out), "--jobs", "2")
    assert again.returncode == EXIT_FAILED and "0 extracted" in again.stderr, again.stderr
    assert dump_store(open_readonly(out)) == before
    forced = docstruct("batch", *files["good"][:2], "-o", str(out), "--jobs", "1", "--force")
    assert forced.returncode in (EXIT_OK, EXIT_PARTIAL) and "2 extracted" in forced.stderr, forced.stderr
    assert dump_store(open_readonly(out)) == before


def test_exports(run: tuple[Path, Path, dict[str, list[str]], str], tmp_path: Path) -> None:
    _base, out, files, _ = run
    assert docstruct("export", str(out), "--format", "jsonl", "-o", str(tmp_path / "r.jsonl")).returncode == 0
    lines = (tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()
    shas = [json.loads(line)["source"]["sha256"] for line in lines]
    assert len(lines) == len(files["good"]) and shas == sorted(set(shas))
    for fmt in ("csv-long", "csv-wide", "csv-facts"):
        proc = docstruct("export", str(out), "--format", fmt, "-o", str(tmp_path / f"{fmt}.csv"))
        assert proc.returncode == 0, proc.stderr
        raw = (tmp_path / f"{fmt}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with a BOM
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        if fmt == "csv-long":
            assert rows[0][:3] == ["sha256", "path", "title"] and len(rows) - 1 == sum(
                len(r) for line in lines for t in json.loads(line)["tables"].values() for r in t.values())
            assert any("政府信息公开" in r[2] for r in rows[1:])
        if fmt == "csv-wide":
            assert len(rows) - 1 == len(files["good"]) and "applications.granted.total" in rows[0]
    proc = docstruct("export", str(out), "--format", "csv-wide", "-o", "-", "--no-bom")
    assert proc.returncode == 0 and proc.stdout.startswith("sha256,path")
    pytest.importorskip("pyarrow", reason="parquet export needs pyarrow (extra docstruct[parquet])")
    import pyarrow.parquet as pq

    assert docstruct("export", str(out), "--format", "parquet", "-o", str(tmp_path / "w.parquet")).returncode == 0
    table = pq.read_table(tmp_path / "w.parquet")
    assert table.num_rows == len(files["good"]) and "applications.granted.total" in table.column_names


def test_stdin_and_jsonl_to_stdout(tmp_path: Path) -> None:
    files = make_folder(tmp_path / "in")
    paths = files["good"][:3] + files["bad"][:1]
    proc = docstruct("batch", "--stdin", "--jsonl", "-", "-o", str(tmp_path / "out"), "--jobs", "2",
                     stdin="\n".join(paths) + "\n")
    assert proc.returncode == EXIT_FAILED, proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert sorted(r["source"]["path"] for r in records) == sorted(files["good"][:3])
    assert "failed 1" in proc.stderr
    quiet = docstruct("batch", files["good"][0], "-o", str(tmp_path / "out2"), "--quiet")
    assert quiet.returncode in (EXIT_OK, EXIT_PARTIAL) and quiet.stderr == ""
    missing = docstruct("batch", str(tmp_path / "nope"), "-o", str(tmp_path / "out3"))
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_exit_status_ok_and_partial(tmp_path: Path) -> None:
    ok = docstruct("batch", str(ROOT / "samples" / "gen01_2019_seedlike_tradpinyin.txt"), "-o", str(tmp_path / "a"))
    record = json.loads(open_readonly(tmp_path / "a").execute("SELECT record FROM documents").fetchone()[0])
    assert ok.returncode == (EXIT_PARTIAL if record["warnings"] else EXIT_OK)
    partial = docstruct("batch", str(ROOT / "samples" / "gen03_2019_partially_spaced_error.txt"), str(
        ROOT / "samples" / "gen09_hybrid_mojibake_cp1252.txt"), "-o", str(tmp_path / "b"))
    statuses = {r[0] for r in open_readonly(tmp_path / "b").execute("SELECT status FROM documents")}
    assert partial.returncode == (EXIT_PARTIAL if "partial" in statuses else EXIT_OK), statuses
    assert (tmp_path / "b" / STORE_NAME).is_file()


def test_python_api(tmp_path: Path) -> None:
    files = make_folder(tmp_path / "in")
    results = list(extract_many([tmp_path / "in"], jobs=2))
    by_path = {r.path: r for r in results}
    assert set(by_path) == set(files["good"] + files["bad"] + files["duplicate"])
    assert all(by_path[p].record is not None and by_path[p].status in ("ok", "partial") for p in files["good"])
    assert all(by_path[p].status == "failed" and by_path[p].error for p in files["bad"])
