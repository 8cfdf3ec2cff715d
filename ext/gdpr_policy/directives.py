"""What every policy directive shares: option checking that reports with ``policy.*``
subtypes, the nesting rules, and the place (file, line, section) of a declaration."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from .domain import PolicyDomain
from .warnings import PolicyWarning, allowed_text, closest, warn


class _Unknown(str):
    """An option value whose name the directive does not know."""


class Options(dict[str, Callable[[str | None], Any]]):
    """An option spec that accepts any name, so the directive itself can report an unknown
    one as ``policy.unknown_option`` with the closest valid name (docutils and MyST would
    report it under their own types and drop it)."""

    def __missing__(self, name: str) -> Callable[[str | None], Any]:
        return lambda value: _Unknown(value or "")


def text(value: str | None) -> str:
    return " ".join((value or "").split())


def keys(value: str | None) -> tuple[str, ...]:
    """A comma-separated list of keys."""
    return tuple(k.strip() for k in (value or "").split(",") if k.strip())


def phrases(value: str | None) -> tuple[str, ...]:
    """A semicolon-separated list of phrases (they may contain commas)."""
    return tuple(" ".join(p.split()) for p in (value or "").split(";") if p.strip())


CONTEXT = "policy:enclosing"


class PolicyDirective(SphinxDirective):
    """Base of the policy directives.

    ``inside`` names the directive this one must be nested in; ``holds`` marks a directive
    whose content may hold those children.
    """

    has_content = True
    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    known_options: ClassVar[dict[str, Callable[[str | None], Any]]] = {}
    inside: ClassVar[str | None] = None
    required_options: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.option_spec = Options(cls.known_options)

    # -- reporting -----------------------------------------------------------------------

    @property
    def where(self) -> tuple[str, int]:
        return (self.env.current_document.docname, self.lineno)

    def warn(self, kind: PolicyWarning, message: str) -> None:
        warn(kind, f"{{{self.name}}}: {message}", self.where)

    @property
    def domain(self) -> PolicyDomain:
        return self.env.domains["policy"]  # type: ignore[return-value]

    def checked_options(self) -> dict[str, Any]:
        """The known options; each unknown one or missing required one is reported once."""
        options: dict[str, Any] = {}
        for name, value in self.options.items():
            if isinstance(value, _Unknown):
                self.warn(PolicyWarning.UNKNOWN_OPTION,
                          f"unknown option ':{name}:'; "
                          f"{allowed_text(name, self.known_options)}")
            else:
                options[name] = value
        for name in self.required_options:
            if not options.get(name):
                self.warn(PolicyWarning.MISSING_OPTION,
                          f"the option ':{name}:' is required and missing or empty")
        return options

    def argument(self, what: str) -> str:
        """The directive's argument, reported when missing."""
        if self.arguments and self.arguments[0].strip():
            return " ".join(self.arguments[0].split())
        self.warn(PolicyWarning.MISSING_OPTION,
                  f"give the {what} after the directive name, e.g. "
                  f"'{{{self.name}}} {self.example_argument}'")
        return ""

    example_argument: ClassVar[str] = "key"

    def check_key(self, kind: str, key: str, allowed: dict[str, Any]) -> bool:
        if key in allowed:
            return True
        self.warn(PolicyWarning.UNKNOWN_KEY,
                  f"unknown {kind} {key!r}; {allowed_text(key, allowed)}")
        return False

    def in_place(self) -> bool:
        """True when nested where it belongs; otherwise report it (the text is kept)."""
        enclosing = self.env.temp_data.get(CONTEXT)
        if self.inside is None or enclosing == self.inside:
            return True
        self.warn(PolicyWarning.NESTING,
                  f"belongs inside a {{{self.inside}}} block"
                  + (f", not inside {{{enclosing}}}" if enclosing else "")
                  + "; its text is shown as plain text here")
        return False

    def parse_children(self) -> list[nodes.Node]:
        """Parse the content as Markdown with this directive as the enclosing block."""
        previous = self.env.temp_data.get(CONTEXT)
        self.env.temp_data[CONTEXT] = self.name
        try:
            return self.parse_content_to_nodes()
        finally:
            if previous is None:
                self.env.temp_data.pop(CONTEXT, None)
            else:
                self.env.temp_data[CONTEXT] = previous

    def declared_here(self, kind: type, key: str) -> bool:
        """True (and reported) when this page already declares ``key`` of this kind."""
        docname = self.env.current_document.docname
        if any(isinstance(r, kind) and getattr(r, "key", None) == key
               for r in self.domain.records_of(docname)):
            self.warn(PolicyWarning.DUPLICATE,
                      f"{key!r} is already declared on this page; declare it once")
            return True
        return False

    def anchor(self, prefix: str, key: str) -> str:
        return nodes.make_id(f"{prefix}-{key}")

    def target(self, node: nodes.Element, anchor: str) -> None:
        node["ids"].append(anchor)
        self.state.document.note_explicit_target(node)
        self.set_source_info(node)


def suggest(value: str, allowed: list[str]) -> str:
    near = closest(value, allowed)
    return f" (did you mean {near[0]!r}?)" if near else ""


flag = directives.flag
