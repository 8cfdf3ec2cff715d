"""Declarations on the client's own words: a role marks the phrase of a sentence that
states a fact, ``{declare-right}`access to your data <access>```. The page shows exactly
the phrase; the fact's value *is* the phrase (grounded by construction), and its key, in
angle brackets, says which fact it is.

One rule for editors: ``{right}`` (``{category}``, ``{recipient}`` …) links to a fact,
``{declare-right}`` (``{declare-category}`` …) marks the words that state it.

Each role leaves a :class:`declared` node; once the page is parsed, :class:`RecordDeclared`
turns them into records with their context: the sentence they stand in and the
``{processing-activity}`` around them, whose facts they complete.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxRole

from . import catalogue, periods
from .directives import KEY, ascii_slug, file_lines
from .domain import PolicyDomain
from .records import Activity, Category, Controller, Item, Recipient, Reference, Retention, Right
from .retention import parse_period
from .warnings import PolicyWarning, allowed_text, quoted, warn

EXPLICIT = re.compile(r"^(?P<phrase>.*?)\s*<(?P<key>[^<>]*)>$", re.S)
EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
CONTROLLER_ANCHOR = "policy-controller"


@dataclass(frozen=True)
class Kind:
    """What one declaring role marks."""

    name: str
    says: str  # what the phrase is, for the guide and messages
    key: str  # "required", "optional" or "none"
    choices: Callable[[], dict[str, Any]] | None = None  # keys from the catalogue
    in_activity: bool = False  # only inside a {processing-activity}
    example: str = ""


KINDS: dict[str, Kind] = {k.name: k for k in [
    Kind("right", "a data-subject right, by its key", "required",
         lambda: catalogue.RIGHTS, example="access to your data <access>"),
    Kind("category", "the name of a data category, by its key", "required",
         example="contact details <contact-details>"),
    Kind("item", "one item of a data category, by the category's key", "required",
         example="e-mail address <contact-details>"),
    Kind("recipient", "the name of a recipient, by its key", "required",
         example="our hosting provider <hosting>"),
    Kind("retention", "how long a data category is kept, by the category's key", "required",
         example="deleted after 14 months <usage-data>"),
    Kind("safeguard", "the safeguard a transfer relies on (by the recipient's key, or the "
         "activity's own without a key)", "optional",
         example="standard contractual clauses <hosting>"),
    Kind("purpose", "a purpose of the processing activity around it", "none", in_activity=True,
         example="to send you our newsletter"),
    Kind("basis", "the activity's legal basis (Art. 6(1)), by its key", "required",
         lambda: catalogue.BASES, in_activity=True, example="your consent <consent>"),
    Kind("condition", "the Art. 9(2) condition for special categories, by its key",
         "required", lambda: catalogue.CONDITIONS, in_activity=True,
         example="for your treatment <health-care>"),
    Kind("interest", "the legitimate interest pursued", "none", in_activity=True,
         example="to keep our website secure"),
    Kind("source", "where the activity's data come from (key 'data-subject' when they come "
         "from the reader; 'elsewhere', the default, otherwise)", "optional",
         lambda: catalogue.SOURCES, in_activity=True, example="your referring doctor"),
    Kind("requirement", "whether giving the data is required, or optional (Art. 13(2)(e))",
         "none", in_activity=True, example="you do not have to give us your phone number"),
    Kind("consequences", "what happens if the data are not given", "none", in_activity=True,
         example="without it we cannot call you back"),
    Kind("automated", "an automated decision the activity makes", "none", in_activity=True,
         example="our software decides whether to grant the loan"),
    Kind("logic", "the logic of its automated decisions", "none", in_activity=True,
         example="based on your payment history"),
    Kind("significance", "what its automated decisions mean for the reader", "none",
         in_activity=True, example="a refused loan"),
    Kind("envisaged", "the envisaged consequences of its automated decisions", "none",
         in_activity=True, example="you may be asked for a deposit"),
    Kind("special", "words saying a data category is special (Art. 9(1)) or about "
         "criminal offences (Art. 10), by the category's key", "required",
         example="these health data <sleep-recordings>"),
    Kind("country", "the country a recipient is in, by the recipient's key", "required",
         example="in India <support-desk>"),
    Kind("controller", "the controller's name", "none", example="Example Company BV"),
    Kind("address", "a line of the controller's postal address", "none",
         example="Main Street 1, 1000 Brussels"),
    Kind("email", "the controller's email address (shown as a mail link)", "none",
         example="privacy@example.com"),
    Kind("phone", "the controller's telephone number", "none", example="+32 2 123 45 67"),
    Kind("dpo", "how to reach the data protection officer", "none", example="dpo@example.com"),
]}

ROLE_PREFIX = "declare-"
#: What a key names, for the message when it is missing.
NOUNS = {"right": "right", "category": "data category", "item": "data category",
         "recipient": "recipient", "retention": "data category", "basis": "legal basis",
         "condition": "Art. 9(2) condition", "special": "data category",
         "country": "recipient"}


def phrase_period(phrase: str) -> tuple[str, int | None, str | None, str] | str:
    """A period read from the client's phrase ("kept for 20 years", "deleted after 14
    months"): the period it states, in its words; or why it cannot be read."""
    parsed = parse_period(phrase)
    if not isinstance(parsed, str):
        return parsed
    found = periods.statements(phrase)
    if len(found) != 1:
        return parsed
    period = found[0].period
    checked = parse_period(period.text)
    if isinstance(checked, str):
        return checked
    if period.amount is not None:  # "after 14 months" is a duration, not an event
        return "duration", period.amount, period.unit, period.text
    return "event", None, None, period.text


