"""What every policy directive shares: option checking that reports with ``policy.*``
subtypes at the option's own line, the nesting rules, unclosed blocks, and the place
(file, line) of a declaration. Mistakes in the markup around the blocks are markup.py's."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from .domain import PolicyDomain
from .warnings import PolicyWarning, allowed_text, quoted, warn


class _Unknown(str):
    """An option value whose name the directive does not know."""


class Options(dict[str, Callable[[str | None], Any]]):
    """An option spec that accepts any name, so the directive itself can report an unknown
    one as ``policy.unknown_option`` with the closest valid name (docutils and MyST would
    report it under their own types and drop it)."""

    def __missing__(self, name: str) -> Callable[[str | None], Any]:
        return lambda value: _Unknown(value or "")

    def __bool__(self) -> bool:
        # Even a directive with no options reads ":name:" lines as options (to report
        # them), rather than as the first line of its text.
        return True


def text(value: str | None) -> str:
    return " ".join((value or "").split())


def keys(value: str | None) -> tuple[str, ...]:
    """A comma-separated list of keys (a ';' is forgiven: keys never hold one)."""
    return tuple(k.strip() for k in re.split(r"[,;]", value or "") if k.strip())


def phrases(value: str | None) -> tuple[str, ...]:
    """A semicolon-separated list of phrases (they may contain commas)."""
    return tuple(" ".join(p.split()) for p in (value or "").split(";") if p.strip())


CONTEXT = "policy:enclosing"
KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: Markdown or a role typed into an option value (shown to readers as typed).
#: (Typed HTML is shown as text anyway, and reported where the text shows it.)
MARKUP = re.compile(r"\*\*|__|`|\{[a-z:-]+\}|\[[^\]]*\]\(|(?<!\w)\*\w", re.I)


def ascii_slug(text: str) -> str:
    """The key a name should have: 'Café Data' -> 'cafe-data'."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", folded))
OPTION_LINE = re.compile(r"^\s*:([^:\s][^:]*):(?:\s|$)")
YAML_LINE = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*:")

#: The policy directives each one may hold (by name); absent: it holds none of them.
HOLDS: dict[str, frozenset[str]] = {
    "definitions": frozenset({"definition"}),
    "rights": frozenset({"right"}),
    "processing-activity": frozenset({"data-category", "retention", "recipient"}),
}


def policy_directives() -> list[str]:
    """The names the policy directives are registered under."""
    return sorted(name for name, cls in directives._directives.items()
                  if isinstance(cls, type) and issubclass(cls, PolicyDirective))


