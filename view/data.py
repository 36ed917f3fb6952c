"""What the view renders: the record, the Document's blocks and the PDF page images."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docstruct.extract.record import Record
from docstruct.extract.view_data import document_blocks, page_images
from docstruct.view.record_shape import RecordShape, record_to_shape
from docstruct.view.source_shape import BlockShape, PageShape, json_to_block, json_to_page


@dataclass(frozen=True)
class ViewInput:
    """A record (record.to_json()) and what the reader saw: blocks and page images (PNG, base64).

    shape, source, images: the same, typed, built once here (view/record_shape.py,
    view/source_shape.py); the renderers read those, never the JSON.
    """

    record: dict[str, Any]
    blocks: list[dict[str, Any]] = field(default_factory=list)
    pages: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    shape: RecordShape = field(init=False, repr=False, compare=False)
    source: tuple[BlockShape, ...] = field(init=False, repr=False, compare=False)
    images: tuple[PageShape, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # frozen: the derived fields are set once, here, as dataclasses.replace would
        object.__setattr__(self, "shape", record_to_shape(self.record))
        object.__setattr__(self, "source", tuple(json_to_block(b) for b in self.blocks))
        object.__setattr__(self, "images", tuple(json_to_page(p) for p in self.pages))


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
