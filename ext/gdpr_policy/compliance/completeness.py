"""Completeness: does the policy give every item Art. 13 (and, for data obtained
elsewhere, Art. 14) requires?

Absence is read from the declarations: a field the legal team left undeclared because the
client's text does not state it is exactly what these checks report.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import catalogue
from ..records import Activity
from .checks import Finding
from .phrases import DPO, is_dpo, role_has_contact, role_mentions
from .policy import Policy, bases_named, sentences

BASIS_KEYS = ", ".join(catalogue.BASES)
OPTIONAL = re.compile(r"\b(?:not|no longer) (?:required|mandatory|obligatory|necessary)\b|"
                      r"\boptional\b|\bvoluntar(?:y|ily)\b|\bfree to\b", re.I)
ADM_TEXT = re.compile(r"\bautomated decision|\bprofiling\b|\bautomated individual decision",
                      re.I)
SOURCE_TEXT = re.compile(r"\b(?:obtain(?:ed|s)?|receiv(?:e|ed|es)|collect(?:ed|s)?|"
                         r"get|got)\b[^.]*\bfrom\b|\bprovided (?:to us )?by\b|"
                         r"\boriginat(?:e|es|ed)\b|\bpublicly (?:accessible|available)\b",
                         re.I)
# "service provider" alone would catch "Internet service provider" in a list of data items
THIRD_PARTY = re.compile(r"\bthird[- ]part(?:y|ies)\b|\b(?:our|external|third-party) "
                         r"(?:\w+ )?(?:service )?(?:providers?|partners?|vendors?)\b|"
                         r"\bshar(?:e|ed|ing)\b[^.]*\bwith\b|\bdisclos(?:e|ed|ing|ure)\b|"
                         r"\btransmit(?:ted)? to\b|\bprocessors?\b", re.I)
CORE_RIGHTS = ("access", "rectification", "erasure", "restriction")


def place(activity: Activity) -> tuple[str, int]:
    return (activity.docname, activity.lineno)


def name(activity: Activity) -> str:
    return f"processing activity '{activity.key}' ({activity.name})" \
        if activity.name != activity.key else f"processing activity '{activity.key}'"


def check_controller(policy: Policy) -> Iterator[Finding]:
    controller = policy.index.controller
    if controller is None:
        yield Finding(
            "controller-identity",
            "the policy does not say who the controller is: no {controller} block is "
            "declared",
            "declare the controller's name and postal address once, with a {controller} "
            "block (e.g. in the 'Controller Information' section), with its email address",
            policy.start, key="controller")
        return
    missing = [what for what, value in (("a postal address", controller.address),
                                        ("an email address or phone number",
                                         controller.email or controller.phone)) if not value]
    if missing:
        yield Finding(
            "controller-identity",
            f"the controller {controller.name!r} is named without {' or '.join(missing)}",
            "add the controller's contact details to the {controller} block as the client "
            "supplies them (address lines as content, ':email:' or ':phone:')",
            (controller.docname, controller.lineno), key="controller")


def check_dpo(policy: Policy) -> Iterator[Finding]:
    """Required where a DPO is appointed; the text naming one as a contact says one is."""
    mentions = [m for role, found in role_mentions(policy).items() if is_dpo(role)
                for m in found]
    if not mentions or any(role_has_contact(policy, name) for name in DPO):
        return
    first, *others = mentions
    also = f"; also at {policy.places([(m.docname, m.line) for m in others])}" \
        if others else ""
    yield Finding(
        "dpo-contact",
        f"the text tells readers to contact the data protection officer ({len(mentions)} "
        f"place{'s' if len(mentions) > 1 else ''}{also}), so one is appointed, but the "
        "policy gives no contact details for them",
        "add the DPO's contact details as the client supplies them, declared once as "
        "':dpo:' on the {controller} block",
        (first.docname, first.line), key="data protection officer",
        related=[(m.docname, m.line) for m in others])


def stated_bases(policy: Policy, activity: Activity) -> list[tuple[str, int, list[str]]]:
    """(sentence, line, bases) for each sentence of the activity's text naming a basis."""
    found = []
    for block in policy.activity_blocks(activity):
        for sentence in sentences(block.text):
            named = bases_named(sentence)
            if named:
                found.append((sentence, block.line, named))
    return found


