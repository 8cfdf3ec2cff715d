"""Where an activity's data come from, read from its words when no source is declared: a
referral, a partner, a public register, another user (Art. 14). The checks then hold the
activity to Art. 14, as if ``:source: elsewhere`` were declared; policy.json keeps what
was declared."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..records import Activity
from .text import Block

#: Who, other than the reader, data may come from.
_SOURCE = (r"(?:doctors?|GPs?|physicians?|general practitioners?|specialists?|hospitals?|"
           r"clinics?|laborator(?:y|ies)|pharmac(?:y|ies)|employers?|insurers?|insurance "
           r"compan(?:y|ies)|health insurers?|partners?|third[- ]part(?:y|ies)|agenc(?:y|ies)|"
           r"brokers?|data brokers?|providers?|registers?|registr(?:y|ies)|authorit(?:y|ies)|"
           r"banks?|schools?|universit(?:y|ies)|social (?:media|networks?)|platforms?|"
           r"referrers?|colleagues?|parents?|guardians?|recruit\w*|sources?|"
           r"(?:other|another) (?:users?|members?|customers?)|public sources?|"
           r"credit (?:reference |rating )?agenc(?:y|ies)|facebook|google|linkedin|apple)")
FROM_OTHERS = re.compile(
    rf"\b(?:receiv(?:e|es|ed|ing)|obtain(?:s|ed|ing)?|get|gets|got|collect(?:s|ed|ing)?|"
    rf"buy|buys|bought|purchas(?:e|es|ed)|acquir(?:e|es|ed)|licen[cs](?:e|es|ed)|"
    rf"tak(?:e|es|en)|took)\b[^.;]{{0,80}}?\bfrom\s+(?:your |a |an |the |our |other |"
    rf"another |external |trusted |selected |public |third-party )*(?:[\w-]+ ){{0,2}}?"
    rf"{_SOURCE}\b", re.I)
REFERRAL = re.compile(
    r"\breferr(?:al|als)\b|\breferred (?:to us )?by\b|\b(?:your|a|the|another) (?:doctor|GP|"
    r"physician|general practitioner|specialist|hospital|employer|insurer|partner|school|"
    r"bank|landlord|agency|recruiter|colleague|friend)s? (?:may |will |can |might )?(?:send|"
    r"give|provide|pass|share|forward|tell|refer|introduce)s?\b", re.I)
REGISTER = re.compile(r"\bpublic(?:ly (?:available|accessible))? (?:registers?|records?|"
                      r"sources?)\b|\b(?:commercial|trade|company|land) registers?\b|"
                      r"\bcredit (?:reference |rating )?agenc(?:y|ies)\b", re.I)
OTHER_USER = re.compile(r"\b(?:another|other) (?:users?|members?|customers?|participants?)\b"
                        r"[^.;]{0,40}?\b(?:invit|shar|tag|upload|refer|add|enter|nam)\w*", re.I)
PROVIDED_BY = re.compile(r"\b(?:provided|supplied|sent|given|passed on|shared|forwarded|"
                         r"disclosed) (?:to us )?by (?!you\b)(?:the |your |a |an |our )?\w+", re.I)
NEGATION = re.compile(r"\b(?:not|never|no|none|nor)\b|n't\b", re.I)
PATTERNS = (REFERRAL, FROM_OTHERS, REGISTER, OTHER_USER, PROVIDED_BY)


def third_party_source(blocks: list[Block], sentences: Callable[[str], list[str]]) -> str:
    """The phrase of an activity's text that says its data come from someone else ("" if
    none): a sentence that denies it ("we never buy data from brokers") says nothing."""
    for block in blocks:
        for sentence in sentences(block.text):
            if NEGATION.search(sentence):
                continue
            for pattern in PATTERNS:
                match = pattern.search(sentence)
                if match:
                    return match.group(0)
    return ""


def recognised(activity: Activity, blocks: list[Block],
               sentences: Callable[[str], list[str]]) -> Activity:
    """The activity as the checks read it: an undeclared source read from its words."""
    if activity.source:
        return activity
    phrase = third_party_source(blocks, sentences)
    if not phrase:
        return activity
    return activity._replace(source="elsewhere", origin=phrase)
