"""The data-subject rights: ``{rights}`` holding one ``{right}`` per right, by catalogue
key. The policy's wording is the content; the catalogue adds the article and an anchor."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from . import catalogue
from .definitions import article_reference
from .directives import PolicyDirective
from .records import Right
from .warnings import PolicyWarning


class RightsDirective(PolicyDirective):
    """The list of rights the policy grants."""

    declares = "the list of the data subject's rights"

    def run(self) -> list[nodes.Node]:
        self.checked_options()
        if not self.in_place():
            return self.parse_children()
        children = self.parse_children()
        if not children:
            self.warn(PolicyWarning.EMPTY, "holds no {right}; add one per right")
        out: list[nodes.Node] = []
        current: nodes.bullet_list | None = None
        for child in children:
            if isinstance(child, nodes.list_item) and "policy-right" in child["classes"]:
                if current is None:
                    current = nodes.bullet_list(classes=["policy-rights"])
                    self.set_source_info(current)
                    out.append(current)
                current += child
            else:
                current = None
                out.append(child)
        return out


class RightDirective(PolicyDirective):
    """One right: ``{right} key`` with the policy's wording as content."""

    declares = "one right, by its key, with the policy's wording as its text"

    inside = "rights"
    example_argument = "access"

    def run(self) -> list[nodes.Node]:
        self.checked_options()
        placed = self.in_place()
        key = self.argument("right's key")
        body = self.parse_children()
        if not body:
            self.warn(PolicyWarning.EMPTY,
                      f"the right {key!r} has no wording; write the policy's text as content")
        if not placed or not key or not self.check_key("right", key, catalogue.RIGHTS):
            return body
        docname = self.env.current_document.docname
        if self.declared_here(Right, key):
            return [nodes.list_item("", *body, classes=["policy-right"])]
        item = nodes.list_item("", *body, classes=["policy-right"])
        self.target(item, self.anchor("right", key))
        wording = " ".join(n.astext() for n in body)
        article = catalogue.RIGHTS[key].article
        badge = article_reference(article)
        if body and isinstance(body[-1], nodes.paragraph):
            body[-1] += [nodes.Text(" "), badge]
        else:
            item += nodes.paragraph("", "", badge)
        self.domain.add(docname, Right(docname, self.lineno, item["ids"][0], key, wording))
        return [item]


def setup_rights(app: Sphinx) -> None:
    app.add_directive("rights", RightsDirective)
    app.add_directive("right", RightDirective)
