"""``python -m gdpr_policy.migrate [--check] DOCS``: rewrites, in place, a notice written in
a form an earlier release replaced, and changes no sentence while doing it (``make migrate``).

The form it rewrites: ``:recipients:`` of a ``{processing-activity}`` naming recipients by
free phrases, separated by ';' (``our hosting provider; Stripe, Inc. (USA)``), where
recipients are now declared once with ``{recipient} key`` and named by key. Each phrase
becomes a key; a phrase no ``{recipient}`` declares yet (by key or by ``:name:``) is
declared, with ``:name:`` the phrase exactly and no text (so it shows no words), as the last
thing inside the first activity naming it. A value that already is a declared key is kept.

The pages are read as MyST reads them (fences of any length, colon or backtick; a block
inside an HTML comment or a code example is left alone). Nothing else in a file changes:
its other bytes, line endings and encoding stay as they are; a file that is not UTF-8 is
reported and left alone. Each change is printed as ``file:line: what``; ``--check`` prints
them without writing and exits 1 when something would change. Exit status 2: something
could not be migrated (printed with its reason; the rest is migrated).
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from docutils.parsers.rst import Directive
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML

from .directives import KEY, Options, ascii_slug

ACTIVITY = "processing-activity"
RECIPIENT = "recipient"
#: Directives whose content is not Markdown: a block written inside one is an example.
LITERAL = frozenset({"code", "code-block", "sourcecode", "code-cell", "literalinclude", "raw",
                     "eval-rst", "math", "csv-table", "mermaid", "graphviz", "toctree",
                     "productionlist", "parsed-literal"})
DIRECTIVE = re.compile(r"^\{([^\s{}]+)\}\s*(.*)$", re.S)
DECLARE_ROLE = re.compile(r"\{declare-recipient\}`([^`]*)`")
EXPLICIT_KEY = re.compile(r"<([^<>]*)>\s*$")
LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
PREFIX = re.compile(r"^[ \t>]*")


class _Raw(Directive):
    """Any directive, as MyST splits it: argument, options as typed (unconverted), body."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = Options({})


def parser() -> MarkdownIt:
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    return create_md_parser(MdParserConfig(enable_extensions={"colon_fence"}), RendererHTML)


def parse_directive(first_line: str, content: str) -> tuple[dict[str, str], int, list[str],
                                                             list[str]] | None:
    """``(options, body_offset, body lines, warnings)`` as MyST reads the block; None when
    MyST cannot read it at all."""
    from myst_parser.parsers.directives import parse_directive_text

    try:
        result = parse_directive_text(_Raw, first_line, content)
    except Exception:  # MyST's MarkupError: the build reports it
        return None
    options = {k: str(v) for k, v in result.options.items()}
    return options, result.body_offset, result.body, [w.msg for w in result.warnings]


def words(value: str) -> str:
    return " ".join(value.split())


@dataclass
class Block:
    """One directive written in a page (0-based line numbers in the page)."""

    name: str
    argument: str
    options: dict[str, str]
    opening: int
    closing: int | None  # the closing fence's line; None when never closed
    marker: str  # the opening fence: ':::', '````' ...
    content: list[str]  # the lines between the fences, as MyST gives them
    warnings: list[str]


@dataclass
class Page:
    path: Path
    shown: str  # as printed: DOCS/relative
    lines: list[str] = field(default_factory=list)  # with their line endings
    readable: bool = True
    blocks: list[Block] = field(default_factory=list)
    declared: list[tuple[str, str, int]] = field(default_factory=list)  # (key, name, line)


def split_lines(text: str) -> list[str]:
    """Lines with their endings, split where MyST splits them (\\r\\n, \\r or \\n)."""
    return LINE.findall(text)


def eol(line: str) -> str:
    return line[len(line.rstrip("\r\n")):]


