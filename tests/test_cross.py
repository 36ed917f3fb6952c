"""Cross-report checks in the store: agency key, continuity, the same report twice, compare."""

from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path

import pytest
from conftest import shared_path

from docstruct.batch.agency import agency_key
from docstruct.batch.compare import compare_records, sentences
from docstruct.batch.store import STORE_NAME
from docstruct.cli import main
from docstruct.extract import extract_file
from samplegen.build import ReportSpec
from samplegen.generate import generate
from samplegen.render_markdown import generate_markdown


@pytest.mark.parametrize(("a", "b"), [
    ("淮安市洪泽区人民政府", "洪泽区人民政府"),
    ("江苏省宿迁市沭阳县人民政府", "沐阳县人民政府"),
    ("福建省平潭综合实验区", "平潭综合实验区"),
    ("宿迁市沭阳县发展和改革局", "沭阳县发改局"),
])
def test_variants_of_one_agency_share_a_key(a: str, b: str) -> None:
    ka, kb = agency_key(a), agency_key(b)
    assert ka is not None and kb is not None and ka.key == kb.key


def test_a_confusion_is_said_and_other_agencies_stay_apart() -> None:
    key = agency_key("沐阳县人民政府")
    assert key is not None and key.note is not None and "沐阳县" in key.note
    assert agency_key("沭阳县人民政府").note is None  # type: ignore[union-attr]
    assert agency_key("上海市人民政府办公厅").key == "上海市人民政府办公厅"  # type: ignore[union-attr]
    assert agency_key("南京市公安局").key != agency_key("南京市教育局").key  # type: ignore[union-attr]
    assert agency_key(None) is None


