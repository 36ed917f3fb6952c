"""The scanned truth set: samplegen PDFs printed to page images, as a scanner would, with their truth.

    python -m samplegen /tmp/pdf --format pdf --count 24
    python -m bench.scans make /tmp/pdf /tmp/scan200 --dpi 200 --count 12
    python -m bench.scans make /tmp/pdf /tmp/scan150n --dpi 150 --noisy --count 12
    python -m bench.scans score /tmp/scan200 /tmp/scan150n --cache /tmp/ocr-cache
    python -m bench.scans capture /tmp/scan200/f001_2019_ruled_cid.pdf tests/fixtures/ocr/ruled --cache /tmp/ocr-cache

``make`` renders every page of the first COUNT PDFs with pdfium (samplegen's
PDFs do not embed their CJK font: pdfium gets the bench's own font folder,
bench/scan_fonts.py, never a machine font), and writes one image-only PDF per
report (a JPEG per page, as scanners save) beside a copy of its truth file.
``--noisy`` makes it a poor scan: turned by up to 1.5 degrees, grey paper with
speckle, JPEG quality 45-75; each report's noise comes from its name, so the
set is the same on every run.  ``score`` runs bench.accuracy on the folders;
``--cache`` keeps each page's OCR boxes (keyed by the image's bytes), so a
rerun after a layout change costs no OCR.  ``capture`` writes a scanned PDF's
pages as box fixtures (the engine's boxes and the image's rules) for the tests
that rebuild grids without the engine.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.scan_fonts import DEFAULT_FONT_DIR, use_font_folder

CLEAN_QUALITY = 92
NOISY_QUALITY = (45, 75)
NOISY_DEGREES = 1.5
PAPER_GREY = (200, 235)
SPECKLE = 12.0
SCORE_SECONDS = 3600.0


def _noisy(image: Any, rng: random.Random) -> Any:
    import numpy as np
    from PIL import Image

    angle = rng.uniform(-NOISY_DEGREES, NOISY_DEGREES)
    turned = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    pixels = np.asarray(turned, dtype=np.float32)
    paper = rng.uniform(*PAPER_GREY)
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0.0, SPECKLE, pixels.shape)
    grey = pixels * (paper / 255.0) + noise
    return Image.fromarray(np.clip(grey, 0, 255).astype(np.uint8), mode="L")


def scan_pdf(pdf_path: Path, dpi: float, noisy: bool) -> bytes:
    """The PDF's pages as page images in an image-only PDF (what a scanner saves)."""
    import pypdfium2 as pdfium

    rng = random.Random(f"{pdf_path.name}:{dpi}:{noisy}")
    pdf = pdfium.PdfDocument(str(pdf_path))
    images = []
    try:
        for page in pdf:
            image = page.render(scale=dpi / 72.0, grayscale=True).to_pil().convert("L")
            images.append(_noisy(image, rng) if noisy else image)
            page.close()
    finally:
        pdf.close()
    quality = rng.randint(*NOISY_QUALITY) if noisy else CLEAN_QUALITY
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=dpi, quality=quality)
    return out.getvalue()


def make(src: Path, dest: Path, dpi: float, noisy: bool, count: int, fonts: Path) -> int:
    """Write COUNT scanned reports and their truth into dest; the number written."""
    font = use_font_folder(fonts)
    dest.mkdir(parents=True, exist_ok=True)
    pdfs = [p for p in sorted(src.glob("*.pdf")) if p.with_suffix(".truth.json").is_file()][:count]
    for pdf in pdfs:
        (dest / pdf.name).write_bytes(scan_pdf(pdf, dpi, noisy))
        truth = json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))
        truth["variants"] = [f"scan_{int(dpi)}{'_noisy' if noisy else ''}", *truth.get("variants", [])]
        (dest / pdf.with_suffix(".truth.json").name).write_text(json.dumps(truth, ensure_ascii=False, indent=1),
                                                                encoding="utf-8")
    print(f"{len(pdfs)} scans at {dpi:g} dpi{' (noisy)' if noisy else ''} in {dest} (font {font})")
    return len(pdfs)