def scan(md: MarkdownIt, text: str, base: int, page: Page) -> None:
    """Every directive in ``text`` (whose first line is the page's line ``base``), nested
    ones too; and the recipients declared by the ``{declare-recipient}`` role."""
    for token in md.parse(text):
        if token.type == "inline":
            line = base + (token.map[0] if token.map else 0)
            for role in DECLARE_ROLE.finditer(token.content):
                key = EXPLICIT_KEY.search(role.group(1))
                if key and key.group(1).strip():
                    name = words(role.group(1)[:key.start()])
                    page.declared.append((key.group(1).strip(), name, line))
            continue
        if token.type not in ("fence", "colon_fence") or token.map is None:
            continue
        directive = DIRECTIVE.match(token.info.strip())
        if directive is None:
            continue  # code, shown as written
        name, first_line = directive.group(1), directive.group(2)
        parsed = parse_directive(first_line, token.content)
        if parsed is None:
            continue
        options, offset, body, warnings = parsed
        opening, end = base + token.map[0], base + token.map[1]
        closer = re.compile(rf"^{re.escape(token.markup[0])}{{{len(token.markup)},}}\s*$")
        last = page.lines[end - 1] if end - 1 < len(page.lines) else ""
        closed = end - 1 > opening and bool(closer.match(PREFIX.sub("", last).rstrip("\r\n")))
        block = Block(name, words(first_line), options, opening, end - 1 if closed else None,
                      token.markup, token.content.splitlines(), warnings)
        page.blocks.append(block)
        if name == RECIPIENT and block.argument:
            page.declared.append((block.argument, words(options.get("name", "")) or
                                  block.argument, opening))
        if name not in LITERAL and body:
            scan(md, "\n".join(body) + "\n", opening + 1 + offset, page)


def read(md: MarkdownIt, path: Path, shown: str) -> tuple[Page, str | None]:
    """The page and, when it cannot be rewritten, why."""
    page = Page(path, shown)
    raw = path.read_bytes()
    problem = None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        problem = (f"{shown}:{line}: left alone: not valid UTF-8 (byte {error.start}); save it "
                   "as UTF-8 and run migrate again")
        page.readable = False
        text = raw.decode("utf-8", "replace")  # still read for the recipients it declares
    page.lines = split_lines(text)
    normalized = "".join(line.rstrip("\r\n") + "\n" for line in page.lines)
    scan(md, normalized.removeprefix("\ufeff"), 0, page)
    page.blocks.sort(key=lambda b: b.opening)
    return page, problem


# -- planning -------------------------------------------------------------------------------

@dataclass
class NewRecipient:
    key: str
    name: str  # the phrase, exactly
    value: str  # as written after ':name:' (quoted when MyST would read it otherwise)


@dataclass
class Plan:
    """What one activity's migration writes."""

    block: Block
    option_line: int  # the ':recipients:' line
    old: str
    keys: list[str]
    added: list[NewRecipient]
    widen: bool  # the activity's fence gets one more character, so it can hold a block


class Registry:
    """The recipients of the whole project: keys, names, and the keys given out."""

    def __init__(self, pages: list[Page]) -> None:
        self.keys: set[str] = set()
        self.by_name: dict[str, str] = {}
        for page in pages:
            for key, name, _ in page.declared:
                self.keys.add(key)
                self.by_name.setdefault(name.casefold(), key)
        self.declared = frozenset(self.keys)
        # anchors are made from keys: 'Mailer' and 'mailer' would share one
        self.taken = {ascii_slug(k) for k in self.keys} | self.keys

    def key_for(self, phrase: str) -> str:
        stem = ascii_slug(phrase) or "recipient"
        key, n = stem, 1
        while key in self.taken:
            n += 1
            key = f"{stem}-{n}"
        self.taken.add(key)
        self.keys.add(key)
        self.by_name[phrase.casefold()] = key
        return key


def name_value(key: str, phrase: str) -> str | None:
    """What to write after ``:name:`` so MyST reads exactly ``phrase``."""
    for value in (phrase, '"' + phrase.replace("\\", "\\\\").replace('"', '\\"') + '"'):
        parsed = parse_directive(key, f":name: {value}\n")
        if parsed and not parsed[3] and parsed[0].get("name") == phrase:
            return value
    return None


