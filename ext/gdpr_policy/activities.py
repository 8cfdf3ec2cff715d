"""Processing activities: ``{processing-activity} key`` around the policy's own wording
of one purpose, with its facts as options; and ``{processing-register}``, an Art. 30-style
table of every activity for internal use.

Only what the policy states is declared: an option left out stays undeclared, and the
compliance checks report it.
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import catalogue
from .directives import PolicyDirective, keys, phrases, text
from .recipients import NESTED
from .records import Activity, Reference, special_of
from .tables import joined, placeholder, table, xref
from .warnings import PolicyWarning, allowed_text, quoted, warn

FIELDS = {
    "name": "the activity's name, as a reader would call it",
    "purpose": "the purposes, separated by ';'",
    "categories": "the data categories processed, by key, separated by ','",
    "basis": "the legal basis, by key: " + ", ".join(catalogue.BASES),
    "condition": "for special categories of data, the Art. 9(2) condition, by key: "
                 + ", ".join(catalogue.CONDITIONS),
    "interest": "the legitimate interest pursued (when the basis is legitimate-interests)",
    "recipients": "the recipients, by the key of their {recipient} declaration, separated "
                  "by ','",
    "transfers": "countries outside the EEA the data go to, separated by ';'",
    "safeguard": "the adequacy decision or safeguard a transfer relies on",
    "retention": "retention entries, by data-category key, separated by ','",
    "source": "where the data come from: " + ", ".join(catalogue.SOURCES),
    "required": "whether giving the data is a statutory or contractual requirement",
    "consequences": "what happens if the data are not given",
    "automated-decisions": "the automated decisions made, separated by ';'",
    "logic": "meaningful information about the logic of automated decisions",
    "significance": "the significance of automated decisions for the data subject",
    "envisaged": "the envisaged consequences of automated decisions",
}


class ProcessingActivityDirective(PolicyDirective):
    """One purpose the policy describes, with its facts: data, basis, recipients, retention."""

    declares = ('one purpose the policy describes, with '
                'its facts: data, legal basis, recipients, retention')

    known_options: ClassVar = {
        "name": text, "purpose": phrases, "categories": keys, "basis": text, "condition": text,
        "interest": text,
        "recipients": keys, "transfers": phrases, "safeguard": text, "retention": keys,
        "source": text, "required": text, "consequences": text,
        "automated-decisions": phrases, "logic": text, "significance": text,
        "envisaged": text,
    }
    option_help: ClassVar = FIELDS
    choices: ClassVar = {"basis": tuple(catalogue.BASES), "source": tuple(catalogue.SOURCES),
                         "condition": tuple(catalogue.CONDITIONS)}
    example_argument = "registration"

    def run(self) -> list[nodes.Node]:
        options = self.checked_options()
        placed = self.in_place()
        key = self.key("activity's key")
        outer = self.env.temp_data.pop(NESTED, None)
        try:
            body = self.parse_children()
            nested = tuple(self.env.temp_data.pop(NESTED, ()))
        finally:
            if outer is not None:
                self.env.temp_data[NESTED] = outer
        if not placed:
            return body
        if not body:
            self.warn(PolicyWarning.EMPTY,
                      "has no wording; put the policy's text about this purpose inside")
        box = nodes.container("", classes=["policy-activity"])
        self.set_source_info(box)
        basis = options.get("basis", "")
        if basis and (any(sep in basis for sep in ",;/&") or " and " in basis):
            self.warn(PolicyWarning.INVALID_VALUE,
                      f"an activity has one legal basis, not {quoted(basis)}; when purposes "
                      "rest on different bases, declare one activity per basis. Valid: "
                      + ", ".join(sorted(catalogue.BASES)), self.option_line("basis"))
            basis = ""
        elif basis and not self.check_key("legal basis", basis, catalogue.BASES, "basis"):
            basis = ""
        source = options.get("source", "")
        if source and not self.check_key("source", source, catalogue.SOURCES, "source"):
            source = ""
        condition = options.get("condition", "")
        if condition and not self.check_key("Art. 9(2) condition", condition,
                                            catalogue.CONDITIONS, "condition"):
            condition = ""
        if not key or self.declared_here(Activity, key):
            box += body
            return [box]
        anchor = self.anchor("activity", key)
        self.target(box, anchor)
        docname = self.env.current_document.docname
        activity = Activity(
            docname, self.lineno, anchor, key, options.get("name") or key,
            options.get("purpose", ()), options.get("categories", ()), basis,
            options.get("interest", ""),
            tuple(dict.fromkeys((*options.get("recipients", ()), *nested))),
            options.get("transfers", ()), options.get("safeguard", ""),
            options.get("retention", ()), source, options.get("required", ""),
            options.get("consequences", ""), options.get("automated-decisions", ()),
            options.get("logic", ""), options.get("significance", ""),
            options.get("envisaged", ""), condition=condition)
        self.domain.add(docname, activity)
        # Each key is recorded at its option's line, so a key never declared is
        # reported where it is written (consistency.option_place).
        for category in activity.categories:
            self.domain.add_reference(Reference(docname, self.option_line("categories"),
                                                "category", category, activity.anchor, ""))
        for entry in activity.retention:
            self.domain.add_reference(Reference(docname, self.option_line("retention"),
                                                "retention", entry, activity.anchor, ""))
        for recipient in options.get("recipients", ()):
            self.domain.add_reference(Reference(docname, self.option_line("recipients"),
                                                "recipient", recipient, activity.anchor, ""))
        box += body
        return [box]


def add_summaries(env: BuildEnvironment, document: nodes.document) -> None:
    """Put each activity's "At a glance" first in its block, once the phrases marked in its
    text have completed its facts (inline.RecordDeclared calls this)."""
    if not env.config.policy_activity_summary:
        return
    docname = env.current_document.docname
    domain = env.domains["policy"]
    activities = {r.anchor: r for r in domain.records_of(docname) if isinstance(r, Activity)}
    for box in document.findall(nodes.container):
        if "policy-activity" in box["classes"] and box["ids"] and box["ids"][0] in activities:
            box.insert(0, summary(domain, activities[box["ids"][0]], box))


def summary(domain: Any, activity: Activity, box: nodes.Element) -> nodes.Element:
    """"At a glance": the declared facts only, an undeclared one left out. The labels
    and what this block declares are written now (so they translate); each category's
    name and period may be declared on other pages, so they are filled in once every
    page is read (FillSummaries)."""
    near = nodes.Element()
    near.source, near.line = box.source, box.line
    docname = activity.docname
    rows: list[tuple[str, list[nodes.Node]]] = []
    if activity.purposes:
        rows.append(("Purpose", [nodes.Text("; ".join(activity.purposes))]))
    if activity.categories or activity.retention:
        rows.append(("Personal data", [glance_data(activity=activity.key)]))
        # each category's period is shown beside it: the page shows those entries too
        for category in activity.categories:
            domain.add_reference(Reference(docname, activity.lineno, "retention",
                                           category, activity.anchor, ""))
    if activity.basis:
        entry = catalogue.BASES[activity.basis]
        rows.append(("Legal basis", [nodes.Text(f"{entry.name} ({entry.article} GDPR)")]))
    if activity.condition in catalogue.CONDITIONS:
        entry = catalogue.CONDITIONS[activity.condition]
        rows.append(("Special categories", [nodes.Text(f"{entry.name} ({entry.article} GDPR)")]))
    if activity.recipients:
        rows.append(("Recipients", joined(
            [quiet(xref("recipient", r, near)) for r in activity.recipients])))
    node = at_a_glance(classes=["policy-at-a-glance", "policy-generated"])
    node.source, node.line = box.source, box.line
    items = nodes.bullet_list(classes=["policy-at-a-glance-list"])
    for label, value in rows:
        line = nodes.paragraph("", "", nodes.strong(label, label), nodes.Text(": "), *value)
        line.source, line.line = box.source, box.line  # offered for translation, label too
        line.rawsource = line.astext()
        items += nodes.list_item("", line)
    node += items
    return node


class at_a_glance(nodes.container):
    """The summary of an activity's declared facts: in HTML an ``<aside>`` announced as
    "At a glance"; every other builder writes it as the container it is."""


class glance_data(nodes.inline):
    """Where an activity's categories, each with its period, go once every page is read."""


