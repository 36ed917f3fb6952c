"""OCR of page images (scanned PDFs, PNG/JPEG/TIFF) into the PDF reader's glyphs and rules (issue 13)."""
