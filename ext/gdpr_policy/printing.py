"""Printing: the policy as one printable page, the source of the PDF.

The PDF (``python -m gdpr_policy.pdf``) is the ``singlehtml`` build rendered by WeasyPrint
with ``static/policy-print.css``. For that build this module

- mends singlehtml's ``#document-x#term-y`` links to ``#term-y`` (sphinx-doc/sphinx#14221),
  so term, right and section references work inside the PDF;
- lifts the policy's pages out of the introduction, where the toctree sits, so each
  numbered section is a chapter of its own (same text, same order), and puts each
  section's anchor on its heading, where a link or a contents entry should land;
- adds a title block under the title (the controller, from its single declaration) and,
  after the policy's opening (its introduction, highlights and "Last updated" line, as the
  client wrote them), a contents list: a ``<nav>`` with an ``<h2>`` and one link per
  chapter, the page number outside the link, so WeasyPrint writes one link annotation per
  entry (``pdf.py`` then tags the list as TOC/TOCI);
- writes the metadata the PDF takes over: author (the controller), subject, dates.

Every HTML page gets the print stylesheet (``media="print"``), so printing a page from a
browser is clean too, and an author meta tag.
"""

from __future__ import annotations

import datetime
import html
import os
import re
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform

from .facts import fact_values, policy_date
from .pdflink import setup_pdflink

CONTENTS_TITLE = "Contents"
CONTENTS_ID = "policy-print-contents"


class MendSinglePageLinks(SphinxPostTransform):
    """``#document-definitions#term-consent`` becomes ``#term-consent``.

    singlehtml puts every page into one, so a link to an anchor on another page carries
    two fragments; browsers and PDF renderers only follow the last one. A link to a whole
    page (``#document-x``, and the root page, which has no such anchor) goes to the page's
    first section.
    """

    default_priority = 20  # after ReferencesResolver (10)
    builders = ("singlehtml",)

    def run(self, **kwargs: Any) -> None:
        pages = {f"#document-{self.config.root_doc}": first_section_id(self.document)}
        for start in self.document.findall(addnodes.start_of_file):
            pages[f"#document-{start['docname']}"] = first_section_id(start)
        for ref in self.document.findall(nodes.reference):
            uri = ref.get("refuri", "")
            second = uri.find("#", 1) if uri.startswith("#") else -1
            if second > 0:
                ref["refuri"] = uri[second:]
            elif pages.get(uri):
                ref["refuri"] = f"#{pages[uri]}"


def first_section_id(node: nodes.Element) -> str | None:
    section = node.next_node(nodes.section)
    return section["ids"][0] if section is not None and section["ids"] else None


def anchor_headings(document: nodes.document) -> None:
    """Move each section's anchors onto its heading.

    A paged renderer may leave a section's (empty) start at the foot of one page and put
    its heading on the next; a link or a contents entry aimed at the section would then
    name the wrong page. The heading is where the reader should land.
    """
    for section in document.findall(nodes.section):
        title = section.next_node(nodes.title)
        if title is not None and title.parent is section and section["ids"]:
            title["ids"] = section["ids"] + title["ids"]
            # the HTML writer needs an id on every section (for section numbers)
            section["ids"] = [f"{section['ids'][0]}-section"]


def _is_section(node: nodes.Node) -> bool:
    return isinstance(node, nodes.section)


def lift_chapters(top: nodes.section) -> None:
    """Move the inlined pages (and what follows them) up to be chapters of ``top``.

    The toctree sits at the end of the introduction, so singlehtml nests every chapter
    inside it; lifting keeps the reading order and gives each chapter its own level.
    """
    for wrapper in list(top.findall(nodes.compound)):
        if "toctree-wrapper" not in wrapper["classes"]:
            continue
        while wrapper.parent is not top and _is_section(wrapper.parent) \
                and _is_section(wrapper.parent.parent):
            section, outer = wrapper.parent, wrapper.parent.parent
            tail = section.children[section.index(wrapper):]
            for node in tail:
                section.remove(node)
            at = outer.index(section) + 1
            outer[at:at] = tail


def chapters(top: nodes.section) -> list[nodes.section]:
    """The sections one level below the title, in reading order.

    Walked from the top down: the pages singlehtml inlines keep their old parent links.
    """
    found: list[nodes.section] = []

    def walk(node: nodes.Element) -> None:
        for child in node.children:
            if _is_section(child):
                found.append(child)
            elif isinstance(child, nodes.Element):
                walk(child)

    walk(top)
    return found


def title_block(env: BuildEnvironment) -> nodes.container | None:
    """The controller, from its single declaration: a paragraph, not a (definition) list.

    The date is not repeated here: the client's own "Last updated" line follows on the same
    page, and the closing statement of the last section names it again.
    """
    facts = fact_values(env)
    if "controller" not in facts:
        return None
    address = facts.get("controller-address", "")
    value = ", ".join(v for v in (facts["controller"], address) if v)
    label = nodes.inline("", "Controller:", classes=["policy-titleblock-label"])
    block = nodes.container(classes=["policy-titleblock"])
    block += nodes.paragraph("", "", label, nodes.Text(" " + value))
    return block


class print_contents(nodes.General, nodes.Element):
    """The printed contents: ``<nav>``, its ``<h2>`` heading and a list of entries."""


