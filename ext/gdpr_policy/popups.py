"""Definition popups on term links, in HTML only.

A term link gets ``aria-describedby`` pointing at the definition, kept once per page in a
hidden element after the text (so the sentence itself reads and copies unbroken). The
project's own ``policy.js`` shows it on hover and on keyboard focus; without script the
link still leads to the definition. Other builders keep plain links.
"""

from __future__ import annotations

import functools
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.html5 import HTML5Translator

from .domain import PolicyDomain


class term_link(nodes.reference):
    """A link to a definition that describes itself with the definition's popup."""


class term_popup(nodes.General, nodes.Element):
    """The hidden text of one definition, referenced by the links on the page."""


def visit_term_link(self: HTML5Translator, node: term_link) -> None:
    self.visit_reference(node)
    self.body[-1] = self.body[-1].replace(
        "<a ", f'<a aria-describedby="{node["popup"]}" ', 1)


def depart_term_link(self: HTML5Translator, node: term_link) -> None:
    self.depart_reference(node)


def visit_term_popup(self: HTML5Translator, node: term_popup) -> None:
    # One popup is the same on every page: written once per build and term, then copied.
    cache = rendered(self.builder)
    html = cache.get(node["key"])
    if html is None:
        term, text = node["term"], node["text"]
        html = f'<div class="policy-popup" role="tooltip" id="{node["ids"][0]}" hidden>'
        # The popup is also what screen readers announce after the link: name the term
        # only when the definition does not open with it ("Personal data means ..."), or
        # it is read twice.
        if not text.lower().startswith(term.lower()):
            html += f'<strong class="policy-popup-term">{self.encode(term)}</strong> '
        html = cache[node["key"]] = f"{html}<span>{self.encode(text)}</span></div>\n"
    self.body.append(html)
    raise nodes.SkipNode


def rendered(builder: Any) -> dict[str, str]:
    """The HTML of each popup, for one build (a new build may change a definition)."""
    env = builder.env
    cached = getattr(builder, "_policy_popups", None)
    if cached is None or cached[0] is not env.domains["policy"].index:
        cached = builder._policy_popups = (env.domains["policy"].index, {})
    return cached[1]


def anchors(index: Any) -> dict[str, Any]:
    """Term by anchor, once per build (the index is rebuilt for each): not every term
    for every page."""
    cached = getattr(index, "_terms_by_anchor", None)
    if cached is None:
        cached = index._terms_by_anchor = {t.anchor: t for t in index.terms.values()}
    return cached


@functools.lru_cache(maxsize=4096)
def popup_id(key: str) -> str:
    return nodes.make_id(f"policy-popup-{key}")


def link_to_term(reference: nodes.reference, key: str) -> term_link:
    """A resolved link to a term's definition, as the link that carries its popup."""
    link = term_link(reference.rawsource, "", *reference.children, **reference.attributes)
    link["popup"], link["key"] = popup_id(key), key
    return link


class AddPopups(SphinxPostTransform):
    """Gives each term link on the page its popup, and the page the popups' text.

    Automatic links come as :class:`term_link` already (mentions.LinkTerms); links written
    with ``{term}`` are resolved by Sphinx and become term links here."""

    default_priority = 20  # after the references are resolved
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        domain: PolicyDomain = self.env.domains["policy"]  # type: ignore[assignment]
        by_anchor = anchors(domain.index)
        if not by_anchor:
            return
        used: dict[str, str] = {}
        for ref in list(self.document.findall(nodes.reference)):
            if isinstance(ref, term_link):
                used.setdefault(ref["key"], ref["popup"])
                continue
            first = ref.children[0] if ref.children else None
            if not isinstance(first, nodes.Element) or "std-term" not in first["classes"]:
                continue
            target = ref.get("refuri", "").rpartition("#")[2] or ref.get("refid", "")
            term = by_anchor.get(target)
            if term is None:
                continue
            link = link_to_term(ref, term.key)
            used.setdefault(term.key, link["popup"])
            ref.replace_self(link)
        if not used:
            return
        # "no-search": the popups repeat the definitions; Sphinx's search index skips them,
        # or every page linking a term would be found for the words of its definition.
        holder = nodes.container(classes=["policy-popups", "no-search"])
        for key, popup in used.items():
            term = domain.index.terms[key]
            holder += term_popup(key=key, term=term.name, text=term.text, ids=[popup])
        self.document += holder


def setup_popups(app: Sphinx) -> None:
    app.add_node(term_popup, html=(visit_term_popup, None))
    app.add_node(term_link, html=(visit_term_link, depart_term_link))
    app.add_post_transform(AddPopups)
