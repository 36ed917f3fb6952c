"""The curated handful written by `python -m samplegen --samples samples/`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from samplegen.build import ReportSpec
from samplegen.generate import generate


@dataclass(frozen=True)
class Sample:
    """A curated sample: its name, what it is made of, what it exercises."""

    stem: str
    spec: ReportSpec
    exercises: str


SAMPLES: tuple[Sample, ...] = (
    Sample(
        "gen01_2019_seedlike_tradpinyin",
        ReportSpec("2019", "cell_per_line_blank", "traditional_pinyin", "sample:1", error=False),
        "the seed's shape: one cell per line with blank lines, stray spaces, traditional "
        "characters with pinyin annotations (事務(wù)局)",
    ),
    Sample(
        "gen02_2021_glued_crawler",
        ReportSpec("2021", "glued", "utf-8", "sample:2", error=False, states=True),
        "crawler text: whole report on a few lines, glued cells, site chrome; the narrative "
        "states table 二 numbers that settle the glued digits",
    ),
    Sample(
        "gen03_2019_partially_spaced_error",
        ReportSpec("2019", "partially_spaced", "utf-8", "sample:3", error=True),
        "glued cells with sporadic spaces (`230 000023`) and a deliberate source error listed in checks_failed",
    ),
    Sample(
        "gen04_hybrid_pipe_rows_gb18030",
        ReportSpec("hybrid", "pipe_rows", "gb18030", "sample:4"),
        "hybrid template (2021 table 二, single 2019 （六）其他处理 row); one row per line with ` | `; GB18030 bytes",
    ),
    Sample(
        "gen05_2021_pipe_cells_utf16",
        ReportSpec("2021", "pipe_cells", "utf-16", "sample:5"),
        "one cell per line with `|` terminators and `||`/`|||` spacers; UTF-16 with BOM",
    ),
    Sample(
        "gen06_2021_cell_per_line_big5",
        ReportSpec("2021", "cell_per_line", "big5", "sample:6", error=True),
        "traditional text in Big5; one cell per line without blank lines; a source error",
    ),
    Sample(
        "gen07_2019_mojibake_gbk",
        ReportSpec("2019", "cell_per_line_blank", "mojibake_gbk_latin1", "sample:7"),
        "GB18030 bytes read as latin-1 and saved as UTF-8 (reversible mojibake)",
    ),
    Sample(
        "gen08_2021_partially_spaced_utf16le",
        ReportSpec("2021", "partially_spaced", "utf-16-le", "sample:8", states=False),
        "partially spaced crawler text in UTF-16LE without BOM; table 二 left to the "
        "digits alone (see the truth's ambiguous list)",
    ),
    Sample(
        "gen09_hybrid_mojibake_cp1252",
        ReportSpec("hybrid", "pipe_rows", "mojibake_utf8_cp1252", "sample:9"),
        "UTF-8 bytes read as cp1252 and saved as UTF-8; hybrid template",
    ),
    Sample(
        "gen18_2021_narrative_facts",
        ReportSpec("2021", "cell_per_line_blank", "utf-8", "sample:18", error=False, facts=True),
        "varied narrative figures (visits, new media, press conferences, trainings, fees, another year's "
        "applications, 其中 sub-counts, percentages, ranges) listed in the truth's facts",
    ),
    Sample(
        "gen19_2019_narrative_facts_glued",
        ReportSpec("2019", "glued", "utf-8", "sample:19", facts=True),
        "crawler text with varied narrative figures: facts found in run-on text, never in the glued tables",
    ),
)

@dataclass(frozen=True)
class FormatSample:
    """A curated sample in another format: HTML, DOCX, PDF or markdown, rendered from the same model."""

    stem: str
    fmt: str
    layout: str
    spec: ReportSpec
    exercises: str


FORMAT_SAMPLES: tuple[FormatSample, ...] = (
    FormatSample(
        "gen10_2019_html_table", "html", "html_table",
        ReportSpec("2019", "cell_per_line", "utf-8", "sample:10"),
        "an HTML page with real <table>s: rowspan/colspan like the national template, site chrome",
    ),
    FormatSample(
        "gen11_2021_html_gbk_wrong_meta", "html", "html_gbk_wrong_meta",
        ReportSpec("2021", "cell_per_line", "utf-8", "sample:11"),
        "GBK bytes behind a meta charset that says utf-8",
    ),
    FormatSample(
        "gen12_hybrid_html_flat", "html", "html_flat",
        ReportSpec("hybrid", "cell_per_line", "utf-8", "sample:12"),
        "every table cell its own <p>: the flattened-table rebuild on HTML",
    ),
    FormatSample(
        "gen13_2021_docx_tables", "docx", "tables",
        ReportSpec("2021", "cell_per_line", "utf-8", "sample:13"),
        "DOCX tables with gridSpan/vMerge merges; header, footer and comment text to ignore",
    ),
    FormatSample(
        "gen14_2019_docx_flattened", "docx", "flattened",
        ReportSpec("2019", "cell_per_line", "utf-8", "sample:14", error=True),
        "DOCX with one table cell per paragraph and a deliberate source error",
    ),
    FormatSample(
        "gen15_2021_pdf_ruled", "pdf", "pdf_ruled_cid",
        ReportSpec("2021", "cell_per_line", "utf-8", "sample:15"),
        "a ruled-table PDF in the CID font STSong-Light: merged cells, a table continued on the "
        "next page without its header, page footers",
    ),
    FormatSample(
        "gen16_2019_pdf_unruled", "pdf", "pdf_unruled_cid",
        ReportSpec("2019", "cell_per_line", "utf-8", "sample:16d"),
        "a PDF with no rules: text-only tables through the flattened-table rebuild",
    ),
    FormatSample(
        "gen20_2021_html_narrative_facts", "html", "html_table",
        ReportSpec("2021", "cell_per_line", "utf-8", "sample:20", facts=True),
        "an HTML page with varied narrative figures beside real <table>s",
    ),
    FormatSample(
        "gen17_hybrid_pdf_broken_tounicode", "pdf", "pdf_ruled_cid_broken_tounicode",
        ReportSpec("hybrid", "cell_per_line", "utf-8", "sample:17"),
        "a PDF whose ToUnicode map maps nothing: pdfplumber sees only (cid:N); the reader's text comes from pdfium",
    ),
    FormatSample(
        "gen21_2021_md_converter", "md", "md_converter",
        ReportSpec("2021", "cell_per_line", "utf-8", "sample:22"),
        "a PDF converted to markdown: table 三 cut at page breaks into labels tables and numbers tables, "
        "wrapped labels, a cut vertical group label, page footers, the report's own outline before the "
        "template's sections, annotated and collapsed table-二 cells",
    ),
    FormatSample(
        "gen22_hybrid_md_mineru_html_error", "md", "md_converter",
        ReportSpec("hybrid", "cell_per_line", "utf-8", "sample:21", error=True),
        "MinerU-style markdown: every table as <table> markup inside the markdown, cut at page breaks; "
        "hybrid template and a deliberate source error",
    ),
    FormatSample(
        "gen23_2019_md_ocr", "md", "md_ocr",
        ReportSpec("2019", "cell_per_line", "utf-8", "sample:20"),
        "an OCR transcription typed as markdown: each table-三 row its own table under placeholder headers, "
        "(六) 其他 renamed, a bogus header over the last rows, OCR confusions in labels (予/子, 已/己)",
    ),
)


def _write_format(sample: FormatSample, outdir: Path) -> tuple[Path, dict[str, object]]:
    if sample.fmt == "html":
        from samplegen.render_html import generate_html

        page = generate_html(sample.spec, sample.stem, sample.layout)
        return page.write(outdir)[0], json.loads(page.truth)
    if sample.fmt == "docx":
        from samplegen.render_docx import generate_docx

        doc = generate_docx(sample.spec, sample.layout, sample.stem)
        return doc.write(outdir), json.loads(doc.truth)
    if sample.fmt == "md":
        from samplegen.render_markdown import generate_markdown

        made = generate_markdown(sample.spec, sample.stem, sample.layout)
        return made.write(outdir)[0], json.loads(made.truth)
    from samplegen.render_pdf import generate_pdf_sample

    return generate_pdf_sample(sample.spec, sample.layout, sample.stem, outdir)


README_HEAD = """# Generated sample reports

