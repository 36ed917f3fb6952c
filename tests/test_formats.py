"""One registry of formats (issue 16): the pipeline, discovery and uploads ask extract/formats.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from docstruct.batch import discover
from docstruct.extract import formats
from docstruct.extract.formats import SNIFF_BYTES, SUFFIXES, magic_format, sniff_format


@pytest.mark.parametrize(
    ("head", "name", "fmt"),
    [
        (b"%PDF-1.7\n", "report.txt", "pdf"),          # bytes before the name
        (b"PK\x03\x04rest", "", "docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1", "x.doc", "docx"),
        (b"<table><tr><td>1</td></tr></table>", "a.md", "txt"),  # markdown with MinerU tables
        (b"  <!DOCTYPE html><html>", "", "html"),
        ("<html>".encode("utf-16-le"), "page", "html"),
        (b"plain", "a.htm", "html"),
        (b"plain", "a.markdown", "txt"),
        (b"x" * SNIFF_BYTES + b"<table>", "", "txt"),  # markup past the sniffed head does not count
    ],
)
def test_sniff_format(head: bytes, name: str, fmt: str) -> None:
    assert sniff_format(head, name) == fmt


def test_every_caller_asks_the_one_registry() -> None:
    assert discover.SUFFIXES is SUFFIXES
    for module in ("batch/discover.py", "service/upload.py", "extract/pipeline.py", "batch/driver.py"):
        text = (Path(formats.__file__).resolve().parent.parent / module).read_text(encoding="utf-8")
        assert "%PDF" not in text and "4096" not in text and "2048" not in text, module
    assert magic_format(b"%PDF-1.4") == ("pdf", ".pdf") and magic_format(b"\xd0\xcf\x11\xe0") == ("docx", ".doc")