def values(value: str, keys: set[str]) -> list[tuple[str, bool]]:
    """``(value, is a declared key)`` in order. Values are separated by ';', as the old form
    read them: a phrase may hold commas ('Stripe, Inc. (USA)'). A ',' separates too where it
    stands beside a declared key ('mailer, our hosting provider')."""
    out: list[tuple[str, bool]] = []
    for part in (words(p) for p in value.split(";")):
        if not part:
            continue
        pieces = [p for p in (words(p) for p in part.split(",")) if p]
        if part in keys or not any(p in keys for p in pieces):
            out.append((part, part in keys))
            continue
        run: list[str] = []
        for piece in [*pieces, None]:
            if piece is None or piece in keys:
                if run:
                    out.append((", ".join(run), False))
                run = []
                if piece:
                    out.append((piece, True))
            else:
                run.append(piece)
    return out


def key_list(phrase: str) -> bool:
    """'mailer, hosting': keys (none declared) in the form of today, or one phrase of old."""
    pieces = [words(p) for p in phrase.split(",")]
    return len(pieces) > 1 and all(KEY.fullmatch(p) for p in pieces)


def option_line(page: Page, block: Block, name: str) -> int | None:
    """The line ``:name:`` is written on (the last, as MyST keeps the last)."""
    found = None
    content = block.content
    if content and content[0].startswith("---"):
        pattern = re.compile(rf"^\s*{re.escape(name)}\s*:")
        for i, line in enumerate(content[1:], start=1):
            if line.startswith("---"):
                break
            if pattern.match(line):
                found = i
    else:
        for i, line in enumerate(content):
            stripped = line.lstrip()
            if not stripped.startswith(":") or stripped.startswith(":::"):
                break
            if stripped.startswith(f":{name}:"):
                found = i
    return None if found is None else block.opening + 1 + found


def plan_activity(page: Page, block: Block, registry: Registry,
                  problems: list[str]) -> Plan | None:
    old = block.options.get("recipients", "")
    given = values(old, registry.keys)
    if all(is_key for _, is_key in given):
        return None  # the current form already (or nothing to name)
    where = option_line(page, block, "recipients")
    shown = f"{page.shown}:{(where if where is not None else block.opening) + 1}"
    if not page.readable:
        return None  # the page is reported once, by read()
    if block.closing is None:
        problems.append(f"{shown}: left alone: the {{{ACTIVITY}}} is never closed, so there "
                        "is no end to declare its recipients before; close it and run "
                        "migrate again")
        return None
    if where is None:
        problems.append(f"{shown}: left alone: ':recipients:' is not on a line of its own")
        return None
    raw = page.lines[where]
    if "#" in raw and "#" not in old:
        problems.append(f"{shown}: left alone: the line holds a comment ('#'); migrate it "
                        "by hand")
        return None
    keys: list[str] = []
    added: list[NewRecipient] = []
    for phrase, is_key in given:
        key = phrase if is_key else registry.by_name.get(phrase.casefold())
        if key is None and key_list(phrase):
            problems.append(f"{shown}: left alone: {phrase!r} reads as keys, none of them "
                            "declared, or as one phrase of the old form; declare each key "
                            "with a {recipient} block, or write the phrase as the :name: of "
                            "one")
            return None
        if key is None:
            near = difflib.get_close_matches(phrase, sorted(registry.declared), n=1,
                                             cutoff=0.8)
            if KEY.fullmatch(phrase) and near:
                problems.append(f"{shown}: left alone: {phrase!r} looks like a misspelt key; "
                                f"did you mean {near[0]!r}? (if it is a phrase, declare it: "
                                f"':::{{recipient}} {phrase}' with ':name: {phrase}')")
                return None
            key = registry.key_for(phrase)
            value = name_value(key, phrase)
            if value is None:
                problems.append(f"{shown}: left alone: the phrase {phrase!r} cannot be "
                                "written as a ':name:' that MyST reads back exactly")
                return None
            added.append(NewRecipient(key, phrase, value))
        if key not in keys:
            keys.append(key)
    return Plan(block, where, old, keys, added, widen=len(block.marker) == 3 and bool(added))


