"""docstruct: government information-disclosure annual reports -> validated records.

The public API. The repository keeps the layout it was designed with (``extract/``,
``normalize/`` and ``cli.py`` at the top); the wheel ships them as ``docstruct.extract``,
``docstruct.normalize`` and ``docstruct.cli`` (``pyproject.toml`` package-dir), so an install
never puts generic top-level names into a user's site-packages. In the repository the
entries of this folder are symbolic links to those top-level folders.
"""

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
    "UnreadableInput",
    "UnsupportedFormat",
    "extract_bytes",
    "extract_file",
]
