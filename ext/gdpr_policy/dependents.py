"""Which pages an incremental build must rewrite besides the ones it read.

A page shows facts declared on other pages: a role naming a right or a retention period, a
collected table, a term's popup, the back-links under a definition, the navigation. After
reading, every such fact gets a digest; a page that was not re-read is rewritten when a
digest it depends on changed since the last build. So an incremental build writes what a
clean build writes (tested byte for byte), without rewriting every page after each edit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sphinx.environment import BuildEnvironment

from .domain import toc_order
from .facts import fact_values

if TYPE_CHECKING:
    from .domain import PolicyDomain


#: How each page shows in the navigation, as the theme renders it: a digest per page. The
#: theme registers its function here (the law does not import the theme).
PAGE_DIGESTS: list[Callable[[BuildEnvironment], dict[str, str]]] = []


def fingerprint(value: Any) -> str:
    """A stable digest of a record without its place, to see whether a fact changed."""
    return hashlib.sha1(repr(value).encode()).hexdigest()[:16]


def fingerprints(domain: PolicyDomain) -> dict[tuple[str, str], str]:
    """A digest of everything another page may show: each record (with the page and
    anchor it links to, and the title of its section), the term usage, the facts, the
    navigation (pages in reading order with their sections)."""
    env = domain.env
    current: dict[tuple[str, str], str] = {}
    for kind, table in domain.index.by_kind.items():
        for key, record in table.items():
            current[kind, key] = fingerprint((record.docname, record.anchor,
                                              domain.section_title(record), record[3:]))
    for key, places in domain.usage.items():
        current["usage", key] = fingerprint(places)
    for key, value in fact_values(env).items():
        current["fact", key] = fingerprint(value)
    # the navigation every page shows: the pages in reading order, each with its title
    # and table of contents as the sidebar renders them (markup, captions, numbering)
    pages: dict[str, str] = {}
    for digests in PAGE_DIGESTS:  # the theme's digests (theme/navigation.py registers them)
        pages.update(digests(env))
    current["navigation", ""] = fingerprint(
        [(docname, pages.get(docname, ""))
         for docname, _ in sorted(toc_order(env).items(), key=lambda item: item[1])])
    return current


def pages_to_rewrite(domain: PolicyDomain) -> set[str]:
    """Documents showing a fact that changed since the last build (the digests are kept
    in the domain's data for the next build).

    A page that was not re-read is rewritten when a fact it shows changed: a role
    naming it, a collected table (``*``), a term's back-links or popups."""
    index = domain.index
    current = fingerprints(domain)
    previous: dict[tuple[str, str], str] = domain.data["fingerprints"]
    changed = {k for k in current.keys() | previous.keys()
               if current.get(k) != previous.get(k)}
    domain.data["fingerprints"] = current
    used_before: dict[str, list[str]] = domain.data["used_in"]
    domain.data["used_in"] = {key: sorted(docs) for key, docs in domain.shown_on.items()}
    if not changed:
        return set()
    changed_kinds = {kind for kind, _ in changed}
    docs: set[str] = set()
    for docname, refs in domain.data["refs"].items():
        for ref in refs:
            if (ref.kind, ref.target) in changed or (
                    ref.target == "*" and ref.kind in changed_kinds):
                docs.add(docname)
                break
    if ("navigation", "") in changed:
        # The table of contents changed (a page or section added, moved or renamed):
        # every page's navigation shows it, but Sphinx rewrites only the pages it read.
        # The back-links follow its order too.
        return set(domain.env.found_docs)
    term_keys = {k for kind, k in changed if kind in ("term", "usage")}
    for key in term_keys:
        # pages linking the term (automatic links carry its popup), before and now
        docs.update(used_before.get(key, ()))
        docs.update(domain.shown_on.get(key, ()))
        if key in index.terms:
            docs.add(index.terms[key].docname)  # its back-links
    return docs
