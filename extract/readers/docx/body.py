"""Walk word/document.xml's body: paragraphs and tables in document order, as raw text.

Only ``w:body`` is read: headers, footers, comments and footnotes live in
other parts and are never opened.  Text is raw here (not yet normalised); the
reader normalises the whole document in one call afterwards.

Provenance paths (all indexes 0-based, counted among element children):
``body[i]/p`` a body paragraph; ``body[i]/tbl`` a table and
``body[i]/tbl/tr[r]/tc[c]/p[k]`` a paragraph of its cell (``tc[c]`` is the
c-th ``w:tc`` of the row, not the grid column, which the GridCell holds);
``body[i]/sdt/p[k]`` content inside a content control; ``…/p/txbx[j]/p[k]``
a text box anchored in a paragraph.  A paragraph split by ``w:br`` gives
several lines with the same path.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from docstruct.extract.errors import LimitExceeded
from docstruct.extract.limits import Deadline
from docstruct.extract.readers.blocks import RawCells, RawText
from docstruct.extract.readers.docx.numbering import Numbering, first_children

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
VAL = f"{W}val"
P, R, T, TBL, TR, TC = (f"{W}{n}" for n in ("p", "r", "t", "tbl", "tr", "tc"))
TAB, PTAB, BR, CR, NBHYPHEN = (f"{W}{n}" for n in ("tab", "ptab", "br", "cr", "noBreakHyphen"))
TRPR, TCPR, GRID_BEFORE, GRID_SPAN, VMERGE, HMERGE = (
    f"{W}{n}" for n in ("trPr", "tcPr", "gridBefore", "gridSpan", "vMerge", "hMerge")
)
SDT, SDT_CONTENT, CUSTOM_XML, TXBX = f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}txbxContent"
PPR = f"{W}pPr"
# The properties the table reader reads of a row's w:trPr and a cell's w:tcPr.
ROW_PROPS = frozenset({GRID_BEFORE})
CELL_PROPS = frozenset({GRID_SPAN, VMERGE, HMERGE})
# Runs under these are not displayed text: deleted or moved-away revisions, the
# duplicate of a drawing kept for old readers, a text box (read on its own), and
# ruby annotations (pinyin over characters: the normaliser drops pinyin too).
SKIPPED_RUN_ANCESTORS = frozenset({f"{W}del", f"{W}moveFrom", f"{MC}Fallback", TXBX, f"{W}rt"})
# Property elements of a container: not content, so not counted in paths.
PROPERTY_TAGS = frozenset({f"{W}tcPr", f"{W}sdtPr", f"{W}sdtEndPr", f"{W}customXmlPr"})
# Wrappers whose children are read as if they stood in the wrapper's place.
WRAPPERS = frozenset({SDT, CUSTOM_XML})
# Tag names remembered by _local: more than a document's vocabulary; a hostile part
# inventing names past this is answered without the memo.
MAX_LOCAL_NAMES = 4096
# The wall clock is checked every this many body children and table rows (cheap; bounds a huge body).
DEADLINE_EVERY = 64


RawLine = RawText  # one line of a body paragraph, raw text, with its path


@dataclass
class _CellBuilder:
    """One grid cell while its merges are still being read (vMerge, hMerge widen it)."""

    row: int
    col: int
    text: str
    path: str
    rowspan: int = 1
    colspan: int = 1


RawGrid = RawCells  # a table as cells with spans; raw text, normalised later with the whole document


RawBlock = RawLine | RawGrid


def is_cjk(ch: str) -> bool:
    """Han characters, CJK punctuation and full-width forms: text that needs no spaces."""
    code = ord(ch)
    return (
        0x2E80 <= code <= 0x2FDF  # radicals
        or 0x3000 <= code <= 0x303F  # CJK punctuation (、。「」)
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF  # full-width forms (（）：，)
        or 0x20000 <= code <= 0x3FFFF
    )


def cjk_join(pieces: list[str]) -> str:
    """Join a cell's paragraphs into one string: '' between CJK, else ' '.

    A header cell broken across paragraphs (`商业企` + `业`,
    real-world-variations.md 'header cells broken mid-word') must read as one word.
    """
    out = ""
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if out and not (is_cjk(out[-1]) and is_cjk(piece[0])):
            out += " "
        out += piece
    return out


_LOCAL_NAMES: dict[Any, str] = {}


def _local(tag: Any) -> str:
    """A tag's local name (remembered: a document uses a few dozen tags, once per element)."""
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = str(tag).rsplit("}", 1)[-1]
        if isinstance(tag, str) and len(_LOCAL_NAMES) < MAX_LOCAL_NAMES:
            _LOCAL_NAMES[tag] = name
    return name


