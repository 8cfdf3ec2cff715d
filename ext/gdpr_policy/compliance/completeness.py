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
                      r"\boptional\b|\bvoluntar(?:y|ily)\b|\bfree to\b|\b(?:do not|don't|"
                      r"need not|needn't) (?:have to|need to)\b|\bnot (?:obliged|obligated)\b",
                      re.I)
REQUIREMENT = re.compile(
    r"\b(?:is|are|be)\s+(?:not\s+|entirely\s+|completely\s+)?(?:required|mandatory|"
    r"obligatory|compulsory|optional|voluntary)\b|\bvoluntar(?:y|ily)\b|\boptional\b|"
    r"\b(?:not\s+)?(?:obliged|required|obligated) to (?:provide|give|share)\b|"
    r"\b(?:do not|don't|need not|needn't) (?:have to|need to) (?:provide|give)\b|"
    r"\bwe (?:require|need)\b|\byou (?:must|need to|have to) (?:provide|give)\b|"
    r"\b(?:statutory|contractual) (?:requirement|obligation)\b", re.I)
NONE_TEXT = re.compile(r"\b(?:no|not|never|neither|nor|none)\b|n't\b", re.I)
#: What happens when the data are not given, in a sentence that speaks of giving them.
NOT_PROVIDED = re.compile(
    r"\bif you (?:do not|don't|choose not to|decline to|refuse to) (?:provide|give|share)\b",
    re.I)
CONSEQUENCE = re.compile(
    r"\bwithout (?:it|them|this|these|that|those|such|your|the)\b.*?\b(?:cannot|can't|"
    r"can not|unable|not be able|will not|won't|could not|would not)\b|"
    rf"{NOT_PROVIDED.pattern}|"
    r"\botherwise\b.*?\b(?:cannot|can't|unable|not be able)\b|"
    r"\bno (?:consequences?|disadvantages?)\b", re.I)
#: The controller's own duty under the law (Art. 6(1)(c)), not the reader's to give data
#: (Art. 13(2)(e)): "we are required by law to keep", "we are obliged to retain … by law",
#: "the law requires us to keep", "statutory retention obligations", "our legal
#: obligations", "we need to keep".
_KEEP = (r"(?:keep|retain|store|archive|preserve|hold|save|maintain|log|record|document|"
         r"do so)")
_KEPT = r"(?:kept|retained|stored|archived|preserved|held|saved|maintained|logged|recorded)"
_LAW = (r"(?:\w+[\s-]+){0,3}?(?:law|laws|legislation|regulations?|statutes?|rules|"
        r"provisions|code|act|requirements?|obligations?)\b")
_BY_LAW = rf"(?:,?\s+(?:by|under|in accordance with|pursuant to|according to)\s+{_LAW},?)"
_RETENTION = r"(?:retention|storage|record[- ]keeping|archiving|bookkeeping|documentation)"
OWN_DUTY = re.compile(
    # we are (legally) required / obliged (by law) to keep
    r"\b(?:we|us)\s+(?:are|were|will be|would be|may be|might be|can be|could be|remain|"
    r"become)\s+(?:(?:also|not|legally|statutorily|often|sometimes|therefore|thus)\s+)*"
    rf"(?:required|obliged|obligated|bound|compelled|mandated)\b{_BY_LAW}?\s+to\s+"
    rf"(?:\w+\s+)?{_KEEP}\b|"
    # invoices are required (by law) to be kept; retention is mandatory (under tax law)
    rf"\b(?:is|are|be)\s+(?:legally\s+|also\s+)?(?:required|obliged|obligated)\b{_BY_LAW}?"
    rf"\s+to\s+be\s+{_KEPT}\b|"
    rf"\b{_RETENTION}\b[^;]{{0,40}}?\b(?:is|are|be)\s+(?:legally\s+|also\s+)?(?:required|"
    r"mandatory|obligatory|compulsory)\b|"
    # the (tax) law requires us / obliges us (to keep)
    r"\b(?:law|laws|legislation|regulations?|statutes?|rules|provisions|code|act|"
    r"requirements?|obligations?)\s+(?:requires?|required|obliges?|obliged|obligates?|"
    rf"compels?|forces?|mandates?)\s+us\b(?:\s+to\s+(?:\w+\s+)?{_KEEP}\b)?|"
    # statutory retention obligations; a legal obligation to keep; our legal obligations
    rf"\b(?:(?:statutory|legal|tax|commercial|fiscal|accounting|regulatory)\s+)?{_RETENTION}"
    r"\s+(?:obligations?|requirements?|periods?|dut(?:y|ies)|rules)\b|"
    r"\b(?:statutory|legal|regulatory)\s+(?:obligations?|requirements?|dut(?:y|ies))\s+"
    rf"(?:to|of)\s+(?:\w+\s+)?(?:{_KEEP}|{_RETENTION})\b|"
    r"\b(?:our|its)\s+(?:own\s+)?(?:statutory|legal|contractual|regulatory)\s+"
    r"(?:obligations?|requirements?|dut(?:y|ies))\b|"
    # we must / need to keep
    rf"\bwe\s+(?:must|need to|have to|are to)\s+(?:also\s+)?{_KEEP}\b", re.I)


