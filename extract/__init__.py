"""docstruct: government information-disclosure annual reports -> validated records."""

from extract.errors import DocstructError, LimitExceeded, UnreadableInput, UnsupportedFormat
from extract.model import Cell, Check, Document, Section, Source
from extract.options import ReadOptions
from extract.pipeline import Timings, document_to_record, extract_bytes, extract_file
from extract.record import Record

__all__ = [
    "Cell",
    "Check",
    "DocstructError",
    "Document",
    "LimitExceeded",
    "ReadOptions",
    "Record",
    "Section",
    "Source",
    "Timings",
    "UnreadableInput",
    "UnsupportedFormat",
    "document_to_record",
    "extract_bytes",
    "extract_file",
]