def period_value(phrase: str) -> str:
    """The period as a retention entry holds it: "7 years", "after 14 months", "until the
    account is closed" (the words of the phrase that state it)."""
    return phrase.removeprefix("for ")


class declared(nodes.inline):
    """The client's phrase, marked as the words that state a fact."""


def exact_line(env: Any, source: str | None, line: int | None, rawtext: str) -> int:
    """The line a role is written on: MyST gives the line its paragraph starts on."""
    start = line or 1
    if not source:
        return start
    first = rawtext.split("\n", 1)[0]
    for number, text in enumerate(file_lines(env, source)[start - 1:start + 200],
                                  start=start):
        if first in text:
            return number
    return start


class DeclareRole(SphinxRole):
    """``{declare-<kind>}`phrase <key>```: checks the key, shows the phrase unchanged."""

    def __init__(self, kind: Kind) -> None:
        self.kind = kind

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        kind = self.kind
        match = EXPLICIT.match(self.text)
        phrase, key = (match["phrase"], match["key"].strip()) if match else (self.text, "")
        phrase = phrase.strip()
        node = declared(self.rawtext, "", classes=["policy-declared", f"policy-{kind.name}"])
        source, line = self.get_source_info()
        node.source, node.line = source, exact_line(self.env, source, line,
                                                 f"{{{self.name}}}`{self.text}")
        node["policy_line"] = node.line  # MyST later sets the paragraph's line on it
        where = (self.env.current_document.docname, node.line)
        role = f"{{{ROLE_PREFIX}{kind.name}}}"
        node["kind"], node["key"], node["phrase"] = kind.name, "", phrase
        node += self.shown(phrase, key)
        if not phrase:
            warn(PolicyWarning.EMPTY, f"{role}: marks no words; write the client's phrase, "
                 f"e.g. {role}`{kind.example}`", where)
            return [node], []
        if kind.key == "none" and match:
            warn(PolicyWarning.INVALID_VALUE,
                 f"{role} takes no key: the phrase is the value; write {role}`{phrase}` "
                 f"(the words {quoted(key)} in angle brackets are not shown)", where)
        elif kind.key == "required" and not key:
            warn(PolicyWarning.MISSING_OPTION,
                 f"{role}`{phrase}` names no key: say in angle brackets which "
                 f"{NOUNS.get(kind.name, kind.name)} the words state, e.g. "
                 f"{role}`{kind.example}`", where)
            return [node], []
        elif key and kind.choices is not None and key not in kind.choices():
            warn(PolicyWarning.UNKNOWN_KEY,
                 f"{role}: unknown key {quoted(key)}; {allowed_text(key, kind.choices())}",
                 where)
            return [node], []
        elif key and kind.choices is None and kind.key != "none" and not KEY.fullmatch(key):
            better = ascii_slug(key)
            warn(PolicyWarning.INVALID_KEY,
                 f"{role}: the key {quoted(key)} is not lower-case words joined by hyphens"
                 + (f"; write {better!r}" if better else ""), where)
            key = better
        node["key"] = key if kind.key != "none" else ""
        return [node], []

    def shown(self, phrase: str, key: str) -> nodes.Node:
        """The phrase as the client wrote it; a link where the fact has a natural one (an
        email address, the article of the GDPR it invokes), never a word more."""
        kind = self.kind.name
        if kind in ("email", "dpo") and EMAIL.match(phrase):
            return nodes.reference(phrase, phrase, refuri=f"mailto:{phrase}")
        table = {"right": catalogue.RIGHTS, "basis": catalogue.BASES,
                 "condition": catalogue.CONDITIONS}.get(kind)
        entry = table.get(key) if table else None
        if entry is not None:
            return nodes.reference(phrase, phrase, refuri=catalogue.article_url(entry.article),
                                   reftitle=f"{entry.name} ({entry.article} GDPR)",
                                   classes=["policy-article-link"])
        return nodes.Text(phrase)


