"""Renders a record beside its source: the debug HTML page and the terminal view.

Knows the record and the source blocks (``docstruct.extract.view_data``), and
nothing about HTTP; ``docstruct show`` and the service both use it.
"""

from docstruct.view.data import ViewInput, view_input, view_payload
from docstruct.view.page import render_page

__all__ = ["ViewInput", "render_page", "view_input", "view_payload"]
