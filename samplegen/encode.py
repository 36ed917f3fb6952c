"""Turn rendered text into the bytes of a file, in one of several encodings.

Encodings (the truth's "encoding" field):
  utf-8, utf-8-sig (BOM), gb18030, big5 (traditional text only),
  utf-16 (little-endian with BOM), utf-16-le (no BOM),
  traditional_pinyin (traditional text with tone-marked pinyin annotations
  after some characters, as in the seed; utf-8),
  mojibake_gbk_latin1 (gb18030 bytes read as latin-1, saved as utf-8),
  mojibake_utf8_cp1252 (utf-8 bytes read as cp1252, saved as utf-8).
"""

from __future__ import annotations

import random
from functools import cache

import opencc

from samplegen.model import EncodedText

ENCODINGS: tuple[str, ...] = (
    "utf-8",
    "gb18030",
    "big5",
    "utf-16",
    "utf-16-le",
    "utf-8-sig",
    "traditional_pinyin",
    "mojibake_gbk_latin1",
    "mojibake_utf8_cp1252",
)
SHORT_NAMES: dict[str, str] = {
    "utf-8": "utf8",
    "gb18030": "gb18030",
    "big5": "big5",
    "utf-16": "utf16",
    "utf-16-le": "utf16le",
    "utf-8-sig": "utf8sig",
    "traditional_pinyin": "tradpinyin",
    "mojibake_gbk_latin1": "mojigbk",
    "mojibake_utf8_cp1252": "mojicp1252",
}
TRADITIONAL_ENCODINGS = ("big5", "traditional_pinyin")

# OpenCC's s2t picks forms Big5 lacks; these are the Big5 forms of the same words.
BIG5_FORMS = str.maketrans({"爲": "為", "麪": "麵", "僞": "偽", "啓": "啟", "綫": "線", "峯": "峰", "衆": "眾"})

# Tone-marked readings of common report characters (traditional forms), the
# way the seed annotates them: 事務(wù)局, 公開(kāi).
PINYIN: dict[str, str] = {
    "務": "wù",
    "開": "kāi",
    "報": "bào",
    "發": "fā",
    "時": "shí",
    "來": "lái",
    "級": "jí",
    "門": "mén",
    "實": "shí",
    "會": "huì",
    "進": "jìn",
    "強": "qiáng",
    "專": "zhuān",
    "項": "xiàng",
    "數": "shù",
    "據": "jù",
    "請": "qǐng",
    "轉": "zhuǎn",
    "結": "jié",
    "處": "chǔ",
    "總": "zǒng",
    "計": "jì",
    "規": "guī",
    "範": "fàn",
    "權": "quán",
    "況": "kuàng",
    "與": "yǔ",
    "機": "jī",
    "關": "guān",
    "應": "yìng",
    "網": "wǎng",
    "訪": "fǎng",
    "點": "diǎn",
    "議": "yì",
    "訟": "sòng",
    "糾": "jiū",
    "維": "wéi",
    "審": "shěn",
    "費": "fèi",
    "對": "duì",
    "資": "zī",
    "產": "chǎn",
    "營": "yíng",
    "衛": "wèi",
    "導": "dǎo",
    "將": "jiāng",
    "設": "shè",
    "運": "yùn",
    "傳": "chuán",
    "頁": "yè",
    "訊": "xùn",
    "預": "yù",
    "顯": "xiǎn",
    "讀": "dú",
}


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_traditional(text: str) -> str:
    """Simplified → traditional with OpenCC's s2t (phrase-aware)."""
    return str(_converter("s2t").convert(text))


def annotate_pinyin(rng: random.Random, text: str) -> tuple[str, int]:
    """Insert `(pīnyīn)` after characters of a per-report subset of PINYIN."""
    chosen = [ch for ch in PINYIN if rng.random() < 0.7]
    out: list[str] = []
    added = 0
    for ch in text:
        out.append(ch)
        if ch in chosen:
            out.append(f"({PINYIN[ch]})")
            added += 1
    return "".join(out), added


def sloppy_cp1252(data: bytes) -> str:
    """Decode as cp1252, mapping its five undefined bytes to U+0080–U+009F."""
    return "".join(bytes([b]).decode("cp1252") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b) for b in data)


def undo_sloppy_cp1252(text: str) -> bytes:
    """Inverse of sloppy_cp1252."""
    return b"".join(
        bytes([ord(ch)]) if ord(ch) in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else ch.encode("cp1252") for ch in text
    )


def encode_text(text: str, encoding: str, rng: random.Random) -> EncodedText:
    """Encode rendered (simplified) text as the named encoding."""
    variants: list[str] = []
    if encoding in ("utf-16", "utf-16-le", "gb18030") and rng.random() < 0.4:
        text = text.replace("\n", "\r\n")
        variants.append("crlf")
    if encoding == "big5":
        big5 = to_traditional(text).translate(BIG5_FORMS)
        return EncodedText(big5.encode("big5"), encoding, ("traditional",))
    if encoding == "traditional_pinyin":
        annotated, count = annotate_pinyin(rng, to_traditional(text))
        extra = (f"pinyin_annotations:{count}",)
        return EncodedText(annotated.encode("utf-8"), encoding, ("traditional", *extra))
    if encoding == "utf-16":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    elif encoding == "mojibake_gbk_latin1":
        data = text.encode("gb18030").decode("latin-1").encode("utf-8")
    elif encoding == "mojibake_utf8_cp1252":
        data = sloppy_cp1252(text.encode("utf-8")).encode("utf-8")
    else:
        data = text.encode(encoding)
    return EncodedText(data, encoding, tuple(variants))


def decode_file(data: bytes, encoding: str) -> str:
    """Decode a generated file's bytes back to its text (tests, debugging).

    Mojibake is reversed; traditional text stays traditional.
    """
    if encoding == "utf-16":
        return data[2:].decode("utf-16-le")
    if encoding == "traditional_pinyin":
        return data.decode("utf-8")
    if encoding == "mojibake_gbk_latin1":
        return data.decode("utf-8").encode("latin-1").decode("gb18030")
    if encoding == "mojibake_utf8_cp1252":
        return undo_sloppy_cp1252(data.decode("utf-8")).decode("utf-8")
    return data.decode(encoding)
