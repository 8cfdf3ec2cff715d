"""Who receives the data, and where they go: Art. 13(1)(e) recipients and 13(1)(f)
transfers to third countries.

A recipient's country is read from the text (its ``:country:``, or its own words: "Stripe,
Inc. (USA)", "based in India"), never guessed; a place the checks do not know is put to the
legal team. Only a recipient the text places nowhere is compared with a short list of
well-known services outside the EEA, and then as a question, not as a fact.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import catalogue, countries
from ..records import Activity, Recipient, recipient_places
from .checks import Finding
from .completeness import name, place
from .policy import Policy, sentences

# "service provider" alone would catch "Internet service provider" in a list of data items
THIRD_PARTY = re.compile(r"\bthird[- ]part(?:y|ies)\b|\b(?:our|external|third-party) "
                         r"(?:\w+ )?(?:service )?(?:providers?|partners?|vendors?)\b|"
                         r"\bshar(?:e|ed|ing)\b[^.]*\bwith\b|\bdisclos(?:e|ed|ing|ure)\b|"
                         r"\btransmit(?:ted)? to\b|\bprocessors?\b", re.I)
NEGATION = re.compile(r"\b(?:not|never|no one|nobody|neither|nor)\b|n't\b", re.I)
SAFEGUARD_TEXT = re.compile(
    r"\bstandard (?:contractual|data protection) clauses\b|\bSCCs?\b|\bbinding corporate "
    r"rules\b|\bBCRs?\b|\bArt(?:icle|\.)\s*4[5-9]\b|\badequacy decision\b|\bData Privacy "
    r"Framework\b|\bDPF\b|\bexplicit(?:ly)? consent(?:ed)? to the transfer\b", re.I)


def known_recipients(text: str) -> list[str]:
    """The services of :data:`catalogue.KNOWN_RECIPIENTS` a text names (whole words;
    one-letter names like 'X' only when they are the whole text)."""
    found = []
    lowered = text.lower()
    for service in sorted(catalogue.KNOWN_RECIPIENTS, key=len, reverse=True):
        if len(service) < 3:
            if lowered.strip() == service:
                found.append(service)
            continue
        if re.search(rf"\b{re.escape(service)}\b", lowered) and not any(
                service in f for f in found):
            found.append(service)
    return found


def disclosure(text: str) -> str:
    """What in a text says data go to someone else: a known service or a disclosure
    phrase, in a sentence that does not deny it ("we do not share your data")."""
    for sentence in sentences(text):
        if NEGATION.search(sentence):
            continue
        named = known_recipients(sentence)
        if named:
            return named[0]
        match = THIRD_PARTY.search(sentence)
        if match:
            return match.group(0)
    return ""


def check_recipients(policy: Policy) -> Iterator[Finding]:
    """An activity whose text names a third party or discloses data, with no recipient."""
    for activity in policy.activities:
        if activity.recipients:
            continue
        for block in policy.activity_blocks(activity):
            hit = disclosure(block.text)
            if hit:
                yield Finding(
                    "recipients",
                    f"{name(activity)}: the text mentions '{hit}' (line {block.line}), but "
                    "no recipient or category of recipients is declared",
                    "ask the legal team who receives these data; where the text names them, "
                    "declare each once with a {recipient} block and list its key in "
                    "':recipients:'",
                    place(activity), key=activity.key,
                    article=policy.article("Art. 13(1)(e)", activity))
                break


def safeguard_of(policy: Policy, recipient: Recipient) -> str:
    """The safeguard the policy states for transfers to a recipient: declared on it or on
    an activity using it, or written in its text or theirs."""
    if recipient.safeguard:
        return recipient.safeguard
    users = policy.activities_of(recipient)
    for activity in users:
        if activity.safeguard:
            return activity.safeguard
    texts = [recipient.text] + [b.text for a in users for b in policy.activity_blocks(a)]
    for text in texts:
        match = SAFEGUARD_TEXT.search(text)
        if match:
            return match.group(0)
    return ""


def check_transfers(policy: Policy) -> Iterator[Finding]:
    """A transfer outside the EEA (found from the recipient's country, or declared with
    ':transfers:') that names no adequacy decision nor safeguard."""
    for recipient in policy.recipients:
        yield from recipient_transfers(policy, recipient)
    yield from declared_transfers(policy)


def recipient_transfers(policy: Policy, recipient: Recipient) -> Iterator[Finding]:
    where = (recipient.docname, recipient.lineno)
    who = f"recipient {recipient.name!r}"
    found = recipient_places(recipient)
    if found and found[0].country is None:
        place = found[0]
        yield Finding(
            "transfers",
            f"the text places {who} in {place.place!r} ('{place.phrase}'), which the "
            "checks do not know as a country: whether this is a transfer outside the EEA "
            "cannot be told",
            "ask the legal team which country this is; where the text names it, declare "
            "it with ':country:' on the {recipient} block",
            where, key=recipient.key, severity="warning")
        return
    safeguard = safeguard_of(policy, recipient)
    for place in found:
        country = place.country
        assert country is not None
        if countries.in_eea_or_area(country) or safeguard:
            continue
        adequacy = countries.adequacy(country.code)
        if adequacy is not None and not adequacy.certified_only:
            continue  # named, and covered by an adequacy decision
        if adequacy is not None:  # the United States: only DPF-certified organisations
            yield Finding(
                "transfers",
                f"{who} is in {country.name} ('{place.phrase}'): the Commission's adequacy "
                f"decision ({adequacy.decision}) covers only organisations certified under "
                "the EU-US Data Privacy Framework, and the text states neither such a "
                "certification nor another safeguard",
                "ask the legal team whether the recipient is certified under the Data Privacy "
                "Framework or which safeguard the transfer relies on, and for wording that "
                "tells readers; then declare it with ':safeguard:'",
                where, key=recipient.key)
            return
        yield Finding(
            "transfers",
            f"{who} is in {country.name} ('{place.phrase}'), outside the EEA and without an "
            "adequacy decision, but the text names no safeguard (Art. 46, 47 or 49) for the "
            "transfer",
            "ask the legal team which safeguard the transfer relies on (e.g. standard "
            "contractual clauses) and how readers obtain a copy, and for wording that says "
            "so; then declare it with ':safeguard:'",
            where, key=recipient.key)
        return


def declared_transfers(policy: Policy) -> Iterator[Finding]:
    for activity in policy.activities:
        if not activity.transfers or activity.safeguard:
            continue
        unknown = [t for t in activity.transfers if countries.lookup(t) is None]
        needing = [t for t in activity.transfers if (c := countries.lookup(t)) is not None
                   and not countries.in_eea(c.code) and not (
                       (a := countries.adequacy(c.code)) and not a.certified_only)]
        if unknown:
            yield Finding(
                "transfers",
                f"{name(activity)} declares a transfer to {', '.join(map(repr, unknown))}, "
                "which the checks do not know as a country",
                "ask the legal team which country is meant; then declare it by its name or "
                "ISO code in ':transfers:'",
                place(activity), key=activity.key, severity="warning",
                article=policy.article("Art. 13(1)(f)", activity))
        if needing:
            yield Finding(
                "transfers",
                f"{name(activity)} transfers data to {', '.join(needing)} but does not say "
                "which adequacy decision (Art. 45) or safeguard (Art. 46, 47, 49) it relies on",
                "ask the legal team which safeguard the transfer relies on and how readers "
                "obtain a copy, and for wording that says so; then declare it with "
                "':safeguard:'",
                place(activity), key=activity.key,
                article=policy.article("Art. 13(1)(f)", activity))


def check_recipients_outside_eea(policy: Policy) -> Iterator[Finding]:
    """A recipient the text places nowhere, but which is a well-known service of a company
    outside the EEA: the notice may be silent about a transfer."""
    for recipient in policy.recipients:
        if any(m.country is not None for m in recipient_places(recipient)):
            continue  # the text says where it is: the transfers check reads that
        for service in known_recipients(recipient.name):
            company, code = catalogue.KNOWN_RECIPIENTS[service]
            if countries.in_eea(code):
                continue
            country = countries.lookup(code)
            shown = country.name if country else code
            yield Finding(
                "recipient-outside-eea",
                f"recipient {recipient.name!r} is a service of {company}, a company in "
                f"{shown}, but the text states no transfer outside the EEA, nor the "
                "adequacy decision or safeguard it relies on",
                f"ask the legal team whether data go to {shown} and on which adequacy decision "
                "or safeguard, and for wording that tells readers; then declare ':country:' "
                "and ':safeguard:' on the {recipient} block",
                (recipient.docname, recipient.lineno), key=recipient.key,
                article=article_for(policy, policy.activities_of(recipient)))
            break


def article_for(policy: Policy, users: list[Activity]) -> str:
    return policy.article("Art. 13(1)(f)", users[0] if users else None)


#: Purposes that imply a service provider, and the words that name one.
IMPLIED = {
    "payment": (re.compile(r"\bpayments?\b|\btransactions?\b|\bcheckout\b", re.I),
                "a payment provider"),
    "email": (re.compile(r"\bnewsletters?\b|\b(?:e-?mail|mailing)s? (?:delivery|campaigns?|"
                         r"marketing)\b|\bsend(?:ing)? (?:you )?(?:e-?mails?|newsletters?)\b",
                         re.I), "an email delivery service"),
    "hosting": (re.compile(r"\bhost(?:ed|ing)\b|\bcloud\b|\bdata cent(?:er|re)s?\b", re.I),
                "a hosting provider"),
    "analytics": (re.compile(r"\banalytics?\b|\banaly[sz](?:e|es|ing|is) (?:website |web )?"
                             r"(?:traffic|usage|visits)\b", re.I), "an analytics provider"),
    "support": (re.compile(r"\bhelp ?desk\b|\bsupport tickets?\b|\blive chat\b|\bchat "
                           r"messages?\b|\bticketing\b", re.I), "a support tool provider"),
}


def check_implied_recipients(policy: Policy) -> Iterator[Finding]:
    """A purpose that implies a third party, in a policy that declares no recipient for
    it: the legal team is asked who it is (the text may be silent on a processor)."""
    declared = " ".join(f"{r.name} {r.text}" for r in policy.recipients)
    for activity in policy.activities:
        if activity.recipients:
            continue
        purposes = " ".join([activity.name, *activity.purposes, *activity.interest.split(";")])
        for kind, (pattern, who) in IMPLIED.items():
            match = pattern.search(purposes)
            if match is None or pattern.search(declared):
                continue
            yield Finding(
                "implied-recipient",
                f"{name(activity)}: its purpose ('{match.group(0)}') usually involves {who}, "
                "but no recipient is declared for it anywhere in the policy",
                f"ask the legal team whether {who} receives these data; if so, the notice "
                "must name it or its category (their wording), declared with a {recipient} "
                "block",
                place(activity), key=f"{activity.key}:{kind}",
                article=policy.article("Art. 13(1)(e)", activity))
            break


CHECKS = [check_recipients, check_transfers, check_recipients_outside_eea,
          check_implied_recipients]