def check_purposes_and_basis(policy: Policy) -> Iterator[Finding]:
    for activity in policy.activities:
        if activity.basis:
            continue
        stated = stated_bases(policy, activity)
        if stated:
            sentence, line, named = stated[0]
            hint = (f"the text at line {line} says {sentence!r}: declare it with "
                    f"':basis: {named[0]}'")
        else:
            hint = ("the policy's text states no legal basis for this purpose: the legal "
                    f"team must supply one, then declare it with ':basis:' ({BASIS_KEYS})")
        yield Finding(
            "purposes-and-basis",
            f"{name(activity)} has no legal basis: readers are not told on which ground of "
            "Art. 6(1) its data are processed",
            hint, place(activity), key=activity.key,
            article=policy.article("Art. 13(1)(c)", activity))


def check_legitimate_interests(policy: Policy) -> Iterator[Finding]:
    for activity in policy.activities:
        if activity.basis == "legitimate-interests" and not activity.interest:
            yield Finding(
                "legitimate-interests",
                f"{name(activity)} relies on legitimate interests but does not say which "
                "interests are pursued",
                "state the interest in the text and declare it with ':interest:'",
                place(activity), key=activity.key,
                article=policy.article("Art. 13(1)(d)", activity))


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


NEGATION = re.compile(r"\b(?:not|never|no one|nobody|neither|nor)\b|n't\b", re.I)


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
                    "declare who receives the data with ':recipients:' (as the text names "
                    "them), or confirm with the legal team that nobody does",
                    place(activity), key=activity.key,
                    article=policy.article("Art. 13(1)(e)", activity))
                break


def check_transfers(policy: Policy) -> Iterator[Finding]:
    for activity in policy.activities:
        if activity.transfers and not activity.safeguard:
            countries = ", ".join(activity.transfers)
            yield Finding(
                "transfers",
                f"{name(activity)} transfers data to {countries} but does not say which "
                "adequacy decision (Art. 45) or safeguard (Art. 46, 47, 49) it relies on",
                "declare the safeguard the client relies on with ':safeguard:', and how "
                "readers can obtain a copy of it",
                place(activity), key=activity.key,
                article=policy.article("Art. 13(1)(f)", activity))


def same_items(policy: Policy, key: str) -> str:
    """A category with a retention entry and the same items as ``key`` (a likely double)."""
    category = policy.category(key)
    if category is None or not category.items:
        return ""
    items = policy.items(key)
    for other in policy.index.categories.values():
        if other.key != key and other.key in policy.index.retention and \
                policy.items(other.key) == items:
            return other.key
    return ""


def check_retention(policy: Policy) -> Iterator[Finding]:
    """Every data category the policy declares or processes has a retention entry."""
    processed: dict[str, list[Activity]] = {}
    for activity in policy.activities:
        for key in activity.categories:
            processed.setdefault(key, []).append(activity)
    keys = [c.key for c in policy.in_order(policy.index.categories.values())]
    keys += [k for k in processed if k not in keys]
    for key in keys:
        if key in policy.index.retention:
            continue
        category = policy.category(key)
        users = processed.get(key, [])
        if category is not None:
            where = (category.docname, category.lineno)
        elif users:
            where = place(users[0])
        else:
            continue
        by = f" (processed by {', '.join(repr(a.key) for a in users)})" if users else ""
        double = same_items(policy, key)
        hint = ("ask the legal team how long these data are kept (a period, or the "
                "criteria that set it), then declare it with a {retention} entry")
        if double:
            entry = policy.index.retention[double]
            hint = (f"its items are exactly those of {policy.category_name(double)}, kept "
                    f"{entry.phrase}: if they are the same data, declare one category; "
                    "otherwise " + hint)
        first = users[0] if users else None
        yield Finding(
            "retention",
            f"data category {policy.category_name(key)}{by} has no retention period: the "
            "policy does not say how long it is kept",
            hint, where, key=key, article=policy.article("Art. 13(2)(a)", first))


def check_rights(policy: Policy) -> Iterator[Finding]:
    missing = [k for k in CORE_RIGHTS if k not in policy.index.rights]
    if missing:
        names = "; ".join(f"{catalogue.RIGHTS[k].name} ({catalogue.RIGHTS[k].article})"
                          for k in missing)
        yield Finding(
            "rights",
            f"the policy does not tell readers of their {names}",
            "add each right to the {rights} list as a {right} with its catalogue key ("
            + ", ".join(missing) + ")",
            policy.rights_place(), key=",".join(missing))


WITHDRAW_TEXT = re.compile(r"\bwithdraw(?:al of|ing)? (?:your |their |the )?consent\b", re.I)
COMPLAINT_TEXT = re.compile(r"\bcomplain(?:t|ts)?\b[^.]*\b(?:supervisory|data protection) "
                            r"authorit|\bAutoriteit Persoonsgegevens\b", re.I)