# -- writing --------------------------------------------------------------------------------

def lengthened(line: str, marker: str) -> str:
    """A fence line with one more fence character."""
    at = len(PREFIX.match(line).group(0))  # type: ignore[union-attr]
    return line[:at] + marker[0] + line[at:]


def rewritten(page: Page, plans: list[Plan]) -> list[str]:
    lines = list(page.lines)
    newline = next((eol(line) for line in lines if eol(line)), "\n")
    inserts: dict[int, list[str]] = {}
    for plan in plans:
        block = plan.block
        raw = lines[plan.option_line]
        found = re.search(r"(:recipients:|\brecipients\s*:)[ \t]*", raw)
        assert found is not None
        end = len(raw.rstrip("\r\n").rstrip())
        lines[plan.option_line] = raw[:found.end()] + ", ".join(plan.keys) + raw[end:]
        if not plan.added:
            continue
        assert block.closing is not None
        closing = lines[block.closing]
        fence = block.marker[0] * (len(block.marker) - 1 + plan.widen)
        if plan.widen:
            lines[block.opening] = lengthened(lines[block.opening], block.marker)
            if len(PREFIX.sub("", closing).strip()) <= len(block.marker):
                lines[block.closing] = lengthened(closing, block.marker)
        prefix = PREFIX.match(closing).group(0)  # type: ignore[union-attr]
        ending = eol(closing) or newline
        new: list[str] = []
        before = page.lines[block.closing - 1]
        for recipient in plan.added:
            if (new[-1] if new else before).strip(" \t>\r\n"):
                new.append(prefix.rstrip() + ending)  # a blank line (inside a quote: '>')
            new += [f"{prefix}{fence}{{{RECIPIENT}}} {recipient.key}{ending}",
                    f"{prefix}:name: {recipient.value}{ending}",
                    f"{prefix}{fence}{ending}"]
        inserts[block.closing] = new
    out: list[str] = []
    for number, line in enumerate(lines):
        out += inserts.get(number, [])
        out.append(line)
    return out


def verify(md: MarkdownIt, page: Page, plans: list[Plan], text: str) -> bool:
    """The rewritten page, read again as MyST reads it: the same blocks plus the new
    recipients, each inside its activity with its name exactly, the activities naming keys."""
    again = Page(page.path, page.shown, split_lines(text))
    normalized = "".join(line.rstrip("\r\n") + "\n" for line in again.lines)
    scan(md, normalized.removeprefix("\ufeff"), 0, again)
    again.blocks.sort(key=lambda b: b.opening)
    added = {r.key: r.name for p in plans for r in p.added}
    kept = [(b.name, b.argument) for b in again.blocks
            if not (b.name == RECIPIENT and b.argument in added)]
    if kept != [(b.name, b.argument) for b in page.blocks]:
        return False
    activities = {id(p.block): p for p in plans}
    old_activities = [b for b in page.blocks if b.name == ACTIVITY]
    new_activities = [b for b in again.blocks if b.name == ACTIVITY]
    for old, new in zip(old_activities, new_activities, strict=True):
        plan = activities.get(id(old))
        if plan is None:
            continue
        if new.options.get("recipients") != ", ".join(plan.keys) or new.closing is None:
            return False
        for r in plan.added:
            inside = [b for b in again.blocks if b.name == RECIPIENT and b.argument == r.key
                      and new.opening < b.opening < new.closing]
            if len(inside) != 1 or words(inside[0].options.get("name", "")) != r.name \
                    or inside[0].warnings or any(line.strip() for line in inside[0].content[1:]):
                return False
            here = inside[0].opening
            if any(new.opening < b.opening < here and (b.closing is None or b.closing > here)
                   for b in again.blocks):
                return False  # inside another block of the activity, not the activity's own
    return True


