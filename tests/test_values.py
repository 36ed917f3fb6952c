"""Cell texts as values (real-world-variations.md 'Cell values')."""

from __future__ import annotations

import pytest

from docstruct.extract.tables.values import parse_cell


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0", 0),
        ("30", 30),
        ("无", 0),
        ("/", None),
        ("—", None),
        ("-", None),
        ("--", None),
        ("空", None),
        ("不适用", None),
        ("N/A", None),
        ("", None),
        ("驳回1", 1),
        ("22(其中修订16件)", 22),
        ("55(含自然失效29件)", 55),
        ("251000元", 251000),
        ("-185", -185),
        ("24252.311082", 24252.311082),
        ("1,234", 1234),
    ],
)
def test_cell_values(text: str, value: object) -> None:
    parsed = parse_cell(text)
    assert parsed.ok
    assert parsed.value == value
    assert type(parsed.value) is type(value)


@pytest.mark.parametrize("text", ["信息内容", "本年新制作数量", "第二十条第(一)项"])
def test_labels_are_not_values(text: str) -> None:
    assert not parse_cell(text).ok
