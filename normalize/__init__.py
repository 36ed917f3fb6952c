"""Text normalisation for Chinese government reports: a leaf library.

Decode bytes (BOM, UTF-8, declared, chardet, Big5, UTF-16; binary refused),
repair mojibake, then normalise: NFKC and radicals, pinyin annotations
removed, traditional lines to simplified, whitespace.  Every normaliser
records the steps it applied, and normalize_text maps each output character
back to its input.  Imports nothing from the rest of the project.
"""

from __future__ import annotations

from docstruct.normalize.chain import normalize_text
from docstruct.normalize.decode import decode_bytes
from docstruct.normalize.model import Decoded, Fixed, Normalized, Step, UndecodableError
from docstruct.normalize.mojibake import fix_mojibake
from docstruct.normalize.pinyin import fix_pinyin_annotations
from docstruct.normalize.traditional import fix_traditional
from docstruct.normalize.unicode_forms import fix_unicode_forms
from docstruct.normalize.whitespace import fix_whitespace

__all__ = [
    "Decoded",
    "Fixed",
    "Normalized",
    "Step",
    "UndecodableError",
    "decode_bytes",
    "fix_mojibake",
    "fix_pinyin_annotations",
    "fix_traditional",
    "fix_unicode_forms",
    "fix_whitespace",
    "normalize_text",
]
