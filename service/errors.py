"""One error shape for every failure: ``{"error": {"code", "message"}}`` with the right status."""

from __future__ import annotations

from typing import Any

from docstruct.batch.jobs import ErrorCode, Outcome

# Outcome.error_code -> HTTP status: the file's fault is 4xx, the server's 5xx
STATUS = {
    ErrorCode.UNSUPPORTED: 415,
    ErrorCode.UNREADABLE: 422,
    ErrorCode.MEMORY: 422,
    ErrorCode.CRASHED: 422,
    ErrorCode.TIMEOUT: 504,
    ErrorCode.INTERNAL: 500,
}


class ServiceError(Exception):
    """A request that ends in an error response."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        return error_body(self.code, self.message)


def error_body(code: str, message: str) -> dict[str, Any]:
    """The one JSON shape of every error."""
    return {"error": {"code": code, "message": message}}


def outcome_error(outcome: Outcome, hide: str = "") -> ServiceError:
    """The error response of a failed extraction; ``hide`` (the private upload path) is cut from messages."""
    code = outcome.error_code or ErrorCode.INTERNAL
    message = outcome.error or code
    if hide:
        message = message.replace(hide, "upload")
    return ServiceError(STATUS.get(code, 500), code, message)
