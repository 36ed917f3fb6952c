"""normalize_text: the whole normalisation chain, with one origin map.

The order is chosen so that a second run changes nothing:

1. fix_unicode_forms (NFKC and radicals) first, so every later step sees one
   canonical form: full-width letters and parentheses, compatibility
   ideographs and Kangxi radicals would otherwise turn into annotations or
   traditional characters only after the steps that handle those had run.
2. fix_pinyin_annotations before t2s, because t2s converts phrases and a
   stray ``(qián)`` inside one changes the result (``乾(qián)隆`` -> ``干隆``).
3. fix_traditional.
4. fix_whitespace last, since NFKC and annotation removal both leave spaces
   (U+3000 becomes a space; a removed annotation can leave two spaces
   side by side).
"""

from __future__ import annotations

from collections.abc import Callable

from docstruct.normalize.model import Edit, Normalized, Step
from docstruct.normalize.origin import compose_origin, identity_origin
from docstruct.normalize.pinyin import drop_pinyin_annotations
from docstruct.normalize.traditional import traditional_to_simplified
from docstruct.normalize.unicode_forms import fold_unicode_forms
from docstruct.normalize.whitespace import tidy_whitespace

# The fix_* functions in this order, in the form that leaves an identity map out (None).
CHAIN: tuple[Callable[[str], Edit], ...] = (
    fold_unicode_forms,
    drop_pinyin_annotations,
    traditional_to_simplified,
    tidy_whitespace,
)


def normalize_text(text: str) -> Normalized:
    """Run the normalisation chain; map every output char to its input index.

    ``'\\n'`` characters are preserved exactly (same count, same order), so
    line k of the result comes from line k of ``text``.
    """
    origin: tuple[int, ...] | None = None  # None: still the identity
    steps: list[Step] = []
    increasing = True  # a composition of strictly increasing maps is one
    for fix in CHAIN:
        fixed = fix(text)
        if fixed.text == text:
            continue
        steps.extend(fixed.steps)
        if fixed.origin is not None:  # None: this step kept every character in place
            origin = fixed.origin if origin is None else compose_origin(origin, fixed.origin)
            increasing = increasing and fixed.deletes_only
        text = fixed.text
    origin = origin if origin is not None else identity_origin(len(text))
    return Normalized(text, origin, tuple(steps), increasing=increasing)
