"""docstruct: government information-disclosure annual reports -> validated records."""

from docstruct.extract.errors import (
    DocstructError,
    LimitExceeded,
    MemoryLimitExceeded,
    TimeLimitExceeded,
    UnreadableInput,
    UnsupportedFormat,
)
from docstruct.extract.model import Cell, Check, Document, Section, Source
from docstruct.extract.options import ReadOptions
from docstruct.extract.pipeline import Timings, document_to_record, extract_bytes, extract_file
from docstruct.extract.record import Record

__all__ = [
    "Cell",
    "Check",
    "DocstructError",
    "Document",
    "LimitExceeded",
    "MemoryLimitExceeded",
    "ReadOptions",
    "Record",
    "Section",
    "Source",
    "TimeLimitExceeded",
    "Timings",
    "UnreadableInput",
    "UnsupportedFormat",
    "document_to_record",
    "extract_bytes",
    "extract_file",
]
