"""The store as a workbench (``docstruct serve --store OUT``, ``docstruct browse OUT``): pages and JSON API.

HTML under /store (list, report, checks, charts), the same data as JSON under
/v1/store (in the OpenAPI).  Every request opens its own read-only connection
(``mode=ro``): the pages never write, and the store is never read into memory.
``--allow-upload`` adds the one writing route, POST /v1/store/reports, which
keeps the uploaded file under OUT/uploads/ so its report page can show the source.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from docstruct.batch.driver import identify
from docstruct.batch.jobs import Job, Outcome
from docstruct.batch.store import Store, open_readonly
from docstruct.batch.store_query import (
    ListQuery,
    facets,
    failed_checks,
    list_reports,
    report_row,
    store_stats,
)
from docstruct.batch.store_schema import ADDED_COLUMNS
from docstruct.extract.version import PARSER_VERSION
from docstruct.service.app import Service, _page_response  # app imports this module lazily (no cycle)
from docstruct.service.errors import ServiceError
from docstruct.view.data import ViewInput, view_input
from docstruct.view.store_pages import render_charts, render_checks, render_list, render_stored_report

MMAP_BYTES = 1 << 30   # the store read through a memory map (address space only; pages come from the OS cache)
CACHE_KIB = 32 * 1024  # and 32 MiB of page cache per connection
UPLOADS = "uploads"   # OUT/uploads/<sha256><suffix>: files uploaded into the store (--allow-upload)
_YES = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False, "": None}


def _flag(name: str, value: str | None) -> bool | None:
    if value is None or value.lower() in _YES:
        return None if value is None else _YES[value.lower()]
    raise ServiceError(400, "bad_request", f"{name}: yes or no")


def list_query(
    status: str | None = Query(None, description="ok, partial or failed"),
    template: str | None = Query(None, description="the template name (metadata.template)"),
    year: str | None = Query(None, description="the report's year"),
    rule: str | None = Query(None, description="only reports where this check rule failed"),
    warnings: str | None = Query(None, description="yes: only reports with warnings; no: only without"),
    q: str | None = Query(None, description="a substring of the title, agency or path"),
    sort: str = Query("path", description="status format template agency year checks_failed warning_count "
                                          "seconds title path"),
    desc: str | None = Query(None, description="yes: descending"),
    page: int = Query(1, description="from 1"),
    per_page: int = Query(50, description="1 to 500"),
) -> ListQuery:
    """The list's query from URL parameters (an empty value, as a form sends it, is no filter)."""
    if year and not year.isdigit():
        raise ServiceError(400, "bad_request", "year: a number")
    try:
        return ListQuery(status or None, template or None, int(year) if year else None, rule or None,
                         _flag("warnings", warnings), q or None, sort, bool(_flag("desc", desc)), page, per_page)
    except ValueError as exc:
        raise ServiceError(400, "bad_request", str(exc)) from exc


class StoreAccess:
    """The store folder the service browses, and whether uploads may be written into it.

    Each server thread keeps one read-only connection: its page cache (and the
    file mapped into memory) lasts from one request to the next, where a new
    connection per request would read the indexes from the file again each time
    (bench/store_pages.py, 100,000 rows, under the same load: the unfiltered list's p50 30 ms with a
    connection per request, 4 ms with one per thread; a search 578 ms and 316 ms).
    """

    def __init__(self, out: Path, allow_upload: bool = False) -> None:
        self.out = out
        self.allow_upload = allow_upload
        self._local = threading.local()

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = open_readonly(self.out)
            except FileNotFoundError as exc:
                raise ServiceError(404, "no_store", str(exc)) from exc
            conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            self._local.conn = conn
        return conn

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """This thread's read-only connection, for one request (no transaction is left open)."""
        conn = self._connection()
        columns = {row[1] for row in conn.execute("PRAGMA table_info(documents)")}
        if any(column not in columns for _table, column, _kind in ADDED_COLUMNS):
            raise ServiceError(409, "old_store", f"{self.out} was written by an older docstruct: run "
                               f"`docstruct batch … -o {self.out}` once (it upgrades the store, read-only here)")
        yield conn

    def row(self, sha256: str) -> dict[str, Any]:
        with self.connect() as conn:
            row = report_row(conn, sha256)
        if row is None:
            raise ServiceError(404, "not_found", f"no stored document {sha256}")
        return row


def source_file(row: dict[str, Any]) -> tuple[Path | None, str]:
    """The stored document's file if it is still at a stored path with the same bytes, else why not."""
    reason = "the file is no longer at its stored path"
    for name in dict.fromkeys([row["path"], *row.get("paths", [])]):
        path = Path(name)
        if not path.is_file():
            continue
        if row.get("bytes") is not None and path.stat().st_size != row["bytes"]:
            reason = f"{name} has changed since it was stored (its size differs)"
            continue
        if identify(path)[0] == row["sha256"]:
            return path, ""
        reason = f"{name} has changed since it was stored (its sha256 differs)"
    return None, reason


