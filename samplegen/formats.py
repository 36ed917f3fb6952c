"""Batches of generated reports in HTML, DOCX, PDF or markdown, each with its truth file.

`python -m samplegen OUTDIR --format pdf --count N` cycles through the
templates and the format's layouts, so the accuracy benchmark can be run per
format (issue: every format >= 99% of cells right).
"""

from __future__ import annotations

from pathlib import Path

from samplegen import labels
from samplegen.build import ReportSpec

# Layouts per format, as the renderers name them.  The PDF set leaves out the
# TrueType font (present only where a CJK TTF is installed) so a batch is the
# same on every machine.
FORMAT_LAYOUTS: dict[str, tuple[str, ...]] = {
    "html": ("html_table", "html_flat", "html_gbk_wrong_meta", "html_traditional"),
    "docx": ("tables", "flattened"),
    "md": ("md_converter", "md_ocr"),
    "pdf": ("pdf_ruled_cid", "pdf_unruled_cid", "pdf_ruled_cid_broken_tounicode", "pdf_ruled_cid_form_without_bbox"),
}


# Layouts a batch makes only when asked for by name (--layout), never in the default cycle:
# one-cell-per-line PDF tables, the input of pymupdf4llm in bench/converters.py (issue 12).
NAMED_LAYOUTS: dict[str, tuple[str, ...]] = {"pdf": ("pdf_flat_cid",)}


def _write_one(fmt: str, layout: str, spec: ReportSpec, stem: str, outdir: Path) -> Path:
    if fmt == "html":
        from samplegen.render_html import generate_html

        return generate_html(spec, stem, layout).write(outdir)[0]
    if fmt == "md":
        from samplegen.render_markdown import generate_markdown

        return generate_markdown(spec, stem, layout).write(outdir)[0]
    if fmt == "docx":
        from samplegen.render_docx import generate_docx

        return generate_docx(spec, layout, stem).write(outdir)
    from samplegen.render_pdf import generate_pdf_sample

    return generate_pdf_sample(spec, layout, stem, outdir)[0]


def write_format_batch(outdir: Path, fmt: str, count: int, seed: int, layout: str | None = None) -> list[Path]:
    """Write ``count`` reports in ``fmt`` (only ``layout`` if given); names like f001_2021_pdf_ruled_cid."""
    layouts = (layout,) if layout else FORMAT_LAYOUTS[fmt]
    known = FORMAT_LAYOUTS[fmt] + NAMED_LAYOUTS.get(fmt, ())
    if not set(layouts) <= set(known):
        raise ValueError(f"format {fmt} has no layout {layout}; it has {', '.join(known)}")
    written = []
    for index in range(count):
        template = labels.TEMPLATES[index % len(labels.TEMPLATES)]
        layout = layouts[(index // len(labels.TEMPLATES)) % len(layouts)]
        # the text layout only shapes the model's blank cells; cell_per_line keeps them visible
        spec = ReportSpec(
            template,
            "cell_per_line",
            "utf-8",
            f"{fmt}:{seed}:{index}",
            meta_variants=True,
            html=fmt == "html",
            facts=True,
        )
        stem = f"f{index + 1:03d}_{template}_{layout.removeprefix(fmt + '_')}"
        written.append(_write_one(fmt, layout, spec, stem, outdir))
    return written
