"""Where defined terms are used: the automatic links in running text and the back-links
("Used in §4, §9") under each definition.

Running text is collected per section when a page is read (the terms of other pages are
not known yet); once every page is read, one matcher, compiled once per build, finds the
terms in it. The same walk over the doctree links the first mention of each term per
section when the page is written, so the back-links and the links always agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform

from .definitions import term_usage
from .domain import toc_order
from .popups import popup_id, term_link
from .records import Passage, Reference, Term

if TYPE_CHECKING:
    from .domain import Index, PolicyDomain

SKIP = (nodes.title, nodes.subtitle, nodes.rubric, nodes.caption, nodes.reference,
        addnodes.pending_xref, nodes.literal, nodes.literal_block, nodes.raw, nodes.comment,
        nodes.term, addnodes.index, nodes.target, addnodes.toctree, nodes.math,
        nodes.math_block, nodes.substitution_definition, nodes.field_name, term_usage,
        nodes.doctest_block, nodes.image)
WORD = re.compile(r"\w+(?:['’-]\w+)*")
POSSESSIVE = ("'s", "’s")


def section_label(section: nodes.Element | None) -> str:
    """How a reader names a section: "§4" for "4. Data Collection", else its title."""
    if section is None or not section.children or not isinstance(section[0], nodes.title):
        return ""
    title = section[0].astext().strip()
    number = re.match(r"(\d+)\.\s", title)
    return f"§{number.group(1)}" if number else title


def skipped(node: nodes.Element) -> bool:
    if isinstance(node, SKIP):
        return True
    return any(c == "policy-generated" or c.endswith("-title") or c == "policy-enumerator"
               for c in node.get("classes", ()))


def walk(node: nodes.Node, section: nodes.Element | None = None, exclude: str = ""
         ) -> Iterator[tuple[nodes.Node, nodes.Element | None, str]]:
    """Running text in document order, with its innermost section and the term being
    defined there (if any). Explicit ``{term}`` references are yielded too."""
    for child in node.children:
        is_term_ref = (isinstance(child, addnodes.pending_xref)
                       and child.get("reftype") == "term")
        if isinstance(child, nodes.Text) or is_term_ref:
            yield child, section, exclude
        elif isinstance(child, nodes.Element) and not skipped(child):
            inner = child if isinstance(child, nodes.section) else section
            yield from walk(child, inner, child.get("policy_term", exclude))


class Matcher:
    """Finds the forms of defined terms in text, compiled once per build.

    The text is cut into lower-case words by the regex engine; only a word that starts
    some form (``reach``) opens the n-gram lookup, longest form first. So the work is one
    set lookup per word, whatever the number of terms, and a text holding no such word,
    as most do, is passed over in one set operation.
    """

    def __init__(self, forms: dict[str, str]) -> None:
        self.forms = forms
        self.reach: dict[str, int] = {}  # first word of a form -> words in its longest form
        for form in forms:
            words = form.split()
            if not words:
                continue
            self.reach[words[0]] = max(self.reach.get(words[0], 0), len(words))
            if len(words) == 1:  # "consent's": the possessive of a one-word form
                for mark in POSSESSIVE:
                    self.reach.setdefault(words[0] + mark, 1)
        self.longest = max(self.reach.values(), default=0)

    def matches(self, words: list[str]) -> Iterator[tuple[int, int, str, bool]]:
        """(first word, word count, term key, possessive) of each mention in ``words``."""
        reach, forms = self.reach, self.forms
        count = len(words)
        after = 0  # a mention ends here: the next one starts at or after it
        for i in [i for i, word in enumerate(words) if word in reach]:
            if i < after:
                continue
            for n in range(min(reach[words[i]], count - i), 0, -1):
                parts = words[i:i + n]
                key = forms.get(" ".join(parts))
                possessive = False
                if key is None and parts[-1].endswith(POSSESSIVE):
                    parts[-1] = parts[-1][:-2]
                    key = forms.get(" ".join(parts))
                    possessive = True
                if key is not None:
                    yield i, n, key, possessive
                    after = i + n
                    break

    def words(self, text: str) -> list[str] | None:
        """The text's words in lower case; None when none of them starts a form."""
        if not self.reach:
            return None
        words = list(map(str.lower, WORD.findall(text)))
        return None if self.reach.keys().isdisjoint(words) else words

    def keys(self, text: str) -> Iterator[str]:
        """The term key of each mention, left to right."""
        words = self.words(text)
        if words is not None:
            for _, _, key, _ in self.matches(words):
                yield key

    def find(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, term key) of each mention, left to right, longest form first."""
        words = self.words(text)
        if words is None:
            return
        spans = [m.span() for m in WORD.finditer(text)]
        for i, n, key, possessive in self.matches(words):
            yield spans[i][0], spans[i + n - 1][1] - (2 if possessive else 0), key


def matcher(index: Index) -> Matcher:
    cached = getattr(index, "_matcher", None)
    if cached is None:
        cached = Matcher(index.forms)
        index._matcher = cached  # type: ignore[attr-defined]
    return cached


def collect(app: Sphinx, doctree: nodes.document) -> None:
    """At read time: keep each section's running text and its explicit term references."""
    env = app.env
    docname = env.current_document.docname
    domain: PolicyDomain = env.domains["policy"]  # type: ignore[assignment]
    chunks: dict[tuple[str, str, str], list[str]] = {}
    for node, section, exclude in walk(doctree):
        anchor = section["ids"][0] if section is not None and section["ids"] else ""
        label = section_label(section)
        if isinstance(node, addnodes.pending_xref):
            domain.add_reference(Reference(docname, node.line or 0, "term",
                                           node["reftarget"], anchor, label))
        else:
            chunks.setdefault((anchor, label, exclude), []).append(node.astext())
    domain.set_passages(docname, [Passage(docname, anchor, label, "\n".join(texts), exclude)
                                  for (anchor, label, exclude), texts in chunks.items()])


