"""Bytes to text: find the codec, refuse what is not text, repair mojibake.

The order of evidence, strongest first: a byte-order mark; NUL bytes (UTF-16
or UTF-32 without a BOM; otherwise binary, unless they are a stray few); valid
UTF-8; the encoding the container declares
(an HTML meta tag); then chardet's guess weighed against the other Chinese
codecs by how plausible each decoding is (charsets.plausible_share).  GB2312
and GBK are always decoded as GB18030, their superset, and Big5 as Big5-HKSCS
(then cp950), so a character outside the declared subset does not fail.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass

from docstruct.normalize.charsets import plausible_share
from docstruct.normalize.model import Decoded, Step, UndecodableError
from docstruct.normalize.mojibake import fix_mojibake

# A decoded text with more than this share of control characters is binary;
# real reports have none (pdftotext's form feeds and tabs are not counted).
MAX_CONTROL_SHARE = 0.05
# Text that is not UTF-16 may still hold a stray NUL (padding at the end, a
# NUL pasted in from a form); more than two bytes in a thousand is binary.
# Random bytes have four in a thousand.
MAX_STRAY_NUL_SHARE = 0.002
# A decoding is accepted when at least this share of it is plausible text
# (ASCII, CJK punctuation, common hanzi).  Real reports score 0.89-0.999
# (the seed's pinyin tone letters are the 0.89); the seed's Big5 bytes read as
# GB18030 score 0.66, its GBK bytes read as latin-1 0.45.
MIN_PLAUSIBLE = 0.8
# UTF-16 without a BOM or NULs (all-CJK text) has no structural signal, so it
# must be nearly all plausible before it beats the byte-oriented codecs.
MIN_PLAUSIBLE_UTF16 = 0.95
# A lossy GB18030 decoding is accepted with a warning when at most this share
# of characters had to be replaced (a truncated file, one corrupt sector).
MAX_LOSSY_SHARE = 0.01

# chardet reads at most this much of a file.  It named GB18030 for 200 of 200
# 20-character windows of shared/real; on short traditional text it sometimes
# names a single-byte code page, which the plausibility weighing overrules.
# Its first call loads its models (~50 ms), later ones cost ~0.5 ms per KB.
CHARDET_MAX_BYTES = 16_000

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Codec names (as codecs.lookup spells them) mapped to the superset we decode with.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "hz": "gb18030",
    "big5": "big5hkscs",
    "ascii": "utf-8",
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
}
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def codec_for(name: str | None) -> str | None:
    """The Python codec to decode a declared or detected encoding with."""
    if not name:
        return None
    try:
        canonical = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    return _SUPERSETS.get(canonical, canonical)


def _strict(data: bytes, codec: str) -> str | None:
    """``data`` decoded with ``codec``, or None when any byte does not fit."""
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _from_bom(data: bytes) -> tuple[str, str] | None:
    """Text and codec when ``data`` starts with a BOM that decodes cleanly."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :], codec)
            if text is not None:
                return text, "utf-8-sig" if codec == "utf-8" else codec
    return None


def _from_nul_pattern(data: bytes) -> tuple[str, str] | None:
    """Text and codec for UTF-16 (or UTF-32) without a BOM, told by its NULs.

    ASCII in UTF-16-LE is ``A\\0`` (NULs at odd offsets), in BE ``\\0A``; CJK
    characters such as U+4E00 and U+3000 add NULs on the other parity, so the
    parity only orders the two tries and plausibility decides.  UTF-32 is
    mostly NULs and is tried first when they are the majority.
    """
    if len(data) % 2:
        return None
    nuls_even, nuls_odd = data[0::2].count(0), data[1::2].count(0)
    order: tuple[str, ...] = ("utf-16-le", "utf-16-be") if nuls_odd >= nuls_even else ("utf-16-be", "utf-16-le")
    if len(data) % 4 == 0 and 2 * (nuls_even + nuls_odd) > len(data):
        order = ("utf-32-le", "utf-32-be", *order)
    for codec in order:
        text = _strict(data, codec)
        if text is not None and plausible_share(text) >= MIN_PLAUSIBLE:
            return text, codec
    return None


def _from_utf16_plausible(data: bytes) -> tuple[str, str] | None:
    """Text and codec for all-CJK UTF-16 without BOM or NULs, if unmistakable."""
    if len(data) % 2:
        return None
    best: tuple[float, str, str] | None = None
    for codec in ("utf-16-le", "utf-16-be"):
        text = _strict(data, codec)
        if text is not None:
            score = plausible_share(text)
            if best is None or score > best[0]:
                best = (score, text, codec)
    if best is None or best[0] < MIN_PLAUSIBLE_UTF16:
        return None
    return best[1], best[2]


def _chardet_codec(data: bytes) -> tuple[str | None, str]:
    """chardet's codec for ``data`` (mapped to our superset) and a note on it."""
    # imported here: UTF-8 and BOM files (the seed, most pages) never need it, and a
    # one-shot `docstruct extract` saves its import (~10 ms CPU)
    import chardet

    result = chardet.detect(data, prefer_superset=True, max_bytes=CHARDET_MAX_BYTES)
    encoding = result.get("encoding")
    confidence = float(result.get("confidence") or 0.0)
    return codec_for(encoding), f"chardet: {encoding} at {confidence:.2f}"