def visit_at_a_glance(self: Any, node: at_a_glance) -> None:
    self.body.append(self.starttag(node, "aside", "", **{"aria-label": "At a glance"}))


def depart_at_a_glance(self: Any, node: at_a_glance) -> None:
    self.body.append("</aside>\n")


class FillSummaries(SphinxPostTransform):
    """Each category of an activity with its own period ("Usage data: 7 years"), both
    linked; a category without a declared period is shown without one, never guessed."""

    default_priority = 7  # before references are resolved: it holds references

    def run(self, **kwargs: Any) -> None:
        index = self.env.domains["policy"].index  # type: ignore[attr-defined]
        for node in list(self.document.findall(glance_data)):
            activity = index.activities.get(node["activity"])
            keys = ([*activity.categories, *activity.retention] if activity else [])
            data: list[nodes.Node] = []
            for key in dict.fromkeys(keys):
                category = index.categories.get(key)
                entry = index.retention.get(key)
                part: list[nodes.Node] = [quiet(xref("category", key, node,
                                                     category.name if category else ""))]
                special = special_of(category) if category else None
                if special is not None:
                    label = f" (special category, {special.article} GDPR)"
                    part.append(nodes.inline(label, label, classes=["policy-special"]))
                if entry is not None:
                    period = entry.phrase.removeprefix("for ")
                    part += [nodes.Text(": "), quiet(xref("retention", key, node, period))]
                data += ([nodes.Text("; ")] if data else []) + part
            node.replace_self(data or [nodes.Text("—")])