def find_usage(index: Index, autolink: bool, cache: dict[str, Any]
               ) -> dict[str, list[tuple[str, str, str]]]:
    """Term key -> the sections (docname, anchor, label) that use it.

    ``cache`` (the domain's data) keeps each page's mentions between builds; they stay
    valid while the term forms are the same, and a re-read page's are purged with it."""
    found: dict[str, list[tuple[str, str, str]]] = cache["mentions"]
    if cache["mention_forms"] != index.forms:
        found.clear()
        cache["mention_forms"] = dict(index.forms)
    usage: dict[str, dict[tuple[str, str, str], None]] = {}
    for docname in sorted(index.passages) if autolink else ():
        mentions = found.get(docname)
        if mentions is None:
            mentions = found[docname] = scan(index, index.passages[docname])
        for key, section, label in mentions:
            usage.setdefault(key, {})[docname, section, label] = None
    for docname in sorted(index.refs):
        for ref in index.refs[docname]:
            term = index.term_for(ref.target) if ref.kind == "term" else None
            if term is not None:
                usage.setdefault(term.key, {})[ref.docname, ref.section, ref.label] = None
    return {key: list(places) for key, places in usage.items()}


def scan(index: Index, passages: list[Passage]) -> list[tuple[str, str, str]]:
    """(term key, section anchor, section label) of each term a page's passages use."""
    found = matcher(index)
    return [(key, passage.section, passage.label) for passage in passages
            for key in found.keys(passage.text) if key != passage.exclude]


class LinkTerms(SphinxPostTransform):
    """Links the first mention of each defined term per section to its definition."""

    default_priority = 5  # before ReferencesResolver (10): explicit {term} links still pending

    def run(self, **kwargs: Any) -> None:
        if not self.config.policy_autolink_terms:
            return
        domain: PolicyDomain = self.env.domains["policy"]  # type: ignore[assignment]
        index = domain.index
        if not index.terms:
            return
        found = matcher(index)
        builder = self.env._app.builder
        self.links = Links(builder, self.env.current_document.docname)
        self.html = builder.format == "html"
        seen: dict[int, set[str]] = {}
        for node, section, exclude in list(walk(self.document)):
            linked = seen.setdefault(id(section), set())
            if isinstance(node, addnodes.pending_xref):
                term = index.term_for(node["reftarget"])
                if term:
                    linked.add(term.key)
                continue
            self.link(node, found, index, linked, exclude)

    def link(self, node: nodes.Text, found: Matcher, index: Index, linked: set[str],
             exclude: str) -> None:
        text = str(node)
        pieces: list[nodes.Node] = []
        last = 0
        for start, end, key in found.find(text):
            if key in linked or key == exclude:
                continue
            linked.add(key)
            if start > last:
                pieces.append(nodes.Text(text[last:start]))
            pieces.append(self.reference(index.terms[key], text[start:end]))
            last = end
        if pieces:
            if last < len(text):
                pieces.append(nodes.Text(text[last:]))
            node.parent.replace(node, pieces)

    def reference(self, term: Term, shown: str) -> nodes.reference:
        """The link Sphinx would resolve ``{term}`` to, made here: the term is known, and
        thousands of automatic links need not each go through the resolver. In HTML it is
        the link carrying the term's popup (popups.py)."""
        inline = nodes.inline(shown, shown, classes=["xref", "std", "std-term"])
        ref = self.links(term.docname, term.anchor, inline,
                         term_link if self.html else nodes.reference)
        ref["classes"].append("policy-autolink")
        if self.html:
            ref["popup"], ref["key"] = popup_id(term.key), term.key
        return ref


