"""The ``policy`` domain: every declaration of the policy, kept per document.

``data`` maps each document to its records, references (the places that show a fact),
passages and the sections its declarations stand in. A document's entries are purged when
it is re-read and copied over from parallel readers (only the documents they read);
everything derived (lookups, term usage) is rebuilt from them in
:meth:`PolicyDomain.rebuild`, so serial, parallel and incremental builds end in the same
state. :meth:`PolicyDomain.dependents` names the pages that were not re-read but show a
fact that changed, so an incremental build writes what a clean build writes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Set
from typing import Any, ClassVar

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from . import catalogue
from .records import (
    Activity,
    Category,
    Controller,
    Item,
    Passage,
    Recipient,
    Record,
    Reference,
    Retention,
    Right,
    Term,
)

#: Term key -> [(docname, section anchor, section label)] where the term is used.
Usage = dict[str, list[tuple[str, str, str]]]

KINDS: dict[type, str] = {
    Term: "term",
    Right: "right",
    Category: "category",
    Retention: "retention",
    Recipient: "recipient",
    Activity: "activity",
    Controller: "controller",
}


#: Roles whose text comes from a declaration (``{basis}`` comes from the catalogue).
SHOWN = frozenset({"right", "category", "retention", "recipient", "activity", "fact"})


class Index:
    """Lookups derived from all documents' records, first declaration first."""

    def __init__(self, records: dict[str, list[Record]], refs: dict[str, list[Reference]],
                 passages: dict[str, list[Passage]], order: dict[str, int] | None = None
                 ) -> None:
        self.by_kind: dict[str, dict[str, Record]] = defaultdict(dict)
        self.duplicates: list[tuple[Record, Record]] = []
        # first in reading order (the table of contents) wins; pages outside it come last
        rank = order or {}
        items: list[Item] = []
        for docname in sorted(records, key=lambda d: (rank.get(d, len(rank)), d)):
            for record in records[docname]:
                if isinstance(record, Item):
                    items.append(record)
                    continue
                kind = KINDS[type(record)]
                key = record.name if kind == "controller" else record.key
                first = self.by_kind[kind].get(key)
                if first is None:
                    self.by_kind[kind][key] = record
                else:
                    self.duplicates.append((record, first))
        self.add_items(items)
        self.forms: dict[str, str] = {}
        for term in self.terms.values():
            for form in term.forms:
                self.forms.setdefault(form, term.key)
        self.refs = refs
        self.passages = passages

    def add_items(self, items: list[Item]) -> None:
        """Items declared on the client's phrases join their category, in reading order; a
        category named only through its items is one with no name of its own."""
        categories = self.by_kind["category"]
        for item in items:
            category = categories.get(item.key)
            if category is None:
                categories[item.key] = Category(item.docname, item.lineno, item.anchor,
                                                item.key, "", (item.text,), "",
                                                marked=("items",))
            elif item.text not in category.items:  # type: ignore[union-attr]
                categories[item.key] = category._replace(  # type: ignore[union-attr]
                    items=(*category.items, item.text),  # type: ignore[union-attr]
                    marked=tuple(dict.fromkeys((*category.marked, "items"))))  # type: ignore

    @property
    def terms(self) -> dict[str, Term]:
        return self.by_kind["term"]  # type: ignore[return-value]

    @property
    def rights(self) -> dict[str, Right]:
        return self.by_kind["right"]  # type: ignore[return-value]

    @property
    def categories(self) -> dict[str, Category]:
        return self.by_kind["category"]  # type: ignore[return-value]

    @property
    def retention(self) -> dict[str, Retention]:
        return self.by_kind["retention"]  # type: ignore[return-value]

    @property
    def recipients(self) -> dict[str, Recipient]:
        return self.by_kind["recipient"]  # type: ignore[return-value]

    @property
    def activities(self) -> dict[str, Activity]:
        return self.by_kind["activity"]  # type: ignore[return-value]

    @property
    def controller(self) -> Controller | None:
        found = list(self.by_kind["controller"].values())
        return found[0] if found else None  # type: ignore[return-value]

    def term_for(self, text: str) -> Term | None:
        key = self.forms.get(" ".join(text.lower().split()))
        return self.terms.get(key) if key else None


