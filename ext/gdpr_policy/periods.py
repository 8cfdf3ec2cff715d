"""Retention periods as values: a duration ("14 months after collection") or an end event
("until the account is closed"), read from a declared ``:period:`` or from running text, so
that checks compare what a period means, never how it is worded.

The bottom "model" layer: imports nothing from the rest of the extension.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import NamedTuple

UNITS = ("day", "week", "month", "year")


class Period(NamedTuple):
    """A duration (amount, unit, counted from start) or an end event."""

    amount: int | None
    unit: str | None  # one of UNITS
    start: str  # what the duration counts from ("collection"); "" when unstated
    event: str  # the end event ("account closed"); "" for a duration
    maximum: bool  # "up to", "within": a limit; equality ignores it
    text: str  # the words as written


class Statement(NamedTuple):
    """One retention or deletion statement of a sentence."""

    period: Period
    start: int  # the period's span in the sentence
    end: int
    action: str  # "delete" or "keep"
    default: bool  # a fallback rule ("unless stated otherwise") that yields to other periods


_ONES = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
         "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
         "nineteen", "twenty"]
NUMBERS = {w: n for n, w in enumerate(_ONES, start=1)} | {
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100}
_WORD = "|".join(sorted(NUMBERS, key=len, reverse=True))
# A start or end event runs to the end of its clause: punctuation, or a word that opens a
# reason or condition ("... after collection as tax law requires").
_STOP = (r"unless|if|as|because|where|which|whichever|except|provided|pursuant|under|"
         r"according|in\s+accordance|in\s+order|to\s+comply|so\s+that|at\s+the\s+latest|then|"
         r"(?:and|or)\s+(?:then|we|you|they|it|thereafter)")
_PHRASE = rf"[^.;:,()•\n]+?(?=\s*(?:[.;:,()•\n]|$)|\s+(?:{_STOP})\b)"
DURATION = re.compile(rf"""
    (?P<lead>\b(?:for|after|within)\s+)?
    (?P<max>\b(?:up\s+to|at\s+(?:the\s+)?most|no\s+(?:longer|later|more)\s+than
        |(?:a\s+|the\s+)?maximum(?:\s+of)?)\s+)?
    (?P<over>\b(?:more|longer)\s+than\s+)?       # a maximum only when negated
    (?:\b(?:a|the)\s+period\s+of\s+)?
    \b(?P<amount>\d+|(?:{_WORD})(?:[\s-](?:{_WORD}))?|an?)(?:\s*\(\d+\))?\s+
    (?:(?:full|calendar|consecutive)\s+)?
    (?P<unit>day|week|month|year)s?\b
    (?!\s+(?:ago|old|older|younger|of\s+age))    # an age or a date, not a period
    (?:\s+(?:after|from|following|since|of|counted\s+from|starting\s+(?:from|with|on))
        \s+(?P<start>{_PHRASE}))?
    (?P<latest>,?\s+at\s+the\s+latest)?
    """, re.I | re.X)
EVENT = re.compile(rf"""\b(?P<kw>until|till|for\s+as\s+long\s+as|as\s+long\s+as|while
    |for\s+the\s+duration\s+of|at\s+the\s+end\s+of|after|when|once|as\s+soon\s+as|upon
    |following)\s+(?P<event>{_PHRASE})""", re.I | re.X)
VAGUE = re.compile(r"(?:no\s+longer\s+)?(?:strictly\s+|reasonably\s+|legally\s+)?"
                   r"(?:necessary|needed|required|appropriate|permitted)\b")
# "stored when you visit" says when data are collected, not how long they are kept: an
# event counts after a deletion verb, and after a keeping verb only with these words.
KEEP_EVENTS = ("until", "till", "as long as", "for as long as", "while", "for the duration of")
VERB = re.compile(
    r"\b(?:(?P<delete>delet(?:e|es|ed|ing|ion)|eras(?:e|es|ed|ing|ure)|remov(?:e|es|ed|ing)"
    r"|destroy(?:s|ed|ing)?|anonymi[sz](?:e|es|ed|ing|ation)|purg(?:e|es|ed|ing))"
    r"|(?P<keep>keep(?:s|ing)?|kept|retain(?:s|ed|ing)?|stor(?:e|es|ed|ing)|hold(?:s|ing)?"
    r"|held|sav(?:e|es|ed|ing)|archiv(?:e|es|ed|ing)))\b", re.I)
# "your request to delete your data" / "the right to have it erased": a right, not a rule
RIGHT = re.compile(r"\b(?:right|request|ask|asks|asked|want|wish)(?:\s+\w+){0,2}\s+(?:to|that)"
                   r"(?:\s+\w+){0,3}\s+$", re.I)
NEGATED = re.compile(r"(?:\b(?:not|never|cannot)|n't)(?:\s+(?:be|been|being|have))*\s+$"
                     r"|^\s*(?:no|nothing|none)\b", re.I)
CLAUSE = re.compile(r"[;:()•\n]|,|\s[-–—]\s")  # a list item is a clause too
# a clause of its own, never the tail of the one before ("..., and for 2 years we ...")
OWN_CLAUSE = re.compile(r"\s*(?:and|but|or|while|whereas|which|who|because|since|as|so|if|"
                        r"unless|when|where)\b", re.I)
DEFAULT = re.compile(
    r"\bunless\s+(?:(?:stated|specified|noted|indicated|mentioned)\s+otherwise|otherwise\s+"
    r"(?:stated|specified|noted|indicated|mentioned)|an?\s+(?:different|other|specific|shorter"
    r"|longer)\s+(?:retention\s+)?period)|\b(?:where|if)\s+no\s+other\s+(?:retention\s+)?"
    r"period|\bin\s+all\s+other\s+cases|^\W*otherwise\b|\bby\s+default|\bas\s+a\s+(?:general"
    r"\s+)?rule\b", re.I)

# articles, pronouns and auxiliaries: "until you close your account" = "account closed"
_FILLER = {"the", "a", "an", "your", "our", "their", "its", "his", "her", "my", "you", "we",
           "they", "it", "he", "she", "i", "us", "them", "is", "are", "was", "were", "be",
           "been", "being", "has", "have", "had", "do", "does", "did", "will", "would", "shall",
           "should", "can", "could", "may", "might", "must"}
_MINOR = {"of", "in", "to", "by", "for", "with", "on", "from", "at", "while"}
_SUFFIXES = ("ations", "ation", "ating", "ated", "ates", "ate", "ions", "ion", "ures", "ure",
             "ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "al", "e", "s", "y")
_ENDS = {"clos", "termin", "end", "expir", "cancel"}  # an account closed or terminated ends
# "as long as the account exists / is open" ends when the account ends
_STATES = {"exist", "open", "activ", "run", "last", "valid", "continu", "remain", "forc"}


def _normal(phrase: str) -> str:
    """An event's content words: "the date of collection" -> "collection"."""
    phrase = re.sub(r"n't\b", " not", re.sub(r"'s\b", "", phrase.lower()))
    words = [w for w in re.findall(r"[a-z0-9]+", phrase) if w not in _FILLER]
    while words[1:2] == ["of"] and words[0] in ("date", "time", "day", "moment"):
        words = words[2:]
    while words and words[-1] in _MINOR:
        words.pop()  # "the purposes for (which ...)"
    return " ".join(words)


