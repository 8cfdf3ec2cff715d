"""Authoring errors that span pages: a key declared twice, a reference to something never
declared. They are checked once every page is read, and fail the strict build."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from .directives import KEY
from .domain import KINDS, PolicyDomain, toc_order
from .records import Activity, Term
from .warnings import PolicyWarning, allowed_text, warn

ROLE_KINDS = {"right": "right", "category": "category", "retention": "retention",
              "recipient": "recipient", "activity": "activity"}


def where(env: BuildEnvironment, docname: str, lineno: int) -> str:
    return f"{env.doc2path(docname, base=False)}:{lineno}"


def option_place(domain: PolicyDomain, activity: Activity, kind: str, key: str
                 ) -> tuple[str, int]:
    """Where an activity names ``key``: the line of its option (recorded with the
    reference by the activity), else the activity's own line."""
    for ref in domain.data["refs"].get(activity.docname, ()):
        if ref.kind == kind and ref.target == key and ref.section == activity.anchor:
            return ref.docname, ref.lineno
    return activity.docname, activity.lineno


def check_term_forms(env: BuildEnvironment, terms: Iterable[Term]) -> None:
    """A term named like another term's form: a mention of it could mean either."""
    ordered = sorted(terms, key=lambda t: (t.docname, t.lineno))
    for i, term in enumerate(ordered):
        name = term.name.lower()
        for other in ordered[:i]:
            if name in other.forms and name != other.name.lower():
                warn(PolicyWarning.INVALID_NAME,
                     f"the term {term.name!r} is already a form of the term {other.name!r} "
                     f"({where(env, other.docname, other.lineno)}), so a mention of it could "
                     "mean either; name one of them differently, or drop the form",
                     (term.docname, term.lineno))
                break


def check_unpublished(env: BuildEnvironment, domain: PolicyDomain) -> None:
    """Declarations on a page no table of contents reaches: readers cannot find them, so
    the compliance checks do not count them as stated."""
    published = toc_order(env)
    for docname in sorted(domain.data["records"]):
        records = domain.data["records"][docname]
        if records and docname not in published:
            first = min(records, key=lambda r: r.lineno)
            warn(PolicyWarning.NESTING,
                 f"this page declares {len(records)} fact(s) but is in no table of contents, "
                 "so readers cannot reach it and the compliance checks do not count it; add "
                 "the page to a toctree, or move the declarations to a page that is in one",
                 (docname, first.lineno))


def check_anchors(env: BuildEnvironment, domain: PolicyDomain) -> None:
    """Two declarations with one anchor ("Contact Data" and "contact-data" both become
    #category-contact-data): a link could lead to either, and the one-page PDF holds every
    page. Reported at the second in reading order (the same key twice is a duplicate)."""
    rank = toc_order(env)
    records = [r for d in sorted(domain.data["records"], key=lambda d: (rank.get(d, len(rank)),
                                                                          d))
               for r in sorted(domain.data["records"][d], key=lambda r: r.lineno)]
    seen: dict[str, Any] = {}
    for record in records:
        first = seen.setdefault(record.anchor, record)
        if first is record or (type(first) is type(record) and
                               getattr(first, "key", None) == getattr(record, "key", None)):
            continue
        warn(PolicyWarning.DUPLICATE,
             f"{KINDS[type(record)]} {getattr(record, 'key', record.anchor)!r} gets the anchor "
             f"#{record.anchor}, as does the {KINDS[type(first)]} "
             f"{getattr(first, 'key', first.anchor)!r} at "
             f"{where(env, first.docname, first.lineno)}; give one of them another key",
             (record.docname, record.lineno))


