"""Seeded mutations of report files, for ``bench.fuzz`` and the suite's small fuzz test.

A mutant is a pure function of (seed, format, index) and the base corpus: the
same arguments give the same bytes on any machine, so a finding is replayed by
its name alone.  The operations are those of issue 18's first run: byte flips,
spans deleted, duplicated or inserted, truncations, splices of two documents,
digit runs replaced by 20-400 nines, one line repeated 10,000 times.  A DOCX
is also mutated inside its zip (document.xml changed, then re-zipped), since
byte flips in deflated data only ever reach the zip checks.  Page images (png,
jpg, tiff) have operations of their own (bench/fuzz_images.py: header damage,
declared sizes, decompression bombs).
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Callable, Sequence

# Tokens the readers treat specially: separators, markup, BOMs, label words, units, escapes.
TOKENS = (
    b"|", b"\x1f", b"\t", b"\r", b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"<table>", b"<td>", b"</tr>",
    b"<td rowspan=\"9999\">", b"<td colspan=\"0\">", b"&#", b"&#x10FFFF;", b"<!--", b"<![CDATA[", b"|---|",
    "总计".encode(), "万元".encode(), "（一）".encode(), "其中".encode(), "年度报告".encode(), b"-", b".", b",",
    b"0", b"99999", b"1e308", b"NaN", b"(cid:12)", b"<w:tc>", b"<w:gridSpan w:val=\"999\"/>", b"%PDF-1.7",
    b"obj", b"endobj", b"stream\n", b"xref", b"trailer", b"/Length 99999999",
)
MAX_NINES = 400
REPEAT_LINE = 10_000
# a repeated line longer than this is cut first: 10,000 copies stay a few MB
MAX_REPEATED_LINE = 200
_DIGITS = re.compile(rb"\d+")
DOCUMENT_XML = "word/document.xml"
IMAGE_FORMATS = ("png", "jpg", "tiff")  # mutated by bench/fuzz_images.py

Op = Callable[[random.Random, bytes, Sequence[bytes]], bytes]


def _span(rng: random.Random, n: int) -> tuple[int, int]:
    start = rng.randrange(n + 1)
    return start, min(n, start + rng.randint(1, max(1, n // 10)))


def flip(rng: random.Random, data: bytes, _pool: Sequence[bytes]) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if out:
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def delete(rng: random.Random, data: bytes, _pool: Sequence[bytes]) -> bytes:
    a, b = _span(rng, len(data))
    return data[:a] + data[b:]


def duplicate(rng: random.Random, data: bytes, _pool: Sequence[bytes]) -> bytes:
    a, b = _span(rng, len(data))
    at = rng.randrange(len(data) + 1)
    return data[:at] + data[a:b] + data[at:]


def insert(rng: random.Random, data: bytes, _pool: Sequence[bytes]) -> bytes:
    at = rng.randrange(len(data) + 1)
    junk = rng.choice(TOKENS) if rng.random() < 0.7 else rng.randbytes(rng.randint(1, 64))
    return data[:at] + junk + data[at:]


def truncate(rng: random.Random, data: bytes, _pool: Sequence[bytes]) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def splice(rng: random.Random, data: bytes, pool: Sequence[bytes]) -> bytes:
    other = rng.choice(pool)
    return data[: rng.randrange(len(data) + 1)] + other[rng.randrange(len(other) + 1):]


def nines(rng: random.Random, data: bytes, _pool: Sequence[bytes]) -> bytes:
    runs = list(_DIGITS.finditer(data))
    if not runs:
        return insert(rng, data, _pool)
    out = data
    for m in sorted(rng.sample(runs, min(len(runs), rng.randint(1, 3))), key=lambda m: -m.start()):
        out = out[: m.start()] + b"9" * rng.randint(20, MAX_NINES) + out[m.end():]
    return out


def repeat_line(rng: random.Random, data: bytes, _pool: Sequence[bytes]) -> bytes:
    lines = data.split(b"\n")
    i = rng.randrange(len(lines))
    line = lines[i][:MAX_REPEATED_LINE] + b"\n"
    return b"\n".join(lines[:i]) + b"\n" + line * REPEAT_LINE + b"\n".join(lines[i + 1:])


OPS: dict[str, Op] = {
    "flip": flip, "delete": delete, "duplicate": duplicate, "insert": insert, "truncate": truncate,
    "splice": splice, "nines": nines, "repeat_line": repeat_line,
}
# truncations and splices ruin a file at once; most weight goes to the subtler operations
WEIGHTS = {"flip": 3, "delete": 2, "duplicate": 2, "insert": 3, "truncate": 1, "splice": 1, "nines": 2,
           "repeat_line": 1}


def _apply(rng: random.Random, data: bytes, pool: Sequence[bytes]) -> tuple[bytes, list[str]]:
    names = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()), k=rng.randint(1, 3))
    for name in names:
        data = OPS[name](rng, data, pool)
    return data, names


_TEXT_NODE = re.compile(rb"(<w:t(?:\s[^>]*)?>)([^<]*)(</w:t>)")
# what XML 1.0 cannot hold, and what must be escaped
_NOT_XML = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
TEXT_OPS = ("flip", "delete", "duplicate", "insert", "nines")


def _xml_text(data: bytes) -> bytes:
    text = data.decode("utf-8", errors="replace").encode()
    text = _NOT_XML.sub(b"", text)
    return text.replace(b"&", b"&amp;").replace(b"<", b"&lt;").replace(b">", b"&gt;")


def _text_nodes(rng: random.Random, xml: bytes) -> tuple[bytes, list[str]]:
    """1-5 <w:t> texts mutated (escaped again), or a node's text repeated 10,000 times."""
    nodes = list(_TEXT_NODE.finditer(xml))
    if not nodes:
        return xml, ["no text"]
    names: list[str] = []
    out = xml
    for m in sorted(rng.sample(nodes, min(len(nodes), rng.randint(1, 5))), key=lambda m: -m.start()):
        name = rng.choice(TEXT_OPS) if rng.random() < 0.98 else "repeat_node"
        if name == "repeat_node":
            text = m.group(0)[:MAX_REPEATED_LINE] * (REPEAT_LINE // 10)
        else:
            text = m.group(1) + _xml_text(OPS[name](rng, m.group(2), ())) + m.group(3)
        names.append(name)
        out = out[: m.start()] + text + out[m.end():]
    return out, names


def _inside_docx(rng: random.Random, data: bytes, pool: Sequence[bytes]) -> tuple[bytes, list[str]] | None:
    """document.xml mutated, the zip rebuilt around it (None if the base is no readable zip)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts = {info.filename: z.read(info) for info in z.infolist()}
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError, EOFError):
        return None
    if DOCUMENT_XML not in parts:
        return None
    if rng.random() < 0.3:  # the XML itself broken: mostly 'not well-formed'
        parts[DOCUMENT_XML], names = _apply(rng, parts[DOCUMENT_XML], [parts[DOCUMENT_XML]])
    else:  # the text of a few cells and paragraphs changed, the XML kept well-formed
        parts[DOCUMENT_XML], names = _text_nodes(rng, parts[DOCUMENT_XML])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), body)
    return buf.getvalue(), ["inside", *names]


def mutant(seed: int, fmt: str, index: int, bases: Sequence[bytes]) -> tuple[bytes, int, list[str]]:
    """Mutant ``index`` of format ``fmt``: its bytes, the base it came from, and the operations applied."""
    rng = random.Random(f"{seed}:{fmt}:{index}")
    base = rng.randrange(len(bases))
    if fmt in IMAGE_FORMATS:
        from bench.fuzz_images import image_mutant  # it builds on this module's operations

        data, names = image_mutant(rng, bases[base], bases)
        return data, base, names
    if fmt == "docx" and rng.random() < 0.5:
        inside = _inside_docx(rng, bases[base], bases)
        if inside is not None:
            return inside[0], base, inside[1]
    data, names = _apply(rng, bases[base], bases)
    return data, base, names
