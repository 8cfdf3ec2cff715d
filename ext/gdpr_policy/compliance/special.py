"""Special categories of personal data (Art. 9) and data on criminal convictions and
offences (Art. 10): processing them is prohibited unless an Art. 9(2) condition applies
(or, for Art. 10, the law authorises it), on top of an Art. 6(1) basis.

A category is special when declared so (``:special:``) or when its own words name such
data (``catalogue.SPECIAL``); the condition is declared on the activity (``:condition:`` or
``{declare-condition}``), or read from its text where the text cites Art. 9(2).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import catalogue
from ..records import Activity, special_of
from .checks import Finding
from .completeness import name, place
from .policy import Policy, sentences

CONDITION_TEXT = re.compile(r"\bArt(?:icle|\.)?\s*9\s*\(?2\)?\s*\(?(?P<letter>[a-j])\)?", re.I)
EXPLICIT = re.compile(r"\bexplicit(?:ly)?\b", re.I)
LAW_TEXT = re.compile(r"\b(?:law|laws|legal obligation|statutory|legislation|act|official "
                      r"authority|authori[sz]ed by)\b", re.I)
LETTERS = {entry.article[-2]: key for key, entry in catalogue.CONDITIONS.items()}


def special_data(policy: Policy, activity: Activity) -> list[tuple[str, catalogue.Special]]:
    """(category key, kind) for each special or criminal-offence category it processes."""
    found = []
    for key in activity.categories:
        category = policy.category(key)
        special = special_of(category) if category else None
        if special is not None:
            found.append((key, special))
    return found


EXPLICIT_CONSENT = re.compile(r"\bexplicit(?:ly)?\b[^.]{0,40}\bconsent|\bconsent\b[^.]{0,30}"
                              r"\bexplicit(?:ly)?\b", re.I)


def stated_condition(policy: Policy, activity: Activity) -> tuple[str, int, str] | None:
    """(sentence, line, condition key) where the activity's text cites Art. 9(2), or says
    the consent is explicit (Art. 9(2)(a))."""
    for block in policy.activity_blocks(activity):
        for sentence in sentences(block.text):
            match = CONDITION_TEXT.search(sentence)
            if match:
                return sentence, block.line, LETTERS[match["letter"].lower()]
            if EXPLICIT_CONSENT.search(sentence):
                return sentence, block.line, "explicit-consent"
    return None


def check_special_condition(policy: Policy) -> Iterator[Finding]:
    """Special categories processed with no Art. 9(2) condition declared."""
    for activity in policy.activities:
        special = [(k, s) for k, s in special_data(policy, activity) if s.article == "Art. 9(1)"]
        if not special or activity.condition:
            continue
        if stated_condition(policy, activity):
            continue  # readers are told (declaring it on those words also exports it)
        shown = ", ".join(f"{policy.category_name(k)}: {s.name.lower()}" for k, s in special)
        hint = ("ask the legal team under which condition of Art. 9(2) these data are "
                "processed (explicit consent, health care, employment law, …) and for "
                "wording that tells readers; then declare it on those words "
                "({declare-condition}) or with ':condition:' ("
                + ", ".join(catalogue.CONDITIONS) + ")")
        yield Finding(
            "special-category-condition",
            f"{name(activity)} processes special categories of personal data ({shown}), "
            "but no condition of Art. 9(2) is stated: their processing is prohibited "
            "unless one applies (Art. 9(1))",
            hint, place(activity), key=activity.key)


def check_condition_without_special(policy: Policy) -> Iterator[Finding]:
    """A condition of Art. 9(2) stated for data that include no special category."""
    for activity in policy.activities:
        if not activity.condition or special_data(policy, activity):
            continue
        text = " ".join(b.text for b in policy.activity_blocks(activity))
        if catalogue.special_in(text):
            continue  # its text names such data ("these health data"), undeclared on a category
        entry = catalogue.CONDITIONS[activity.condition]
        yield Finding(
            "condition-without-special-category",
            f"{name(activity)} states the Art. 9(2) condition '{entry.name}' "
            f"({entry.article}), but none of its data categories is a special category",
            "ask the legal team which special category of data this activity processes (the "
            "notice should name it), or whether the condition is stated by mistake",
            place(activity), key=activity.key)


def check_explicit_consent(policy: Policy) -> Iterator[Finding]:
    """Art. 9(2)(a) asks for *explicit* consent: ordinary consent does not lift the ban."""
    for activity in policy.activities:
        if activity.condition != "explicit-consent":
            continue
        text = " ".join(b.text for b in policy.activity_blocks(activity))
        if EXPLICIT.search(text):
            continue
        yield Finding(
            "explicit-consent",
            f"{name(activity)} relies on consent for special categories of data (Art. "
            "9(2)(a)), but its text never says the consent is explicit",
            "ask the legal team whether explicit consent is obtained (an express statement, "
            "e.g. a signed form or a ticked box for this purpose), and for wording that tells "
            "readers so",
            place(activity), key=activity.key)


def check_criminal_data(policy: Policy) -> Iterator[Finding]:
    """Data on criminal convictions and offences: only under official authority or where
    Union or Member State law authorises it (Art. 10)."""
    for activity in policy.activities:
        criminal = [k for k, s in special_data(policy, activity) if s.key == "criminal"]
        if not criminal or activity.basis in ("legal-obligation", "public-task"):
            continue
        text = " ".join(b.text for b in policy.activity_blocks(activity))
        if LAW_TEXT.search(text):
            continue
        yield Finding(
            "criminal-offence-data",
            f"{name(activity)} processes data on criminal convictions or offences "
            f"({', '.join(policy.category_name(k) for k in criminal)}), but the text names "
            "neither the official authority nor the law that authorises it (Art. 10)",
            "ask the legal team which law authorises this processing, and for wording that "
            "tells readers",
            place(activity), key=activity.key)


CHECKS = [check_special_condition, check_condition_without_special, check_explicit_consent,
          check_criminal_data]