def outside_duty(pattern: re.Pattern[str], sentence: str) -> bool:
    """``pattern`` is found in the sentence other than in words of the controller's own
    legal duty ("we are required by law to keep" says nothing of what readers give)."""
    duties = [m.span() for m in OWN_DUTY.finditer(sentence)]
    return any(not any(start <= m.start() and m.end() <= end for start, end in duties)
               for m in pattern.finditer(sentence))


def states_requirement(sentence: str) -> bool:
    """Whether a sentence says if giving the data is required or optional."""
    return outside_duty(REQUIREMENT, sentence)


def states_consequences(sentence: str) -> bool:
    """Whether a sentence says what happens when the data are not given: in a sentence on
    the controller's own duty ("we must keep invoices; otherwise we cannot …") only words
    on not giving them count."""
    if OWN_DUTY.search(sentence):
        return bool(NOT_PROVIDED.search(sentence))
    return bool(CONSEQUENCE.search(sentence))
ADM_TEXT = re.compile(r"\bautomated (?:individual )?decision|\bprofiling\b|\bprofile you\b|"
                      r"\bdecisions?\b[^.]*\b(?:by|with) (?:software|a computer|computers|an "
                      r"algorithm|algorithms|a machine|machines)(?: alone| only)?\b|"
                      r"\bdecisions?\b[^.]*\b(?:solely on automated|by automated means|"
                      r"automatically)\b|\bautomated\b[^.]*\bdecisions?\b|"
                      r"\b(?:made|taken) automatically\b", re.I)
SOURCE_TEXT = re.compile(r"\b(?:obtain(?:ed|s)?|receiv(?:e|ed|es)|collect(?:ed|s)?|"
                         r"get|got|bought|buy|purchas(?:e|ed|es)|acquir(?:e|ed|es)|"
                         r"licen[cs](?:e|ed|es)|take|takes|took|taken|comes?|came)\b"
                         r"[^.]*\bfrom\b|\bpublic (?:register|records?|sources?)\b|"
                         r"\bprovided (?:to us )?by\b|\boriginat(?:e|es|ed)\b|"
                         r"\bpublicly (?:accessible|available)\b", re.I)
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
            "ask the legal team for the controller's name and contact details as the notice "
            "should give them; then declare them once, on the words that state them "
            "({declare-controller}, {declare-address}, {declare-email}) or with a "
            "{controller} block",
            policy.start, key="controller")
        return
    if not controller.name:
        yield Finding(
            "controller-identity",
            "the controller's contact details are given, but not its name",
            "ask the legal team for the controller's name as the notice should give it; then "
            "declare it on those words ({declare-controller})",
            (controller.docname, controller.lineno), key="controller")
    # Art. 13(1)(a) asks for contact details: any one way to reach the controller will do.
    if not (controller.address or controller.email or controller.phone or controller.web):
        yield Finding(
            "controller-identity",
            f"the controller {controller.name!r} is named without any contact details (a "
            "postal address, an email address, a phone number or a contact form)",
            "ask the legal team how readers reach the controller; then declare it on the "
            "{controller} block (address lines as its text, ':email:', ':phone:' or ':web:')",
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
        "ask the legal team for the DPO's contact details (they must come from the client); "
        "then declare them once as ':dpo:' on the {controller} block",
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
        if not activity.purposes:
            yield Finding(
                "purposes-and-basis",
                f"{name(activity)} states no purpose: readers are not told why these data "
                "are processed",
                "ask the legal team for wording that states the purpose; then declare it on "
                "those words ({declare-purpose}) or with ':purpose:'",
                place(activity), key=f"{activity.key}:purpose",
                article=policy.article("Art. 13(1)(c)", activity))
        if activity.basis:
            continue
        stated = stated_bases(policy, activity)
        if stated:
            sentence, line, named = stated[0]
            hint = (f"the text at line {line} already says {sentence!r}: if the legal team "
                    f"confirms this is the basis, declare it on those words ({{declare-basis}}, "
                    f"key '{named[0]}') or with ':basis: {named[0]}'")
        else:
            hint = ("the policy's text states no legal basis for this purpose: ask the legal "
                    "team for wording that states it; then declare it on those words "
                    f"({{declare-basis}}) or with ':basis:' ({BASIS_KEYS})")
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
                "ask the legal team for wording that names the interest pursued; then "
                "declare it with ':interest:'",
                place(activity), key=activity.key,
                article=policy.article("Art. 13(1)(d)", activity))


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
        hint = ("ask the legal team for wording that says how long these data are kept (a "
                "period, or the criteria that set it); then declare it with a {retention} "
                "entry")
        if double:
            entry = policy.index.retention[double]
            hint = (f"its items are exactly those of {policy.category_name(double)}, kept "
                    f"{entry.phrase}: ask the legal team whether they are the same data (then "
                    "one category is declared) or how long these are kept; then declare it "
                    "with a {retention} entry")
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
            "ask the legal team for wording that tells readers of these rights; then declare "
            "each on its words ({declare-right}) or in the {rights} list as a {right} ("
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
            "ask the legal team for wording that tells readers they can withdraw consent at "
            "any time; then declare it on those words ({declare-right}, key 'withdraw-consent') "
            "or as '{right} withdraw-consent' in the {rights} list",
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
        "ask the legal team for wording that grants the right, naming the supervisory "
        "authority" + named + "; then declare it on those words ({declare-right}, key "
        "'complaint') or as '{right} complaint' in the {rights} list",
        policy.rights_place(), key="complaint")


