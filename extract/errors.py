"""The library's one small exception tree.

Batch and service turn these into data (ok / partial / failed); the library
raises them so a caller cannot mistake a failure for an empty record.
"""


class DocstructError(Exception):
    """Base of every error the library raises on purpose."""


class UnreadableInput(DocstructError):
    """The bytes cannot be read as a document at all (empty, binary, corrupt)."""


class UnsupportedFormat(DocstructError):
    """The format is known but cannot be handled here (e.g. .doc without LibreOffice)."""


class LimitExceeded(DocstructError):
    """The input exceeds a per-file bound on size, time, depth or expansion."""
