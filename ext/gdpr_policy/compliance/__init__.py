"""Compliance checks: GDPR Art. 13/14 completeness and internal consistency."""

from __future__ import annotations

from sphinx.application import Sphinx


def setup_compliance(app: Sphinx) -> None:
    """Register the checks (filled in by the compliance work)."""