async def _report_view(service: Service, row: dict[str, Any]) -> tuple[ViewInput | None, list[str]]:
    """The stored record with its source when the file is still there (read again in the worker pool)."""
    if row.get("record") is None:
        return None, []
    record = json.loads(row["record"])
    path, reason = await asyncio.to_thread(source_file, row)
    notes = []
    if row.get("parser_version") != PARSER_VERSION:
        notes.append(f"this record was made by parser version {row.get('parser_version')}, not this one "
                     f"({PARSER_VERSION}): a rerun of docstruct batch redoes it")
    if path is None:
        notes.append(f"source not shown: {reason}. Tables, checks, warnings and facts are from the store.")
        return view_input(record, None), notes
    outcome = await service.run(Job(key=uuid.uuid4().hex, path=str(path), keep_document=True))
    if outcome.extra is None:
        notes.append(f"source not shown: reading it again failed ({outcome.error_code}: {outcome.error})")
    return view_input(record, outcome.extra), notes


def install_store_routes(app: FastAPI, service: Service, access: StoreAccess) -> None:
    """The store's pages and JSON API."""
    _install_pages(app, service, access)
    _install_api(app, service, access)


def _install_pages(app: FastAPI, service: Service, access: StoreAccess) -> None:
    @app.get("/store", response_class=HTMLResponse, include_in_schema=False)
    def list_page(query: ListQuery = Depends(list_query)) -> HTMLResponse:  # noqa: B008 - FastAPI's idiom
        with access.connect() as conn:
            return _page_response(render_list(list_reports(conn, query), facets(conn)))

    @app.get("/store/checks", response_class=HTMLResponse, include_in_schema=False)
    def checks_page() -> HTMLResponse:
        with access.connect() as conn:
            return _page_response(render_checks(failed_checks(conn)))

    @app.get("/store/charts", response_class=HTMLResponse, include_in_schema=False)
    def charts_page() -> HTMLResponse:
        with access.connect() as conn:
            return _page_response(render_charts(store_stats(conn)))

    @app.get("/store/reports/{sha256}", response_class=HTMLResponse, include_in_schema=False)
    async def report_page(sha256: str) -> HTMLResponse:
        row = await asyncio.to_thread(access.row, sha256)
        view, notes = await _report_view(service, row)
        return _page_response(render_stored_report(row, view, notes))


def _install_api(app: FastAPI, service: Service, access: StoreAccess) -> None:
    @app.get("/v1/store/reports", tags=["store"])
    def reports(query: ListQuery = Depends(list_query)) -> dict[str, Any]:  # noqa: B008 - FastAPI's idiom
        """One page of the stored reports, filtered, searched and sorted."""
        with access.connect() as conn:
            return list_reports(conn, query)

    @app.get("/v1/store/facets", tags=["store"])
    def store_facets() -> dict[str, Any]:
        """The values the list's filters take: statuses, templates, years, rules that failed somewhere."""
        with access.connect() as conn:
            return facets(conn)

    @app.get("/v1/store/reports/{sha256}", tags=["store"], responses={404: {}})
    def report(sha256: str) -> dict[str, Any]:
        """One stored document: its columns, every path it was found under, and its record."""
        row = access.row(sha256)
        row["record"] = json.loads(row["record"]) if row.get("record") else None
        return row

    @app.get("/v1/store/checks", tags=["store"])
    def checks() -> dict[str, Any]:
        """Failed checks grouped by rule, with counts and the first reports of each."""
        with access.connect() as conn:
            return failed_checks(conn)

    @app.get("/v1/store/stats", tags=["store"])
    def stats() -> dict[str, Any]:
        """The charts' figures: by status, format, rule, year and template; seconds; cells per table."""
        with access.connect() as conn:
            return store_stats(conn)

    @app.post("/v1/store/reports", tags=["store"], status_code=201, responses={403: {}, 413: {}, 415: {}})
    async def upload(request: Request) -> JSONResponse:
        """Extract one uploaded report into the store (only with ``--allow-upload``)."""
        if not access.allow_upload:
            raise ServiceError(403, "read_only", "the store is read-only: start the service with --allow-upload")
        with service.request_folder() as folder:
            received = await service.receive(request, folder, None)
            stored = await asyncio.to_thread(_keep_upload, access.out, received.path)
        outcome = await service.run(Job(key=uuid.uuid4().hex, path=str(stored[0])))
        await asyncio.to_thread(_store_outcome, access.out, stored, outcome)
        return JSONResponse({"sha256": stored[1], "status": outcome.status, "error": outcome.error,
                             "report": f"/store/reports/{stored[1]}"}, status_code=201)


def _keep_upload(out: Path, received: Path) -> tuple[Path, str, int]:
    sha, size = identify(received)
    folder = out / UPLOADS
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{sha}{received.suffix}"
    if not target.exists():
        shutil.copyfile(received, target)
    return target, sha, size


def _store_outcome(out: Path, stored: tuple[Path, str, int], outcome: Outcome) -> None:
    path, sha, size = stored
    record = outcome.record
    fmt = (record or {}).get("source", {}).get("format")
    store = Store(out)
    try:
        done = replace(outcome, path=str(path), sha256=sha, paths=(str(path),), format=fmt, size=size)
        store.write(done, replace=True)
    finally:
        store.close()