def write(path: Path, data: bytes) -> None:
    """Replace the file in one step, keeping its permissions."""
    mode = path.stat().st_mode
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(data)
        os.chmod(temporary, mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# -- the command ----------------------------------------------------------------------------

def pages_of(docs: Path) -> list[tuple[Path, str]]:
    if docs.is_file():
        return [(docs, str(docs))]
    found = []
    for path in sorted(docs.rglob("*.md"), key=lambda p: p.relative_to(docs).as_posix()):
        parts = path.relative_to(docs).parts
        if path.is_file() and not any(p.startswith(".") or p == "_build" for p in parts[:-1]):
            found.append((path, os.path.join(str(docs), *parts)))
    return found


def migrate(docs: Path, check: bool = False, out: TextIO | None = None,
            err: TextIO | None = None) -> int:
    """Migrate the pages under ``docs``; what it did goes to ``out``, what it could not to
    ``err``. Returns the exit status (0; 1: ``check`` and something would change; 2: something
    could not be migrated)."""
    out = out or sys.stdout
    err = err or sys.stderr
    md = parser()
    pages: list[Page] = []
    problems: list[str] = []
    for path, shown in pages_of(docs):
        page, problem = read(md, path, shown)
        pages.append(page)
        if problem:
            problems.append(problem)
    registry = Registry(pages)
    verb = ("would rewrite", "would declare", "would lengthen") if check else \
        ("rewrote", "declared", "lengthened")
    changed = 0
    activities = 0
    for page in pages:
        plans = [plan for block in page.blocks if block.name == ACTIVITY
                 and (plan := plan_activity(page, block, registry, problems)) is not None]
        if not plans:
            continue
        text = "".join(rewritten(page, plans))
        if not verify(md, page, plans, text):
            problems.append(f"{page.shown}:{plans[0].option_line + 1}: left alone: the "
                            "rewritten page would not read back as intended; migrate it by hand")
            continue
        said: list[tuple[int, str]] = []
        for plan in plans:
            block, name = plan.block, f"{{{ACTIVITY}}} {plan.block.argument!r}"
            said.append((plan.option_line, f"{verb[0]} ':recipients: {plan.old}' as "
                                           f"':recipients: {', '.join(plan.keys)}' ({name})"))
            if plan.widen:
                said.append((block.opening, f"{verb[2]} the fence of {name} to "
                                            f"{block.marker + block.marker[0]!r}, so it can "
                                            "hold a block one character shorter"))
            said += [((block.closing or 0), f"{verb[1]} {{{RECIPIENT}}} {r.key} with ':name: "
                                            f"{r.name}', last in {name}") for r in plan.added]
        for line, what in sorted(said, key=lambda s: s[0]):
            print(f"{page.shown}:{line + 1}: {what}", file=out)
        activities += len(plans)
        changed += 1
        if not check:
            write(page.path, text.encode("utf-8"))
    for problem in problems:
        print(problem, file=err)
    if changed:
        files = f"{activities} activit{'y' if activities == 1 else 'ies'} in {changed} " \
                f"file{'' if changed == 1 else 's'}"
        print(f"{files} to migrate: run 'make migrate'" if check else f"migrated {files}",
              file=out)
    elif not problems:
        print("nothing to migrate", file=out)
    if problems:
        return 2
    return 1 if check and changed else 0


def main(argv: list[str] | None = None) -> int:
    parser_ = argparse.ArgumentParser(prog="python -m gdpr_policy.migrate",
                                      description=__doc__,
                                      formatter_class=argparse.RawDescriptionHelpFormatter)
    parser_.add_argument("--check", action="store_true",
                         help="only print what would change; exit 1 when something would")
    parser_.add_argument("docs", nargs="?", type=Path, default=Path("docs"),
                         help="the policy's pages (default: docs)")
    args = parser_.parse_args(argv)
    if not args.docs.exists():
        print(f"migrate: {args.docs} does not exist", file=sys.stderr)
        return 2
    return migrate(args.docs, check=args.check)


if __name__ == "__main__":
    sys.exit(main())