def _stem(word: str) -> str:
    word = {"withdrawn": "withdraw"}.get(word, word)
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[:-len(suffix)]
            break
    return word[:-1] if len(word) > 3 and word[-1] == word[-2] else word  # cancell -> cancel


def _stems(phrase: str) -> frozenset[str]:
    words = phrase.split()
    stems = {_stem(w) for w in words if w not in _MINOR}
    if words[:1] == ["while"]:
        stems = (stems - _STATES) | {"end"} if stems & _STATES else stems | {"while"}
    return frozenset("end" if s in _ENDS else s for s in stems)


def _amount(words: str) -> int:
    if words.isdigit():
        return int(words)
    parts = re.split(r"[\s-]+", words.lower())
    if parts[0] in ("a", "an"):
        return 1
    first = NUMBERS[parts[0]]
    if len(parts) == 1:
        return first
    return first * 100 if parts[1] == "hundred" else first + NUMBERS[parts[1]]


def _duration(match: re.Match[str], text: str) -> Period:
    within = (match["lead"] or "").strip().lower() == "within"
    return Period(_amount(match["amount"]), match["unit"].lower(), _normal(match["start"] or ""),
                  "", bool(within or match["max"] or match["latest"]), text)


def _event(keyword: str, phrase: str, text: str) -> Period | None:
    if DURATION.fullmatch(phrase.strip()):
        return None  # "once a year" says how often, not until when
    words = _normal(phrase)
    if words in ("", "request", "while") or VAGUE.match(words):
        return None  # "upon request", "as long as necessary" name no end
    keyword = " ".join(keyword.lower().split())
    if keyword in ("as long as", "for as long as", "while"):
        words = f"while {words}"
    elif keyword in ("at the end of", "for the duration of"):
        words = f"end of {words}"
    return Period(None, None, "", words, False, text)


def parse(value: str) -> Period | None:
    """A declared period or a phrase as a value; None when it is not a period."""
    text = " ".join(value.split()).rstrip(".").strip()
    if match := DURATION.fullmatch(text):
        return None if match["over"] else _duration(match, text)
    if match := EVENT.fullmatch(text):
        return _event(match["kw"], match["event"], text)
    return None


