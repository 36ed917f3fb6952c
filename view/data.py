"""What the view renders: the record, the Document's blocks and the PDF page images."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docstruct.extract.record import Record
from docstruct.extract.view_data import document_blocks, page_images


@dataclass(frozen=True)
class ViewInput:
    """A record (record.to_json()) and what the reader saw: blocks and page images (PNG, base64)."""

    record: dict[str, Any]
    blocks: list[dict[str, Any]] = field(default_factory=list)
    pages: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def view_payload(record: Record) -> dict[str, Any]:
    """The view data of a Record, JSON-able: the worker pool's postprocess hook.

    Page images need the PDF's bytes: they are read again from the record's
    ``source.path``, the file the extraction just read (the service extracts
    from its private upload file, ``docstruct show`` from the user's file).
    """
    doc = record.document
    out: dict[str, Any] = {"blocks": document_blocks(doc), "pages": [], "notes": []}
    if doc.info.format != "pdf":
        return out
    try:
        data = Path(doc.info.path).read_bytes()
    except OSError as exc:
        out["notes"].append(f"page images not rendered: cannot read the PDF again ({exc.strerror or exc})")
        return out
    pages = page_images(data)
    out["pages"] = [
        {"page": p.page, "width": p.width, "height": p.height, "png": base64.b64encode(p.png).decode("ascii")}
        for p in pages
    ]
    total = doc.info.pages or len(pages)
    if len(pages) < total:
        out["notes"].append(f"page images: {len(pages)} of {total} pages rendered (the view's limit)")
    return out


def view_input(record: dict[str, Any], payload: dict[str, Any] | None) -> ViewInput:
    """A ViewInput from a record and a view_payload result (None when there is none)."""
    payload = payload or {}
    notes = list(payload.get("notes", []))
    if "error" in payload:
        notes.append(str(payload["error"]))
    return ViewInput(record, list(payload.get("blocks", [])), list(payload.get("pages", [])), notes)
