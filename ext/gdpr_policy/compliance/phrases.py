"""Phrases in the text that promise something the policy must then deliver: a pointer
("as described below", "see the annex", "in section 12") and a contact ("contact our
privacy team"). Art. 12(1): the reader must find what the text points to.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from .checks import Finding
from .policy import Policy
from .text import Block, Heading

VERB = (r"contact(?:ing)?|writ(?:e|ing) to|e-?mail(?:ing)?|reach(?:ing)?|"
        r"get(?:ting)? in touch with|call(?:ing)?|notify(?:ing)?|ask(?:ing)?")
NOUN = (r"officer|team|department|office|desk|representative|manager|administrator|"
        r"support|service")
ROLE = re.compile(rf"\b(?:{VERB})\s+(?:our|the)\s+((?:[\w-]+\s+){{0,3}}(?:{NOUN})|DPO)\b",
                  re.I)
DPO = ("data protection officer", "dpo")


class Mention(NamedTuple):
    docname: str
    line: int
    role: str  # lower case, as the text names it


def role_mentions(policy: Policy) -> dict[str, list[Mention]]:
    """Each role the text tells readers to contact, with every place it does."""
    found: dict[str, list[Mention]] = {}
    for docname, block in policy.blocks():
        for match in ROLE.finditer(block.text):
            role = " ".join(match.group(1).lower().split())
            found.setdefault(role, []).append(Mention(docname, block.line, role))
    return found


def is_dpo(role: str) -> bool:
    return any(name in role for name in DPO)


def role_has_contact(policy: Policy, role: str) -> bool:
    """Contact details stand beside the role: in a paragraph naming it, or in a section
    whose title names it (a DPO declared on the controller counts too)."""
    controller = policy.index.controller
    if is_dpo(role) and controller is not None and controller.dpo:
        return True
    pattern = re.compile(rf"\b{re.escape(role)}\b", re.I)
    for docname in policy.docs:
        text = policy.texts[docname]
        sections = {h.anchor for h in text.headings if pattern.search(h.title)}
        for block in text.blocks:
            if block.contact and (pattern.search(block.text) or block.section in sections):
                return True
    return False


def check_contact_roles(policy: Policy) -> Iterator[Finding]:
    """A role other than the DPO (the DPO is the ``dpo-contact`` item) named as a contact
    with no contact details anywhere."""
    for role, mentions in role_mentions(policy).items():
        if is_dpo(role) or role_has_contact(policy, role):
            continue
        first, *others = mentions
        also = f" (also at {policy.places([(m.docname, m.line) for m in others])})" \
            if others else ""
        yield Finding(
            "contact-role",
            f"the text tells readers to contact 'our {role}'{also}, but the policy gives no "
            f"contact details for the {role} anywhere",
            f"ask the legal team for the {role}'s contact details (email address, phone "
            "number or postal address) or for wording that points readers to the "
            "controller's contact details",
            (first.docname, first.line), key=role,
            related=[(m.docname, m.line) for m in others])


# -- pointers ------------------------------------------------------------------------

class Pointer(NamedTuple):
    kind: str  # contact, forward, annex, section, document
    pattern: re.Pattern[str]


WORDS_BELOW = r"(?:described|set out|explained|listed|detailed|specified|outlined|shown|" \
              r"given|provided|defined|found|included)"
POINTERS = [
    Pointer("contact", re.compile(
        r"\bcontact (?:information|details|data|address)\s+(?:given |provided |shown )?"
        r"(below|above)\b", re.I)),
    Pointer("annex", re.compile(
        r"\b(?:in|see|under|within|to)\s+(?:(?:the\s+|our\s+)(?:attached\s+)?"
        r"(?=schedule)|(?:the\s+|our\s+)?(?:attached\s+)?(?=annex|appendix|addendum))"
        r"(annex|appendix|schedule|addendum)(?:\s+([A-Z]|\d+|[IVX]+)\b)?", re.I)),
    # "section 12" of this policy; not "section 5 of the Act" or "§ 26 BDSG"
    Pointer("section", re.compile(
        r"(?:\b(?i:section)\s+|§\s*)(\d+)(?:\.\d+)*\b"
        r"(?!\s*(?:\(\w+\)\s*)*(?:(?i:of)\b|[A-Z]{2,}))")),
    Pointer("document", re.compile(
        r"\b(?:see|in|according to|(?:as )?(?:described|set out|explained) in)\s+"
        r"(?:our|the|a separate)\s+(cookie (?:policy|notice|statement)|"
        r"terms (?:of (?:service|use)|and conditions)|data processing agreement)\b", re.I)),
    # a tool or form the reader is sent to, named but neither linked nor located
    Pointer("resource", re.compile(
        r"\b(?:install(?:ing)?|download(?:ing)?|us(?:e|ing)|fill(?:ing)? (?:in|out)|"
        r"complet(?:e|ing))\s+(?:the|our)\s+((?:[\w-]+\s+){0,6}?(?:add-on|addon|plug-?in|"
        r"browser extension|opt-out (?:tool|link|page)|form))\b", re.I)),
    Pointer("forward", re.compile(
        rf"\b(?:(?:as |is |are )?{WORDS_BELOW}\s+below|see below|(?:the )?(?:information|"
        rf"details|list|table) below|in the following section)\b", re.I)),
]


def check_pointers(policy: Policy) -> Iterator[Finding]:
    headings = [(d, h) for d in policy.docs for h in policy.texts[d].headings]
    titles = " \n".join(h.title for _, h in headings).lower()
    numbers = {number for _, h in headings if (number := section_number(h.title))}
    flat = policy.blocks()
    for i, (docname, block) in enumerate(flat):
        taken: list[tuple[int, int]] = []
        for pointer in POINTERS:
            for match in pointer.pattern.finditer(block.text):
                if any(s < match.end() and match.start() < e for s, e in taken):
                    continue
                taken.append(match.span())
                missing = dangling(policy, pointer.kind, match, flat, i, titles, numbers,
                                   block)
                if missing:
                    # a named tool without a link is findable, if with effort: a warning
                    yield Finding(
                        "dangling-reference",
                        f"the text says '{match.group(0)}', but {missing}",
                        "ask the legal team for what the phrase points to (for a tool, a "
                        "link to it) or for new wording; the checks never change the "
                        "client's wording",
                        (docname, block.line), key=match.group(0).lower(),
                        severity="warning" if pointer.kind == "resource" else None)


NUMBERED = re.compile(r"\s*(?:§\s*(\d+(?:\.\d+)*)\.?|(\d+(?:\.\d+)+)\.?|(\d+)[.)])\s")


def section_number(title: str) -> str:
    """"12" for "12. Title" or "§12 Title", "3.1" for "3.1 Title"; "" for "2024 Update"."""
    match = NUMBERED.match(title + " ")
    return next((g for g in match.groups() if g), "") if match else ""


def dangling(policy: Policy, kind: str, match: re.Match[str], flat: list[tuple[str, Block]],
             i: int, titles: str, numbers: set[str], block: Block) -> str:
    """Why the phrase points to nothing ("" when what it points to is there)."""
    docname = flat[i][0]
    after = flat[i + 1:]
    if kind == "contact":
        below = match.group(1).lower() == "below"
        scope = after if below else flat[:i]
        if block.contact or any(b.contact for _, b in scope):
            return ""
        return (f"no contact details (email address, phone number, web address) follow "
                f"{'anywhere below it' if below else 'anywhere above it'}")
    if kind == "annex":
        word = match.group(1).lower()
        label = match.group(2)
        needle = f"{word} {label.lower()}" if label else word
        if needle in titles:
            return ""
        return f"the policy has no {needle} (no heading names one)"
    if kind == "section":
        number = match.group(1)
        if number in numbers:
            return ""
        return f"the policy has no section {number}"
    if kind == "resource":
        if block.link or block.contact:
            return ""
        return (f"the policy neither links to the {match.group(1)} nor says where to find "
                "it")
    if kind == "document":
        name = match.group(1).lower()
        if block.link or name in titles:
            return ""
        return f"the policy neither contains a {name} nor links to one"
    # forward: something must follow in the same section (or one of its subsections)
    sections = within(list(policy.headings(docname)), block.section)
    if any(d == docname and b.section in sections for d, b in after):
        return ""
    return "nothing follows it in its section"


def within(headings: list[Heading], anchor: str) -> set[str]:
    """A section's anchor and those of its subsections."""
    found = {anchor}
    for i, heading in enumerate(headings):
        if heading.anchor == anchor:
            for inner in headings[i + 1:]:
                if inner.depth <= heading.depth:
                    break
                found.add(inner.anchor)
    return found