def told(policy: Policy, pattern: re.Pattern[str]) -> bool:
    """The text tells readers, declared as a {right} or not (the reader is informed)."""
    return any(pattern.search(b.text) for _, b in policy.blocks())


def check_withdraw_consent(policy: Policy) -> Iterator[Finding]:
    consent = policy.bases_used().get("consent", [])
    if consent and "withdraw-consent" not in policy.index.rights and \
            not told(policy, WITHDRAW_TEXT):
        yield Finding(
            "withdraw-consent",
            f"consent is the legal basis of {', '.join(repr(a.key) for a in consent)}, but "
            "the policy does not say that consent can be withdrawn at any time (Art. 7(3))",
            "add '{right} withdraw-consent' to the {rights} list",
            policy.rights_place(), key="withdraw-consent")


def check_complaint(policy: Policy) -> Iterator[Finding]:
    if "complaint" in policy.index.rights or told(policy, COMPLAINT_TEXT):
        return
    controller = policy.index.controller
    authority = controller.authority if controller else ""
    if not authority and controller and any("netherlands" in line.lower()
                                            for line in controller.address):
        authority = ("the Autoriteit Persoonsgegevens, the lead authority of a controller "
                     "established in the Netherlands")
    named = f" (e.g. {authority})" if authority else ""
    yield Finding(
        "complaint",
        "the policy does not tell readers of their right to lodge a complaint with a "
        "supervisory authority (Art. 77)",
        "the legal team adds the right, naming the supervisory authority" + named
        + ", as '{right} complaint' in the {rights} list",
        policy.rights_place(), key="complaint")


def check_requirement(policy: Policy) -> Iterator[Finding]:
    for activity in policy.activities:
        if activity.source == "elsewhere":
            continue  # Art. 14 asks nothing of the kind
        if not activity.required:
            yield Finding(
                "requirement",
                f"{name(activity)} does not say whether providing the data is a statutory "
                "or contractual requirement, or optional",
                "state it in the text and declare it with ':required:' (and, when the "
                "data are required, ':consequences:' of not providing them)",
                place(activity), key=activity.key)
        elif not OPTIONAL.search(activity.required) and not activity.consequences:
            yield Finding(
                "requirement",
                f"{name(activity)} says the data are required ({activity.required!r}) but "
                "not what happens if they are not provided",
                "state the consequences in the text and declare them with ':consequences:'",
                place(activity), key=activity.key, severity="error")


def check_automated_decisions(policy: Policy) -> Iterator[Finding]:
    declared = False
    for activity in policy.activities:
        if not activity.automated:
            continue
        declared = True
        missing = [what for what, value in (
            ("the logic involved (':logic:')", activity.logic),
            ("their significance (':significance:')", activity.significance),
            ("the envisaged consequences (':envisaged:')", activity.envisaged)) if not value]
        if missing:
            yield Finding(
                "automated-decisions",
                f"{name(activity)} makes automated decisions "
                f"({'; '.join(activity.automated)}) without meaningful information about "
                + " and ".join(missing),
                "the legal team describes what is missing; declare it with the named "
                "options",
                place(activity), key=activity.key,
                article=policy.article("Art. 13(2)(f)", activity))
    if declared:
        return
    for docname, block in policy.blocks():
        match = ADM_TEXT.search(block.text)
        if match:
            yield Finding(
                "automated-decisions",
                f"the text speaks of '{match.group(0)}' but no processing activity declares "
                "':automated-decisions:', so its logic, significance and consequences are "
                "not checked",
                "declare the decisions on the processing activity that makes them",
                (docname, block.line), key="automated-decisions")
            return


def check_source(policy: Policy) -> Iterator[Finding]:
    """Art. 14: for data not obtained from the data subject, their categories and source."""
    for activity in policy.activities:
        if activity.source != "elsewhere":
            continue
        if not activity.categories:
            yield Finding(
                "source-categories",
                f"{name(activity)} uses data obtained from another source but does not say "
                "which categories of personal data",
                "declare them with ':categories:' (each a {data-category})",
                place(activity), key=activity.key)
        if not any(SOURCE_TEXT.search(b.text) for b in policy.activity_blocks(activity)):
            yield Finding(
                "data-source",
                f"{name(activity)} uses data obtained from another source but its text "
                "does not say where they come from",
                "the legal team names the source (and whether it is publicly accessible) "
                "in the activity's text",
                place(activity), key=activity.key)


CHECKS = [check_controller, check_dpo, check_purposes_and_basis, check_legitimate_interests,
          check_recipients, check_transfers, check_retention, check_rights,
          check_withdraw_consent, check_complaint, check_requirement,
          check_automated_decisions, check_source]
