"""PDF reader: pdfium characters placed by the PDF's own glyph widths, ruled and unruled tables."""