class PolicyDirective(SphinxDirective):
    """Base of the policy directives.

    ``inside`` names the directive this one must be nested in; ``HOLDS`` says which
    policy directives a directive's content may hold.
    """

    has_content = True
    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    known_options: ClassVar[dict[str, Callable[[str | None], Any]]] = {}
    #: What the block declares, and what each option takes, in the editor's words
    #: (the authoring guide shows them).
    declares: ClassVar[str] = ""
    option_help: ClassVar[dict[str, str]] = {}
    inside: ClassVar[str | None] = None
    #: The keys an option takes from the catalogue, listed when it is left empty.
    choices: ClassVar[dict[str, tuple[str, ...]]] = {}
    required_options: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.option_spec = Options(cls.known_options)

    # -- reporting -----------------------------------------------------------------------

    def warn(self, kind: PolicyWarning, message: str, line: int | None = None) -> None:
        warn(kind, f"{{{self.name}}}: {message}",
             (self.env.current_document.docname, line or self.lineno))

    @property
    def domain(self) -> PolicyDomain:
        return self.env.domains["policy"]  # type: ignore[return-value]

    def option_lines(self) -> dict[str, list[int]]:
        """Each option name written in the block, with the lines it is written on."""
        found: dict[str, list[int]] = {}
        lines = (self.block_text or "").splitlines()[1:]
        yaml = bool(lines) and lines[0].strip() == "---"
        for offset, line in enumerate(lines[1:] if yaml else lines, start=2 if yaml else 1):
            if yaml and line.strip().startswith("---"):
                break
            match = (YAML_LINE if yaml else OPTION_LINE).match(line)
            if match is None:
                if yaml:
                    continue
                break
            found.setdefault(match.group(1).strip(), []).append(self.lineno + offset)
        return found

    def option_line(self, name: str) -> int:
        """The line an option is written on (the directive's own line if not found)."""
        lines = self.option_lines().get(name)
        return lines[-1] if lines else self.lineno

    def checked_options(self) -> dict[str, Any]:
        """The known options; each unknown, repeated or missing required one is reported
        once, at the line it is written on."""
        options: dict[str, Any] = {}
        for name, value in self.options.items():
            if isinstance(value, _Unknown):
                if self.known_options:
                    allowed = f"{allowed_text(name, self.known_options)}"
                else:
                    allowed = "this block takes no options"
                self.warn(PolicyWarning.UNKNOWN_OPTION,
                          f"unknown option ':{name}:'; {allowed}", self.option_line(name))
            else:
                options[name] = value
        for name, lines in self.option_lines().items():
            if len(lines) > 1 and name in self.known_options:
                spec = self.known_options[name]
                several = (f", separating several values with "
                           f"{';' if spec is phrases else ','!r}"
                           if spec in (phrases, keys) else " (it takes one value)")
                self.warn(PolicyWarning.DUPLICATE_OPTION,
                          f"the option ':{name}:' is given {len(lines)} times (first at "
                          f"line {lines[0]}); give it once{several}", lines[1])
        for name, value in options.items():
            shown = " ".join(value) if isinstance(value, tuple) else value
            markup = MARKUP.search(shown) if isinstance(shown, str) else None
            if markup:
                self.warn(PolicyWarning.INVALID_VALUE,
                          f"the option ':{name}:' holds markup ({markup.group(0)!r}); option "
                          "values are shown as plain text, so readers would see it as typed: "
                          "write the words only (link or emphasise them in the text)",
                          self.option_line(name))
        reported = set()
        for name, value in options.items():
            if not value and self.known_options[name] is not directives.flag:
                reported.add(name)
                valid = self.choices.get(name)
                listed = f" (valid: {', '.join(valid)})" if valid else ""
                self.warn(PolicyWarning.EMPTY,
                          f"the option ':{name}:' has no value; give one{listed}, or leave "
                          "the option out", self.option_line(name))
        reported |= self.check_misplaced_options()
        for name in self.required_options:
            if not options.get(name) and name not in reported:
                self.warn(PolicyWarning.MISSING_OPTION,
                          f"the option ':{name}:' is required and missing")
        self.check_closed()
        return options

    def source_lines(self) -> list[str]:
        return source_lines(self)

    def check_misplaced_options(self) -> set[str]:
        """Options written after a blank line are read as text: report them once."""
        lines = (self.block_text or "").splitlines()[1:]
        offset = len(self.option_lines()) and max(
            n for ns in self.option_lines().values() for n in ns) - self.lineno
        found: list[tuple[str, int]] = []
        seen_blank = False
        for number, line in enumerate(lines[offset:], start=offset + 1):
            if not line.strip():
                seen_blank = True
                continue
            match = OPTION_LINE.match(line)
            if not seen_blank or match is None or match.group(1) not in self.known_options:
                break
            found.append((match.group(1), self.lineno + number))
        if found:
            names = ", ".join(f"':{name}:'" for name, _ in found)
            self.warn(PolicyWarning.MISPLACED_OPTION,
                      f"{names} {'is' if len(found) == 1 else 'are'} separated from the "
                      "block's first line by a blank line, so read as text, not as "
                      "options; write options directly under the first line",
                      found[0][1])
        return {name for name, _ in found}

    def check_closed(self) -> None:
        """A block never closed runs to the end of the page, swallowing what follows."""
        text = self.source_lines()
        if not (0 < self.lineno <= len(text)):
            return
        opening = text[self.lineno - 1].lstrip(" \t>")  # also inside a quote or list
        fence = opening[:len(opening) - len(opening.lstrip(":`~"))]
        if len(fence) < 3 or len(set(fence)) != 1:
            return
        closing = re.compile(rf"^[\s>]*{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        if not any(closing.match(line) for line in text[self.lineno:]):
            self.warn(PolicyWarning.UNCLOSED,
                      f"the block is never closed, so it runs to the end of the page; add "
                      f"a line {fence!r} where it ends")

    def argument(self, what: str) -> str:
        """The directive's argument, reported when missing."""
        if self.arguments and self.arguments[0].strip():
            return " ".join(self.arguments[0].split())
        self.warn(PolicyWarning.MISSING_OPTION,
                  f"give the {what} after the directive name, e.g. "
                  f"'{{{self.name}}} {self.example_argument}'")
        return ""

    example_argument: ClassVar[str] = "key"

    def key(self, what: str) -> str:
        """The directive's argument as a key: lower-case words joined by hyphens (keys are
        typed again in options and roles, and become anchors). Any other key is reported
        with the one it should be, and still used, so the references that repeat it
        resolve and nothing else is reported for the same slip."""
        key = self.argument(what)
        if key and not KEY.fullmatch(key):
            suggestion = ascii_slug(key)
            better = (f"write {suggestion!r}" if suggestion else
                      "use letters or digits, e.g. 'account-data'")
            self.warn(PolicyWarning.INVALID_KEY,
                      f"the key {quoted(key)} is not lower-case words joined by hyphens; "
                      f"{better} (here and wherever it is referred to)")
        return key

    def check_key(self, kind: str, key: str, allowed: dict[str, Any],
                  option: str | None = None) -> bool:
        if key in allowed:
            return True
        self.warn(PolicyWarning.UNKNOWN_KEY,
                  f"unknown {kind} {quoted(key)}; {allowed_text(key, allowed)}",
                  self.option_line(option) if option else None)
        return False

    def in_place(self) -> bool:
        """True when nested where it belongs; otherwise report it (the text is kept)."""
        enclosing = self.env.temp_data.get(CONTEXT)
        if self.inside is not None and enclosing != self.inside:
            self.warn(PolicyWarning.NESTING,
                      f"belongs inside a {{{self.inside}}} block"
                      + (f", not inside {{{enclosing}}}" if enclosing else
                         f" (if it is written inside one, give the {{{self.inside}}} "
                         "block more colons than the blocks it holds: '::::')")
                      + "; its text is shown as plain text here")
            return False
        if enclosing is not None and self.name not in HOLDS.get(enclosing, ()):
            holds = sorted(HOLDS.get(enclosing, ()))
            inner = (", ".join(f"{{{h}}}" for h in holds) if holds
                     else "no other policy block")
            self.warn(PolicyWarning.NESTING,
                      f"cannot be placed inside {{{enclosing}}} (which holds {inner}); "
                      "close that block first; the text is shown as plain text here")
            return False
        return True

    def parse_content_to_nodes(self, allow_section_headings: bool = False) -> list[nodes.Node]:
        mend_nested_lines(self)
        return super().parse_content_to_nodes(allow_section_headings)

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

    def content_as_text(self, what: str) -> list[nodes.Node]:
        """For a block that generates its content: text written inside it is reported
        and shown before what it generates (never dropped)."""
        if not any(line.strip() for line in self.content):
            return []
        self.warn(PolicyWarning.INVALID_VALUE,
                  f"{what} and takes no content; the text written inside it is shown "
                  "above it: move that text out of the block")
        return self.parse_children()

    def declared_here(self, kind: type, key: str) -> bool:
        """True (and reported) when this page already declares ``key`` of this kind."""
        docname = self.env.current_document.docname
        for record in self.domain.records_of(docname):
            if isinstance(record, kind) and getattr(record, "key", None) == key:
                self.warn(PolicyWarning.DUPLICATE,
                          f"{quoted(key)} is already declared on this page, at line "
                          f"{record.lineno}; declare it once")
                return True
        return False

    def anchor(self, prefix: str, key: str) -> str:
        return nodes.make_id(f"{prefix}-{key}")

    def target(self, node: nodes.Element, anchor: str) -> None:
        self.set_source_info(node)
        if anchor in self.state.document.ids:
            return  # a second declaration with this anchor: reported once, by consistency
        node["ids"].append(anchor)
        self.state.document.note_explicit_target(node)


def source_lines(directive: SphinxDirective) -> list[str]:
    """The lines of the file a block is written in (read once per page)."""
    source, _ = directive.get_source_info()
    return file_lines(directive.env, source)


def file_lines(env: Any, source: str) -> list[str]:
    """The lines of a source file, read once per page (kept in the page's temp data)."""
    cache: dict[str, list[str]] = env.temp_data.setdefault("policy:lines", {})
    if source not in cache:
        try:
            with open(source, encoding="utf-8", errors="replace") as f:
                cache[source] = f.read().splitlines()
        except OSError:
            cache[source] = []
    return cache[source]


def mend_nested_lines(directive: SphinxDirective) -> None:
    """Put the content back on its own lines when it opens with a nested fence.

    MyST reads ``::::{rights}`` directly followed by ``:::{right}`` as if a blank line
    came between them, so every line inside is reported one too far down. The source
    file tells which it was.
    """
    if directive.content_offset < 1 or getattr(directive, "_policy_mended", False):
        return
    text = source_lines(directive)
    first = (directive.block_text or "").split("\n", 2)
    if (directive.lineno < len(text) and text[directive.lineno].lstrip().startswith(":::")
            and len(first) > 1 and not first[1].strip()):
        directive.content_offset -= 1
    directive._policy_mended = True  # type: ignore[attr-defined]


flag = directives.flag
