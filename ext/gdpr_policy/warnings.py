"""Every warning the extension emits: one ``policy.<subtype>`` each, so users can find it
and ``suppress_warnings`` can select it."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from enum import Enum
from typing import Any

from sphinx.util import logging

logger = logging.getLogger("gdpr_policy")


class PolicyWarning(Enum):
    # authoring errors: the Markdown is wrong; the strict build fails on them
    UNKNOWN_OPTION = "unknown_option"
    MISSING_OPTION = "missing_option"
    INVALID_VALUE = "invalid_value"
    UNKNOWN_KEY = "unknown_key"
    DUPLICATE = "duplicate"
    EMPTY = "empty"
    NESTING = "nesting"
    UNKNOWN_TERM = "unknown_term"
    UNKNOWN_REFERENCE = "unknown_reference"
    DURATION = "duration"
    CONFIG = "config"
    UNKNOWN_FACT = "unknown_fact"


def closest(value: str, allowed: Iterable[str]) -> list[str]:
    """The allowed values a typo most likely meant, best first."""
    allowed = list(allowed)
    lowered = {a.lower(): a for a in allowed}
    hits = difflib.get_close_matches(value.lower(), list(lowered), n=3, cutoff=0.6)
    return [lowered[h] for h in hits]


def allowed_text(value: str, allowed: Iterable[str]) -> str:
    """"did you mean 'x'? Valid: a, b, c" — the tail of every unknown-key message."""
    allowed = sorted(allowed)
    near = closest(value, allowed)
    hint = f"did you mean {near[0]!r}? " if near else ""
    valid = ", ".join(allowed) if allowed else "(none declared)"
    return f"{hint}Valid: {valid}"


def warn(kind: PolicyWarning, message: str, location: Any) -> None:
    """Emit one located warning ``policy.<kind>``.

    ``location`` is a node with source info or a ``(docname, lineno)`` pair.
    """
    logger.warning(message, location=location, type="policy", subtype=kind.value)
