"""Issue 18: whatever a broken zip makes zipfile raise, the DOCX reader says 'unreadable' in one line."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest

from docstruct.extract import extract_bytes
from docstruct.extract.errors import UnreadableInput

FUZZ = Path(__file__).resolve().parent / "fuzz"
DOC = ('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
       "<w:body><w:p><w:r><w:t>2021年政府信息公开工作年度报告</w:t></w:r></w:p></w:body></w:document>")


def _docx(method: int = zipfile.ZIP_DEFLATED) -> bytearray:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        z.writestr("word/document.xml", DOC)
    return bytearray(buf.getvalue())


def _unreadable(data: bytes) -> str:
    with pytest.raises(UnreadableInput) as err:
        extract_bytes(bytes(data))
    message = str(err.value)
    assert "\n" not in message and message.startswith(("not a DOCX", "DOCX part"))
    return message


def test_zip_version_10_2_is_unreadable_with_a_reason() -> None:
    # the committed input: the central directory's 'version needed to extract' is 102
    message = _unreadable((FUZZ / "zip_version_10_2.docx").read_bytes())
    assert message == "not a DOCX: a zip archive it cannot open (zip file version 10.2)"


def _patched(offset_in_header: int, value: int, signature: bytes = b"PK\x01\x02") -> bytearray:
    data = _docx()
    struct.pack_into("<H", data, data.find(signature) + offset_in_header, value)
    return data


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (_patched(6, 102), "zip file version 10.2"),                       # NotImplementedError
        (_patched(10, 99), "compression method is not supported"),          # NotImplementedError on open
        (_patched(8, 0x40), ""),                                            # strong encryption flag
        (_patched(8, 0x01), "encrypted"),                                   # RuntimeError: needs a password
        (_patched(8, 0x20), ""),                                            # compressed patched data
    ],
)
def test_every_zipfile_exception_is_a_one_line_unreadable(data: bytearray, reason: str) -> None:
    assert reason in _unreadable(bytes(data))
