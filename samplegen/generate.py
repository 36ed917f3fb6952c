"""Spec → report → text → bytes + truth; and the batch of N files."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import samplegen.labels as labels
from samplegen.build import GLUED_LAYOUTS, LAYOUTS, ReportSpec, build_report
from samplegen.checks import failed_rules
from samplegen.encode import ENCODINGS, SHORT_NAMES, encode_text
from samplegen.model import RenderedText, Report
from samplegen.render_glued import render_glued, render_partially_spaced
from samplegen.render_text import RENDERERS
from samplegen.splits import Ambiguity, find_ambiguous
from samplegen.truth import GeneratedFile, build_truth, truth_json, truth_tables

Renderer = Callable[[Report, random.Random], RenderedText]

ALL_RENDERERS: dict[str, Renderer] = {
    **RENDERERS,
    "glued": render_glued,
    "partially_spaced": render_partially_spaced,
}


def render(report: Report, layout: str, seed: str) -> RenderedText:
    """Render a report in a text layout (own random stream per stage)."""
    return ALL_RENDERERS[layout](report, random.Random(f"render:{seed}"))


def generate(spec: ReportSpec, stem: str) -> GeneratedFile:
    """Build, render, encode and describe one report."""
    report = build_report(spec)
    rendered = render(report, spec.layout, spec.seed)
    encoded = encode_text(rendered.text, spec.encoding, random.Random(f"encode:{spec.seed}"))
    ambiguity = Ambiguity((), ())
    if spec.layout in GLUED_LAYOUTS:
        failed = failed_rules(truth_tables(report)[0])
        ambiguity = find_ambiguous(report, list(rendered.runs), failed)
    truth = build_truth(report, rendered, encoded, f"{stem}.txt", ambiguity)
    return GeneratedFile(stem, encoded.data, truth_json(truth))


def combination(index: int) -> tuple[str, str, str]:
    """The index-th (template, layout, encoding) of the batch order.

    A bijection of 0..161 onto all 3×6×9 combinations, ordered so that every
    layout and every encoding appears within the first 24 and every template
    with every layout within the first 18.
    """
    pair, block = index % 54, (index // 54) % 3
    q, r = divmod(pair, len(LAYOUTS))
    layout = LAYOUTS[r]
    encoding = ENCODINGS[(q + r) % len(ENCODINGS)]
    template = labels.TEMPLATES[(q + block) % len(labels.TEMPLATES)]
    return template, layout, encoding


def batch_specs(count: int, seed: int) -> list[tuple[str, ReportSpec]]:
    """(stem, spec) of a batch: g001_2021_glued_utf8 …"""
    out: list[tuple[str, ReportSpec]] = []
    for index in range(count):
        template, layout, encoding = combination(index)
        stem = f"g{index + 1:03d}_{template}_{layout}_{SHORT_NAMES[encoding]}"
        out.append((stem, ReportSpec(template, layout, encoding, f"{seed}:{index}", meta_variants=True, facts=True)))
    return out


def write_batch(outdir: Path, count: int, seed: int) -> list[Path]:
    """Generate and write a batch; return the text files written."""
    written: list[Path] = []
    for stem, spec in batch_specs(count, seed):
        written.append(generate(spec, stem).write(outdir)[0])
    return written
