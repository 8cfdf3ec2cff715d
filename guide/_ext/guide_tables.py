"""Directives of the authoring guide only.

The guide's tables are generated from the extension itself (its catalogue, the options its
directives accept, the compliance checks), so the guide cannot drift from what the build
accepts; and each worked example shows its Markdown beside what it renders, from the same
text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from gdpr_policy import catalogue
from gdpr_policy.directives import PolicyDirective, keys, phrases, policy_directives
from gdpr_policy.facts import FACTS
from gdpr_policy.inline import KINDS as DECLARING
from gdpr_policy.inline import ROLE_PREFIX
from gdpr_policy.retention import EVENT_WORDS, UNITS
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

#: What each role shows, in the editor's words.
ROLES = {
    "term": ("{term}`personal data`", "a link to the term's definition; any declared form "
             "works (plural, other case)"),
    "right": ("{right}`withdraw your consent <withdraw-consent>`",
              "a link to a right in the rights list, by its key"),
    "category": ("{category}`account-information`",
                 "the data category's name and items, linked to its declaration"),
    "retention": ("{retention}`account-information`",
                  "how long a category is kept, as a sentence reads it, linked to the entry"),
    "activity": ("{activity}`registration`", "the activity's name, linked to its description"),
    "basis": ("{basis}`consent`", "the legal basis with its Art. 6(1) reference, linked to "
              "the article on EUR-Lex"),
    "fact": ("{fact}`last-updated`", "a fact declared once: the date of the policy, the "
             "controller's name, email or address"),
}


def table(headers: list[str], rows: Iterable[list[str | nodes.Node]],
          widths: list[int] | None = None) -> nodes.table:
    group = nodes.tgroup(cols=len(headers))
    for width in widths or [1] * len(headers):
        group += nodes.colspec(colwidth=width)
    head, body = nodes.thead(), nodes.tbody()
    for cells, parent in [(headers, head), *((r, body) for r in rows)]:
        row = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            if isinstance(cell, nodes.Node):
                entry += cell
            else:
                entry += nodes.paragraph(cell, cell)
            row += entry
        parent += row
    group += [head, body]
    return nodes.table("", group, classes=["guide-table"])


def code(text: str) -> nodes.paragraph:
    return nodes.paragraph("", "", nodes.literal(text, text))


def policy_directive(name: str) -> type[PolicyDirective]:
    cls = directives._directives.get(name)
    if not (isinstance(cls, type) and issubclass(cls, PolicyDirective)):
        raise KeyError(name)
    return cls


#: The order the guide presents the blocks in; any other policy block follows.
READING_ORDER = ["definitions", "definition", "rights", "right", "controller",
                 "data-category", "retention", "retention-table", "processing-activity",
                 "processing-register"]


def in_reading_order(names: list[str]) -> list[str]:
    rank = {n: i for i, n in enumerate(READING_ORDER)}
    return sorted(names, key=lambda n: (rank.get(n, len(rank)), n))


def takes(converter: Any) -> str:
    if converter is keys:
        return "keys, separated by ','"
    if converter is phrases:
        return "phrases, separated by ';'"
    return "text"


class CatalogueTable(SphinxDirective):
    """``{catalogue-table} rights`` — one of the extension's closed lists, as a table."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        what = self.arguments[0]
        builder = getattr(self, f"table_{what.replace('-', '_')}", None)
        if builder is None:
            raise self.error(f"unknown catalogue table {what!r}")
        return [builder()]

    def table_rights(self) -> nodes.table:
        return table(["Key", "Right", "Article", "In plain words"],
                     ([code(k), e.name, e.article, catalogue.RIGHTS_PLAIN[k]]
                      for k, e in catalogue.RIGHTS.items()), [2, 3, 1, 5])

    def table_bases(self) -> nodes.table:
        return table(["Key", "Legal basis", "Article", "In plain words"],
                     ([code(k), e.name, e.article, catalogue.BASES_PLAIN[k]]
                      for k, e in catalogue.BASES.items()), [2, 2, 1, 5])

    def table_sources(self) -> nodes.table:
        return table(["Key", "Meaning"],
                     ([code(k), v] for k, v in catalogue.SOURCES.items()), [1, 3])

    def table_terms(self) -> nodes.table:
        return table(["Term", "Article (added by itself)"],
                     ([e.name, e.article] for e in catalogue.TERMS.values()), [2, 1])

    def table_facts(self) -> nodes.table:
        return table(["Key", "Where it is declared"],
                     ([code(k), v] for k, v in FACTS.items()), [1, 3])

    def table_periods(self) -> nodes.table:
        rows = [[code(f"7 {u}s"), f"a duration in {u}s (also '1 {u}')"] for u in UNITS]
        rows += [[code(f"{w} …"), "an event"] for w in EVENT_WORDS]
        return table(["Period", "Read as"], rows, [1, 2])

    def table_directives(self) -> nodes.table:
        return table(["Block", "What it declares", "Options"],
                     ([code(f"{{{n}}}"), policy_directive(n).declares,
                       ", ".join(policy_directive(n).known_options) or "—"]
                      for n in in_reading_order(policy_directives())), [2, 5, 3])

    def table_declarations(self) -> nodes.table:
        needs = {"required": "required", "optional": "optional", "none": "none: the phrase is "
                 "the value"}
        return table(["You write", "It marks", "Key", "Where"],
                     ([code(f"{{{ROLE_PREFIX}{k.name}}}`{k.example}`"), k.says, needs[k.key],
                       "inside a {processing-activity}" if k.in_activity else "anywhere"]
                      for k in DECLARING.values()), [4, 4, 2, 2])

    def table_conditions(self) -> nodes.table:
        return table(["Key", "Condition", "Article"],
                     ([code(k), e.name, e.article] for k, e in catalogue.CONDITIONS.items()),
                     [2, 4, 1])

    def table_special(self) -> nodes.table:
        return table(["Key", "Special category", "Article"],
                     ([code(s.key), s.name, s.article] for s in catalogue.SPECIAL.values()),
                     [2, 4, 1])

    def table_roles(self) -> nodes.table:
        return table(["You write", "Readers see"],
                     ([code(example), shows] for example, shows in ROLES.values()), [2, 3])

    def table_checks(self) -> nodes.table:
        from gdpr_policy.compliance.checks import CHECKS

        return table(["Check", "Article", "Severity", "What it asks"],
                     ([code(c.id), c.article, c.severity, c.title] for c in CHECKS.values()),
                     [2, 1, 1, 5])


