"""Printing: the PDF of the policy (singlehtml rendered by WeasyPrint)."""

from __future__ import annotations

from sphinx.application import Sphinx


def setup_printing(app: Sphinx) -> None:
    """Register what the print route needs (filled in by the PDF work)."""
