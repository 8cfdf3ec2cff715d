"""Contradictions: the policy does not contradict itself, and what it promises fits what it
declares (the checks of the "consistency" group)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import catalogue, periods
from ..records import Activity, Category, Retention
from .checks import Finding
from .completeness import name, place, stated_bases
from .lawfulness import MARKETING
from .policy import Policy, item, sentences

# -- one legal basis per activity ------------------------------------------------------


def check_single_basis(policy: Policy) -> Iterator[Finding]:
    """The text of an activity names one basis, the declared one."""
    for activity in policy.activities:
        stated = stated_bases(policy, activity)
        named = sorted({b for _, _, bases in stated for b in bases},
                       key=list(catalogue.BASES).index)
        if not named:
            continue
        lines = sorted({line for _, line, _ in stated})
        at = ", ".join(f"line {n}" for n in lines)
        if len(named) > 1:
            yield Finding(
                "single-basis",
                f"{name(activity)}: its text names {len(named)} legal bases "
                f"({', '.join(named)}, {at}); each processing activity rests on one",
                "ask the legal team which basis applies to which purpose; where the text "
                "gives one basis per purpose, declare one activity per purpose and basis",
                place(activity), key=activity.key)
        elif activity.basis and named[0] != activity.basis:
            yield Finding(
                "single-basis",
                f"{name(activity)} declares the legal basis '{activity.basis}', but its text "
                f"says '{named[0]}' ({at})",
                "ask the legal team which basis is right; the declaration then says what the "
                "text says",
                place(activity), key=activity.key)


# -- retention statements ----------------------------------------------------------------

def declared_period(entry: Retention) -> periods.Period | None:
    return periods.parse(entry.period)


def agrees(stated: periods.Period, entries: list[Retention]) -> bool:
    """A period stated in the text agrees with a declared one: compared as values."""
    return any((p := declared_period(e)) is not None and periods.same(stated, p)
               for e in entries)


def text_statements(policy: Policy, activity: Activity) -> list[tuple[int, periods.Statement]]:
    """Statements of how long the activity's data are kept, defaults left out: "unless
    stated otherwise" yields to the specific periods."""
    found = []
    for block in policy.activity_blocks(activity):
        for sentence in sentences(block.text):
            if ON_REQUEST.search(sentence):
                continue  # what happens when a reader asks: not the retention period
            if keeps_something_else(policy, activity, sentence):
                continue
            found += [(block.line, s) for s in periods.statements(sentence)
                      if not s.default and s.period.start not in RELATIVE]
    return found


#: "We keep a care record of the animal's injuries until …": what the sentence keeps.
KEPT = re.compile(r"\b(?:keep|keeps|kept|store|stores|stored|retain|retains|retained|hold|"
                  r"holds|held)\s+(?P<object>[^.;]+?)\s+(?:until|for|while|as long|after)\b",
                  re.I)
#: Words that make the kept thing the reader's data ("your details", "them", "this data").
THE_READERS = re.compile(r"\b(?:your|you|yours|data|details|information|them|it|this|these|"
                         r"those|personal|records? of you)\b", re.I)


def keeps_something_else(policy: Policy, activity: Activity, sentence: str) -> bool:
    """The sentence says what it keeps, and that is none of the activity's data (a record
    about an animal, a thing, a case): its period is not theirs."""
    match = KEPT.search(sentence)
    if match is None or THE_READERS.search(match["object"]):
        return False
    words = set(re.findall(r"\w{4,}", match["object"].lower()))
    own = " ".join(f"{c.name} {' '.join(c.items)}" for k in activity.categories
                   if (c := policy.category(k)) is not None).lower()
    return not any(word in own for word in words)


#: "If you ask us to delete your data earlier, we delete them within a month": a deadline
#: to answer a request, not how long data are kept.
ON_REQUEST = re.compile(r"^\s*(?:if|when|where|should|once)\s+you\b|\b(?:upon|on|at) "
                        r"(?:your )?request\b|\bif you (?:ask|request|want|wish)\b", re.I)
#: A start that points back ("within 30 days after that"): its own clock, not comparable.
RELATIVE = frozenset({"that", "this", "it", "then", "which", "them", "these", "those"})


