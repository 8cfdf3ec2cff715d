"""The definitions glossary: ``{definitions}`` holding one ``{definition}`` per term.

Terms are registered in Sphinx's standard domain, so the standard ``{term}`` role, the index
and search work as for a ``glossary``; the policy domain adds the other forms a term takes
("data subjects"), the Art. 4 reference and the places the term is used.
"""

from __future__ import annotations

import itertools
import re
import string
from typing import ClassVar

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.domains.std import make_glossary_term
from sphinx.environment import BuildEnvironment
from sphinx.util.nodes import make_refnode

from . import catalogue
from .directives import PolicyDirective, phrases, text
from .markup import setup_markup
from .records import Term
from .warnings import PolicyWarning, closest, quoted, warn

#: An article as the GDPR is cited: "Art. 4(1)", "Art. 6(1)(f)", "Art. 77".
ARTICLE = re.compile(r"^Art\. \d+(?:\(\d+\))?(?:\([a-z]\))?$")



def enumerator(index: int) -> str:
    """The list letter of the index-th term: a … z, then aa, ab … (as legal lists run on)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = string.ascii_lowercase[rest] + letters
    return letters

class term_usage(nodes.General, nodes.Element):
    """Placeholder for "Used in §4, §9"; filled once every document has been read."""


def plural(name: str) -> str:
    """The regular English plural of a term's last word."""
    head, _, last = name.rpartition(" ")
    if last.endswith(("s", "x", "ch", "sh")):
        last += "es"
    elif last.endswith("y") and last[-2:-1] not in tuple("aeiou"):
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}".strip()


def article_reference(article: str) -> nodes.reference:
    label = f"{article} GDPR"
    return nodes.reference(label, label, refuri=catalogue.article_url(article),
                           classes=["policy-article"])


class DefinitionsDirective(PolicyDirective):
    """The glossary: renders its definitions as the policy's lettered list a), b), ..."""

    declares = 'the definitions glossary, shown as a lettered list a), b), …'

    def run(self) -> list[nodes.Node]:
        self.checked_options()
        if not self.in_place():
            return self.parse_children()
        children = self.parse_children()
        if not children:
            self.warn(PolicyWarning.EMPTY, "holds no {definition}; add one per term")
        container = nodes.container(classes=["policy-definitions"])
        self.set_source_info(container)
        current: nodes.definition_list | None = None
        letters = map(enumerator, itertools.count())
        for child in children:
            if isinstance(child, nodes.definition_list_item) and "policy-term" in child[
                    "classes"]:
                if current is None:
                    current = nodes.definition_list(classes=["policy-definition-list"])
                    container += current
                letter = next(letters)
                term = child[0]
                term.insert(0, nodes.inline(f"{letter}) ", f"{letter}) ",
                                            classes=["policy-enumerator"]))
                current += child
            else:
                current = None
                container += child
        return [container]


