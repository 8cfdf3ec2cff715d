"""The notice's words: vague qualifiers that hide what is done (WP260 rev.01, para. 13),
and declared values readers see that the client's text does not contain (the mechanical
guard of "never add legal wording")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import periods
from ..directives import OPTION_LINE, YAML_LINE
from ..records import Activity, Category, Recipient, Retention
from .checks import Finding
from .completeness import name
from .policy import Policy, sentences
from .text import Block

# -- vague wording ------------------------------------------------------------------------

VAGUE = re.compile(
    r"\b(?:we|this|these|it|they|data|information|which|that)\s+(?:may|might)\b|"
    r"\bsuch as\b|\b(?:some|certain|various) (?:of (?:your|the) )?(?:personal )?(?:data|"
    r"information|purposes?|cases|services|partners)\b|(?<!how )\boften\b|\bpossibly\b|"
    r"\b(?:where|if|when) possible\b", re.I)
#: A sentence that describes what is done: it introduces a list or speaks of the data.
DESCRIBES = re.compile(r":\s*$|\b(?:process|collect|includ|shar|disclos|stor|keep|retain|"
                       r"transfer|requir|decision|data\b|information\b|purpose)|\bus(?:e|es|"
                       r"ed|ing)\b", re.I)


def check_vague_wording(policy: Policy) -> Iterator[Finding]:
    """A hedge in the description of a purpose or a data category: the reader cannot tell
    what is actually done."""
    activities = {(a.docname, a.anchor): a for a in policy.activities}
    for docname, block in policy.blocks():
        activity = activities.get((docname, block.activity))
        if activity is None and block.within != "category":
            continue  # only the descriptions of purposes and data are held to this
        for sentence in sentences(block.text):
            match = VAGUE.search(sentence)
            if match is None or not DESCRIBES.search(sentence):
                continue
            phrase = match.group(0)
            line = policy.line_of(docname, block.line, phrase)
            about = f"{name(activity)}: " if activity else ""
            yield Finding(
                "vague-wording",
                f"{about}'{phrase}' in {sentence!r} leaves readers unable to tell what is "
                "actually done with their data; the Art. 29 Working Party's transparency "
                "guidelines (WP260 rev.01, para. 13) name such qualifiers as poor practice",
                "ask the legal team whether the text can say definitely which data are "
                "processed and for which purposes; the wording is theirs to change",
                (docname, line),
                key=f"{activity.key}:{phrase.lower()}" if activity else phrase.lower())


# -- grounded declarations ------------------------------------------------------------------

def normal(text: str) -> str:
    """Words only, lower case: case and punctuation aside."""
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def written_options(policy: Policy, record: Activity) -> set[str] | None:
    """The options written on a block, read from its page as written (None when the
    record's line is not the block's first line)."""
    lines = policy.source(record.docname)[max(record.lineno - 1, 0):]
    if not lines or not re.search(r"\{processing-activity\}", lines[0]):
        return None
    lines = lines[1:]
    yaml = bool(lines) and lines[0].strip() == "---"
    found: set[str] = set()
    for line in lines[1:] if yaml else lines:
        if yaml and line.strip().startswith("---"):
            break
        match = (YAML_LINE if yaml else OPTION_LINE).match(line)
        if match is None:
            if yaml:
                continue
            break
        found.add(match.group(1).strip())
    return found


def name_given(policy: Policy, record: Activity) -> bool:
    """The activity's name was written (':name:'), not taken from its key: a name given
    as the key itself ("newsletter") is shown to readers like any other."""
    if record.name != record.key:
        return True
    written = written_options(policy, record)
    return written is not None and "name" in written


def values(record: Activity | Category | Recipient | Retention,
           named: bool = False) -> list[tuple[str, str]]:
    """(option, value) for every human-readable value a declaration puts before readers;
    ``named``: an activity's ':name:' is written even where it equals its key."""
    if isinstance(record, Activity):
        out = [("name", record.name)] if named or record.name != record.key else []
        out += [("purpose", p) for p in record.purposes]
        out += [("interest", i.strip()) for i in record.interest.split(";") if i.strip()]
        out += [(o, v) for o, v in (
            ("required", record.required), ("consequences", record.consequences),
            ("logic", record.logic), ("significance", record.significance),
            ("envisaged", record.envisaged), ("safeguard", record.safeguard)) if v]
        out += [("transfers", t) for t in record.transfers]
        out += [("automated-decisions", d) for d in record.automated]
        return out
    if isinstance(record, Category):
        out = [("name", record.name)] if record.name != record.key else []
        return out + [("items", i) for i in record.items]
    if isinstance(record, Recipient):
        name = record.name if record.name != record.key else ""
        return [(o, v) for o, v in (("name", name), ("country", record.country),
                                    ("safeguard", record.safeguard)) if v]
    return [("period", record.period)]


def scope(policy: Policy, record: Activity | Category | Recipient | Retention) -> str:
    """The client's text a declaration must be found in: an activity's own text and the
    text around it in its section, else the text of the section it stands in; with the
    section's title."""
    title = policy.env.domains["policy"].section_title(record)  # type: ignore[attr-defined]
    text = policy.texts.get(record.docname)
    if text is None:
        return title
    blocks: list[Block]
    if isinstance(record, Activity):  # its text, and the passage around it
        blocks = [b for b in policy.passage(record)
                  if b.activity in ("", record.anchor)] or policy.activity_blocks(record)
    else:
        section = policy.index_section(record)
        blocks = [b for b in text.blocks if b.section == section] if section else \
            list(text.blocks)
    return " ".join([title, *(b.text for b in blocks)])


def period_stated(value: str, text: str) -> bool:
    """The text states the declared period in its own words ("three months" for
    ':period: 3 months'): compared as values."""
    declared = periods.parse(value)
    if declared is None:
        return False
    stated = [s.period for sentence in sentences(text) for s in periods.statements(sentence)]
    stated += [p for part in re.split(r"[-–—,;()]", text) if (p := periods.parse(part))]
    return any(periods.same(declared, p) for p in stated)


#: The option a field of a record is written as, where the two names differ.
MARKED_OPTION = {"purposes": "purpose", "automated": "automated-decisions"}


def check_grounded(policy: Policy) -> Iterator[Finding]:
    """Every value readers see is the client's wording, found in the text it declares."""
    index = policy.index
    records: list[Activity | Category | Recipient | Retention] = [
        *policy.activities, *policy.in_order(index.categories.values()),
        *policy.recipients, *policy.in_order(index.retention.values())]
    for record in records:
        text = scope(policy, record)
        words = f" {normal(text)} "
        named = isinstance(record, Activity) and name_given(policy, record)
        # words marked on the client's own phrase ({declare-…}) are grounded by construction
        marked = {MARKED_OPTION.get(f, f) for f in record.marked}
        for option, value in values(record, named):
            if option in marked or f" {normal(value)} " in words or not normal(value):
                continue
            if option == "period" and period_stated(value, text):
                continue
            kind = type(record).__name__.lower()
            key = getattr(record, "key", "")
            line = policy.line_of(record.docname, record.lineno, f":{option}:")
            yield Finding(
                "ungrounded",
                f"{kind} {key!r}: ':{option}: {value}' is not found in the text it declares, "
                "so readers would see words the client did not write",
                "ask the legal team whether the text says this; declare the value in the "
                "text's own words (case and punctuation aside), or leave it undeclared for "
                "the checks to report",
                (record.docname, line), key=f"{key}:{option}")


CHECKS = [check_vague_wording, check_grounded]
