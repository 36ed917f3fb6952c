"""samplegen: synthetic 政府信息公开工作年度报告 with truth files.

The independent "other side" of the extractor: it keeps its own template
labels (samplegen.labels) and imports nothing from extract/ or normalize/.
A report is first built as a content model (samplegen.model.Report), then
rendered by a layout (samplegen.render_text, samplegen.render_glued), then
encoded (samplegen.encode); the truth file is derived from the model.

Modules of the package import each other by their full names (``import samplegen.labels as
labels``), never through this file, which re-exports the public names (issue 16: the
modules imported ``samplegen`` while this file was importing them).
"""

from samplegen.build import LAYOUTS, ReportSpec, build_report
from samplegen.encode import ENCODINGS, decode_file
from samplegen.generate import batch_specs, generate, render, write_batch
from samplegen.labels import TEMPLATES
from samplegen.model import (
    Cell,
    EncodedText,
    GluedRun,
    HeaderCell,
    Metadata,
    RenderedText,
    Report,
    Section,
    StatedValue,
    Table,
    TableRow,
)
from samplegen.samples import SAMPLES, write_samples
from samplegen.truth import GeneratedFile

__all__ = [
    "ENCODINGS",
    "LAYOUTS",
    "SAMPLES",
    "TEMPLATES",
    "Cell",
    "EncodedText",
    "GeneratedFile",
    "GluedRun",
    "HeaderCell",
    "Metadata",
    "RenderedText",
    "Report",
    "ReportSpec",
    "Section",
    "StatedValue",
    "Table",
    "TableRow",
    "batch_specs",
    "build_report",
    "decode_file",
    "generate",
    "render",
    "write_batch",
    "write_samples",
]
