"""Data categories: ``{data-category} key`` with a name and its items.

With content, the content is the policy's own wording (usually its bullet list) and the
items are read from it; without content, the declaration shows nothing itself and
``{category}`key``` renders "Name (item, item)" wherever the policy lists it.
"""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from sphinx.application import Sphinx

from . import catalogue
from .directives import PolicyDirective, keys, text
from .records import Category


def list_items(body: list[nodes.Node]) -> tuple[str, ...]:
    for node in body:
        if isinstance(node, nodes.bullet_list | nodes.enumerated_list):
            return tuple(" ".join(item.astext().split()) for item in node.children)
    return ()


class DataCategoryDirective(PolicyDirective):
    """A kind of personal data (key, name, items), shown as the policy words it."""

    declares = 'a kind of personal data: its key, name and items'

    known_options: ClassVar = {"name": text, "items": keys, "part-of": text, "special": text}
    option_help: ClassVar = {
        "name": "the category's name as readers see it: 'Account information'",
        "items": "what the category holds, separated by ','; without it, the items are read "
                 "from the bullet list inside the block",
        "part-of": "the key of a broader category the text says this one belongs to",
        "special": "only when the category's own words do not show it: the special category "
                   "(Art. 9(1)) or criminal-offence data (Art. 10) it is, by key: "
                   + ", ".join(catalogue.SPECIAL),
    }
    choices: ClassVar = {"special": tuple(catalogue.SPECIAL)}
    example_argument = "account-information"

    def run(self) -> list[nodes.Node]:
        options = self.checked_options()
        placed = self.in_place()
        key = self.key("category's key")
        body = self.parse_children()
        box = nodes.container("", *body, classes=["policy-data-category"])
        self.set_source_info(box)
        if not placed or not key or self.declared_here(Category, key):
            return [box]
        anchor = self.anchor("category", key)
        self.target(box, anchor)
        items = options.get("items") or list_items(body)
        special = options.get("special", "")
        if special and not self.check_key("special category", special, catalogue.SPECIAL,
                                          "special"):
            special = ""
        docname = self.env.current_document.docname
        self.domain.add(docname, Category(docname, self.lineno, anchor, key,
                                          options.get("name") or key, tuple(items),
                                          options.get("part-of", ""), special))
        return [box]


def setup_categories(app: Sphinx) -> None:
    app.add_directive("data-category", DataCategoryDirective)
