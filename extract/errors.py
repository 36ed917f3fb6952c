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


class TimeLimitExceeded(LimitExceeded):
    """The file's time limit ran out (a reader's deadline or the wall-clock alarm).

    Its own type, so a timeout is told from an unreadable file by type, never by the words of
    its message (issue 16), and so a reader's ``except`` around a fragile parser can let it pass.
    """


class MemoryLimitExceeded(LimitExceeded):
    """The file needed more memory than its limit."""