class Links:
    """Sphinx's ``make_refnode`` for the many links of one page: the URI of each page they
    lead to is worked out once, not once a link."""

    def __init__(self, builder: Builder, fromdocname: str) -> None:
        self.builder, self.fromdocname = builder, fromdocname
        self.uris: dict[str, str] = {}

    def __call__(self, todocname: str, anchor: str, child: nodes.Node,
                 kind: type[nodes.reference] = nodes.reference) -> nodes.reference:
        if todocname == self.fromdocname and anchor:
            ref = kind("", "", child, internal=True, refid=anchor)
        else:
            uri = self.uris.get(todocname)
            if uri is None:
                uri = self.uris[todocname] = self.builder.get_relative_uri(
                    self.fromdocname, todocname)
            ref = kind("", "", child, internal=True,
                       refuri=f"{uri}#{anchor}" if anchor else uri)
        return ref


def doc_order(env: BuildEnvironment) -> dict[str, int]:
    """Documents in the order a reader meets them through the table of contents."""
    # Once per build (the index is rebuilt for each): a walk per page would be quadratic.
    index = env.domains["policy"].index  # type: ignore[attr-defined]
    cached: dict[str, int] | None = getattr(index, "_doc_order", None)
    if cached is not None:
        return cached
    order = toc_order(env)
    index._doc_order = order
    return order


class FillUsage(SphinxPostTransform):
    """Replaces each definition's placeholder with links to the sections using the term."""

    default_priority = 6

    def run(self, **kwargs: Any) -> None:
        domain: PolicyDomain = self.env.domains["policy"]  # type: ignore[assignment]
        usages = list(self.document.findall(term_usage))
        order = doc_order(self.env) if usages else {}
        titles: dict[str, str] = {}  # a page's title, once per page (not once per link)
        builder = self.env._app.builder
        links: dict[str, Links] = {}  # by the definition's page
        for node in usages:
            term = domain.index.terms.get(node["key"])
            places = domain.usage.get(node["key"], []) if term else []
            home = self.home_section(node)
            own = (term.docname, home) if term else None
            places = sorted((p for p in places if (p[0], p[1]) != own),
                            key=lambda p: order.get(p[0], len(order)))
            if not places:
                node.parent.remove(node)
                continue
            para = nodes.paragraph(classes=["policy-term-usage", "policy-generated"])
            para += nodes.Text("Used in ")
            link = links.get(term.docname)
            if link is None:
                link = links[term.docname] = Links(builder, term.docname)
            for i, (docname, anchor, label) in enumerate(places):
                if i:
                    para += nodes.Text(", ")
                title = titles.get(docname) or titles.setdefault(
                    docname, self.env.titles[docname].astext())
                shown = label or title
                # Links start from the definition's page: singlehtml and LaTeX resolve all
                # pages in one tree. LaTeX has no label for the root page's title section,
                # so a mention there links to the page itself.
                bare = shown == title and builder.format == "latex"
                para += link(docname, "" if bare else anchor, nodes.inline(shown, shown))
            node.replace_self(para)

    @staticmethod
    def home_section(node: nodes.Element) -> str:
        parent = node.parent
        while parent is not None and not isinstance(parent, nodes.section):
            parent = parent.parent
        return parent["ids"][0] if parent is not None and parent["ids"] else ""


def setup_mentions(app: Sphinx) -> None:
    from .domain import PolicyDomain

    PolicyDomain.usage_finder = find_usage
    app.add_config_value("policy_autolink_terms", True, "env", types=frozenset({bool}))
    app.connect("doctree-read", collect)
    app.add_post_transform(LinkTerms)
    app.add_post_transform(FillUsage)
