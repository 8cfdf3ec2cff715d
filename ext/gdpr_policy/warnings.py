"""Every warning the extension emits: one ``policy.<subtype>`` each, so users can find it
and ``suppress_warnings`` can select it."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from enum import Enum
from typing import Any

from sphinx.util import logging

logger = logging.getLogger("gdpr_policy")


class PolicyWarning(Enum):
    # authoring errors: the Markdown is wrong; the strict build fails on them
    UNKNOWN_OPTION = "unknown_option"
    DUPLICATE_OPTION = "duplicate_option"
    MISSING_OPTION = "missing_option"
    MISPLACED_OPTION = "misplaced_option"
    INVALID_VALUE = "invalid_value"
    UNKNOWN_KEY = "unknown_key"
    DUPLICATE = "duplicate"
    EMPTY = "empty"
    NESTING = "nesting"
    UNCLOSED = "unclosed"
    UNKNOWN_TERM = "unknown_term"
    SELF_REFERENCE = "self_reference"
    HEADING_REFERENCE = "heading_reference"
    UNKNOWN_REFERENCE = "unknown_reference"
    UNKNOWN_DIRECTIVE = "unknown_directive"
    UNKNOWN_ROLE = "unknown_role"
    DURATION = "duration"
    UNKNOWN_FACT = "unknown_fact"
    ENCODING = "encoding"
    INVALID_KEY = "invalid_key"
    INVALID_NAME = "invalid_name"
    FRONT_MATTER = "front_matter"
    EXTERNAL_RESOURCE = "external-resource"


#: Longest value quoted back in a message; a pasted paragraph is cut with "…".
QUOTE_LIMIT = 60


def quoted(value: str) -> str:
    """``value`` as a message quotes it: repr-style, on one line, at most QUOTE_LIMIT."""
    value = " ".join(str(value).split())
    if len(value) > QUOTE_LIMIT:
        value = value[:QUOTE_LIMIT - 1] + "…"
    return repr(value)


def _folded(value: str) -> str:
    """Lower case without accents, so 'accès' is close to 'access'."""
    decomposed = unicodedata.normalize("NFKD", value.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def closest(value: str, allowed: Iterable[str]) -> list[str]:
    """The allowed values a typo most likely meant, best first."""
    folded: dict[str, str] = {}
    for a in allowed:
        folded.setdefault(_folded(a), a)
    hits = difflib.get_close_matches(_folded(value)[:200], list(folded), n=3, cutoff=0.6)
    return [folded[h] for h in hits]


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