def stated_requirement(policy: Policy, activity: Activity) -> tuple[str, str]:
    """(requirement, consequences) as declared, else as stated in the activity's text or
    in the text around it in its section: an editor who splits one paragraph into two
    activities may leave the sentence on what must be given around both. (Another
    activity's own text speaks of its own data, so it is not read here.)"""
    required, consequences = activity.required, activity.consequences
    for block in policy.passage(activity):
        if block.activity and block.activity != activity.anchor:
            continue
        for sentence in sentences(block.text):
            if not required and states_requirement(sentence):
                required = sentence
            if not consequences and states_consequences(sentence):
                consequences = sentence
    return required, consequences


def check_requirement(policy: Policy) -> Iterator[Finding]:
    for activity in policy.activities:
        if activity.source == "elsewhere":
            continue  # Art. 14 asks nothing of the kind
        required, consequences = stated_requirement(policy, activity)
        if not required:
            yield Finding(
                "requirement",
                f"{name(activity)} does not say whether providing the data is a statutory "
                "or contractual requirement, or optional",
                "ask the legal team for wording that says whether the data are required or "
                "optional (and, if required, what happens when they are not given); then "
                "declare it with ':required:' and ':consequences:'",
                place(activity), key=activity.key)
        elif not OPTIONAL.search(required) and not consequences:
            yield Finding(
                "requirement",
                f"{name(activity)} says the data are required ({required!r}) but "
                "not what happens if they are not provided",
                "ask the legal team for wording that says what happens when the data are not "
                "given; then declare it with ':consequences:'",
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
                "ask the legal team for wording that describes what is missing; then declare "
                "it with the named options",
                place(activity), key=activity.key,
                article=policy.article("Art. 13(2)(f)", activity))
    if declared:
        return
    for docname, block in policy.blocks():
        if block.within == "definition":
            continue  # the glossary defines profiling; it says nothing of what is done
        said = sentences(block.text)
        for i, sentence in enumerate(said):
            match = ADM_TEXT.search(sentence)
            if match is None:
                continue
            answer = said[i + 1] if i + 1 < len(said) else ""
            if NONE_TEXT.search(sentence) or re.fullmatch(r"No\b.{0,20}", answer, re.I):
                return  # "We make no automated decisions", "Do we …? No.": readers are told
            yield Finding(
                "automated-decisions",
                f"the text speaks of '{match.group(0)}' but no processing activity declares "
                "':automated-decisions:', so its logic, significance and consequences are "
                "not checked",
                "ask the legal team which processing activity makes these decisions and "
                "whether the text describes them; then declare them there with "
                "':automated-decisions:'",
                (docname, block.line), key="automated-decisions")
            return
    if policy.activities:
        yield Finding(
            "automated-decisions-none",
            "the policy never mentions automated decision-making or profiling, so readers "
            "cannot tell whether any takes place",
            "ask the legal team whether any automated decision-making or profiling takes "
            "place; if none does, good practice (WP260 rev.01) is wording that says so",
            policy.rights_place(), key="automated-decisions-none")


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
                "ask the legal team which categories of data are obtained; then declare them "
                "with ':categories:' (each a {data-category})",
                place(activity), key=activity.key)
        if not activity.origin and not any(SOURCE_TEXT.search(b.text)
                                           for b in policy.activity_blocks(activity)):
            yield Finding(
                "data-source",
                f"{name(activity)} uses data obtained from another source but its text "
                "does not say where they come from",
                "ask the legal team for wording that names the source (and whether it is "
                "publicly accessible)",
                place(activity), key=activity.key)


CHECKS = [check_controller, check_dpo, check_purposes_and_basis, check_legitimate_interests,
          check_retention, check_rights, check_withdraw_consent, check_complaint,
          check_requirement, check_automated_decisions, check_source]