def _outside(node: Any, stop: Any, skipped: frozenset[str]) -> bool:
    """Whether no element between node and stop (exclusive) has a skipped tag."""
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in skipped:
            return False
        parent = parent.getparent()
    return True


def _wrapped_children(el: Any, path: str) -> Iterator[tuple[Any, str]]:
    """(child, path) of a container (w:sdt, w:customXml, w:tc), indexed among its content."""
    content = el.find(SDT_CONTENT) if el.tag == SDT else el
    if content is None:
        return
    children = [c for c in content if c.tag not in PROPERTY_TAGS]
    for k, child in enumerate(children):
        yield child, f"{path}/{_local(child.tag)}[{k}]"


def _flat(el: Any, wanted: str) -> Iterator[Any]:
    """Children of a tag, looking through content-control wrappers (rows/cells in w:sdt)."""
    for child in el:
        if child.tag == wanted:
            yield child
        elif child.tag in WRAPPERS:
            content = child.find(SDT_CONTENT) if child.tag == SDT else child
            if content is not None:
                yield from _flat(content, wanted)


def _int_attr(el: Any, default: int) -> int:
    if el is None:
        return default
    try:
        return max(int(el.get(VAL, default)), 0)
    except ValueError:
        return default


@dataclass
class BodyWalker:
    """Turns w:body into raw blocks, with list numbering, bounded depth and time."""

    numbering: Numbering
    max_depth: int
    deadline: Deadline
    blocks: list[RawBlock] = field(default_factory=list)
    numbered: int = 0  # paragraphs whose automatic number was written into the text
    ticks: int = 0
    # False when the part holds no w:txbxContent at all (reader.py looks at its bytes):
    # then no paragraph is searched for text boxes (one subtree iteration per paragraph)
    text_boxes: bool = True

    def walk(self, body: Any) -> list[RawBlock]:
        """Every block of the body in document order."""
        for i, child in enumerate(body):
            self._tick()
            self._block(child, f"body[{i}]/{_local(child.tag)}", 2)
        return self.blocks

    def _tick(self) -> None:
        """Check the wall clock now and then (per body child and per table row)."""
        self.ticks += 1
        if self.ticks % DEADLINE_EVERY == 0:
            self.deadline.check("reading the DOCX body")

    def _depth(self, depth: int) -> None:
        if depth > self.max_depth:
            raise LimitExceeded(f"DOCX body nests deeper than {self.max_depth} levels (max_depth)")

    def _block(self, el: Any, path: str, depth: int) -> None:
        self._depth(depth)
        if el.tag == P:
            for text in self.paragraph_lines(el):
                self.blocks.append(RawLine(text, path))
            if self.text_boxes:
                self._text_boxes(el, path, depth)
        elif el.tag == TBL:
            self._table_block(el, path, depth)
        elif el.tag in WRAPPERS:
            for child, child_path in _wrapped_children(el, path):
                self._block(child, child_path, depth + 2)

    def paragraph_lines(self, p: Any) -> list[str]:
        """The displayed text of a paragraph, split at line breaks.

        w:t text, w:tab -> space, w:br / w:cr -> new line; w:instrText
        (field codes) and w:delText (deleted text) are never read, and runs
        under w:del are skipped while w:ins runs are kept.
        """
        lines: list[str] = []
        # without list definitions no paragraph is numbered: its w:pPr need not be found
        parts: list[str] = [self.numbering.prefix(_child(p, PPR)) if self.numbering.levels else ""]
        if parts[0]:
            self.numbered += 1
        for run in p.iter(R):
            if not _outside(run, p, SKIPPED_RUN_ANCESTORS):
                continue
            for child in run:
                tag = child.tag
                if tag == T:
                    parts.append(child.text or "")
                elif tag in (TAB, PTAB):
                    parts.append(" ")
                elif tag in (BR, CR):
                    lines.append("".join(parts))
                    parts = []
                elif tag == NBHYPHEN:
                    parts.append("-")
        lines.append("".join(parts))
        # a literal newline inside w:t is displayed as a space; the reader splits on '\n'
        return [line.replace("\r", " ").replace("\n", " ") for line in lines]

    def _text_boxes(self, p: Any, path: str, depth: int) -> None:
        """Text boxes anchored in this paragraph, read after it (Fallback copies skipped)."""
        boxes = [b for b in p.iter(TXBX) if _outside(b, p, SKIPPED_RUN_ANCESTORS)]
        for j, box in enumerate(boxes):
            for k, child in enumerate(box):
                self._block(child, f"{path}/txbx[{j}]/{_local(child.tag)}[{k}]", depth + 1)

    def _table_block(self, tbl: Any, path: str, depth: int) -> None:
        rows = list(_flat(tbl, TR))
        if rows and all(len(list(_flat(tr, TC))) <= 1 for tr in rows):
            # A one-column table is a layout box (a whole report wrapped in a
            # 1x1 table by web-to-Word export): its content is body content.
            for r, tr in enumerate(rows):
                for tc in _flat(tr, TC):
                    for child, child_path in _wrapped_children(tc, f"{path}/tr[{r}]/tc[0]"):
                        self._block(child, child_path, depth + 3)
            return
        self.blocks.append(self.table(tbl, path, depth))

    def table(self, tbl: Any, path: str, depth: int) -> RawGrid:
        """A table as a grid: gridSpan -> colspan, vMerge restart/continue -> rowspan."""
        self._depth(depth)
        cells: list[_CellBuilder] = []
        open_v: dict[int, _CellBuilder] = {}  # grid column -> the cell a vMerge continues
        for r, tr in enumerate(_flat(tbl, TR)):
            self._tick()
            col = _int_attr(first_children(_child(tr, TRPR), ROW_PROPS).get(GRID_BEFORE), 0)
            touched: set[int] = set()
            last: _CellBuilder | None = None
            for c, tc in enumerate(_flat(tr, TC)):
                tc_path = f"{path}/tr[{r}]/tc[{c}]"
                props = first_children(_child(tc, TCPR), CELL_PROPS)
                span = max(_int_attr(props.get(GRID_SPAN), 1), 1)
                text, cell_path = self.cell_text(tc, tc_path, depth + 3)
                merge = _merge(props.get(VMERGE))
                above = open_v.get(col)
                if merge == "continue" and above is not None:
                    above.rowspan = r - above.row + 1
                    above.text = cjk_join([above.text, text])
                    touched.add(col)
                elif _merge(props.get(HMERGE)) == "continue" and last is not None:
                    last.colspan += span  # legacy horizontal merge: widen the cell to the left
                    last.text = cjk_join([last.text, text])
                else:
                    last = _CellBuilder(r, col, text, cell_path, 1, span)
                    cells.append(last)
                    if merge is not None:  # restart, or a continue with nothing above
                        open_v[col] = last
                        touched.add(col)
                col += span
            open_v = {k: v for k, v in open_v.items() if k in touched}
        texts = tuple(c.text for c in cells)
        return RawGrid(texts, tuple((c.row, c.col, c.rowspan, c.colspan, c.path) for c in cells), path)

    def cell_text(self, tc: Any, path: str, depth: int) -> tuple[str, str]:
        """A cell's text as one string, and the path of the paragraph it came from.

        The path names the one paragraph holding text, or the cell when several do.
        Nested tables are flattened into the cell's text row by row.
        """
        self._depth(depth)
        pieces: list[str] = []
        sources: list[str] = []
        for child, child_path in _wrapped_children(tc, path):
            for piece in self._cell_pieces(child, child_path, depth + 1):
                if piece.strip():
                    pieces.append(piece)
                    sources.append(child_path)
        distinct = sorted(set(sources))
        return cjk_join(pieces), distinct[0] if len(distinct) == 1 else path

    def _cell_pieces(self, el: Any, path: str, depth: int) -> list[str]:
        self._depth(depth)
        if el.tag == P:
            return self.paragraph_lines(el)
        if el.tag == TBL:
            grid = self.table(el, path, depth)
            ordered = sorted(zip(grid.places, grid.texts, strict=True), key=lambda cell: cell[0][:2])  # (row, col)
            return [text for _place, text in ordered]
        if el.tag in WRAPPERS:
            out: list[str] = []
            for child, child_path in _wrapped_children(el, path):
                out += self._cell_pieces(child, child_path, depth + 2)
            return out
        return []


def _child(el: Any, tag: str) -> Any:
    """``el.find(tag)`` for a property element (w:pPr, w:trPr, w:tcPr), which the schema puts
    first: the first child is looked at before lxml's find (a path lookup through its
    _elementpath engine, about three times a loop over the children)."""
    if el is None:
        return None
    if len(el):
        first = el[0]
        if first.tag == tag:
            return first
    return el.find(tag)


def _merge(el: Any) -> str | None:
    """'restart', 'continue' or None for a w:vMerge / w:hMerge (no val means continue)."""
    if el is None:
        return None
    value = el.get(VAL)
    return "restart" if value == "restart" else "continue"