def toc_order(env: BuildEnvironment) -> dict[str, int]:
    """Documents in the order a reader meets them through the table of contents."""
    order: dict[str, int] = {}
    stack = [env.config.root_doc]
    while stack:
        docname = stack.pop()
        if docname in order:
            continue
        order[docname] = len(order)
        stack.extend(reversed(env.toctree_includes.get(docname, [])))
    return order


def enclosing_section(node: nodes.Node) -> nodes.section | None:
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    return parent


class PolicyDomain(Domain):
    """Terms, rights, data categories, retention, recipients, processing activities, the
    controller."""

    name = "policy"
    label = "Privacy policy"
    object_types = {
        "right": ObjType("data-subject right", "right"),
        "category": ObjType("data category", "category"),
        "retention": ObjType("retention period", "retention"),
        "recipient": ObjType("recipient", "recipient"),
        "activity": ObjType("processing activity", "activity"),
    }
    roles = {
        "right": XRefRole(warn_dangling=True),
        "category": XRefRole(warn_dangling=True),
        "retention": XRefRole(warn_dangling=True),
        "recipient": XRefRole(warn_dangling=True),
        "activity": XRefRole(warn_dangling=True),
        "basis": XRefRole(warn_dangling=True),
        "fact": XRefRole(warn_dangling=True),
    }
    initial_data: dict[str, Any] = {
        "records": {},  # docname -> [Record]
        "refs": {},  # docname -> [Reference]
        "passages": {},  # docname -> [Passage]
        "sections": {},  # docname -> {record anchor: (section title, section anchor)}
        "fingerprints": {},  # (kind, key) -> digest, as of the last build
        "used_in": {},  # term key -> pages using it, as of the last build
        # The terms found in each page's passages, and the term forms they were found
        # with: a rebuild after an edit scans only the pages re-read (while no term
        # changed), not the whole policy again.
        "mentions": {},  # docname -> [(term key, section anchor, section label)]
        "mention_forms": {},  # term form -> term key, as of the last scan
        # declarations reported as faulty (a period that cannot be read): references to
        # them stay quiet, so one mistake gives one message
        "faulty": {},  # docname -> [(kind, key)]
    }
    data_version = 8

    # -- per-document data -------------------------------------------------------------

    def _per_doc(self) -> Iterator[dict[str, list[Any]]]:
        yield self.data["records"]
        yield self.data["refs"]
        yield self.data["passages"]
        yield self.data["sections"]
        yield self.data["mentions"]
        yield self.data["faulty"]

    def _changed(self) -> None:
        self._index = self._usage = self._shown_on = None

    def add(self, docname: str, record: Record) -> None:
        self._changed()
        self.data["records"].setdefault(docname, []).append(record)

    def add_faulty(self, docname: str, kind: str, key: str) -> None:
        """A declaration that was reported and not recorded (its references stay quiet)."""
        self.data["faulty"].setdefault(docname, []).append((kind, key))

    def is_faulty(self, kind: str, key: str) -> bool:
        return any((kind, key) in found for found in self.data["faulty"].values())

    def add_reference(self, ref: Reference) -> None:
        self._changed()
        self.data["refs"].setdefault(ref.docname, []).append(ref)

    def set_passages(self, docname: str, passages: list[Passage]) -> None:
        self._changed()
        self.data["passages"][docname] = passages
        self.data["mentions"].pop(docname, None)

    def process_doc(self, env: BuildEnvironment, docname: str,
                    document: nodes.document) -> None:
        """Note every role that shows a declared fact, so the page is rewritten when the
        fact changes on another page."""
        for node in document.findall(pending_xref):
            if node.get("refdomain") != "policy" or node.get("reftype") not in SHOWN:
                continue
            section = enclosing_section(node)
            anchor = section["ids"][0] if section is not None and section["ids"] else ""
            self.add_reference(Reference(docname, node.line or 0, node["reftype"],
                                         node["reftarget"].strip(), anchor, ""))
        # Where each declaration stands, as a reader finds it: "6. Contact Via Website",
        # not the page's first title.
        anchors = {r.anchor for r in self.records_of(docname)}
        sections: dict[str, tuple[str, str]] = {}
        for node in document.findall(nodes.Element):
            for anchor in anchors.intersection(node["ids"]):
                section = enclosing_section(node)
                if section is not None and section.children and isinstance(
                        section[0], nodes.title):
                    sections[anchor] = (section[0].astext(),
                                        section["ids"][0] if section["ids"] else "")
        if sections:
            self.data["sections"][docname] = sections

    def section_title(self, record: Record) -> str:
        """The title of the section a declaration stands in (the page's title if none)."""
        found = self.data["sections"].get(record.docname, {}).get(record.anchor)
        if found:
            return found[0]
        title = self.env.titles.get(record.docname)
        return title.astext() if title is not None else record.docname

    def section_anchor(self, record: Record) -> str:
        """The anchor of the section a declaration stands in ("" if none)."""
        found = self.data["sections"].get(record.docname, {}).get(record.anchor)
        return found[1] if found else ""

    def records_of(self, docname: str) -> list[Record]:
        return self.data["records"].get(docname, [])

    def replace(self, docname: str, old: Record, new: Record) -> None:
        """Put ``new`` in the place of ``old`` (a declaration completed by the phrases
        marked inside it)."""
        self._changed()
        found = self.data["records"].get(docname, [])
        found[found.index(old)] = new

    def clear_doc(self, docname: str) -> None:
        self._changed()
        for table in self._per_doc():
            table.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        # Copy only the documents the worker read: each worker sends a whole env back.
        self._changed()
        for name in ("records", "refs", "passages", "sections", "faulty"):
            for docname in docnames:
                if docname in otherdata[name]:
                    self.data[name][docname] = otherdata[name][docname]
        for docname in docnames:  # their passages are new: scan them again
            self.data["mentions"].pop(docname, None)

    # -- derived data ------------------------------------------------------------------

    _index: Index | None = None
    _usage: dict[str, list[tuple[str, str, str]]] | None = None
    _shown_on: dict[str, set[str]] | None = None

    @property
    def index(self) -> Index:
        if self._index is None:
            self.rebuild()
        assert self._index is not None
        return self._index

    @property
    def usage(self) -> dict[str, list[tuple[str, str, str]]]:
        """Term key -> [(docname, section anchor, section label)] where the term is used."""
        if self._usage is None:
            self.rebuild()
        assert self._usage is not None
        return self._usage

    @property
    def shown_on(self) -> dict[str, set[str]]:
        """Term key -> every page linking the term, internal pages included."""
        if self._shown_on is None:
            self.rebuild()
        assert self._shown_on is not None
        return self._shown_on

    #: Where each term is used, found by the term matcher of the links layer, which
    #: registers it here (mentions.setup_mentions): the index calls up into no module.
    usage_finder: ClassVar[Callable[[Index, bool, dict[str, Any]], Usage] | None] = None

    def rebuild(self) -> None:
        order = toc_order(self.env)
        self._index = Index(self.data["records"], self.data["refs"], self.data["passages"],
                            order)
        self._index._doc_order = order  # type: ignore[attr-defined]  # mentions.doc_order
        finder = type(self).usage_finder
        usage = finder(self._index, self.env.config.policy_autolink_terms, self.data) \
            if finder is not None else {}
        self._shown_on = {key: {p[0] for p in places} for key, places in usage.items()}
        # Back-links lead only to the published policy (the pages its contents reach),
        # never to an internal page such as the record of processing.
        self._usage = {key: kept for key, places in usage.items()
                       if (kept := [p for p in places if p[0] in order])}

    # -- cross-references --------------------------------------------------------------

    def _target(self, typ: str, target: str) -> tuple[Record | None, str]:
        """The record a role names, and the text it shows by default."""
        index = self.index
        key = target.strip()
        if typ == "right":
            right = index.rights.get(key)
            return right, right.text if right else ""
        if typ == "category":
            category = index.categories.get(key)
            if category is None:
                return None, ""
            items = ", ".join(category.items)
            if not category.name:  # named only through its items
                return category, items or key
            return category, f"{category.name} ({items})" if items else category.name
        if typ == "retention":
            entry = index.retention.get(key)
            return entry, entry.phrase if entry else ""
        if typ == "recipient":
            recipient = index.recipients.get(key)
            return recipient, recipient.name if recipient else ""
        if typ == "activity":
            activity = index.activities.get(key)
            return activity, activity.name if activity else ""
        return None, ""

    def resolve_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                     typ: str, target: str, node: pending_xref, contnode: nodes.Element
                     ) -> nodes.reference | None:
        if typ == "basis":
            entry = catalogue.BASES.get(target.strip())
            if entry is None:
                return None
            text = contnode.astext() if node.get("refexplicit") else (
                f"{entry.name.lower()} ({entry.article} GDPR)")
            return nodes.reference("", text, refuri=catalogue.article_url(entry.article),
                                   classes=["policy-basis"], reftitle=entry.article)
        if typ == "fact":
            return None  # replaced by the facts module before references are resolved
        record, text = self._target(typ, target)
        if record is None:
            return None
        if not node.get("refexplicit"):
            contnode = nodes.inline(text, text, classes=contnode["classes"])
        return make_refnode(builder, fromdocname, record.docname, record.anchor, contnode,
                            text)

    def resolve_any_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                         target: str, node: pending_xref, contnode: nodes.Element
                         ) -> list[tuple[str, nodes.reference]]:
        results = []
        for typ in ("right", "category", "retention", "recipient", "activity", "basis"):
            ref = self.resolve_xref(env, fromdocname, builder, typ, target, node, contnode)
            if ref is not None:
                results.append((f"policy:{typ}", ref))
        return results

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        """Rights, data categories, recipients and processing activities, as Sphinx wants
        them for objects.inv and the search index: ``(key, name, kind, page, anchor, 1)``.

        The first field is the unique target name (the key a role and intersphinx resolve
        by), the second the name a reader knows it by: the catalogue's name of a right
        ("Right of access", not the policy's whole wording), the declared name of the
        rest, on one line. Only the first declaration of each key is an object, with the
        id it stands at; one without an id could be linked to by no result, so it is left
        out. ``searchindex.py`` writes these into the search index with their section."""
        index = self.index
        for kind in ("right", "category", "recipient", "activity"):
            for key, record in index.by_kind[kind].items():
                if not record.anchor:
                    continue
                if kind == "right":
                    entry = catalogue.RIGHTS.get(key)
                    name = entry.name if entry else record.text  # type: ignore[union-attr]
                else:
                    name = record.name  # type: ignore[union-attr]
                shown = " ".join(name.split()) or key
                yield key, shown, kind, record.docname, record.anchor, 1

    # -- misspelt names: as the default domain, the policy is asked first ------

    #: The look-ups of misspelt directive and role names, registered by the markup layer
    #: (markup.setup_markup).
    misspelled: ClassVar[tuple[Callable[[PolicyDomain, str], Any],
                               Callable[[PolicyDomain, str], Any]] | None] = None

    def directive(self, name: str) -> Any:
        found = super().directive(name)
        if found is None and type(self).misspelled is not None:
            found = type(self).misspelled[0](self, name)
        return found

    def role(self, name: str) -> Any:
        found = super().role(name)
        if found is None and type(self).misspelled is not None:
            found = type(self).misspelled[1](self, name)
        return found
