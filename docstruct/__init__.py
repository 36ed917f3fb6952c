"""docstruct: government information-disclosure annual reports -> validated records.

The public API. The repository keeps the layout it was designed with (``extract/``,
``normalize/`` and ``cli.py`` at the top); the wheel ships them as ``docstruct.extract``,
``docstruct.normalize`` and ``docstruct.cli`` (``pyproject.toml`` package-dir), so an install
never puts generic top-level names into a user's site-packages. In the repository the
entries of this folder are symbolic links to those top-level folders.

``from docstruct import extract_file, batch``: ``batch`` is the function
``docstruct.batch.run.batch`` (an iterator of results over many files). It takes the
name ``docstruct.batch`` as an attribute, so import the batch package's parts with
``from docstruct.batch.pool import WorkerPool`` (not ``import docstruct.batch.pool``).
"""

from docstruct.batch.run import Result, batch
from docstruct.extract import (
    DocstructError,
    LimitExceeded,
    ReadOptions,
    Record,
    UnreadableInput,
    UnsupportedFormat,
    extract_bytes,
    extract_file,
)

__all__ = [
    "DocstructError",
    "LimitExceeded",
    "ReadOptions",
    "Record",
    "Result",
    "UnreadableInput",
    "UnsupportedFormat",
    "batch",
    "extract_bytes",
    "extract_file",
]