def check_declarations(app: Sphinx, env: BuildEnvironment) -> None:
    domain: PolicyDomain = env.domains["policy"]  # type: ignore[assignment]
    index = domain.index
    for again, first in index.duplicates:
        if again.docname == first.docname:
            continue  # reported while the page was read
        kind = KINDS[type(again)]
        name = getattr(again, "key", None) or getattr(again, "name", "")
        warn(PolicyWarning.DUPLICATE,
             f"{kind} {name!r} is declared twice; the first declaration, at "
             f"{where(env, first.docname, first.lineno)}, is the one used",
             (again.docname, again.lineno))
    check_term_forms(env, index.terms.values())
    check_unpublished(env, domain)
    check_anchors(env, domain)
    for activity in index.activities.values():
        for key in activity.categories:
            if key not in index.categories:
                warn(PolicyWarning.UNKNOWN_REFERENCE,
                     f"{{processing-activity}} {activity.key!r}: data category {key!r} is not "
                     f"declared; {allowed_text(key, index.categories)}",
                     option_place(domain, activity, "category", key))
        for key in activity.retention:
            if key not in index.retention and not domain.is_faulty("retention", key):
                warn(PolicyWarning.UNKNOWN_REFERENCE,
                     f"{{processing-activity}} {activity.key!r}: retention entry {key!r} is "
                     f"not declared; {allowed_text(key, index.retention)}",
                     option_place(domain, activity, "retention", key))
        undeclared = [k for k in activity.recipients if k not in index.recipients]
        phrases = [k for k in undeclared if not KEY.fullmatch(k)]
        if phrases:  # the free-text form of ':recipients:', replaced by declared keys
            warn(PolicyWarning.UNKNOWN_REFERENCE,
                 f"{{processing-activity}} {activity.key!r}: ':recipients:' takes the keys of "
                 f"{{recipient}} declarations, but holds names ({', '.join(map(repr, phrases))})"
                 ": this free-text form was replaced. Declare each recipient once as "
                 "':::{recipient} <key>' with ':name: <its name as the text gives it>', and "
                 "list the keys here; 'make migrate' rewrites the page so, changing no "
                 "sentence", option_place(domain, activity, "recipient", phrases[0]))
            continue
        for key in activity.recipients:
            if key not in index.recipients:
                warn(PolicyWarning.UNKNOWN_REFERENCE,
                     f"{{processing-activity}} {activity.key!r}: recipient {key!r} is not "
                     f"declared; declare it once with a {{recipient}} block. "
                     f"{allowed_text(key, index.recipients)}",
                     option_place(domain, activity, "recipient", key))
    for category in index.categories.values():
        if category.part_of and category.part_of not in index.categories:
            warn(PolicyWarning.UNKNOWN_REFERENCE,
                 f"{{data-category}} {category.key!r}: ':part-of:' names {category.part_of!r}, "
                 f"which is not declared; {allowed_text(category.part_of, index.categories)}",
                 (category.docname, category.lineno))
    for entry in index.retention.values():
        if entry.key not in index.categories:
            warn(PolicyWarning.UNKNOWN_REFERENCE,
                 f"{{retention}} {entry.key!r}: no data category with this key is declared; "
                 f"{allowed_text(entry.key, index.categories)}",
                 (entry.docname, entry.lineno))


def warn_unknown_reference(app: Sphinx, domain: Domain | None, node: pending_xref
                           ) -> bool | None:
    """A role naming an undeclared right, category, ... : one warning with the valid keys."""
    if node.get("policy_reported"):  # already reported (activities.warn_reference)
        return True
    if domain is None or domain.name != "policy":
        return None
    kind = node["reftype"]
    target = node["reftarget"]
    if domain.is_faulty(kind, target.strip()):  # type: ignore[attr-defined]
        return True  # the declaration itself was reported
    if kind == "basis":
        from .catalogue import BASES
        allowed: dict[str, object] = dict(BASES)
    elif kind in ROLE_KINDS:
        allowed = dict(domain.index.by_kind[ROLE_KINDS[kind]])  # type: ignore[attr-defined]
    else:
        return None
    warn(PolicyWarning.UNKNOWN_REFERENCE,
         f"{{{kind}}} {target!r} is not declared; {allowed_text(target, allowed)}", node)
    return True


def setup_consistency(app: Sphinx) -> None:
    app.connect("env-check-consistency", check_declarations)
    app.connect("warn-missing-reference", warn_unknown_reference)