These files were generated by `python -m samplegen --samples samples/` (the
project's own generator, samplegen/); rerunning that command rewrites them
byte for byte. Each sample (`.txt`, `.html`, `.docx`, `.pdf`, `.md`) has a truth file `NAME.truth.json` in the
format of the shared seed-expected.json, plus `layout`, `encoding`,
`variants`, `ambiguous` and `notes` saying what the generator did. They are
made-up agencies and numbers, not real reports.

| file | template | layout | encoding | checks failing | what it exercises |
| --- | --- | --- | --- | --- | --- |
"""


def _row(name: str, spec: ReportSpec, layout: str, encoding: str, truth: dict[str, object], exercises: str) -> str:
    failed = truth.get("checks_failed") or []
    assert isinstance(failed, list)
    return (
        f"| {name} | {spec.template} | {layout} | {encoding} "
        f"| {len(failed)} | {exercises.replace('|', chr(92) + '|')} |\n"
    )


def write_samples(outdir: Path) -> list[Path]:
    """Write every curated sample, its truth, and README.md into outdir."""
    rows: list[str] = []
    written: list[Path] = []
    for sample in SAMPLES:
        generated = generate(sample.spec, sample.stem)
        written.append(generated.write(outdir)[0])
        spec = sample.spec
        truth = json.loads(generated.truth)
        rows.append(_row(f"{sample.stem}.txt", spec, spec.layout, spec.encoding, truth, sample.exercises))
    for fs in FORMAT_SAMPLES:
        path, truth = _write_format(fs, outdir)
        written.append(path)
        rows.append(_row(path.name, fs.spec, fs.layout, str(truth.get("encoding") or fs.fmt), truth, fs.exercises))
    readme = outdir / "README.md"
    readme.write_text(README_HEAD + "".join(rows), encoding="utf-8")
    return written
