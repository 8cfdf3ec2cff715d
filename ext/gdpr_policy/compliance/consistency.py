"""Internal consistency: the policy does not contradict itself, and what it promises fits
what it declares."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import catalogue
from ..records import Activity, Retention
from .checks import Finding
from .completeness import known_recipients, name, place, stated_bases
from .policy import Policy, sentences

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
                "split the activity into one per purpose and basis, or ask the legal team "
                "which single basis applies",
                place(activity), key=activity.key)
        elif activity.basis and named[0] != activity.basis:
            yield Finding(
                "single-basis",
                f"{name(activity)} declares the legal basis '{activity.basis}', but its text "
                f"says '{named[0]}' ({at})",
                "make the declaration say what the text says, or ask the legal team which "
                "is right",
                place(activity), key=activity.key)


# -- retention statements ----------------------------------------------------------------

DURATION = r"(?:for|within)\s+(?:a period of\s+)?\d+\s+\w+"
# "stored when you visit" says when data are collected, not how long they are kept: an
# event counts after a deletion verb only, and after a keeping verb only with "until".
STATEMENT = re.compile(
    rf"\b(?:deleted|erased|removed|destroyed|anonymi[sz]ed)\b\s+(?P<gone>{DURATION}|"
    r"(?:after|when|once|at the end of)\s+[^.;,]+)|"
    rf"\b(?:retained|kept|stored)\b\s+(?P<kept>{DURATION}|(?:until|as long as)\s+[^.;,]+)",
    re.I)
TIME = re.compile(r"(\d+)\s+(day|week|month|year)s?", re.I)
EVENT = re.compile(r"^(?:until|after|when|once|at the end of|as long as|for as long as)\s+")


def normal(period: str) -> str:
    """A period reduced to compare: "for 7 years" ~ "7 years"; "deleted after the x" ~
    "kept until x" ~ "when x" (the event is what counts)."""
    lowered = " ".join(period.lower().split()).removeprefix("for ").removeprefix("within ")
    time = TIME.fullmatch(lowered.removeprefix("a period of "))
    if time:
        return f"{int(time.group(1))} {time.group(2)}"
    lowered = EVENT.sub("", lowered)
    return re.sub(r"\b(?:the|a|an|your|our)\b\s*", "", lowered).strip()


def text_statements(policy: Policy, activity: Activity) -> list[tuple[int, str]]:
    found = []
    for block in policy.activity_blocks(activity):
        for sentence in sentences(block.text):
            for match in STATEMENT.finditer(sentence):
                found.append((block.line, (match.group("gone") or match.group("kept")).strip()))
    return found


def entries_of(policy: Policy, activity: Activity) -> list[Retention]:
    keys = list(dict.fromkeys([*activity.retention, *activity.categories]))
    return [e for k in keys if (e := policy.retention_of(k)) is not None]


def check_retention_conflicts(policy: Policy) -> Iterator[Finding]:
    for activity in policy.activities:
        entries = entries_of(policy, activity)
        if not entries:
            continue
        declared = {normal(e.period): e for e in entries}
        for line, period in text_statements(policy, activity):
            if normal(period) in declared:
                continue
            stated = "; ".join(f"{policy.category_name(e.key)}: {e.phrase}" for e in entries)
            yield Finding(
                "retention-conflict",
                f"{name(activity)}: the text says its data are deleted or kept '{period}' "
                f"(line {line}), but the declared retention says otherwise ({stated})",
                "ask the legal team which period is right; then make the text and the "
                "{retention} entry say the same",
                (activity.docname, line), key=activity.key,
                related=[(e.docname, e.lineno) for e in entries])
        yield from shared_items(policy, activity, entries)
    yield from same_data_twice(policy)
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
        declared = {normal(e.period) for e in entries_of(policy, activity)}
        for line, period in text_statements(policy, activity):
            if normal(period) not in declared:  # else listed with its entry below
                promises.append((activity.docname, line, f"'{period}' ({activity.key})"))
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
                "ask the legal team which applies: name the data and the laws or interests "
                "that extend retention, or state the periods without the open-ended clause",
                (docname, block.line), key="retention-extension", severity="warning",
                related=[(d, n) for d, n, _ in others])


def shared_items(policy: Policy, activity: Activity, entries: list[Retention]
                 ) -> Iterator[Finding]:
    """Within one activity, one item in two categories kept for different periods."""
    for i, first in enumerate(entries):
        for second in entries[i + 1:]:
            if normal(first.period) == normal(second.period):
                continue
            a, b = policy.category(first.key), policy.category(second.key)
            if a is None or b is None:
                continue
            common = sorted({x.lower() for x in a.items} & {x.lower() for x in b.items})
            if common:
                yield Finding(
                    "retention-conflict",
                    f"{name(activity)} processes {', '.join(common)} both as "
                    f"{policy.category_name(first.key)}, kept {first.phrase}, and as "
                    f"{policy.category_name(second.key)}, kept {second.phrase}",
                    "say which period applies to these items, or list each item in one "
                    "category only",
                    place(activity), key=activity.key,
                    related=[(first.docname, first.lineno), (second.docname, second.lineno)])


def same_data_twice(policy: Policy) -> Iterator[Finding]:
    """Two categories with exactly the same items (the same data under two names) kept
    for different periods."""
    entries = policy.in_order(policy.index.retention.values())
    for i, first in enumerate(entries):
        a = policy.category(first.key)
        if a is None or not a.items:
            continue
        for second in entries[i + 1:]:
            b = policy.category(second.key)
            if b is None or normal(first.period) == normal(second.period):
                continue
            if {x.lower() for x in a.items} == {x.lower() for x in b.items}:
                yield Finding(
                    "retention-conflict",
                    f"{policy.category_name(first.key)} and {policy.category_name(second.key)}"
                    f" hold the same data ({', '.join(a.items)}) but are kept "
                    f"{first.phrase} and {second.phrase}",
                    "declare the data once, or ask the legal team which period applies",
                    (second.docname, second.lineno), key=second.key,
                    related=[(first.docname, first.lineno)])


# -- rights and bases ----------------------------------------------------------------------

#: right -> the bases it applies to, and the article saying so
FIT = {
    "portability": (("consent", "contract"), "Art. 20(1)(a)"),
    "objection": (("legitimate-interests", "public-task"), "Art. 21(1)"),
    "withdraw-consent": (("consent",), "Art. 7(3)"),
}


def check_rights_fit(policy: Policy) -> Iterator[Finding]:
    used = policy.bases_used()
    unstated = [a for a in policy.activities if not a.basis]
    for right, (bases, article) in FIT.items():
        relying = [a for b in bases for a in used.get(b, [])]
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
                f"add '{{right}} {right}' to the {{rights}} list",
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
            "ask the legal team whether the decisions have such effects; if so, add "
            "'{right} automated-decisions' to the {rights} list",
            policy.rights_place(), key="automated-decisions", article="Art. 22",
            severity="warning")


# -- recipients outside the EEA ---------------------------------------------------------

COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "US": ("us", "usa", "u.s.", "u.s.a.", "united states of america", "united states"),
    "GB": ("gb", "uk", "united kingdom", "great britain"),
    "CH": ("ch", "switzerland"),
    "CA": ("ca", "canada"),
    "IN": ("in", "india"),
    "CN": ("cn", "china"),
    "JP": ("jp", "japan"),
    "AU": ("au", "australia"),
}


def declares(transfers: tuple[str, ...], country: str) -> bool:
    names = COUNTRY_NAMES.get(country, (country.lower(),))
    return any(" ".join(t.lower().split()) in names for t in transfers)


def check_recipients_outside_eea(policy: Policy) -> Iterator[Finding]:
    for activity in policy.activities:
        for recipient in activity.recipients:
            for service in known_recipients(recipient):
                company, country = catalogue.KNOWN_RECIPIENTS[service]
                if country in catalogue.EEA or declares(activity.transfers, country):
                    continue
                shown = COUNTRY_NAMES.get(country, ("", "", country))[-1].title()
                shown = shown.replace(" Of ", " of ") if len(shown) > 3 else country
                yield Finding(
                    "recipient-outside-eea",
                    f"{name(activity)} discloses data to {recipient} ({company}, {country}), "
                    f"a recipient outside the EEA, but declares no transfer to {shown} "
                    "nor the safeguard it relies on",
                    f"the legal team confirms the transfer and its safeguard (an adequacy "
                    f"decision such as the EU-US Data Privacy Framework, or standard "
                    f"contractual clauses); declare them with ':transfers: {shown}' and "
                    "':safeguard:'",
                    place(activity), key=activity.key,
                    article=policy.article("Art. 13(1)(f)", activity))
                break


CHECKS = [check_single_basis, check_retention_conflicts, check_rights_fit,
          check_recipients_outside_eea]