class print_contents_entry(nodes.Part, nodes.TextElement):
    """One chapter: its link, then the page number (written by the print stylesheet from
    ``data-target``, outside the link, so the entry is one link annotation in the PDF)."""


def visit_print_contents(self: Any, node: print_contents) -> None:
    self.body.append(self.starttag(node, "nav", "", CLASS="policy-print-contents",
                                   **{"aria-labelledby": CONTENTS_ID}))
    self.body.append(f'<h2 class="policy-print-contents-title" id="{CONTENTS_ID}">'
                     f"{html.escape(node['title'])}</h2>\n"
                     '<ul class="policy-print-contents-list">\n')


def depart_print_contents(self: Any, node: print_contents) -> None:
    self.body.append("</ul>\n</nav>\n")


def visit_print_contents_entry(self: Any, node: print_contents_entry) -> None:
    # The link sits in a span: the entry is a flex row (title, leader, number), and
    # WeasyPrint drops the link of an <a> that is itself a flex item.
    self.body.append(self.starttag(node, "li", "", CLASS="policy-print-contents-entry"))
    self.body.append('<span class="policy-print-contents-chapter">')


def depart_print_contents_entry(self: Any, node: print_contents_entry) -> None:
    target = html.escape(f"#{node['target']}", quote=True)
    self.body.append(f'</span><span class="policy-print-contents-page" data-target="{target}">'
                     "</span></li>\n")


def contents(sections: list[nodes.section]) -> print_contents:
    """A contents list; the print stylesheet adds the leaders and page numbers."""
    listing = print_contents(title=CONTENTS_TITLE)
    for section in sections:
        title = section.next_node(nodes.title)
        ids = (title["ids"] or section["ids"]) if title is not None else []
        if not ids:
            continue
        text = title.astext()
        link = nodes.reference("", text, internal=True, refid=ids[0])
        listing += print_contents_entry("", "", link, target=ids[0])
    return listing


def single_link_boxes(document: nodes.document) -> None:
    """``<a><span class="xref">text</span></a>`` becomes ``<a class="xref">text</a>``.

    WeasyPrint writes one link annotation per box inside a link, so the wrapper would
    double every link in the PDF (and in what a screen reader announces).
    """
    for ref in document.findall(nodes.reference):
        if len(ref.children) == 1 and type(ref[0]) in (nodes.inline, nodes.literal) \
                and not ref[0]["ids"]:
            inner = ref[0]
            ref["classes"] += [c for c in inner["classes"] if c not in ref["classes"]]
            ref[:] = inner.children


class PrintFrontMatter(SphinxPostTransform):
    """Chapters lifted; the title block under the title, the contents before the first
    chapter."""

    default_priority = 30
    builders = ("singlehtml",)

    def run(self, **kwargs: Any) -> None:
        if self.document.get("docname") != self.config.root_doc:
            return
        top = self.document.next_node(nodes.section)
        if top is None or not isinstance(top[0], nodes.title):
            return
        lift_chapters(top)
        anchor_headings(self.document)
        single_link_boxes(self.document)
        sections = chapters(top)
        if sections:
            # after the opening, before the first chapter: the client's text keeps its order
            first = next((i for i, child in enumerate(top.children)
                          if child.next_node(nodes.section, include_self=True)), len(top))
            top.insert(first, contents(sections))
        block = title_block(self.env)
        if block is not None:
            top.insert(1, block)


# -- metadata ------------------------------------------------------------------------------


def document_date(env: BuildEnvironment) -> str | None:
    """The build's date in W3C form: SOURCE_DATE_EPOCH, else the policy's own date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if re.fullmatch(r"\d+", epoch):
        moment = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    date, _ = policy_date(env)
    return f"{date.isoformat()}T00:00:00Z" if date else None


def author(app: Sphinx) -> str:
    """The controller declared in the policy; the project's author if none is declared."""
    return fact_values(app.env).get("controller") or app.config.author


def subject(app: Sphinx) -> str:
    if app.config.policy_pdf_subject:
        return app.config.policy_pdf_subject
    name = fact_values(app.env).get("controller")
    return f"Privacy policy of {name}" if name else app.config.project


def meta_tags(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
              doctree: nodes.document | None) -> None:
    tags = {"author": author(app)}
    if app.builder.name == "singlehtml":
        tags["description"] = subject(app)
        date = document_date(app.env)
        if date:
            tags["dcterms.created"] = date
            tags["dcterms.modified"] = date
    extra = "".join(f'<meta name="{name}" content="{html.escape(value)}" />\n'
                    for name, value in tags.items() if value)
    context["metatags"] = context.get("metatags", "") + extra


def setup_printing(app: Sphinx) -> None:
    app.add_config_value("policy_pdf_subject", "", "html", types=frozenset({str}),
                         description="PDF subject; default 'Privacy policy of <controller>'")
    app.add_post_transform(MendSinglePageLinks)
    app.add_post_transform(PrintFrontMatter)
    # only the singlehtml build (the PDF's source) ever holds these
    app.add_node(print_contents, html=(visit_print_contents, depart_print_contents))
    app.add_node(print_contents_entry,
                 html=(visit_print_contents_entry, depart_print_contents_entry))
    app.add_css_file("policy-print.css", media="print", priority=900)
    app.connect("html-page-context", meta_tags)
    setup_pdflink(app)

