"""Reports with a table or its heading missing: absent tables, one warning, no borrowed numbers."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from docstruct.extract import ReadOptions, UnreadableInput, extract_bytes
from docstruct.extract.pipeline import detect_template
from tests.conftest import ROOT

SAMPLE = (ROOT / "samples" / "gen02_2021_glued_crawler.txt").read_text(encoding="utf-8")
T2 = SAMPLE.index("二、主动公开政府信息情况第")
T3 = SAMPLE.index("三、收到和处理政府信息公开申请情况")
T4 = SAMPLE.index("四、政府信息公开行政复议")
T5 = SAMPLE.index("五、存在的主要问题")


def _record(text: str) -> dict[str, Any]:
    return extract_bytes(text.encode("utf-8"), ReadOptions(path="x.txt"), fmt="txt").to_json()


def test_missing_table_4_is_absent_not_filled_from_table_3() -> None:
    full = _record(SAMPLE)
    record = _record(SAMPLE[:T4] + SAMPLE[T5:])
    assert "review_litigation" not in record["tables"]
    assert _values(record, "applications") == _values(full, "applications")
    assert not [c for c in record["checks"] if c["ok"] is False]
    assert [w for w in record["warnings"] if w.startswith("review_litigation")] == [
        "review_litigation: table header not found (0 of its words); table left out"
    ]


@pytest.mark.parametrize(("cut", "table"), [((T3, T4), "applications"), ((T2, T3), "active_disclosure")])
def test_missing_table_gives_one_warning(cut: tuple[int, int], table: str) -> None:
    start, end = cut
    record = _record(SAMPLE[:start] + SAMPLE[end:])
    assert table not in record["tables"]
    assert len([w for w in record["warnings"] if w.startswith(table)]) == 1


def test_missing_heading_found_by_the_tables_own_header() -> None:
    # crawled fragments drop headings: the table header still places table 四
    text = SAMPLE.replace("四、政府信息公开行政复议、行政诉讼情况", "")
    assert _values(_record(text), "review_litigation") == _values(_record(SAMPLE), "review_litigation")


def _values(record: dict[str, Any], table: str) -> dict[str, dict[str, Any]]:
    return {row: {col: c["value"] for col, c in cols.items()} for row, cols in record["tables"][table].items()}


def test_one_label_repeated_is_not_a_template() -> None:
    text = "二、主动公开政府信息情况 本年政府集中采购项目较多，政府集中采购金额增加。三、收到和处理"
    end = text.index("三、")
    template, _ = detect_template(text, {"active_disclosure": (0, end), "applications": (end, end)}, 2021)
    assert template is None


def test_corrupt_docx_member_is_a_library_error() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<w:document>" + "x" * 5000 + "</w:document>")
    data = bytearray(buf.getvalue())
    at = data.index(b"word/document.xml") + len("word/document.xml") + 20
    data[at : at + 40] = bytes(range(40))  # scramble the deflate stream
    with pytest.raises(UnreadableInput):
        extract_bytes(bytes(data), ReadOptions(path="bad.docx"))