class DefinitionDirective(PolicyDirective):
    """One term: ``{definition} Term`` with the policy's wording as content."""

    declares = "one term of the glossary, with the policy's definition as its text"

    known_options: ClassVar = {"forms": phrases, "article": text, "key": text}
    option_help: ClassVar = {
        "forms": "other forms of the term that should link to it (plurals, inflections), "
                 "separated by ';' — the regular plural is added by itself",
        "article": "the GDPR article defining the term, as cited: 'Art. 4(7)'; Art. 4 terms "
                   "get theirs from the catalogue",
        "key": "the anchor name (#term-<key>); by default the term in lower case with "
               "hyphens",
    }
    inside = "definitions"
    example_argument = "Personal data"

    def name_is_usable(self, name: str) -> bool:
        """A term is referred to by its name: one with no letter, or with characters that
        end a role (':', '`', '<', '>'), could never be referred to; one that is another
        term's form would make every mention ambiguous (consistency.py). Reported; the wording
        is kept."""
        if not any(ch.isalpha() for ch in name):
            self.warn(PolicyWarning.INVALID_NAME,
                      f"the term {quoted(name)} has no letter, so no text can refer to it; "
                      "name the term as the policy does")
            return False
        odd = sorted({ch for ch in name if ch in ":`<>"})
        if odd:
            self.warn(PolicyWarning.INVALID_NAME,
                      f"the term {quoted(name)} holds {', '.join(map(repr, odd))}, which "
                      "ends a reference ({term}`…`); name it without them")
            return False
        return True

    def run(self) -> list[nodes.Node]:
        options = self.checked_options()
        placed = self.in_place()
        name = self.argument("term")
        body = self.parse_children()
        if not body:
            self.warn(PolicyWarning.EMPTY,
                      f"the definition of {name or 'this term'!r} has no wording; "
                      "write the policy's definition as the block's content")
        if not name or not placed:
            return body
        if not self.name_is_usable(name):
            shown = nodes.paragraph(name, name, classes=["policy-term-name"])
            self.set_source_info(shown)
            return [shown, *body]
        key = options.get("key") or catalogue.slug(name)
        forms = [name.lower(), plural(name).lower()]
        forms += [f.lower() for f in options.get("forms", ())]
        article = options.get("article", "")
        if article and not ARTICLE.match(article):
            number = re.search(r"\d+(?:\(\d+\))*(?:\([a-z]\))?", article)
            example = f"Art. {number.group()}" if number else "Art. 4(11)"
            self.warn(PolicyWarning.INVALID_VALUE,
                      f"the article {quoted(article)} is not written as the GDPR is cited; "
                      f"write it like {example!r} (or leave it out: Art. 4 terms get theirs "
                      "from the catalogue)", self.option_line("article"))
            article = ""
        if not article and key in catalogue.TERMS:
            article = catalogue.TERMS[key].article

        std = self.env.domains.standard_domain
        docname = self.env.current_document.docname
        clash = std._terms.get(name.lower())
        if clash and clash[0] == docname:
            self.warn(PolicyWarning.DUPLICATE,
                      f"the term {name!r} is defined twice on this page; "
                      "keep one definition")
            return body
        if clash:
            # Another page has it: the consistency check reports the pair once.
            term = nodes.term(name, name, ids=[nodes.make_id(f"term-{key}")])
            self.set_source_info(term)
        else:
            term = make_glossary_term(self.env, [nodes.Text(name)], None, *self.get_source_info(),
                                      nodes.make_id(f"term-{key}"), self.state.document)
            self.state.document.note_explicit_target(term)
        term["classes"].append("policy-term-name")
        if article:
            term += nodes.Text(" ")
            term += article_reference(article)
        self.unlink_self_references(body, name, forms)
        definition = nodes.definition("", *body)
        definition["policy_term"] = key
        usage = term_usage(key=key, classes=["policy-term-usage", "policy-generated"])
        definition += usage
        item = nodes.definition_list_item("", term, definition, classes=["policy-term"])
        self.set_source_info(item)
        self.domain.add(docname, Term(
            docname, self.lineno, term["ids"][0], key, name, tuple(dict.fromkeys(forms)),
            article, " ".join(n.astext() for n in body)))
        return [item]


    def unlink_self_references(self, body: list[nodes.Node], name: str,
                               forms: list[str]) -> None:
        """A definition cannot lean on itself: the reference is reported and shown as
        its words."""
        for node in body:
            if not isinstance(node, nodes.Element):
                continue
            for ref in list(node.findall(pending_xref)):
                target = " ".join(ref.get("reftarget", "").lower().split())
                if ref.get("reftype") == "term" and target in forms:
                    self.warn(PolicyWarning.SELF_REFERENCE,
                              f"the definition of {quoted(name)} refers to itself with "
                              f"{{term}}`{ref['reftarget']}`; a term cannot be defined by "
                              "a link to itself: write the word without the role",
                              ref.line or self.lineno)
                    words = ref.astext()
                    ref.replace_self(nodes.inline(words, words))


def resolve_term_form(app: Sphinx, env: BuildEnvironment, node: pending_xref,
                      contnode: nodes.Element) -> nodes.reference | None:
    """``{term}`` on another form of a term ("data subjects") links to its definition."""
    if node.get("refdomain") != "std" or node.get("reftype") != "term":
        return None
    term = env.domains["policy"].index.term_for(node["reftarget"])  # type: ignore[attr-defined]
    if term is None:
        return None
    return make_refnode(app.builder, node["refdoc"], term.docname, term.anchor, contnode,
                        term.name)


def warn_unknown_term(app: Sphinx, domain: Domain | None, node: pending_xref) -> bool | None:
    """One ``policy.unknown_term`` warning naming the closest terms (instead of Sphinx's)."""
    if node.get("reftype") != "term" or (domain and domain.name != "std"):
        return None
    index = app.env.domains["policy"].index  # type: ignore[attr-defined]
    target = node["reftarget"]
    # Suggest each term once, by its name, whichever of its forms came close.
    near = list(dict.fromkeys(index.terms[index.forms[f]].name
                              for f in closest(target, index.forms)))
    hint = f"did you mean {', '.join(repr(n) for n in near)}? " if near else ""
    known = ", ".join(t.name for t in index.terms.values()) or "(none defined)"
    warn(PolicyWarning.UNKNOWN_TERM,
         f"{{term}} {quoted(target)} is not defined in the glossary; {hint}Defined terms: {known}",
         node)
    return True


def setup_definitions(app: Sphinx) -> None:
    setup_markup(app)  # the safety net around every policy block
    app.add_node(term_usage)
    app.add_directive("definitions", DefinitionsDirective)
    app.add_directive("definition", DefinitionDirective)
    app.connect("missing-reference", resolve_term_form)
    app.connect("warn-missing-reference", warn_unknown_term)
