"""The library's one small exception tree.

Batch and service turn these into data (ok / partial / failed); the library
raises them so a caller cannot mistake a failure for an empty record.
"""

from enum import StrEnum


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


class ErrorCode(StrEnum):
    """Why a document failed, as data (batch outcomes, the store's ``error_code``, the service's error code).

    The library raises the exceptions above; ``error_code_of`` turns one into its code. CRASHED is a
    worker process that died and INTERNAL a bug: the pool's own codes, no exception of the library.
    """

    UNREADABLE = "unreadable"
    UNSUPPORTED = "unsupported"
    TIMEOUT = "timeout"
    MEMORY = "memory"
    CRASHED = "crashed"
    INTERNAL = "internal"


def error_code_of(exc: BaseException) -> ErrorCode:
    """The code of an exception raised while extracting, by its type (never by the words of its message)."""
    if isinstance(exc, TimeLimitExceeded):
        return ErrorCode.TIMEOUT
    if isinstance(exc, (MemoryLimitExceeded, MemoryError)):
        return ErrorCode.MEMORY
    if isinstance(exc, (LimitExceeded, UnreadableInput)):
        # a bound on size, depth or expansion: refused before it could be read
        return ErrorCode.UNREADABLE
    if isinstance(exc, UnsupportedFormat):
        return ErrorCode.UNSUPPORTED
    return ErrorCode.INTERNAL