def enclosing_activity(node: nodes.Node) -> nodes.Element | None:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.container) and "policy-activity" in parent["classes"]:
            return parent
        parent = parent.parent
    return None


def sentence_block(node: nodes.Node) -> str:
    """The words of the paragraph (or list item) a phrase stands in."""
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.paragraph | nodes.list_item
                                                 | nodes.line_block):
        parent = parent.parent
    return " ".join((parent or node).astext().split())


class RecordDeclared(SphinxTransform):
    """Turns the marked phrases of a page into records, in reading order."""

    # Before the i18n transform (20), so the summaries it writes are translated too.
    default_priority = 15

    def apply(self, **kwargs: Any) -> None:
        found = [n for n in self.document.findall(declared) if n.get("key") or
                 KINDS[n["kind"]].key != "required"]
        if not found and not any(self.document.findall(nodes.container)):
            return
        self.domain: PolicyDomain = self.env.domains["policy"]  # type: ignore[assignment]
        self.docname = self.env.current_document.docname
        self.controller: dict[str, Any] = {}
        for node in found:
            node.line = node.get("policy_line", node.line)
            if node["phrase"]:
                getattr(self, f"record_{node['kind']}")(node)
        if self.controller:
            self.record_controller_parts()
        from .activities import add_summaries

        add_summaries(self.env, self.document)

    # -- helpers ---------------------------------------------------------------------------

    def where(self, node: nodes.Element) -> tuple[str, int]:
        return (self.docname, node.line or 0)

    def target(self, node: nodes.Element, anchor: str) -> str:
        """Give the phrase its anchor, unless another declaration on the page has it."""
        if anchor in self.document.ids:
            return ""
        node["ids"].append(anchor)
        self.document.ids[anchor] = node
        return anchor

    def first_of(self, kind: type, key: str, node: nodes.Element) -> bool:
        """True for the first declaration of ``key`` on the page; later ones are reported."""
        for record in self.domain.records_of(self.docname):
            if isinstance(record, kind) and getattr(record, "key", None) == key:
                warn(PolicyWarning.DUPLICATE,
                     f"{{{ROLE_PREFIX}{node['kind']}}}: {quoted(key)} is already declared on "
                     f"this page, at line {record.lineno}; declare it once (link to it with "
                     f"{{{node['kind']}}})", node)
                return False
        return True

    def activity(self, node: nodes.Element, required: bool) -> Activity | None:
        """The activity a phrase stands in (reported when it must stand in one)."""
        box = enclosing_activity(node)
        anchor = box["ids"][0] if box is not None and box["ids"] else ""
        found = next((r for r in self.domain.records_of(self.docname)
                      if isinstance(r, Activity) and r.anchor == anchor), None) if anchor else None
        if found is None and required:
            warn(PolicyWarning.NESTING,
                 f"{{{ROLE_PREFIX}{node['kind']}}}: {KINDS[node['kind']].says} belongs inside "
                 "the {processing-activity} block whose text it stands in; the words are shown "
                 "as they are", node)
        return found

    def complete(self, activity: Activity, node: nodes.Element, field: str,
                 **changes: Any) -> Activity:
        new = activity._replace(**changes, marked=tuple(dict.fromkeys(
            (*activity.marked, field))))
        self.domain.replace(self.docname, activity, new)
        return new

    def tie(self, node: nodes.Element, kind: str, field: str) -> None:
        """A category, retention entry or recipient marked inside an activity is its own."""
        activity = self.activity(node, required=False)
        if activity is None:
            return
        key = node["key"]
        if key not in getattr(activity, field):
            self.complete(activity, node, field, **{field: (*getattr(activity, field), key)})
            self.domain.add_reference(Reference(self.docname, node.line or 0, kind, key,
                                                activity.anchor, ""))

    # -- one method per kind -------------------------------------------------------------

    def record_right(self, node: nodes.Element) -> None:
        key = node["key"]
        if self.first_of(Right, key, node):
            anchor = self.target(node, nodes.make_id(f"right-{key}"))
            self.domain.add(self.docname, Right(self.docname, node.line or 0, anchor, key,
                                                node["phrase"]))

    def record_category(self, node: nodes.Element) -> None:
        key = node["key"]
        if self.first_of(Category, key, node):
            anchor = self.target(node, nodes.make_id(f"category-{key}"))
            self.domain.add(self.docname, Category(
                self.docname, node.line or 0, anchor, key, node["phrase"], (), "",
                marked=("name",)))
        self.tie(node, "category", "categories")

    def record_item(self, node: nodes.Element) -> None:
        key = node["key"]
        anchor = self.target(node, nodes.make_id(f"item-{key}-{node['phrase']}"))
        self.domain.add(self.docname, Item(self.docname, node.line or 0, anchor, key,
                                           node["phrase"]))
        self.tie(node, "category", "categories")

    def record_recipient(self, node: nodes.Element) -> None:
        key = node["key"]
        if self.first_of(Recipient, key, node):
            anchor = self.target(node, nodes.make_id(f"recipient-{key}"))
            self.domain.add(self.docname, Recipient(
                self.docname, node.line or 0, anchor, key, node["phrase"], "", "", "",
                sentence_block(node), marked=("name",)))
        self.tie(node, "recipient", "recipients")

    def record_retention(self, node: nodes.Element) -> None:
        key = node["key"]
        parsed = phrase_period(node["phrase"])
        if isinstance(parsed, str):
            warn(PolicyWarning.DURATION, f"{{{ROLE_PREFIX}retention}}: {parsed}", node)
            self.domain.add_faulty(self.docname, "retention", key)
            return
        if self.first_of(Retention, key, node):
            anchor = self.target(node, nodes.make_id(f"retention-{key}"))
            self.domain.add(self.docname, Retention(
                self.docname, node.line or 0, anchor, key, period_value(parsed[3]), *parsed, "",
                marked=("period",)))
        self.tie(node, "retention", "retention")

    def record_safeguard(self, node: nodes.Element) -> None:
        key = node["key"]
        if not key:
            activity = self.activity(node, required=True)
            if activity is not None:
                self.complete(activity, node, "safeguard", safeguard=node["phrase"])
            return
        self.on_page(node, Recipient, "recipient", safeguard=node["phrase"])

    def record_purpose(self, node: nodes.Element) -> None:
        activity = self.activity(node, required=True)
        if activity is not None:
            self.complete(activity, node, "purposes",
                          purposes=(*activity.purposes, node["phrase"]))

    def record_basis(self, node: nodes.Element) -> None:
        self.one_value(node, "basis", "the legal basis", "legal basis")

    def record_condition(self, node: nodes.Element) -> None:
        self.one_value(node, "condition", "the Art. 9(2) condition", "condition")

    def one_value(self, node: nodes.Element, field: str, what: str, per: str) -> None:
        """A legal basis or an Art. 9(2) condition: one per activity."""
        activity = self.activity(node, required=True)
        if activity is None:
            return
        stated = getattr(activity, field)
        if stated and stated != node["key"]:
            warn(PolicyWarning.INVALID_VALUE,
                 f"{{{ROLE_PREFIX}{field}}}: processing activity {quoted(activity.key)} "
                 f"already has {what} {quoted(stated)}; an activity has one {per}: when "
                 f"purposes rest on different ones, declare one activity per {per}", node)
            return
        self.complete(activity, node, field, **{field: node["key"]})

    def record_interest(self, node: nodes.Element) -> None:
        activity = self.activity(node, required=True)
        if activity is not None:
            interest = "; ".join(filter(None, (activity.interest, node["phrase"])))
            self.complete(activity, node, "interest", interest=interest)

    def record_source(self, node: nodes.Element) -> None:
        activity = self.activity(node, required=True)
        if activity is not None:
            self.complete(activity, node, "origin", source=node["key"] or "elsewhere",
                          origin=node["phrase"])

    def record_requirement(self, node: nodes.Element) -> None:
        self.activity_text(node, "required")

    def record_consequences(self, node: nodes.Element) -> None:
        self.activity_text(node, "consequences")

    def record_logic(self, node: nodes.Element) -> None:
        self.activity_text(node, "logic")

    def record_significance(self, node: nodes.Element) -> None:
        self.activity_text(node, "significance")

    def record_envisaged(self, node: nodes.Element) -> None:
        self.activity_text(node, "envisaged")

    def activity_text(self, node: nodes.Element, field: str) -> None:
        activity = self.activity(node, required=True)
        if activity is not None:
            value = " ".join(filter(None, (getattr(activity, field), node["phrase"])))
            self.complete(activity, node, field, **{field: value})

    def record_automated(self, node: nodes.Element) -> None:
        activity = self.activity(node, required=True)
        if activity is not None:
            self.complete(activity, node, "automated",
                          automated=(*activity.automated, node["phrase"]))

    def record_special(self, node: nodes.Element) -> None:
        special = catalogue.special_in(node["phrase"])
        if special is None:
            warn(PolicyWarning.INVALID_VALUE,
                 f"{{{ROLE_PREFIX}special}}: {quoted(node['phrase'])} names no special "
                 "category of data; mark the words that name it (e.g. 'health', 'biometric', "
                 "'religious beliefs', 'criminal record'), or write ':special:' on the "
                 "{data-category} block. Special categories: " + ", ".join(catalogue.SPECIAL),
                 node)
            return
        self.on_page(node, Category, "data category", special=special.key)

    def record_country(self, node: nodes.Element) -> None:
        self.on_page(node, Recipient, "recipient", country=node["phrase"])

    def on_page(self, node: nodes.Element, kind: type, what: str, **changes: Any) -> None:
        """Complete a declaration made earlier on this page with the marked words."""
        record = next((r for r in self.domain.records_of(self.docname)
                       if isinstance(r, kind) and r.key == node["key"]), None)
        if record is None:
            warn(PolicyWarning.UNKNOWN_REFERENCE,
                 f"{{{ROLE_PREFIX}{node['kind']}}}: no {what} {quoted(node['key'])} is "
                 f"declared on this page before it; mark these words after the {what}'s "
                 "declaration, on the same page", node)
            return
        field = next(iter(changes))
        self.domain.replace(self.docname, record, record._replace(
            **changes, marked=tuple(dict.fromkeys((*record.marked, field)))))

    # -- the controller, from the phrases of one page ------------------------------------------

    def record_controller(self, node: nodes.Element) -> None:
        if "name" in self.controller:
            warn(PolicyWarning.DUPLICATE, "{declare-controller}: the controller's name is "
                 f"already marked on this page, at line {self.controller['name'][1].line}; "
                 "mark it once", node)
            return
        self.controller["name"] = (node["phrase"], node)

    def record_address(self, node: nodes.Element) -> None:
        self.controller.setdefault("address", []).append((node["phrase"], node))

    def record_email(self, node: nodes.Element) -> None:
        self.controller.setdefault("email", (node["phrase"], node))

    def record_phone(self, node: nodes.Element) -> None:
        self.controller.setdefault("phone", (node["phrase"], node))

    def record_dpo(self, node: nodes.Element) -> None:
        self.controller.setdefault("dpo", (node["phrase"], node))

    def record_controller_parts(self) -> None:
        parts = self.controller
        value = {k: v[0] for k, v in parts.items() if k != "address"}
        address = tuple(phrase for phrase, _ in parts.get("address", ()))
        block = next((r for r in self.domain.records_of(self.docname)
                      if isinstance(r, Controller)), None)
        if block is not None:  # a {controller} block on the page: the phrases complete it
            self.domain.replace(self.docname, block, block._replace(
                address=block.address or address, email=block.email or value.get("email", ""),
                phone=block.phone or value.get("phone", ""),
                dpo=block.dpo or value.get("dpo", "")))
            return
        first = parts["name"][1] if "name" in parts else min(
            (n for v in parts.values() for n in ([x[1] for x in v] if isinstance(v, list)
                                                   else [v[1]])), key=lambda n: n.line or 0)
        anchor = self.target(first, CONTROLLER_ANCHOR)
        if not anchor:
            return  # a {controller} block elsewhere on the page holds it: reported there
        self.domain.add(self.docname, Controller(
            self.docname, first.line or 0, anchor, value.get("name", ""), address,
            value.get("email", ""), value.get("phone", ""), "", value.get("dpo", ""), ""))


def setup_inline(app: Sphinx) -> None:
    for kind in KINDS.values():
        app.add_role(f"{ROLE_PREFIX}{kind.name}", DeclareRole(kind))
    app.add_node(declared)
    app.add_transform(RecordDeclared)