def quiet(ref: nodes.Element) -> nodes.Element:
    """A generated link to a key the activity names: when the key is undeclared, the
    activity itself is reported (once, at its declaration), not every copy of it."""
    ref["policy_reported"] = True
    return ref


class ProcessingRegisterDirective(PolicyDirective):
    """An Art. 30-style register of every processing activity the policy declares."""

    declares = ('an Art. 30-style table of every '
                'processing activity (generated; internal pages only)')

    def run(self) -> list[nodes.Node]:
        self.checked_options()
        if not self.in_place():
            return self.parse_children()
        text = self.content_as_text("collects the processing activities of every page "
                                    "by itself")
        docname = self.env.current_document.docname
        for kind in ("activity", "category", "retention", "recipient"):
            self.domain.add_reference(Reference(docname, self.lineno, kind, "*", "", ""))
        node = placeholder(what="processing-register")
        self.set_source_info(node)
        return [*text, node]


def marked_special(index: Any, key: str, ref: nodes.Node) -> nodes.Node:
    """A category's link in the register, marked when it is a special category."""
    category = index.categories.get(key)
    special = special_of(category) if category else None
    if special is None:
        return ref
    label = f" (special category, {special.article})"
    return nodes.inline("", "", ref, nodes.inline(label, label, classes=["policy-special"]))


def condition_of(activity: Activity) -> list[nodes.Node]:
    entry = catalogue.CONDITIONS.get(activity.condition)
    if entry is None:
        return []
    text = f"; {entry.name} ({entry.article})"
    return [nodes.Text(text)]


class FillRegister(SphinxPostTransform):
    default_priority = 7

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(placeholder)):
            if node["what"] != "processing-register":
                continue
            index = self.env.domains["policy"].index  # type: ignore[attr-defined]
            rows = []
            for key, a in index.activities.items():
                basis = catalogue.BASES.get(a.basis)
                rows.append((
                    [xref("activity", key, node)],
                    [nodes.Text("; ".join(a.purposes) or "—")],
                    joined([marked_special(index, c, quiet(xref("category", c, node)))
                            for c in a.categories], ", ") or [nodes.Text("—")],
                    [nodes.Text(f"{basis.name} ({basis.article})" if basis else "not stated"),
                     *condition_of(a)],
                    joined([quiet(xref("recipient", r, node)) for r in a.recipients], ", ")
                    or [nodes.Text("not stated")],
                    [nodes.Text("; ".join(a.transfers) or "not stated")],
                    joined([quiet(xref("retention", r, node)) for r in a.retention], ", ")
                    or [nodes.Text("not stated")],
                    [nodes.Text(catalogue.SOURCES.get(a.source, "not stated"))],
                ))
            node.replace_self(table(
                ["Activity", "Purposes", "Personal data", "Legal basis", "Recipients",
                 "Transfers", "Retention", "Source"],
                rows, "policy-register", "No processing activity is declared.",
                ids=["processing-register"]))


def warn_reference(app: Sphinx, domain: Domain | None, node: pending_xref) -> bool | None:
    """Links already reported at their declaration stay quiet; ``{basis}`` is checked
    against the catalogue of Art. 6(1), not against declarations."""
    if node.get("policy_reported"):
        return True
    if domain is not None and domain.name == "policy" and domain.is_faulty(  # type: ignore
            node.get("reftype", ""), node.get("reftarget", "").strip()):
        return True  # the declaration itself was reported
    if domain is None or domain.name != "policy" or node.get("reftype") != "basis":
        return None
    target = node["reftarget"]
    warn(PolicyWarning.UNKNOWN_REFERENCE,
         f"{{basis}}: unknown legal basis {quoted(target)}; "
         f"{allowed_text(target, catalogue.BASES)}", node)
    node["policy_reported"] = True  # so the general handler stays quiet
    return True


def setup_activities(app: Sphinx) -> None:
    # before the general handler (priority 500), which would report these once more
    app.connect("warn-missing-reference", warn_reference, priority=400)
    app.add_config_value("policy_activity_summary", True, "env", types=frozenset({bool}))
    app.add_directive("processing-activity", ProcessingActivityDirective)
    app.add_directive("processing-register", ProcessingRegisterDirective)
    app.add_post_transform(FillRegister)
    app.add_post_transform(FillSummaries)
    app.add_node(at_a_glance, html=(visit_at_a_glance, depart_at_a_glance))