def entries_of(policy: Policy, activity: Activity) -> list[Retention]:
    keys = list(dict.fromkeys([*activity.retention, *activity.categories]))
    return [e for k in keys if (e := policy.retention_of(k)) is not None]


def check_retention_conflicts(policy: Policy) -> Iterator[Finding]:
    for activity in policy.activities:
        entries = entries_of(policy, activity)
        if not entries:
            continue
        for line, statement in text_statements(policy, activity):
            if agrees(statement.period, entries):
                continue
            said = statement.period.text
            stated = "; ".join(f"{policy.category_name(e.key)}: {e.phrase}" for e in entries)
            yield Finding(
                "retention-conflict",
                f"{name(activity)}: the text says its data are deleted or kept '{said}' "
                f"(line {line}), but the declared retention says otherwise ({stated})",
                "ask the legal team which period is right; the text and the {retention} "
                "entry must then say the same",
                (activity.docname, line), key=activity.key,
                related=[(e.docname, e.lineno) for e in entries])
    yield from extensions(policy)


EXTENSION = re.compile(
    r"\b(?:retain|keep|store)\b[^.]*\b(?:personal )?data\b[^.]*\b(?:for a longer period|"
    r"longer than|beyond|indefinitely|for an unlimited)\b[^.]*", re.I)


def extensions(policy: Policy) -> Iterator[Finding]:
    """A general clause outside any activity ("we will retain your personal data for a
    longer period if ...") that overrides the periods and deletion promises stated for
    the same data elsewhere."""
    promises: list[tuple[str, int, str]] = []
    for activity in policy.activities:
        entries = entries_of(policy, activity)
        for line, statement in text_statements(policy, activity):
            if not agrees(statement.period, entries):  # else listed with its entry below
                promises.append((activity.docname, line,
                                 f"'{statement.period.text}' ({activity.key})"))
    for entry in policy.in_order(policy.index.retention.values()):
        promises.append((entry.docname, entry.lineno,
                         f"{entry.phrase} ({entry.key})"))
    if not promises:
        return
    for docname, block in policy.blocks():
        if block.activity:
            continue
        for sentence in sentences(block.text):
            match = EXTENSION.search(sentence)
            if not match:
                continue
            others = [p for p in promises if (p[0], p[1]) != (docname, block.line)]
            if not others:
                continue
            yield Finding(
                "retention-conflict",
                f"the text says {sentence!r}, which overrides every period the policy states "
                f"for the same data: {'; '.join(p[2] for p in others)}",
                "ask the legal team which applies; their wording may name the data and the "
                "laws or interests that extend retention, or drop the open-ended clause",
                (docname, block.line), key="retention-extension", severity="warning",
                related=[(d, n) for d, n, _ in others])


# -- overlapping categories ---------------------------------------------------------------

def overlap(a: Category, b: Category) -> str:
    """How two categories overlap, in words ("" when they do not)."""
    if a.part_of == b.key or b.part_of == a.key:
        inner, outer = (a, b) if a.part_of == b.key else (b, a)
        return f"the text puts {inner.name!r} within {outer.name!r}"
    items_a = {item(x) for x in a.items}
    if items_a and items_a == {item(x) for x in b.items}:
        return f"they hold the same data ({', '.join(sorted(items_a))})"
    # Sharing one item ("email") is not the same data: an account's email address and a
    # contact form's are kept for their own purposes. Only the whole, or a part the text
    # names as such (':part-of:').
    return ""


def period_of(policy: Policy, category: Category) -> tuple[periods.Period, str, int] | None:
    """How long the policy says a category is kept: its entry, else a statement in the
    text of an activity processing it. (period, as written, line)."""
    entry = policy.retention_of(category.key)
    if entry is not None:
        parsed = declared_period(entry)
        return (parsed, entry.phrase, entry.lineno) if parsed else None
    for activity in policy.activities:
        if category.key in activity.categories:
            for line, statement in text_statements(policy, activity):
                return statement.period, f"'{statement.period.text}'", line
    return None


