"""What makes an OCR-read number doubtful, shared by the OCR reader (cells.py) and the tables stage
(tables/doubtful.py), which then need not load the OCR reader to settle a text report's tables."""

from __future__ import annotations

import re

# A cell whose lowest character score is below this is a warning (PP-OCR scores a clean digit above 0.95;
# a '/' read as '1' scored 0.86 in the noisy 200 dpi bench set).
LOW_CONFIDENCE = 0.9
# '1.372': OCR reads a thousands comma as a point where the comma is faint (150 dpi, JPEG); said here, and
# settled in a template table by the column's kind and the sum rules (tables/doubtful.py)
POINT_OR_COMMA = re.compile(r"^\d{1,3}\.\d{3}$")
