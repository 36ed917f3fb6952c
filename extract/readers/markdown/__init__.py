"""Markdown reader: converter and OCR markdown, pipe and HTML tables as grids."""
