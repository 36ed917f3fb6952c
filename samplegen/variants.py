"""Label variants real reports print instead of the template's exact labels.

A LabelStyle is drawn once per report and applied to every table label,
sub-heading and header cell (never to the six section headings).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

NUMBERING = {"dot": ".", "dunhao": "、", "dot_space": ". "}


@dataclass(frozen=True)
class LabelStyle:
    """Which label variants a report uses."""

    halfwidth_parens: bool = False
    numbering: str = "dot"
    label_space: bool = False
    typo_prohibited: bool = False
    normative_short: bool = False
    other_short: bool = False
    comma_halfwidth: bool = False
    subheading_spaces: bool = False

    def names(self) -> list[str]:
        """Variant names for the truth file's variants list."""
        out = [
            name
            for name, on in (
                ("halfwidth_parens", self.halfwidth_parens),
                ("label_space", self.label_space),
                ("typo_其他法律行政止公开", self.typo_prohibited),
                ("规范性文件_for_行政规范性文件", self.normative_short),
                ("other_short_(六) 其他", self.other_short),
                ("comma_halfwidth", self.comma_halfwidth),
                ("subheading_spaces", self.subheading_spaces),
            )
            if on
        ]
        if self.numbering != "dot":
            out.append(f"numbering_{self.numbering}")
        return out


def draw_style(rng: random.Random, template_2021_table: bool) -> LabelStyle:
    """Draw a label style; most reports keep most labels exact."""
    return LabelStyle(
        halfwidth_parens=rng.random() < 0.3,
        numbering=rng.choices(list(NUMBERING), weights=[6, 2, 1])[0],
        label_space=rng.random() < 0.15,
        typo_prohibited=rng.random() < 0.08,
        normative_short=template_2021_table and rng.random() < 0.2,
        other_short=rng.random() < 0.1,
        comma_halfwidth=rng.random() < 0.15,
        subheading_spaces=rng.random() < 0.2,
    )


_ITEM = re.compile(r"^(\d)\.")


def style_label(text: str, style: LabelStyle) -> str:
    """A table label (row label or sub-heading) as this report prints it."""
    if style.typo_prohibited:
        text = text.replace("其他法律行政法规禁止公开", "其他法律行政止公开")
    if style.normative_short and text == "行政规范性文件":
        text = "规范性文件"
    if style.other_short and text == "（六）其他处理":
        text = "(六) 其他"
    if style.comma_halfwidth and len(text) > 12:
        text = text.replace("，", ",")
    if style.subheading_spaces and text.startswith("第二十条"):
        text = text.replace("第二十条", "第二十条  ")
    text = _ITEM.sub(lambda m: m.group(1) + NUMBERING[style.numbering], text)
    if style.halfwidth_parens:
        text = text.replace("（", "(").replace("）", ")")
    return text


def style_header(text: str, style: LabelStyle) -> str:
    """A column heading as this report prints it."""
    if style.label_space and text.startswith("本年新"):
        return "本年新 " + text[3:]
    if style.halfwidth_parens:
        return text.replace("（", "(").replace("）", ")")
    return text
