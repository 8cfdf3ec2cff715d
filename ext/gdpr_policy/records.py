"""Plain records kept in the build environment, one list per document.

NamedTuples of plain values only (never docutils nodes): they pickle small and carry no
parent pointers to whole doctrees.
"""

from __future__ import annotations

from typing import NamedTuple

from . import catalogue, countries


class Term(NamedTuple):
    docname: str
    lineno: int
    anchor: str
    key: str
    name: str
    forms: tuple[str, ...]  # lower-case spellings that refer to the term, name included
    article: str  # "" when the term is not an Art. 4 term
    text: str  # the definition's wording, for popups and the export


class Right(NamedTuple):
    docname: str
    lineno: int
    anchor: str
    key: str
    text: str  # the policy's own wording of the right


class Category(NamedTuple):
    docname: str
    lineno: int
    anchor: str
    key: str
    name: str
    items: tuple[str, ...]
    part_of: str  # key of the broader category the text puts it in ("" if none)
    special: str = ""  # Art. 9(1) / Art. 10 kind, declared (catalogue.SPECIAL key) or ""
    marked: tuple[str, ...] = ()  # fields declared on the client's own phrase


class Retention(NamedTuple):
    docname: str
    lineno: int
    anchor: str
    key: str  # the data category it is about
    period: str  # as the editor typed it
    kind: str  # "duration" or "event"
    amount: int | None
    unit: str | None  # day, week, month, year
    phrase: str  # as a sentence reads it: "for 7 years", "until the account is closed"
    reason: str
    marked: tuple[str, ...] = ()


class Recipient(NamedTuple):
    """Someone the data are disclosed to (Art. 4(9)), declared once and named by key."""

    docname: str
    lineno: int
    anchor: str
    key: str
    name: str  # as the text gives it: "Stripe, Inc. (USA)", "our hosting provider"
    role: str  # processor, controller, joint-controller; "" when the text does not say
    country: str  # as the text states it ("" when it does not)
    safeguard: str  # the transfer safeguard the text states ("" when it does not)
    text: str  # the block's own words, where the recipient is described
    marked: tuple[str, ...] = ()


def recipient_places(recipient: Recipient) -> list[countries.Mention]:
    """Where the recipient's declaration says it is (countries.stated_places)."""
    return countries.stated_places(recipient.name, recipient.country, recipient.text)


def main_place(recipient: Recipient) -> countries.Mention | None:
    """The place that matters for a transfer: the first stated outside the EEA, else the
    first stated (None when the text states none)."""
    found = recipient_places(recipient)
    outside = [m for m in found if m.country and not countries.in_eea_or_area(m.country)]
    return (outside or found or [None])[0]


def special_of(category: Category) -> catalogue.Special | None:
    """The special category (Art. 9(1)) or criminal-offence data (Art. 10) a data category
    is: as declared (``:special:``), else as its own words name it."""
    if category.special:
        return catalogue.SPECIAL.get(category.special)
    return catalogue.special_in(" ".join((category.name, *category.items)))


class Activity(NamedTuple):
    docname: str
    lineno: int
    anchor: str
    key: str
    name: str
    purposes: tuple[str, ...]
    categories: tuple[str, ...]
    basis: str
    interest: str
    recipients: tuple[str, ...]  # recipient keys
    transfers: tuple[str, ...]
    safeguard: str
    retention: tuple[str, ...]
    source: str
    required: str
    consequences: str
    automated: tuple[str, ...]
    logic: str
    significance: str
    envisaged: str
    condition: str = ""  # Art. 9(2) condition (catalogue.CONDITIONS key) for special data
    origin: str = ""  # where the data come from, in the text's words (Art. 14(2)(f))
    marked: tuple[str, ...] = ()  # fields declared on the client's own phrase


class Controller(NamedTuple):
    docname: str
    lineno: int
    anchor: str
    name: str
    address: tuple[str, ...]
    email: str
    phone: str
    web: str  # a contact form or web address
    dpo: str  # contact of the data protection officer, when the policy gives one
    authority: str  # the supervisory authority the policy names


class Item(NamedTuple):
    """One item of a data category, declared on the client's phrase (``{declare-item}``);
    the index adds it to its category."""

    docname: str
    lineno: int
    anchor: str
    key: str  # the data category it belongs to
    text: str


class Reference(NamedTuple):
    """A place that shows a declared fact, so it is rewritten when the fact changes."""

    docname: str
    lineno: int
    kind: str  # term, right, category, retention, activity, fact
    target: str
    section: str  # anchor of the innermost section
    label: str  # how a reader names that section: "§4", "Introduction"


class Passage(NamedTuple):
    """Running text of one section where a defined term may be linked automatically."""

    docname: str
    section: str
    label: str
    text: str
    exclude: str  # key of the term whose own definition this text is ("" if none)


Record = Term | Right | Category | Retention | Recipient | Activity | Controller | Item
