"""docstruct: government information-disclosure annual reports -> validated records.

The public API. The repository keeps the layout it was designed with (``extract/``,
``normalize/`` and ``cli.py`` at the top); the wheel ships them as ``docstruct.extract``,
``docstruct.normalize`` and ``docstruct.cli`` (``pyproject.toml`` package-dir), so an install
never puts generic top-level names into a user's site-packages. In the repository the
entries of this folder are symbolic links to those top-level folders.

``from docstruct import extract_file, extract_many``: ``extract_many`` is
``docstruct.batch.run.extract_many`` (an iterator of results over many files, each in an isolated
worker process); ``docstruct.batch`` is the batch subpackage (``import docstruct.batch.pool``).
The batch names are imported on first use, so ``docstruct extract`` never pays for the pool.
"""

from typing import Any

from docstruct.extract import (
    DocstructError,
    LimitExceeded,
    ReadOptions,
    Record,
    TimeLimitExceeded,
    UnreadableInput,
    UnsupportedFormat,
    extract_bytes,
    extract_file,
)

__all__ = [
    "DocstructError",
    "LimitExceeded",
    "Outcome",
    "ReadOptions",
    "Record",
    "TimeLimitExceeded",
    "UnreadableInput",
    "UnsupportedFormat",
    "extract_bytes",
    "extract_file",
    "extract_many",
]
# names of docstruct.batch.run, imported when first asked for
_LAZY = frozenset({"Outcome", "extract_many"})


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from docstruct.batch import run

        return getattr(run, name)
    raise AttributeError(f"module 'docstruct' has no attribute {name!r}")