def _check_json(out: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    capsys.readouterr()
    main(["check", str(out), "--json"])
    return json.loads(capsys.readouterr().out)


def test_the_pingtan_series_is_continuous(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """docstruct batch ../shared/real, then docstruct check: every consecutive pair, equal to the printed figures."""
    real = shared_path("real")
    out = tmp_path / "out"
    main(["batch", str(real), "-o", str(out), "--quiet"])
    results = _check_json(out, capsys)["cross_checks"]
    manifest = [json.loads(line) for line in (real / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    truth = {m["year"]: json.loads((real / m["truth"]).read_text(encoding="utf-8"))["tables"]["applications"]
             for m in manifest if m["template"] and m["year"]}
    years = sorted(truth)
    assert years == list(range(2019, 2026))
    for year in years[:-1]:
        pair = {r["rule"]: r for r in results if r["year_a"] == year and r["year_b"] == year + 1}
        assert len(pair) == 7, (year, sorted(pair))
        for col, value in truth[year]["carried_forward"].items():
            r = pair[f"continuity.carried_over[{col}]"]
            assert r["agency_key"] == "平潭综合实验区"
            assert r["value_a"] == value and r["value_b"] == truth[year + 1]["carried_over"][col]
            assert r["ok"] == (value == truth[year + 1]["carried_over"][col])
            assert r["path_a"] and r["path_b"] and " = " in r["detail"]
    carried = next(r for r in results if r["rule"] == "continuity.carried_over[total]" and r["year_a"] == 2021)
    assert carried["value_a"] == carried["value_b"] == 1  # the issue: 2021 carries 1 forward, 2022 1 over
    assert _check_json(out, capsys)["cross_checks"] == results  # rebuilt, the same rows
    conn = sqlite3.connect(out / STORE_NAME)
    keys = conn.execute("SELECT agency_key, year, documents FROM reports WHERE year >= 2019 ORDER BY year").fetchall()
    assert keys == [("平潭综合实验区", y, 1) for y in range(2019, 2026)]


def test_a_missing_year_is_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = shared_path("real")
    out = tmp_path / "out"
    main(["batch", str(real / "r06.txt"), str(real / "r08.txt"), "-o", str(out), "--quiet"])
    results = _check_json(out, capsys)["cross_checks"]
    assert len(results) == 1 and results[0]["ok"] is None
    assert "no report for 2020" in results[0]["detail"]
    from docstruct.batch.cross_report import refresh_and_summarise

    lines = refresh_and_summarise(sqlite3.connect(out / STORE_NAME, isolation_level=None))
    assert "continuity 0 (0 ok, 0 failed, 0 skipped), 1 years missing in a series" in lines[0]


def _twin_files(folder: Path) -> tuple[Path, Path, Path, tuple[str, str, str]]:
    spec = ReportSpec("2021", "cell_per_line", "utf-8", "twin:1")
    text = generate(spec, "twin").write(folder)[0]
    markdown = generate_markdown(spec, "twin_md", "md_converter").write(folder)[0]
    record = extract_file(text).to_json()
    cell = record["tables"]["applications"]["new_received"]["natural_person"]
    lines = text.read_text(encoding="utf-8").split("\n")
    line = cell["source"]["line"] - 1
    assert lines[line].strip() == str(cell["value"])
    lines[line] = str(cell["value"] + 7)
    edited = folder / "edited" / "twin_edited.txt"
    edited.parent.mkdir()
    edited.write_text("\n".join(lines), encoding="utf-8")
    return text, markdown, edited, ("applications", "new_received", "natural_person")


def test_the_same_report_twice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One report as text and markdown: one group, 0 disagreements; a third with one cell edited: that cell."""
    text, markdown, edited, cell = _twin_files(tmp_path / "in")
    out = tmp_path / "out"
    main(["batch", str(text), str(markdown), "-o", str(out), "--quiet"])
    conn = sqlite3.connect(out / STORE_NAME)
    assert conn.execute("SELECT documents, disagreements FROM twin_groups").fetchall() == [(2, 0)]
    assert _check_json(out, capsys)["twin_disagreements"] == []
    main(["batch", str(edited), "-o", str(out), "--quiet"])
    conn = sqlite3.connect(out / STORE_NAME)
    assert conn.execute("SELECT documents FROM twin_groups").fetchall() == [(3,)]
    diffs = _check_json(out, capsys)["twin_disagreements"]
    assert {(d["table"], d["row"], d["col"]) for d in diffs} == {cell}
    assert len(diffs) == 2  # the edited reading against each of the other two
    assert all(abs(d["value_a"] - d["value_b"]) == 7 for d in diffs)


def test_compare_two_years(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = shared_path("real")
    html = tmp_path / "cmp.html"
    capsys.readouterr()
    assert main(["compare", str(real / "r08.txt"), str(real / "r09.txt"), "--html", str(html)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["a"]["year"], result["b"]["year"]) == (2021, 2022)
    cells = {c["cell"]: c for c in result["cells"]}
    issued = cells["active_disclosure.normative_documents.issued"]
    assert (issued["a"], issued["b"], issued["delta"], issued["changed"]) == (69, 88, 19, True)
    received = next(k for k in result["key_figures"] if k["figure"] == "applications.new_received.total")
    assert (received["a"], received["b"], received["delta"], received["percent"]) == (70, 74, 4, 5.7)
    total = next(c for c in result["continuity"] if c["rule"] == "continuity.carried_over[total]")
    assert (total["ok"], total["value_a"], total["value_b"]) == (True, 1, 1)
    overview = next(s for s in result["sections"] if s["section"] == "overview")
    assert overview["added"] or overview["changed"]
    page = html.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and "script-src &#x27;sha256-" in page
    assert "<script src" not in page and "http://" not in page and "https://" not in page
    assert page.count('href="file://') == 2  # both sources linked


def test_compare_by_agency_and_years_in_a_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = shared_path("real")
    out = tmp_path / "out"
    main(["batch", str(real / "r08.txt"), str(real / "r09.txt"), "-o", str(out), "--quiet"])
    capsys.readouterr()
    assert main(["compare", "--store", str(out), "--agency", "福建省平潭综合实验区", "--years", "2021,2022"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["a"]["path"].endswith("r08.txt") and result["b"]["path"].endswith("r09.txt")
    prefix = result["a"]["sha256"][:10]
    assert main(["compare", "--store", str(out), prefix, result["b"]["sha256"][:10]]) == 0
    assert json.loads(capsys.readouterr().out)["a"]["sha256"].startswith(prefix)
    assert main(["compare", "--store", str(out), "--agency", "平潭综合实验区", "--years", "2019,2020"]) == 2
    assert main(["compare", "--store", str(out), "%", "_"]) == 2  # no LIKE patterns
    assert "no sha256 prefix" in capsys.readouterr().err
    assert result["notes"] == []


def test_compare_says_which_of_two_readings_it_took(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text, markdown, _edited, _cell = _twin_files(tmp_path / "in")
    out = tmp_path / "out"
    main(["batch", str(text), str(markdown), "-o", str(out), "--quiet"])
    record = extract_file(text).to_json()
    agency, year = record["metadata"]["agency"], record["metadata"]["year"]
    capsys.readouterr()
    assert main(["compare", "--store", str(out), "--agency", agency, "--years", f"{year},{year}"]) == 0
    notes = json.loads(capsys.readouterr().out)["notes"]
    assert len(notes) == 2 and notes[0].startswith(f"{year}: 2 stored readings; compared the first by sha256")


def test_a_known_confusion_is_a_warning_in_the_summary(tmp_path: Path) -> None:
    from docstruct.batch.cross_report import refresh_and_summarise
    from docstruct.batch.rows import record_rows
    from docstruct.batch.store import Store, StoredDocument

    store = Store(tmp_path)
    for i, agency in enumerate(("沐阳县人民政府", "宿迁市沭阳县人民政府")):
        record = {"metadata": {"agency": agency, "year": 2023 + i, "title": agency, "template": None},
                  "tables": {}, "checks": [], "warnings": [], "facts": []}
        sha = f"{i}" * 64
        store.write(StoredDocument(sha, f"r{i}.txt", (f"r{i}.txt",), "txt", 1, "ok", None, None, 0.0, record),
                    record_rows(record))
    lines = refresh_and_summarise(store.conn)
    keys = store.conn.execute("SELECT agency_key, agency FROM reports JOIN documents USING (year)").fetchall()
    store.close()
    assert {k for k, _ in keys} == {"沭阳县政府"} and {a for _, a in keys} == {"沐阳县人民政府", "宿迁市沭阳县人民政府"}
    assert any("warning: agency '沐阳县人民政府' keyed as '沭阳县政府'" in line for line in lines)


def test_section_diff_and_escaping() -> None:
    a = {"sections": [{"key": "overview", "text": "一句。二句。三句。"}], "metadata": {"year": 2023}}
    b = {"sections": [{"key": "overview", "text": "一句。二句改了。三句。<script>x</script>。"}],
         "metadata": {"year": 2024}}
    diff = compare_records(a, b)["sections"][0]
    assert diff["changed"] == [{"a": "二句。", "b": "二句改了。"}]
    assert diff["added"] == ["<script>x</script>。"] and diff["removed"] == [] and diff["same"] == 2
    assert sentences("甲。乙；丙") == ["甲。", "乙；", "丙"]
    from docstruct.view.compare_page import render_compare

    page = render_compare(compare_records(a, b))
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page


def test_compare_rejects_bad_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    from docstruct.batch.compare_command import compare_command

    args = argparse.Namespace(reports=["only-one"], store=None, agency=None, years=None, html=None,
                              max_seconds=10.0, max_memory_mb=0)
    assert compare_command(args) == 2
    assert "give two files" in capsys.readouterr().err


def test_a_second_reading_makes_an_unknown_blame_source(tmp_path: Path) -> None:
    """A report with an error in its own numbers, as text and markdown: both read the same, so the source is wrong."""
    spec = ReportSpec("2021", "cell_per_line", "utf-8", "twinerr:0", error=True)
    text = generate(spec, "e0").write(tmp_path / "in")[0]
    markdown = generate_markdown(spec, "e0m", "md_converter").write(tmp_path / "in")[0]
    record = extract_file(text).to_json()
    failed = [c for c in record["checks"] if c["ok"] is False]
    assert [c["blame"]["kind"] for c in failed] == ["unknown"]
    out = tmp_path / "out"
    main(["batch", str(text), str(markdown), "-o", str(out), "--quiet"])
    conn = sqlite3.connect(out / STORE_NAME)
    rows = conn.execute("SELECT rule, blame, by, reason FROM failed_checks_blamed ORDER BY sha256").fetchall()
    assert [(r[0], r[1], r[2]) for r in rows] == [(failed[0]["rule"], "source", "twin")] * 2
    assert "second reading of the same report" in rows[0][3]
    stored = json.loads(conn.execute("SELECT record FROM documents WHERE path = ?", (str(text),)).fetchone()[0])
    assert stored == record  # the record stays as extracted; the store adds the evidence beside it


def test_the_cross_tables_do_not_depend_on_the_run(tmp_path: Path) -> None:
    """One batch with two workers, or the files in reverse over two runs with one: the same cross-report rows."""
    from docstruct.batch.cross import dump_cross

    text, markdown, edited, _cell = _twin_files(tmp_path / "in")
    real = shared_path("real")
    files = [str(p) for p in (text, markdown, edited, real / "r08.txt", real / "r09.txt", real / "r06.txt")]
    main(["batch", *files, "-o", str(tmp_path / "one"), "--quiet", "--jobs", "2"])
    main(["batch", *files[:2][::-1], "-o", str(tmp_path / "two"), "--quiet", "--jobs", "1"])
    main(["batch", *files[2:][::-1], "-o", str(tmp_path / "two"), "--quiet", "--jobs", "1"])
    dumps = [dump_cross(sqlite3.connect(tmp_path / out / STORE_NAME)) for out in ("one", "two")]
    assert dumps[0] == dumps[1]
    assert "## twin_disagreements\n(" in dumps[0] and "continuity.carried_over[total]" in dumps[0]
