"""Read PDFs in a process whose pdfium sees only the fonts of one folder (test_reader_pdf_fonts).

Usage: python -m tests.pdf_font_worker FONT_DIR|- OUT.json PDF...

pdfium looks for substitute fonts in the folders given when the library is
initialised (on Linux /usr/share/fonts and friends by default).  This worker
initialises it first, through the raw bindings, with FONT_DIR as the only
folder ('-' keeps the machine's folders); pypdfium2's own initialisation on
import is then a no-op, as pdfium initialises once per process.  Before any
PDF is read it notes which font pdfium puts in for the first PDF's first
font that is not embedded (so the test can see the folder took effect),
then writes {"substitute": family, "records": {file name: record JSON}}.
"""

from __future__ import annotations

import ctypes
import json
import sys
from pathlib import Path
from typing import Any

_KEEP: list[Any] = []  # pdfium keeps pointers to the folder list; keep it alive


def init_pdfium(folder: str) -> None:
    """Initialise pdfium with folder as its only font folder, before pypdfium2 does."""
    import pypdfium2_raw as pdfium_c  # the bindings alone: importing pypdfium2 would initialise pdfium

    name = ctypes.create_string_buffer(folder.encode())
    paths = (ctypes.POINTER(ctypes.c_char) * 2)(ctypes.cast(name, ctypes.POINTER(ctypes.c_char)), None)
    config = pdfium_c.FPDF_LIBRARY_CONFIG(version=2, m_pUserFontPaths=paths, m_pIsolate=None, m_v8EmbedderSlot=0)
    _KEEP.extend([name, paths, config])
    pdfium_c.FPDF_InitLibraryWithConfig(config)


def substitute_family(path: Path) -> str:
    """The family of the font pdfium loads for the first text on the first page that uses a font not embedded."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdf = pdfium.PdfDocument(path.read_bytes())
    try:
        page = pdf[0]
        for index in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
            obj = pdfium_c.FPDFPage_GetObject(page.raw, index)
            if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_TEXT:
                continue
            font = pdfium_c.FPDFTextObj_GetFont(obj)
            if pdfium_c.FPDFFont_GetIsEmbedded(font):
                continue
            buffer = ctypes.create_string_buffer(256)
            pdfium_c.FPDFFont_GetFamilyName(font, buffer, 256)
            return buffer.value.decode("utf-8", "replace")
        return ""
    finally:
        pdf.close()


def main(argv: list[str]) -> None:
    folder, out, *files = argv
    if folder != "-":
        init_pdfium(folder)
    from docstruct.extract import ReadOptions, extract_bytes
    from docstruct.extract.writers.json import record_to_json

    paths = [Path(f) for f in files]
    result = {"substitute": substitute_family(paths[0]), "records": {}}
    for path in paths:
        record = extract_bytes(path.read_bytes(), ReadOptions(path=path.name)).to_json()
        result["records"][path.name] = record_to_json(record)
    Path(out).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
