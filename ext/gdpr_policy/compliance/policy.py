"""One read-only view of the whole policy for the checks: the declarations (the ``policy``
domain's index) beside the running text, in reading order."""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from sphinx.environment import BuildEnvironment

from .. import catalogue
from ..domain import Index, toc_order
from ..records import Activity, Category, Recipient, Retention, Right
from .origin import recognised
from .text import Block, DocText, Heading, reading_order, store


#: Which legal basis a phrase in the text names.
def _basis(words: str, letter: str) -> re.Pattern[str]:
    return re.compile(rf"{words}|\b(?:Art(?:icle|\.)\s*)?6\s*\(1\)\s*\(?{letter}\b", re.I)


BASIS_WORDS: dict[str, re.Pattern[str]] = {
    "consent": _basis(r"\bconsent\b", "a"),
    "contract": _basis(r"\bcontract(?:ual)?\b", "b"),
    "legal-obligation": _basis(r"\blegal obligations?\b|\bstatutory (?:obligation|duty)", "c"),
    "vital-interests": _basis(r"\bvital interests?\b", "d"),
    "public-task": _basis(r"\bpublic (?:interest|task)\b|\bofficial authority\b", "e"),
    "legitimate-interests": _basis(r"\blegitimate interests?\b", "f"),
}
BASIS_SENTENCE = re.compile(r"\b(?:legal|lawful) basis\b|\bArt(?:icle|\.)\s*6\s*\(1\)", re.I)
#: Where a sentence may end: its stop (and a closing quote or bracket), then a space or
#: the end of the text. A stop with no space after it ("9.2", "www.example.com") never is.
SENTENCE = re.compile(r"[.!?]+[\"'”’»)\]]*(?=\s|$)")
_CLOSERS = "\"'”’»)]"
_WORD_BEFORE = re.compile(r"[\"'“‘«(\[]*(\S*)$")
_WORD_AFTER = re.compile(r"\s+[\"'“‘«(\[]*(\S*)")
#: Abbreviations that always lead on to more of their sentence ("e.g. Google").
_LEADING = frozenset({"eg", "ie", "cf", "viz", "vs", "approx", "incl", "excl", "resp", "ca",
                      "esp"})
#: Abbreviations before a number ("Art. 6(1)(c)", "No. 5", "para. 13", "Annex II"); before
#: a word that opens a sentence the stop is the sentence's ("Do we? No. We do not").
_NUMBERING = frozenset({"art", "arts", "no", "nos", "nr", "nrs", "para", "paras", "p", "pp",
                        "sec", "sect", "fig", "ch", "cl", "abs", "lit", "rec", "recs", "vol"})
_NUMBER = re.compile(r"\d|[IVXLC]{2,}\b")
#: Abbreviations, initials ("J. Smith") and letters with stops ("B.V.", "U.S.") that may
#: close a sentence: the stop is the sentence's only when the next word is one that opens
#: a sentence ("… Example B.V. We process …", not "Example B.V. processes").
_CLOSING = frozenset({"etc", "inc", "ltd", "co", "corp", "llc", "plc", "gmbh", "ag", "bv",
                      "nv", "kg", "mr", "mrs", "ms", "dr", "prof", "st", "al", "jr", "sr"})
_OPENERS = frozenset({"a", "all", "an", "any", "as", "at", "because", "before", "by", "each",
                      "every", "for", "from", "he", "here", "however", "if", "in", "it",
                      "its", "many", "most", "no", "not", "of", "on", "once", "our",
                      "please", "she", "since", "so", "some", "such", "that", "the", "their",
                      "there", "these", "they", "this", "those", "to", "under", "unless",
                      "we", "what", "when", "where", "whether", "which", "while", "who",
                      "why", "with", "you", "your"})


