"""Read a DOCX (or a legacy .doc through LibreOffice) into a Document of lines and grids.

Stages:
  1. container: the zip is opened and bounded before any part is inflated
     (docx_zip: size budget, compression ratio, byte cap, DTD-free XML);
  2. structure: w:body is walked in document order (docx_body): paragraphs
     become lines (w:br splits them), tables become grids with their real
     spans (gridSpan, vMerge), automatic list numbers are written back into the
     text (docx_numbering);
  3. text: every line and cell is normalised in ONE normalize_text call, then
     split back, so the steps are recorded once, as for text files.
Headers, footers, comments and footnotes are other parts and are never read.
python-docx is not used here: it repeats merged cells (row.cells) and parses
every part; lxml on the two or three parts we need is simpler and faster.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from docstruct.extract.errors import TimeLimitExceeded, UnreadableInput, UnsupportedFormat
from docstruct.extract.limits import Deadline
from docstruct.extract.model import Block, Document, SourceInfo
from docstruct.extract.options import ReadOptions
from docstruct.extract.readers.blocks import normalize_raw
from docstruct.extract.readers.docx.body import BodyWalker, RawGrid, RawLine
from docstruct.extract.readers.docx.numbering import read_numbering
from docstruct.extract.readers.docx.package import MAIN_PART, NUMBERING_PART, STYLES_PART, DocxPackage, parse_part
from docstruct.normalize import Step

UTF8_BOM = b"\xef\xbb\xbf"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TRANSITIONAL_NS = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT_NS = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
BODY = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}body"
INSTALL_HINT = "install LibreOffice (apt-get install libreoffice-writer) or save the file as .docx"
# Seconds LibreOffice gets after a kill request before we stop waiting for it.
KILL_GRACE_SECONDS = 5.0


def read_docx(data: bytes, options: ReadOptions) -> Document:
    """Read a DOCX (or .doc, converted by LibreOffice when installed) into a Document."""
    steps: list[Step] = []
    docx = data
    if data.startswith(OLE2_MAGIC):
        docx = doc_to_docx(data, options)
        steps.append(Step("doc_converted", 1, "legacy Word .doc converted to .docx by LibreOffice"))
    blocks, walker_numbered = _read_blocks(docx, options)
    doc_blocks, norm_steps = _normalise(blocks)
    if not any((b.line is not None and b.line.text.strip()) or b.grid is not None for b in doc_blocks):
        raise UnreadableInput("no text: the DOCX body holds no text (only images, or empty)")
    if walker_numbered:
        steps.append(Step("list_numbering_rebuilt", walker_numbered,
                          "automatic numbers (w:numPr) written into the paragraph text"))
    info = SourceInfo(path=options.path, sha256=hashlib.sha256(data).hexdigest(), format="docx", bytes=len(data))
    return Document(blocks=doc_blocks, info=info, steps=(*steps, *norm_steps))


def _read_blocks(data: bytes, options: ReadOptions) -> tuple[list[RawLine | RawGrid], int]:
    """Container and structure stages: raw blocks and how many paragraphs got numbers back."""
    deadline = Deadline(options.max_seconds)
    package = DocxPackage(data, options)
    parts = [MAIN_PART, NUMBERING_PART, STYLES_PART]
    package.reserve(parts)  # refuse before inflating anything
    main = _transitional(package.read(MAIN_PART))
    if main is None:
        raise UnreadableInput(f"a zip, but not a DOCX: no {MAIN_PART}")
    root = parse_part(MAIN_PART, main)
    body = root.find(BODY)
    if body is None:
        raise UnreadableInput(f"a zip, but not a DOCX: {MAIN_PART} has no w:body")
    # Numbering needs numbering.xml, and styles.xml only for numbers a paragraph
    # style brings; skipping the parts nothing refers to halves the parse time.
    numbered = b"numPr" in main or b"pStyle" in main
    numbering_xml = _transitional(package.read(NUMBERING_PART)) if numbered else None
    styles_xml = _transitional(package.read(STYLES_PART)) if numbering_xml and b"pStyle" in main else None
    numbering = read_numbering(
        parse_part(NUMBERING_PART, numbering_xml) if numbering_xml else None,
        parse_part(STYLES_PART, styles_xml) if styles_xml else None,
    )
    walker = BodyWalker(numbering, options.max_depth, deadline, text_boxes=may_hold(main, b"txbxContent"))
    return walker.walk(body), walker.numbered


def may_hold(part: bytes, local_name: bytes) -> bool:
    """Whether the part may hold an element of this local name.

    An element's name is spelled out in the part (no DTD, no entities), so in a part
    whose encoding writes ASCII as ASCII (UTF-8, what Word writes) the name is among
    its bytes.  A part in UTF-16 or UTF-32 (legal XML; NUL bytes in its first
    characters) or in anything not starting with '<' may hold any.
    """
    head = part[len(UTF8_BOM) :] if part.startswith(UTF8_BOM) else part
    ascii_like = head.lstrip(b" \t\r\n")[:1] == b"<" and b"\0" not in head[:4]
    return local_name in part or not ascii_like


def _transitional(part: bytes | None) -> bytes | None:
    """Word's "Strict Open XML" saves the same vocabulary under another namespace: map it back."""
    if part is not None and STRICT_NS in part:
        return part.replace(STRICT_NS, TRANSITIONAL_NS)
    return part


def _normalise(blocks: list[RawLine | RawGrid]) -> tuple[tuple[Block, ...], tuple[Step, ...]]:
    """Normalise every line and cell in one call (extract/readers/blocks.py)."""
    out, steps = normalize_raw(blocks, "docx w:tbl")
    return tuple(out), steps


def find_soffice() -> str | None:
    """The LibreOffice command on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def doc_to_docx(data: bytes, options: ReadOptions) -> bytes:
    """Convert a legacy .doc with LibreOffice in a temporary folder, bounded by max_seconds."""
    soffice = find_soffice()
    if soffice is None:
        raise UnsupportedFormat(f"legacy Word .doc (OLE2) is not read directly: {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="docstruct-doc-") as tmp:
        src = Path(tmp) / "input.doc"
        src.write_bytes(data)
        out_dir = Path(tmp) / "out"
        # A private profile: no clash with a running LibreOffice or a parallel conversion.
        profile = (Path(tmp) / "profile").as_uri()
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", "docx", "--outdir", str(out_dir), str(src)]
        stderr = _run_bounded(cmd, options.max_seconds)
        result = out_dir / "input.docx"
        if not result.is_file():
            said = [ln for ln in stderr.splitlines() if ln.strip() and not ln.startswith("Warning")]
            last = said[-1].strip() if said else "no output file"  # 'Warning: failed to launch javaldx' is noise
            raise UnreadableInput(f"LibreOffice could not convert the .doc: {last}")
        return result.read_bytes()


def _run_bounded(cmd: list[str], seconds: float) -> str:
    """Run a command in its own process group; kill the whole group on timeout. Returns stderr."""
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    except OSError as exc:
        raise UnsupportedFormat(f"cannot run LibreOffice ({exc.strerror or exc}): {INSTALL_HINT}") from exc
    try:
        _, err = proc.communicate(timeout=seconds)
    except subprocess.TimeoutExpired as exc:
        # soffice forks soffice.bin: killing only the wrapper would leave it running
        with contextlib.suppress(ProcessLookupError):  # it may end between the timeout and the kill
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=KILL_GRACE_SECONDS)
        raise TimeLimitExceeded(f"converting the .doc with LibreOffice took longer than {seconds:g} s") from exc
    return err.decode("utf-8", errors="replace")