def check_category_overlap(policy: Policy) -> Iterator[Finding]:
    """The same data under two categories, kept for different periods: which applies?"""
    categories = policy.in_order(policy.index.categories.values())
    for i, first in enumerate(categories):
        for second in categories[i + 1:]:
            how = overlap(first, second)
            if not how:
                continue
            a, b = period_of(policy, first), period_of(policy, second)
            if a is None or b is None or periods.same(a[0], b[0]):
                continue
            yield Finding(
                "category-overlap",
                f"{policy.category_name(first.key)} and {policy.category_name(second.key)} "
                f"overlap ({how}), but are kept {a[1]} and {b[1]}: readers cannot tell how "
                "long the shared data are kept",
                "ask the legal team which period applies to the shared data; the text then "
                "says it once",
                (second.docname, second.lineno), key=f"{first.key}/{second.key}",
                related=[(first.docname, first.lineno)])


# -- rights and bases ----------------------------------------------------------------------

#: right -> the bases it applies to, and the article saying so
FIT = {
    "portability": (("consent", "contract"), "Art. 20(1)(a)"),
    "objection": (("legitimate-interests", "public-task"), "Art. 21(1)"),
    "withdraw-consent": (("consent",), "Art. 7(3)"),
}


def offered_for_marketing(policy: Policy, marketing: list[Activity]) -> bool:
    return bool(marketing) and "objection" in policy.index.rights


def check_rights_fit(policy: Policy) -> Iterator[Finding]:
    used = policy.bases_used()
    unstated = [a for a in policy.activities if not a.basis]
    marketing = [a for a in policy.activities
                 if MARKETING.search(" ".join([a.name, *a.purposes]))]
    for right, (bases, article) in FIT.items():
        relying = [a for b in bases for a in used.get(b, [])]
        if right == "objection" and offered_for_marketing(policy, marketing):
            continue  # Art. 21(2): objection to direct marketing, whatever the basis
        offered = policy.index.rights.get(right)
        label = catalogue.RIGHTS[right].name
        if relying and offered is None and right != "withdraw-consent":
            # (a missing withdraw-consent is the 'withdraw-consent' item of Art. 13(2)(c))
            yield Finding(
                "rights-fit",
                f"the policy must offer the {label.lower()} ({article}): "
                f"{', '.join(repr(a.key) for a in relying)} rel"
                f"{'ies' if len(relying) == 1 else 'y'} on "
                f"{' or '.join(b for b in bases if used.get(b))}, but the right is not among "
                "the rights listed",
                f"ask the legal team for wording that grants the right; then declare it on "
                f"those words ({{declare-right}}, key '{right}') or as '{{right}} {right}' in "
                f"the {{rights}} list",
                policy.rights_place(), key=right, article=article)
        elif offered is not None and not relying:
            states = "y states" if len(unstated) == 1 else "ies state"
            caveat = (f"; {len(unstated)} activit{states} no basis yet, so this may change"
                      if unstated else "")
            yield Finding(
                "rights-fit",
                f"the policy offers the {label.lower()}, which applies only to processing "
                f"based on {' or '.join(bases)} ({article}), but no processing activity "
                f"declares such a basis{caveat}",
                "ask the legal team whether a basis is missing from an activity, or whether "
                "the right is promised by mistake",
                (offered.docname, offered.lineno), key=right, article=article,
                severity="warning")
    automated = [a for a in policy.activities if a.automated]
    if automated and "automated-decisions" not in policy.index.rights:
        yield Finding(
            "rights-fit",
            f"{', '.join(repr(a.key) for a in automated)} makes automated decisions, but "
            "the rights listed do not include the right not to be subject to a decision "
            "based solely on automated processing (Art. 22), owed where the decisions have "
            "legal or similarly significant effects",
            "ask the legal team whether the decisions have such effects; if so, their "
            "wording of the right is declared on its words ({declare-right}, key "
            "'automated-decisions') or as '{right} automated-decisions'",
            policy.rights_place(), key="automated-decisions", article="Art. 22",
            severity="warning")


CHECKS = [check_single_basis, check_retention_conflicts, check_rights_fit,
          check_category_overlap]
