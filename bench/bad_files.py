"""A folder of generated reports of every format with 5% hostile files, and a check of a batch over it.

    python -m bench.bad_files DIR [--count 1000] [--seed 0]     # write the folder
    docstruct batch DIR -o OUT --max-seconds 20                  # run the batch
    python -m bench.bad_files --check DIR OUT                    # every good ok/partial, every bad failed?

The bad files: random bytes (under .txt/.pdf/.docx/.html names), truncated PDFs, empty files, a zip that
is not a DOCX, a DOCX zip bomb, HTML nested 100,000 deep, and a text file big enough to keep the
pipeline past a 20 s limit.  DIR/bad_files.json lists them (JSON files are not documents to a batch).
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import zipfile
from collections import Counter
from pathlib import Path

BAD_SHARE = 0.05
FORMATS = ("txt", "html", "docx", "pdf")
KINDS = ("random", "truncated_pdf", "empty", "zip_not_docx", "docx_zip_bomb", "html_deep", "spin")
# a spinning file costs a worker the whole time limit: two are enough to show it
MAX_SPIN = 2
BOMB_BYTES = 512 * 1024 * 1024       # what the bomb's document.xml inflates to
DEEP = 100_000                       # nesting of the deep HTML
SPIN_BYTES = 30 * 1024 * 1024        # ~30 MB of report text: past 20 s on this machine (2 cores, shared)


def write_good(root: Path, count: int, seed: int) -> list[Path]:
    """``count`` generated reports spread over the four formats, in one subfolder per format."""
    from samplegen.formats import write_format_batch
    from samplegen.generate import write_batch

    written: list[Path] = []
    for i, fmt in enumerate(FORMATS):
        n = count // len(FORMATS) + (1 if i < count % len(FORMATS) else 0)
        folder = root / fmt
        written += write_batch(folder, n, seed) if fmt == "txt" else write_format_batch(folder, fmt, n, seed)
    return written


def _utf8(data: bytes) -> bool:
    """Plain UTF-8 without a BOM: repeating it gives one long report text, not a mix of encodings."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not data.startswith(b"\xef\xbb\xbf")


def _bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with z.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0"?><w:document><w:body><w:p><w:r><w:t>')
            chunk = b" " * (1 << 20)
            for _ in range(BOMB_BYTES >> 20):
                part.write(chunk)


def write_bad(root: Path, kind: str, index: int, rng: random.Random, good: list[Path]) -> Path:
    """One hostile file of a kind."""
    folder = root / "bad"
    folder.mkdir(parents=True, exist_ok=True)
    if kind == "random":
        path = folder / f"random_{index:03d}.{FORMATS[index % len(FORMATS)]}"
        path.write_bytes(rng.randbytes(rng.randint(1, 64 * 1024)))
    elif kind == "truncated_pdf":
        pdfs = [p for p in good if p.suffix == ".pdf"]
        data = rng.choice(pdfs).read_bytes()
        path = folder / f"truncated_{index:03d}.pdf"
        path.write_bytes(data[: rng.randint(1, len(data) - 1)])
    elif kind == "empty":
        path = folder / f"empty_{index:03d}.{FORMATS[index % len(FORMATS)]}"
        path.write_bytes(b"")
    elif kind == "zip_not_docx":
        path = folder / f"zip_{index:03d}.docx"
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("readme.txt", "a zip, but no word/document.xml")
    elif kind == "docx_zip_bomb":
        path = folder / f"bomb_{index:03d}.docx"
        _bomb(path)
    elif kind == "html_deep":
        path = folder / f"deep_{index:03d}.html"
        path.write_text("<html><body>" + "<div>" * DEEP + "x" + "</div>" * DEEP + "</body></html>")
    else:
        path = folder / f"spin_{index:03d}.txt"
        text = rng.choice([p for p in good if p.suffix == ".txt" and _utf8(p.read_bytes())]).read_bytes()
        big = (text * (SPIN_BYTES // len(text) + 1))[:SPIN_BYTES]
        path.write_bytes(big[: big.rfind(b"\n") + 1])  # whole lines: never a character cut in two
    return path


def make(root: Path, count: int, seed: int) -> dict[str, list[str]]:
    """Write the folder: count files in all, BAD_SHARE of them bad; returns and saves the manifest."""
    rng = random.Random(seed)
    n_bad = round(count * BAD_SHARE)
    good = write_good(root, count - n_bad, seed)
    kinds = [k for k in KINDS if k != "spin"]
    plan = ["spin"] * min(MAX_SPIN, n_bad) + [kinds[i % len(kinds)] for i in range(n_bad - min(MAX_SPIN, n_bad))]
    bad = {str(write_bad(root, kind, i, rng, good)): kind for i, kind in enumerate(plan)}
    manifest = {"good": [str(p) for p in good], "bad": sorted(bad), "kinds": [bad[p] for p in sorted(bad)]}
    (root / "bad_files.json").write_text(json.dumps(manifest, indent=1))
    return manifest


def check(root: Path, out: Path) -> int:
    """Print how the batch in ``out`` ended for the good and the bad files; 0 when as expected."""
    manifest = json.loads((root / "bad_files.json").read_text())
    conn = sqlite3.connect(f"file:{out / 'docstruct.sqlite'}?mode=ro", uri=True)
    rows = conn.execute("SELECT p.path, d.status, d.error_code, d.error FROM paths p "
                        "JOIN documents d ON d.sha256 = p.sha256").fetchall()
    by_path = {r[0]: r[1:] for r in rows}
    good = Counter(by_path.get(p, ("missing",))[0] for p in manifest["good"])
    bad = Counter(by_path.get(p, ("missing",))[0] for p in manifest["bad"])
    print(f"good files: {len(manifest['good'])}: {dict(sorted(good.items()))}")
    print(f"bad files:  {len(manifest['bad'])}: {dict(sorted(bad.items()))}")
    for path, kind in zip(manifest["bad"], manifest["kinds"], strict=True):
        status, code, error = by_path.get(path, ("missing", None, None))
        print(f"  {kind:14} {status:7} {code or '':11} {error or ''}"[:160])
    multi_line = sum(1 for r in rows if r[3] and "\n" in r[3])
    ok = good["failed"] + good["missing"] == 0 and bad["failed"] == len(manifest["bad"]) and not multi_line
    print("as expected" if ok else "NOT as expected")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    """Write the folder, or check a batch over it."""
    parser = argparse.ArgumentParser(prog="python -m bench.bad_files", description=__doc__.split("\n")[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("out", type=Path, nargs="?", help="with --check: the batch's output folder")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    if args.check:
        return check(args.dir, args.out)
    manifest = make(args.dir, args.count, args.seed)
    print(f"wrote {len(manifest['good'])} good and {len(manifest['bad'])} bad files in {args.dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