def _ends(text: str, stop: re.Match[str]) -> bool:
    """Whether a stop ends its sentence (not an abbreviation's, an initial's)."""
    after = _WORD_AFTER.match(text, stop.end())
    following = after.group(1) if after else ""
    mark = stop.group(0).rstrip(_CLOSERS)
    if not following or mark[-1] != "." or mark.endswith(".."):
        return True  # the end of the text, "!", "?", an ellipsis
    if following[0].isalpha() and following[0].islower():
        return False  # "… e.g. your name", "etc. and so on": the sentence goes on
    before = _WORD_BEFORE.search(text, max(stop.start() - 40, 0), stop.start())
    word = before.group(1) if before and stop.group(0) == mark else ""
    plain = word.lower().replace(".", "")
    opener = following.lower().rstrip(",;:") in _OPENERS
    if plain in _LEADING:
        return False
    if plain in _NUMBERING:
        return not _NUMBER.match(following)
    if plain in _CLOSING or re.fullmatch(r"[A-Z]|(?:[A-Za-z]\.)+[A-Za-z]", word):
        return opener
    return True


def sentences(text: str) -> list[str]:
    """The sentences of a text, each whole: never cut at an abbreviation ("Art. 6",
    "e.g.", "No. 5", "Ltd."), an initial ("J. Smith") or a number ("9.2")."""
    found, start = [], 0
    for stop in SENTENCE.finditer(text):
        if _ends(text, stop):
            found.append(text[start:stop.end()])
            start = stop.end()
    found.append(text[start:])
    return [s.strip() for s in found if s.strip()]


def bases_named(sentence: str) -> list[str]:
    """The legal bases a sentence about the legal basis names, in catalogue order."""
    if not BASIS_SENTENCE.search(sentence):
        return []
    return [key for key, pattern in BASIS_WORDS.items() if pattern.search(sentence)]


def path(env: BuildEnvironment, docname: str, base: str | Path | None = None) -> str:
    """A page's file as the project names it: relative to ``base``, the folder of conf.py
    (the source folder when not given)."""
    full = env.doc2path(docname)
    try:
        return Path(os.path.relpath(full, base or env.srcdir)).as_posix()
    except ValueError:  # another drive
        return Path(full).as_posix()


def item(text: str) -> str:
    """A data item reduced to compare: "E-mail address" ~ "email"."""
    lowered = " ".join(text.lower().split()).replace("e-mail", "email")
    return lowered.replace("email address", "email")


R = TypeVar("R", Activity, Category, Recipient, Retention, Right)