def _candidates(data: bytes, first: str | None) -> Iterator[tuple[str, str]]:
    """Strict decodings to weigh: chardet's codec first, then the CJK codecs."""
    seen: set[str] = set()
    for codec in (first, "gb18030", "big5hkscs", "cp950"):
        if codec is None or codec in seen:
            continue
        seen.add(codec)
        text = _strict(data, codec)
        if text is not None:
            yield text, codec


def _best_guess(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    """Weigh chardet against the CJK codecs; fall back to a lossy GB18030."""
    first, note = _chardet_codec(data)
    best: tuple[float, str, str] | None = None
    for text, codec in _candidates(data, first):
        score = plausible_share(text)
        # Ties go to the earlier candidate, chardet's, which saw byte statistics.
        if best is None or score > best[0] + 0.01:
            best = (score, text, codec)
    if best is not None and best[0] >= MIN_PLAUSIBLE:
        return best[1], best[2], ()
    lossy = data.decode("gb18030", errors="replace")
    lost = lossy.count("\ufffd")
    if lost <= MAX_LOSSY_SHARE * len(lossy) and plausible_share(lossy) >= MIN_PLAUSIBLE:
        warning = f"{lost} byte sequences do not decode as gb18030 and are shown as U+FFFD"
        return lossy, "gb18030", (warning,)
    if best is not None and first is not None and best[2] == first:
        # Not Chinese but a clean decoding chardet chose (Western, Cyrillic...).
        return best[1], best[2], ()
    raise UndecodableError(f"not text: no encoding decodes it cleanly ({note})")


def _from_declared(data: bytes, declared: str | None) -> tuple[str, str] | None:
    """Text and codec when the declared encoding decodes ``data`` cleanly."""
    codec = codec_for(declared)
    if codec is None:
        return None
    text = _strict(data, codec)
    if text is None or plausible_share(text) < MIN_PLAUSIBLE:
        return None
    return text, codec


@dataclass(frozen=True)
class _Detection:
    """What ``_detect`` found: the text, the codec, notes, whether a BOM was cut."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()
    bom: bool = False


def _detect(data: bytes, declared: str | None) -> _Detection:
    """Decode ``data`` by the strongest evidence; see the module docstring."""
    found = _from_bom(data)
    if found is not None:
        return _Detection(found[0], found[1], bom=True)
    nuls = data.count(0)
    if nuls:
        found = _from_nul_pattern(data)
        if found is not None:
            return _Detection(*found)
        if nuls > MAX_STRAY_NUL_SHARE * len(data):
            raise UndecodableError(f"not text: {nuls} NUL bytes and not UTF-16")
    found = _from_utf8(data) or _from_declared(data, declared) or _from_utf16_plausible(data)
    warnings: tuple[str, ...] = ()
    if found is None:
        text, codec, warnings = _best_guess(data)
        found = (text, codec)
    if nuls:
        warnings = (*warnings, f"{nuls} stray NUL bytes kept in the text")
    return _Detection(found[0], found[1], (*warnings, *_declared_notes(data, declared, found[1])))


def _declared_notes(data: bytes, declared: str | None, used: str) -> tuple[str, ...]:
    """A warning when the declared encoding is unknown or was not the one used."""
    if not declared:
        return ()
    wanted = codec_for(declared)
    if wanted is None:
        return (f"declared encoding {declared!r} is unknown; decoded as {used}",)
    if wanted != used and not data.isascii():
        return (f"declared encoding {declared!r} does not fit the bytes; decoded as {used}",)
    return ()


def _from_utf8(data: bytes) -> tuple[str, str] | None:
    """Text when ``data`` is valid UTF-8 (ASCII included): the fast path."""
    text = _strict(data, "utf-8")
    return (text, "utf-8") if text is not None else None


def _check_text(text: str) -> None:
    """Raise UndecodableError when decoded ``text`` is mostly control characters."""
    controls = len(_CONTROL_RE.findall(text))
    if controls > MAX_CONTROL_SHARE * len(text):
        raise UndecodableError(f"not text: {controls / len(text):.0%} control characters")


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode a report's bytes, repair mojibake, and say what was done.

    ``declared`` is the encoding the container claims (an HTML meta charset),
    used when it decodes the bytes cleanly.  Raises UndecodableError (one
    line) for empty input and for bytes that are not text.
    """
    if not data:
        raise UndecodableError("empty file")
    found = _detect(data, declared)
    if not found.text:
        raise UndecodableError("empty file: only a byte-order mark")
    steps = (Step("bom_removed", 1, found.encoding),) if found.bom else ()
    fixed, repair_steps, repair_warnings = fix_mojibake(found.text)
    # after the repair: UTF-8 read as cp1252 leaves C1 controls (bytes 0x81,
    # 0x8d, 0x8f, 0x90, 0x9d have no cp1252 character) that the repair restores
    _check_text(fixed)
    return Decoded(
        text=fixed,
        encoding=found.encoding,
        steps=(*steps, *repair_steps),
        warnings=(*found.warnings, *repair_warnings),
    )