class OptionTable(SphinxDirective):
    """``{option-table} processing-activity`` — every option a block accepts."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        cls = policy_directive(self.arguments[0])
        if not cls.known_options:
            return [nodes.paragraph("", "This block takes no options.")]
        rows = []
        for name, converter in cls.known_options.items():
            rows.append([code(f":{name}:"),
                         "required" if name in cls.required_options else "optional",
                         takes(converter), cls.option_help[name]])
        return [table(["Option", "", "Takes", "Meaning"], rows, [2, 1, 2, 6])]


class Example(SphinxDirective):
    """A worked example: the Markdown as written, then what it renders."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        source = "\n".join(self.content)
        box = nodes.container(classes=["guide-example"])
        label = self.arguments[0] if self.arguments else "You write"
        box += nodes.rubric(label, label, classes=["guide-label"])
        written = nodes.literal_block(source, source, language="markdown",
                                      classes=["guide-source"])
        self.set_source_info(written)
        box += written
        box += nodes.rubric("Readers see", "Readers see", classes=["guide-label"])
        rendered = nodes.container(classes=["guide-rendered"])
        rendered += self.parse_content_to_nodes()
        box += rendered
        return [box]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("catalogue-table", CatalogueTable)
    app.add_directive("option-table", OptionTable)
    app.add_directive("example", Example)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