class Policy:
    def __init__(self, env: BuildEnvironment, base: str | Path | None = None) -> None:
        self.env = env
        self.base = base
        domain = env.domains["policy"]
        self.index: Index = domain.index  # type: ignore[attr-defined]
        records = domain.data["records"]
        published = toc_order(env)
        if any(records[d] and d not in published for d in records):
            # what readers cannot reach is not stated (reported as an authoring error)
            self.index = Index({d: r for d, r in records.items() if d in published},
                               domain.data["refs"], domain.data["passages"], published)
        self.texts: dict[str, DocText] = store(env)
        self.index = self.as_read(self.index)
        #: policy.json's document of the policy, when there are released versions
        self.export: dict[str, Any] | None = None
        self.order = reading_order(env)

    def as_read(self, index: Index) -> Index:
        """The index as the checks read it: an activity that declares no source, but whose
        words say its data come from someone else, is held to Art. 14 (origin.py). A copy:
        the published outputs keep what was declared."""
        read = {key: recognised(a, self.activity_blocks(a), sentences)
                for key, a in index.by_kind["activity"].items()}
        if all(read[k] is a for k, a in index.by_kind["activity"].items()):
            return index
        copy = object.__new__(Index)
        copy.__dict__.update(index.__dict__)
        copy.by_kind = defaultdict(dict, {**index.by_kind, "activity": read})
        return copy

    # -- places ------------------------------------------------------------------------

    def path(self, docname: str) -> str:
        return path(self.env, docname, self.base)

    def where(self, place: tuple[str, int]) -> str:
        return f"{self.path(place[0])}:{place[1]}"

    def places(self, places: list[tuple[str, int]]) -> str:
        return ", ".join(self.where(p) for p in places)

    @cached_property
    def docs(self) -> list[str]:
        """Every document with text, in reading order (pages outside navigation last)."""
        return [*self.order, *sorted(set(self.texts) - set(self.order))]

    def blocks(self) -> list[tuple[str, Block]]:
        """Every block of text with its document, in reading order."""
        return self._blocks

    @cached_property
    def _blocks(self) -> list[tuple[str, Block]]:
        return [(d, b) for d in self.docs for b in self.texts[d].blocks]

    def headings(self, docname: str) -> tuple[Heading, ...]:
        text = self.texts.get(docname)
        return text.headings if text else ()

    def source(self, docname: str) -> list[str]:
        """The lines of a page's file as written (read once)."""
        cache: dict[str, list[str]] = self.__dict__.setdefault("_sources", {})
        if docname not in cache:
            try:
                cache[docname] = Path(self.env.doc2path(docname)).read_text(
                    encoding="utf-8", errors="replace").splitlines()
            except OSError:
                cache[docname] = []
        return cache[docname]

    def line_of(self, docname: str, start: int, phrase: str) -> int:
        """The line at or after ``start`` where ``phrase`` is written (``start`` if it is
        not found as written, e.g. across a line break)."""
        pattern = re.compile(re.escape(phrase), re.I)
        for number, line in enumerate(self.source(docname)[max(start - 1, 0):], start=start):
            if pattern.search(line):
                return number
        return start

    def section_at(self, docname: str, line: int) -> str:
        """Anchor of the section a line stands in (for links to a finding)."""
        found = ""
        for heading in self.headings(docname):
            if heading.line <= line:
                found = heading.anchor
        return found

    @property
    def start(self) -> tuple[str, int]:
        """Where policy-wide information belongs when it is missing: the first page."""
        return (self.env.config.root_doc, 1)

    # -- declarations ------------------------------------------------------------------

    @property
    def activities(self) -> list[Activity]:
        return self.in_order(self.index.activities.values())

    def in_order(self, records: Iterable[R]) -> list[R]:
        rank = {d: i for i, d in enumerate(self.docs)}
        return sorted(records, key=lambda r: (rank.get(r.docname, len(rank)), r.lineno))

    def activity_blocks(self, activity: Activity) -> list[Block]:
        text = self.texts.get(activity.docname)
        if text is None:
            return []
        return [b for b in text.blocks if b.activity == activity.anchor]

    @property
    def recipients(self) -> list[Recipient]:
        return self.in_order(self.index.recipients.values())

    def activities_of(self, recipient: Recipient) -> list[Activity]:
        return [a for a in self.activities if recipient.key in a.recipients]

    def section_of(self, activity: Activity) -> str:
        """The anchor of the section an activity stands in."""
        for block in self.activity_blocks(activity):
            return block.section
        return self.index_section(activity)

    def index_section(self, record: Activity | Category | Recipient | Retention) -> str:
        return self.env.domains["policy"].section_anchor(record)  # type: ignore[attr-defined]

    def passage(self, activity: Activity) -> list[Block]:
        """The text of the section an activity stands in: its own blocks, the text around
        them and the other activities there."""
        text = self.texts.get(activity.docname)
        section = self.section_of(activity)
        if text is None or not section:
            return self.activity_blocks(activity)
        return [b for b in text.blocks if b.section == section]

    def retention_of(self, category: str) -> Retention | None:
        return self.index.retention.get(category)

    def category(self, key: str) -> Category | None:
        return self.index.categories.get(key)

    def items(self, key: str) -> frozenset[str]:
        category = self.category(key)
        return frozenset(item(i) for i in category.items) if category else frozenset()

    def category_name(self, key: str) -> str:
        category = self.category(key)
        if category is not None and not category.name:  # named only through its items
            return f"{', '.join(category.items)} ({key})" if category.items else key
        return f"{category.name} ({key})" if category and category.name != key else key

    def bases_used(self) -> dict[str, list[Activity]]:
        used: dict[str, list[Activity]] = {}
        for activity in self.activities:
            if activity.basis in catalogue.BASES:
                used.setdefault(activity.basis, []).append(activity)
        return used

    def rights_place(self) -> tuple[str, int]:
        """The list of rights (or, without one, the first page)."""
        for docname in self.docs:
            lists = self.texts[docname].rights_lists
            if lists:
                return (docname, lists[0])
        rights = self.in_order(self.index.rights.values())
        if rights:
            return (rights[0].docname, rights[0].lineno)
        return self.start

    def article(self, article: str, activity: Activity | None) -> str:
        """The Art. 14 counterpart of an Art. 13 item, for data obtained elsewhere."""
        from .checks import ART14

        if activity is not None and activity.source == "elsewhere":
            return ART14.get(article, article)
        return article