def cached(cache: Path) -> Callable[..., Any]:
    """engine.ocr_image with each page's result kept in cache (keyed by the image bytes and dpi)."""
    from docstruct.extract.readers.ocr import engine
    from docstruct.extract.readers.ocr.boxes import page_from_json, page_to_json

    real = engine.ocr_image
    cache.mkdir(parents=True, exist_ok=True)

    def ocr_image(image: Any, dpi: float, angle: float = 0.0) -> Any:
        key = hashlib.sha256(image.tobytes() + repr((image.shape, dpi, angle, engine.SETTINGS)).encode()).hexdigest()
        path = cache / f"{key}.json"
        if path.is_file():
            return page_from_json(json.loads(path.read_text(encoding="utf-8")))
        page = real(image, dpi, angle)
        path.write_text(json.dumps(page_to_json(page), ensure_ascii=False), encoding="utf-8")
        return page

    engine.ocr_image = ocr_image
    return ocr_image


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 1)
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def capture(pdf: Path, dest: Path) -> list[Path]:
    """Each OCRed page of pdf as a box fixture (OCR boxes and image rules, JSON) named dest.pN.json."""
    from docstruct.extract.options import ReadOptions
    from docstruct.extract.readers.ocr import pages
    from docstruct.extract.readers.pdf.reader import read_pdf

    real = pages.read_image_page
    written: list[Path] = []

    def keep(grey: Any, dpi: float) -> Any:
        page = real(grey, dpi)
        out = dest.with_name(f"{dest.name}.p{len(written) + 1}.json")
        fixture = _rounded(pages.page_fixture(page))
        out.write_text(json.dumps(fixture, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
        written.append(out)
        return page

    pages.read_image_page = keep
    try:
        read_pdf(pdf.read_bytes(), ReadOptions(path=pdf.name))
    finally:
        pages.read_image_page = real
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    mk = sub.add_parser("make", help="render samplegen PDFs to scans with truth")
    mk.add_argument("src", type=Path)
    mk.add_argument("dest", type=Path)
    mk.add_argument("--dpi", type=float, default=200.0)
    mk.add_argument("--noisy", action="store_true")
    mk.add_argument("--count", type=int, default=12)
    mk.add_argument("--fonts", type=Path, default=DEFAULT_FONT_DIR, help="an unpacked fonts-arphic-uming .deb")
    sc = sub.add_parser("score", help="bench.accuracy on scan folders")
    sc.add_argument("dirs", nargs="+", type=Path)
    sc.add_argument("--cache", type=Path, help="keep OCR boxes here between runs")
    sc.add_argument("--quiet", action="store_true")
    cp = sub.add_parser("capture", help="a scanned PDF's pages as box fixtures (tests/fixtures/ocr)")
    cp.add_argument("pdf", type=Path)
    cp.add_argument("dest", type=Path, help="fixture path prefix: DEST.p1.json, DEST.p2.json...")
    cp.add_argument("--cache", type=Path)
    args = ap.parse_args(argv)
    if args.command == "capture":
        if args.cache:
            cached(args.cache)
        print("\n".join(map(str, capture(args.pdf, args.dest))))
        return 0
    if args.command == "make":
        if args.dest.exists() and not args.dest.is_dir():
            raise SystemExit(f"{args.dest} is not a folder")
        make(args.src, args.dest, args.dpi, args.noisy, args.count, args.fonts)
        return 0
    from bench import accuracy
    from docstruct.extract import extract_file
    from docstruct.extract.options import ReadOptions

    if args.cache:
        cached(args.cache)
    # OCR takes seconds a page (minutes on a loaded machine): the bench measures reading, not the time limit
    def patient(path: str | Path, options: ReadOptions | None = None, timings: Any = None) -> Any:
        return extract_file(path, ReadOptions(path=str(path), max_seconds=SCORE_SECONDS), timings)

    setattr(accuracy, "extract_file", patient)  # noqa: B010 (bench.accuracy reads with the default 60 s)
    return accuracy.main([*map(str, args.dirs), *(["--quiet"] if args.quiet else [])])


if __name__ == "__main__":
    raise SystemExit(main())
