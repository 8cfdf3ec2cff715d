"""Retention: ``{retention} category-key`` with a typed ``:period:``, and the
``{retention-table}`` that collects every entry of the policy into one table.

A period is a duration ("7 years") or an event ("until the account is closed", "after the
inquiry has been addressed"). ``{retention}`key``` renders it as a sentence reads it.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import periods
from .directives import PolicyDirective, text
from .records import Reference, Retention
from .tables import placeholder, table, xref
from .warnings import PolicyWarning

UNITS = ("day", "week", "month", "year")
EVENT_WORDS = ("until", "after", "when", "as long as", "for as long as", "while")
DURATION = re.compile(r"^(?:for\s+)?(?P<sign>[-+]?)(?P<amount>\d+)\s*(?P<unit>[a-z]+)"
                      r"(?:\s+(?P<start>(?:after|from|following|since)\s.+))?$")
ALLOWED = ("a duration such as '7 years', '30 days', '6 months', or an event starting with "
           + ", ".join(f"'{w} …'" for w in EVENT_WORDS))
WITHOUT_END = ("forever", "indefinitely", "permanently", "unlimited", "always", "no limit")
#: Events that never come ("until forever", "after never").
NEVER = re.compile(r"(?:forever|never|always|eternity|the end of time|further notice|"
                   r"indefinitely)\b")
#: Longest plausible period: beyond it, a typo ("200 years") is likelier than the law.
LONGEST = {"day": 36525, "week": 5218, "month": 1200, "year": 100}


def parse_period(period: str) -> tuple[str, int | None, str | None, str] | str:
    """(kind, amount, unit, phrase), or the reason the period cannot be read."""
    value = " ".join(period.split()).rstrip(".")  # a sentence's full stop is not the period
    lowered = value.lower()
    if not value:
        return f"the period is empty; give {ALLOWED}"
    several = [part for part in re.split(r"\s*(?:[,;]|\band\b|\bor\b)\s*", lowered)
               if part and (DURATION.match(part) or part.startswith(EVENT_WORDS))]
    if len(several) > 1:
        return (f"the period {value!r} gives {len(several)} periods ({'; '.join(several)}); "
                "a retention entry has one: when the text gives two, ask the legal team which "
                "applies, or declare the data as two categories")
    if lowered.startswith(EVENT_WORDS):
        word = next(w for w in sorted(EVENT_WORDS, key=len, reverse=True)
                    if lowered.startswith(w))
        event = lowered[len(word):].strip()
        if not event:
            return (f"the period {value!r} names no event; say what ends the retention: "
                    f"'{word} the account is closed'")
        if NEVER.match(event):
            return (f"the period {value!r} names an event that never comes, and personal "
                    "data may not be kept without limit (GDPR Art. 5(1)(e)); give a "
                    "duration ('7 years') or the event that ends it")
        return "event", None, None, value
    if lowered.startswith(WITHOUT_END):
        return (f"the period {value!r} has no end, and personal data may not be kept without "
                "limit (GDPR Art. 5(1)(e)); give a duration ('7 years') or the event that "
                "ends it ('until …', 'after …')")
    worded = periods.parse(value)
    if worded is not None and worded.amount is not None and not lowered.lstrip(
            "for ").strip()[:1].isdigit():
        # "three months", "a year": the client's own words are kept as they are
        if worded.amount > LONGEST[worded.unit or "year"]:
            return (f"the period {value!r} is longer than 100 years; check it and, if the "
                    "text says so, ask the legal team")
        phrase = value if lowered.startswith("for ") else f"for {value}"
        return "duration", worded.amount, worded.unit, phrase
    if lowered.lstrip("+-").isdigit():
        return (f"the period {value!r} has no unit; write e.g. '{lowered} years' (units: "
                + ", ".join(u + "s" for u in UNITS) + ")")
    match = DURATION.match(lowered)
    if match:
        amount, unit = int(match["amount"]), match["unit"]
        singular = unit[:-1] if unit.endswith("s") else unit
        if singular not in UNITS:
            near = [u for u in UNITS if u.startswith(singular[:1])]
            hint = f"; did you mean '{amount} {near[0]}s'?" if near else ";"
            return (f"unknown unit {unit!r} in period {value!r}{hint} "
                    f"Units: {', '.join(u + 's' for u in UNITS)}")
        if match["sign"] == "-":
            return f"the period {value!r} is negative; a retention period is at least 1 {singular}"
        if amount == 0:
            return f"the period {value!r} is zero; data kept for no time is not retained: " \
                   "say when it is deleted as an event ('until …', 'after …')"
        if amount > LONGEST[singular]:
            return (f"the period {value!r} is longer than 100 years; check the number (a "
                    "typo?) and, if the text says so, ask the legal team")
        plural = singular if amount == 1 else singular + "s"
        start = f" {value[match.start('start'):]}" if match["start"] else ""
        return "duration", amount, singular, f"for {amount} {plural}{start}"
    return f"cannot read the period {value!r}; give {ALLOWED}"


class RetentionDirective(PolicyDirective):
    """How long one data category is kept: a duration or an event."""

    declares = 'how long one data category is kept: a duration or an event'

    known_options: ClassVar = {"period": text, "reason": text}
    option_help: ClassVar = {
        "period": "how long the data is kept: a duration ('7 years', '30 days', '6 months') "
                  "or an event ('until the account is closed', 'after …')",
        "reason": "the legal reason for the period, when the policy gives one",
    }
    example_argument = "account-information"

    def run(self) -> list[nodes.Node]:
        options = self.checked_options()
        placed = self.in_place()
        key = self.key("data category's key")
        body = self.parse_children()
        box = nodes.container("", *body, classes=["policy-retention"])
        self.set_source_info(box)
        if not placed or not key or self.declared_here(Retention, key) \
                or not options.get("period"):
            return [box]
        parsed = parse_period(options["period"])
        if isinstance(parsed, str):
            self.warn(PolicyWarning.DURATION, parsed, self.option_line("period"))
            self.domain.add_faulty(self.env.current_document.docname, "retention", key)
            return [box]
        anchor = self.anchor("retention", key)
        self.target(box, anchor)
        docname = self.env.current_document.docname
        self.domain.add(docname, Retention(docname, self.lineno, anchor, key,
                                           options["period"], *parsed,
                                           options.get("reason", "")))
        return [box]


class RetentionTableDirective(PolicyDirective):
    """Every retention entry of the policy, in one table."""

    declares = 'a table of every retention entry of the policy (generated)'

    def run(self) -> list[nodes.Node]:
        self.checked_options()
        if not self.in_place():
            return self.parse_children()
        text = self.content_as_text(
            "collects the retention entries of every page by itself")
        docname = self.env.current_document.docname
        self.domain.add_reference(Reference(docname, self.lineno, "retention", "*", "", ""))
        self.domain.add_reference(Reference(docname, self.lineno, "category", "*", "", ""))
        node = placeholder(what="retention-table")
        self.set_source_info(node)
        return [*text, node]


class FillRetentionTable(SphinxPostTransform):
    default_priority = 7  # before references are resolved: the table holds references

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(placeholder)):
            if node["what"] != "retention-table":
                continue
            index = self.env.domains["policy"].index  # type: ignore[attr-defined]
            rows = []
            for key, entry in sorted(index.retention.items()):
                # the section it stands in, as a reader finds it ("6. Contact Via Website")
                where = self.env.domains["policy"].section_title(entry)  # type: ignore
                rows.append(([xref("category", key, node)],
                             [nodes.Text(entry.phrase.removeprefix("for "))],
                             [nodes.Text(entry.kind)],
                             [nodes.Text(entry.reason or "—")],
                             [xref("retention", key, node, where)]))
            node.replace_self(table(
                ["Data category", "Retention period", "Type", "Legal reason", "Declared in"],
                rows, "policy-retention-table", "No retention period is declared.",
                ids=["retention-table"]))


def setup_retention(app: Sphinx) -> None:
    app.add_directive("retention", RetentionDirective)
    app.add_directive("retention-table", RetentionTableDirective)
    app.add_post_transform(FillRetentionTable)
