"""An upload streamed into the request's private folder, refused (413) as soon as it passes the limit.

Multipart bodies are parsed here with python-multipart's streaming parser, not
Starlette's form parser, which would spool the file to the system's temporary
folder before any limit is checked.  Nothing is written outside ``folder``.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from python_multipart.multipart import MultipartParser, parse_options_header

from docstruct.extract.formats import CONTENT_TYPES, SNIFF_BYTES, SUFFIXES, looks_like_page, magic_format
from docstruct.service.errors import ServiceError

# multipart framing (boundaries, part headers) on top of the file itself
MULTIPART_SLACK = 64 * 1024
_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")
# a client's file name is cut to this many characters (a file system's limit), keeping a suffix
# of at most MAX_SUFFIX_CHARS
MAX_NAME_CHARS = 255
MAX_SUFFIX_CHARS = 16


@dataclass(frozen=True)
class Upload:
    """A received file: where it is, the name the client gave, its size and first bytes."""

    path: Path
    filename: str
    size: int
    head: bytes


def too_large(limit: int) -> ServiceError:
    return ServiceError(413, "too_large", f"the upload is over the limit of {limit} bytes")


def client_name(name: str) -> str:
    """The file name a client gave, without folders or control characters (it goes into source.path).

    A name over MAX_NAME_CHARS is cut in its stem, so its suffix (what the file is read by) stays:
    a 300-character ``….txt`` once lost ``.txt`` and was refused with 415 (issue 16).
    """
    base = _UNSAFE.sub("", name.replace("\\", "/").rsplit("/", 1)[-1])
    if len(base) <= MAX_NAME_CHARS:
        return base
    suffix = Path(base).suffix
    if len(suffix) > MAX_SUFFIX_CHARS:
        suffix = ""
    return base[: MAX_NAME_CHARS - len(suffix)] + suffix


def choose_suffix(filename: str, content_type: str, head: bytes) -> str:
    """The suffix the pipeline reads the file by: the name's, else the magic bytes', else the type's.

    Anything else is 415: a .gif, a .zip or a nameless body of unknown type.
    """
    suffix = Path(filename).suffix.lower()
    if suffix in SUFFIXES:
        return suffix
    by_magic = magic_format(head)
    if by_magic is not None:
        return by_magic[1]
    if looks_like_page(head):
        return ".html"
    mime = content_type.split(";", 1)[0].strip().lower()
    if not suffix and mime in CONTENT_TYPES:
        return CONTENT_TYPES[mime]
    shown = suffix or mime or "no file name and no content type"
    raise ServiceError(415, "unsupported",
                       f"unsupported type ({shown}): send a .txt, .md, .html, .pdf, .docx or a scan (.png, .jpg, .tif)")


class _Sink:
    """Writes the bytes of one file to disk, counting them against the limit."""

    def __init__(self, path: Path, limit: int) -> None:
        self.path = path
        self.limit = limit
        self.size = 0
        self.head = b""
        self.out: IO[bytes] = path.open("xb")

    def write(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise too_large(self.limit)
        if len(self.head) < SNIFF_BYTES:
            self.head += data[: SNIFF_BYTES - len(self.head)]
        self.out.write(data)

    def close(self) -> None:
        self.out.close()


class _FilePart:
    """python-multipart callbacks that keep the part named ``file`` and skip the rest."""

    def __init__(self, folder: Path, limit: int) -> None:
        self.folder = folder
        self.limit = limit
        self.sink: _Sink | None = None
        self.filename = ""
        self._field = b""
        self._value = b""
        self._headers: dict[bytes, bytes] = {}
        self._writing = False

    def callbacks(self) -> dict[str, Any]:
        return {
            "on_part_begin": self._begin,
            "on_header_field": lambda d, s, e: setattr(self, "_field", self._field + d[s:e]),
            "on_header_value": lambda d, s, e: setattr(self, "_value", self._value + d[s:e]),
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_done,
            "on_part_data": self._data,
            "on_part_end": self._end,
        }

    def _begin(self) -> None:
        self._headers, self._writing = {}, False

    def _header_end(self) -> None:
        self._headers[self._field.lower()] = self._value
        self._field, self._value = b"", b""

    def _headers_done(self) -> None:
        _kind, params = parse_options_header(self._headers.get(b"content-disposition", b""))
        if params.get(b"name") == b"file" and self.sink is None:
            self.filename = client_name(params.get(b"filename", b"").decode("utf-8", "replace"))
            self.sink = _Sink(self.folder / "upload.part", self.limit)
            self._writing = True

    def _data(self, data: bytes, start: int, end: int) -> None:
        if self._writing and self.sink is not None:
            self.sink.write(data[start:end])

    def _end(self) -> None:
        self._writing = False


async def _count(chunks: AsyncIterator[bytes], limit: int) -> AsyncIterator[bytes]:
    total = 0
    async for chunk in chunks:
        total += len(chunk)
        if total > limit:
            raise ServiceError(413, "too_large", f"the request body is over the limit of {limit} bytes")
        yield chunk


async def receive_multipart(chunks: AsyncIterator[bytes], content_type: str, folder: Path, limit: int) -> Upload:
    """The ``file`` field of a multipart/form-data body, written to ``folder``."""
    _kind, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if not boundary:
        raise ServiceError(400, "bad_request", "multipart body without a boundary")
    part = _FilePart(folder, limit)
    parser = MultipartParser(boundary, part.callbacks())  # type: ignore[arg-type]
    try:
        async for chunk in _count(chunks, limit + MULTIPART_SLACK):
            parser.write(chunk)
        parser.finalize()
    finally:
        if part.sink is not None:
            part.sink.close()
    if part.sink is None:
        raise ServiceError(400, "bad_request", "no field named 'file' in the multipart body")
    return _finish(part.sink, part.filename, "", folder)


async def receive_raw(chunks: AsyncIterator[bytes], filename: str, content_type: str, folder: Path,
                      limit: int) -> Upload:
    """A raw request body, named by the client (query ``filename`` or header ``X-Filename``)."""
    sink = _Sink(folder / "upload.part", limit)
    try:
        async for chunk in chunks:
            sink.write(chunk)
    finally:
        sink.close()
    return _finish(sink, client_name(filename), content_type, folder)


def _finish(sink: _Sink, filename: str, content_type: str, folder: Path) -> Upload:
    if sink.size == 0:
        raise ServiceError(422, "unreadable", "empty file")
    suffix = choose_suffix(filename, content_type, sink.head)
    path = folder / f"upload{suffix}"
    sink.path.rename(path)
    return Upload(path, filename, sink.size, sink.head)