def statements(sentence: str) -> list[Statement]:
    """Every retention or deletion statement in one sentence of running text."""
    found: list[tuple[int, int, Period | None, re.Match[str] | None, str]] = []
    for match in DURATION.finditer(sentence):
        found.append((*match.span(), _duration(match, match[0]), match, ""))
    for match in EVENT.finditer(sentence):
        if not any(s < match.end() and match.start() < e for s, e, *_ in found):
            period = _event(match["kw"], match["event"], match[0])
            found.append((*match.span(), period, None, " ".join(match["kw"].lower().split())))
    verbs = [(m.start(), m.end(), "delete" if m["delete"] else "keep")
             for m in VERB.finditer(sentence)
             if not any(s <= m.start() < e for s, e, *_ in found)
             and not RIGHT.search(sentence[:m.start()])]
    bounds = [0, *(m.end() for m in CLAUSE.finditer(sentence)), len(sentence) + 1]
    clauses = list(pairwise(bounds))
    default = bool(DEFAULT.search(sentence))
    result = []
    for start, end, period, duration, keyword in sorted(found, key=lambda f: f[0]):
        verb = _verb(sentence, verbs, clauses, start)
        if period is None or verb is None:
            continue
        action = verb[2]
        if keyword and action == "keep" and keyword not in KEEP_EVENTS:
            continue
        if duration and not (duration["lead"] or duration["max"] or duration["over"]
                             or duration["start"]) and sentence[verb[1]:start].strip():
            continue  # a bare "14 months" counts only right after the verb
        lo = max(s for s, _ in clauses if s <= verb[0])
        negated = bool(NEGATED.search(sentence[lo:verb[0]]))
        if duration and duration["over"]:
            if not negated:
                continue  # "kept for more than 2 years" sets no limit
            period = period._replace(maximum=True)  # "not kept for more than 2 years"
        elif negated:
            continue
        result.append(Statement(period, start, end, action, default))
    return result


def _verb(sentence: str, verbs: list[tuple[int, int, str]], clauses: list[tuple[int, int]],
          start: int) -> tuple[int, int, str] | None:
    """The verb a period belongs to: the nearest before it in its clause (else after it);
    the previous clause's for a list's tail ("We keep your name, email and phone for 2
    years"); the next clause's for a fronted period ("After 14 months, data are deleted")."""
    index = next(i for i, (lo, hi) in enumerate(clauses) if lo <= start < hi)
    lo, hi = clauses[index]

    def within(i: int) -> list[tuple[int, int, str]]:
        return [v for v in verbs if clauses[i][0] <= v[0] < clauses[i][1]]

    here = within(index)
    before = [v for v in here if v[0] < start]
    if before or here:
        return (before or here)[-1 if before else 0]
    if index > 0 and not OWN_CLAUSE.match(sentence[lo:hi]) and within(index - 1):
        return within(index - 1)[-1]
    if not sentence[lo:start].strip() and index + 1 < len(clauses) and within(index + 1):
        return within(index + 1)[0]
    return None


def _span(period: Period) -> tuple[bool, int, int, int]:
    """(month-based, amount in months or days, fewest days, most days)."""
    amount, unit = period.amount or 0, (period.unit or "").removesuffix("s")
    if unit in ("month", "year"):
        years, months = divmod(amount * (12 if unit == "year" else 1), 12)
        return True, years * 12 + months, 365 * years + 28 * months, 366 * years + 31 * months
    days = amount * (7 if unit == "week" else 1)
    return False, days, days, days


def compare(a: Period, b: Period) -> int | None:
    """-1, 0 or 1 as a is shorter than, as long as, or longer than b; None when the two
    cannot be compared (an event against a duration, different events or start events)."""
    if a.event or b.event:
        return 0 if a.event and b.event and _stems(a.event) == _stems(b.event) else None
    if a.amount is None or b.amount is None or a.unit is None or b.unit is None:
        return None
    if a.start and b.start and _stems(a.start) != _stems(b.start):
        return None
    (months_a, size_a, low_a, high_a), (months_b, size_b, low_b, high_b) = _span(a), _span(b)
    if months_a == months_b:
        return (size_a > size_b) - (size_a < size_b)
    # a month has 28 to 31 days, a year 365 or 366: equal when the day count fits
    return -1 if high_a < low_b else 1 if low_a > high_b else 0


def same(a: Period, b: Period) -> bool:
    """The same period in other words ("kept for 14 months" = "14 months after collection")."""
    return compare(a, b) == 0


def describe(period: Period) -> str:
    """A plain rendering for check messages: "14 months (after collection)"."""
    if period.event:
        return period.event if period.event.startswith("while ") else f"until {period.event}"
    unit = period.unit if period.amount == 1 else f"{period.unit}s"
    plain = f"{'up to ' if period.maximum else ''}{period.amount} {unit}"
    return f"{plain} (after {period.start})" if period.start else plain
