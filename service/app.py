"""The FastAPI app: /v1/extract, /v1/schema, /healthz, the debug page at / (and /view), OpenAPI at /docs."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from python_multipart.exceptions import MultipartParseError
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect

from docstruct.batch.pool import Job, Outcome, QueueFull, WorkerPool
from docstruct.extract.record_schema import record_schema
from docstruct.service.errors import ServiceError, error_body, outcome_error
from docstruct.service.settings import ServiceSettings
from docstruct.service.upload import MULTIPART_SLACK, Upload, receive_multipart, receive_raw, too_large
from docstruct.view.data import view_input, view_payload
from docstruct.view.page import content_security_policy, render_empty, render_page

# the debug page's own policy; /docs (Swagger UI from its CDN) is left to FastAPI
PAGE_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}


class Service:
    """The app's state: settings, the private upload folder (mode 0700) and the worker pool."""

    def __init__(self, settings: ServiceSettings, pool: WorkerPool | None = None) -> None:
        self.settings = settings
        self.pool = pool
        self.uploads: Path | None = None

    def start(self) -> None:
        self.uploads = Path(tempfile.mkdtemp(prefix="docstruct-uploads-"))  # mkdtemp: mode 0700
        if self.pool is None:
            limits = self.settings.limits
            self.pool = WorkerPool(self.settings.workers, limits, self.settings.queue_limit, view_payload,
                                   max_jobs_per_worker=self.settings.max_jobs_per_worker)

    def stop(self) -> None:
        if self.pool is not None:
            self.pool.close()
        if self.uploads is not None:
            shutil.rmtree(self.uploads, ignore_errors=True)

    @contextlib.contextmanager
    def request_folder(self) -> Iterator[Path]:
        """A private folder for one request, removed with everything in it when the request ends."""
        assert self.uploads is not None
        folder = Path(tempfile.mkdtemp(prefix="req-", dir=self.uploads))
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    async def receive(self, request: Request, folder: Path, filename: str | None) -> Upload:
        limit = self.settings.max_upload_bytes
        length = request.headers.get("content-length", "")
        ctype = request.headers.get("content-type", "")
        multipart = ctype.lower().startswith("multipart/form-data")
        if length.isdigit() and int(length) > limit + (MULTIPART_SLACK if multipart else 0):
            raise too_large(limit)  # said up front: refuse before reading a byte
        try:
            if multipart:
                return await receive_multipart(request.stream(), ctype, folder, limit)
            name = filename or request.headers.get("x-filename", "")
            return await receive_raw(request.stream(), name, ctype, folder, limit)
        except MultipartParseError as exc:
            raise ServiceError(400, "bad_request", f"malformed multipart body: {exc}") from exc
        except ClientDisconnect as exc:
            # the client went away mid-upload: nobody to answer and nothing to log (issue 16: a traceback)
            raise ServiceError(400, "disconnected", "the client closed the connection during the upload") from exc

    async def run(self, job: Job) -> Outcome:
        """One file through the worker pool, under its limits; 503 when the queue is full."""
        assert self.pool is not None
        try:
            future = self.pool.submit(job)
        except QueueFull as exc:
            raise ServiceError(503, "queue_full", f"too many requests waiting ({exc}); retry later",
                               {"Retry-After": "5"}) from exc
        return await asyncio.wrap_future(future)

    async def extract(self, upload: Upload, keep_document: bool) -> Outcome:
        outcome = await self.run(Job(key=uuid.uuid4().hex, path=str(upload.path), keep_document=keep_document))
        if outcome.record is None:
            raise outcome_error(outcome, hide=str(upload.path))
        # the record names the file the client sent, not the private copy the worker read
        outcome.record["source"]["path"] = upload.filename or "-"
        return outcome


def _error_response(exc: ServiceError) -> JSONResponse:
    return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)


def _page_response(html: str, status: int = 200) -> HTMLResponse:
    headers = {"Content-Security-Policy": content_security_policy() + "; frame-ancestors 'none'", **PAGE_HEADERS}
    return HTMLResponse(html, status_code=status, headers=headers)


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(ServiceError)
    async def service_error(_request: Request, exc: ServiceError) -> JSONResponse:
        return _error_response(exc)

    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return JSONResponse(error_body(code, str(exc.detail)), status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return JSONResponse(error_body("bad_request", f"{where}: {first.get('msg', 'invalid request')}"), 400)


def create_app(settings: ServiceSettings | None = None, pool: WorkerPool | None = None) -> FastAPI:
    """The app; the pool (and the upload folder) start with the app and stop with it."""
    service = Service(settings or ServiceSettings(), pool)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        service.start()
        try:
            yield
        finally:
            service.stop()

    app = FastAPI(title="docstruct", version="1", lifespan=lifespan,
                  description="Government information-disclosure annual reports to validated records.")
    app.state.service = service
    _install_errors(app)
    _routes(app, service)
    if service.settings.store is not None:
        from docstruct.service.store_routes import StoreAccess, install_store_routes

        install_store_routes(app, service, StoreAccess(service.settings.store, service.settings.store_upload))
    return app


def _routes(app: FastAPI, service: Service) -> None:
    @app.get("/healthz")
    async def healthz() -> dict[str, Any]:
        """The service answers; how many workers it runs."""
        return {"status": "ok", "workers": service.pool.jobs if service.pool else 0}

    @app.get("/v1/schema")
    async def schema() -> dict[str, Any]:
        """The record's JSON Schema."""
        return record_schema()

    @app.post("/v1/extract", responses={413: {}, 415: {}, 422: {}, 503: {}, 504: {}})
    async def extract(
        request: Request,
        filename: str | None = Query(None, description="the file name of a raw body (or header X-Filename)"),
        diagnostics: bool = Query(True, description="false drops the record's diagnostics"),
    ) -> JSONResponse:
        """The record of one report: multipart field ``file``, or a raw body with a file name."""
        with service.request_folder() as folder:
            upload = await service.receive(request, folder, filename)
            outcome = await service.extract(upload, keep_document=False)
        record = outcome.record or {}
        if not diagnostics:
            record.pop("diagnostics", None)
        return JSONResponse(record)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def page() -> HTMLResponse:
        return _page_response(render_empty("/view"))

    @app.post("/view", response_class=HTMLResponse, include_in_schema=False)
    async def view(request: Request) -> HTMLResponse:
        try:
            with service.request_folder() as folder:
                upload = await service.receive(request, folder, None)
                outcome = await service.extract(upload, keep_document=True)
        except ServiceError as exc:
            return _page_response(render_empty("/view", f"{exc.code}: {exc.message}", "error"), exc.status)
        return _page_response(render_page(view_input(outcome.record or {}, outcome.extra), "/view"))
