"""The policy's running text as the checks read it: headings and blocks of text, each with
its file and line, its section and the processing activity it stands in.

The declarations say what the legal team declared; the text says what readers are told.
Several checks compare the two (a basis stated in words but not declared, a phrase that
points "below" to nothing), so the text is kept per document like any environment data:
purged when a page is re-read and merged from parallel readers.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector

from ..domain import toc_order

ATTR = "policy_compliance_text"

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?:\+|\b00)\d[\d ()./-]{6,}\d|\b\d{3}[ ./-]?\d{3,4}[ ./-]?\d{3,4}\b")
URL = re.compile(r"https?://\S+|\bwww\.\S+")


class Heading(NamedTuple):
    line: int
    anchor: str
    title: str
    depth: int  # 1 for a page's top-level sections


class Block(NamedTuple):
    """A paragraph (or line block) of running text."""

    line: int
    section: str  # anchor of the innermost section
    activity: str  # anchor of the enclosing {processing-activity}, "" outside one
    text: str
    link: bool  # holds a hyperlink to another document or site
    contact: bool  # holds contact details: an email address, a phone number, a web address
    within: str  # the declaration it stands in: "definition", "right", "category",
    #              "recipient", "retention" ("" for running text)


class DocText(NamedTuple):
    headings: tuple[Heading, ...]
    blocks: tuple[Block, ...]
    rights_lists: tuple[int, ...]  # lines of the {rights} blocks


def has_contact(text: str, node: nodes.Element) -> bool:
    if EMAIL.search(text) or PHONE.search(text) or URL.search(text):
        return True
    return any(str(ref.get("refuri", "")).startswith(("mailto:", "tel:", "http"))
               for ref in node.findall(nodes.reference))


def line_of(node: nodes.Node) -> int:
    while node is not None:
        if node.line:
            return node.line
        node = node.parent
    return 0


def generated(node: nodes.Node) -> bool:
    """True inside output the extension builds from declarations, or inside the page's
    front matter (docinfo): neither is the policy's text."""
    parent: Any = node
    while parent is not None:
        if isinstance(parent, nodes.docinfo) or "policy-generated" in getattr(
                parent, "get", lambda *_: ())("classes", ()):
            return True
        parent = parent.parent
    return False


#: Classes of the declaration blocks a paragraph may stand in, innermost first wins.
WITHIN = {"policy-definitions": "definition", "policy-right": "right",
          "policy-data-category": "category", "policy-recipient": "recipient",
          "policy-retention": "retention"}


def enclosing(node: nodes.Node) -> tuple[str, str, str]:
    """(section anchor, activity anchor, declaration kind) around a node."""
    section = activity = within = ""
    parent = node.parent
    while parent is not None:
        ids = parent.get("ids", []) if isinstance(parent, nodes.Element) else []
        if not section and isinstance(parent, nodes.section) and ids:
            section = ids[0]
        classes = parent.get("classes", ()) if isinstance(parent, nodes.Element) else ()
        if (not activity and isinstance(parent, nodes.container)
                and "policy-activity" in classes and ids):
            activity = ids[0]
        if not within:
            within = next((WITHIN[c] for c in classes if c in WITHIN), "")
        parent = parent.parent
    return section, activity, within


def read_text(doctree: nodes.document) -> DocText:
    headings: list[Heading] = []
    for section in doctree.findall(nodes.section):
        if not section.children or not isinstance(section[0], nodes.title) or not section["ids"]:
            continue
        depth = 0
        parent = section.parent
        while parent is not None:
            depth += isinstance(parent, nodes.section)
            parent = parent.parent
        headings.append(Heading(line_of(section[0]), section["ids"][0],
                                " ".join(section[0].astext().split()), depth + 1))
    blocks: list[Block] = []
    for node in doctree.findall(lambda n: isinstance(n, nodes.paragraph | nodes.line_block)):
        if isinstance(node.parent, nodes.line_block | nodes.paragraph) or generated(node):
            continue
        text = " ".join(node.astext().split())
        if not text:
            continue
        section, activity, within = enclosing(node)
        link = any(ref.get("refuri") for ref in node.findall(nodes.reference))
        blocks.append(Block(line_of(node), section, activity, text, link,
                            has_contact(text, node), within))
    rights = tuple(line_of(n) for n in doctree.findall(nodes.bullet_list)
                   if "policy-rights" in n["classes"])
    return DocText(tuple(headings), tuple(blocks), rights)


class TextCollector(EnvironmentCollector):
    """Keeps each document's :class:`DocText` on the environment."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        store(env).pop(docname, None)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: set[str],
                    other: BuildEnvironment) -> None:
        theirs = store(other)
        for docname in docnames:
            if docname in theirs:
                store(env)[docname] = theirs[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        # Only the checks read it: a publishing build neither scans nor stores the text
        # (turning the checks on re-reads every page, see setup_compliance).
        if app.config.policy_compliance_checks:
            store(app.env)[app.env.current_document.docname] = read_text(doctree)


def store(env: BuildEnvironment) -> dict[str, DocText]:
    if not hasattr(env, ATTR):
        setattr(env, ATTR, {})
    return getattr(env, ATTR)


def reading_order(env: BuildEnvironment) -> list[str]:
    """The pages in the order a reader meets them through the tables of contents (pages
    outside the navigation are not in it)."""
    return [docname for docname in toc_order(env) if docname in env.found_docs]
