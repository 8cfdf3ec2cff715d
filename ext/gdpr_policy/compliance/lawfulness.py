"""Beyond the Art. 13 list: what a privacy counsel checks next. Whether the basis fits the
purpose, cookies that need consent under the ePrivacy rules, joint control with a platform,
and the right to object to direct marketing.

Each check reads the purposes and the text the editor declared; each finding is a
question for the legal team, never a fact the checks supply.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..records import Activity
from .checks import Finding
from .completeness import name, place
from .policy import Policy, sentences

# -- cookies and similar technologies (ePrivacy Directive Art. 5(3)) ---------------------

#: Storing information on the reader's device or reading it there: a cookie, or any
#: other technology that does (an app's SDK, an identifier of the device, local storage).
_DEVICE = (r"(?:(?:your|the|a|their|users'|the user's|the reader's|a user's|each|this)\s+)?"
           r"(?:(?:mobile|own)\s+)?(?:devices?|terminal equipment|smartphones?|phones?|"
           r"tablets?|computers?|browsers?)\b")
_INFORMATION = r"(?:information|data|files?|identifiers?|text files?|details)"
COOKIE = re.compile(
    r"\bcookies?\b|\btracking pixels?\b|\bweb beacons?\b|\bpixel tags?\b|"
    r"\b(?:local|session|browser|web) storage\b|\bsimilar technolog(?:y|ies)\b|"
    r"\bfingerprinting\b|\bsoftware development kits?\b|\bSDKs?\b|"
    r"\b(?:device|mobile|advertising|advertiser|ad|install(?:ation)?)\s+(?:identifiers?|"
    r"IDs?)\b|\b(?:IDFAs?|IDFVs?|AAIDs?|GAIDs?)\b|"
    # information stored on your device; we store a small file on your device
    rf"\b{_INFORMATION}\s+(?:(?:is|are|that is|that are|which is|which are)\s+)?(?:stored|"
    rf"saved|placed|kept|written|read)\s+(?:on|in|from)\s+{_DEVICE}|"
    r"\b(?:stor(?:e|es|ed|ing)|sav(?:e|es|ed|ing)|plac(?:e|es|ed|ing)|writ(?:e|es|ing))\b"
    rf"[^;]{{0,40}}?\b(?:on|in)\s+{_DEVICE}|"
    # we read information from your device; access to your device
    r"\b(?:read(?:s|ing)?|access(?:es|ed|ing)?|retriev(?:e|es|ed|ing)|collect(?:s|ed|ing)?)"
    rf"\s+(?:(?:to|the|some|certain)\s+)?{_INFORMATION}\s+(?:(?:stored|saved|kept)\s+)?"
    rf"(?:on|in|from)\s+{_DEVICE}|"
    rf"\baccess(?:es|ed|ing)?\s+(?:to\s+)?{_DEVICE}", re.I)
_UNUSED = (r"cookies?|pixels?|beacons?|local storage|session storage|similar technolog|"
           r"fingerprint|software development kits?|SDKs?|identifiers?|IDs?\b|IDFA|AAID|"
           r"GAID|stor(?:e|es|ed|ing)|sav(?:e|es|ed|ing)|plac(?:e|es|ed|ing)|read|access")
#: "without cookies", "we do not use cookies", "no SDK", "nothing is stored on your
#: device": said, but not used
WITHOUT = re.compile(r"(?:\b(?:without|no|not|never|neither|nor|none|nothing)\b|n't\b)"
                     rf"[^;]{{0,40}}?\b(?:{_UNUSED})", re.I)
#: The reader's agreement asked before the technology is used.
CONSENT_GIVEN = re.compile(r"\b(?:your|you (?:have )?(?:give|gave|given))\s+consent\b|"
                           r"\bwith your (?:consent|permission|agreement)\b|\bonly (?:if|when|"
                           r"after|once) you (?:agree|accept|consent|allow|opt in)\b|"
                           r"\bopt[- ]in\b", re.I)
#: Used only where strictly necessary for what the reader asked for: no consent needed.
ONLY_NECESSARY = re.compile(
    r"\bonly\b[^;]{0,60}?\b(?:strictly|technically|absolutely)\s+(?:necessary|required|"
    r"needed|essential)\b|\b(?:strictly|technically|absolutely)\s+(?:necessary|required|"
    r"needed|essential)\b[^;]{0,40}?\bonly\b|\b(?:exclusively|solely)\b[^;]{0,60}?\b"
    r"(?:strictly|technically)\s+(?:necessary|required)\b", re.I)
NOT_NECESSARY = re.compile(
    r"\b(?:analytic|statistic|advertis|marketing|track|personali[sz]|retarget|remarketing|"
    r"profiling|audience|measur|optimi[sz]|conversion)\w*|\bsocial (?:media|plugins?|"
    r"networks?|sharing)\b|\bbrowsing behaviou?r\b|\buser-friendly\b|\bwebsite traffic\b",
    re.I)


#: What a technology found is, for the message (a cookie is named as the text names it).
KINDS = [(re.compile(p, re.I), kind) for p, kind in [
    (r"software development kit|\bSDK", "a software development kit"),
    (r"identifier|\bIDs?\b|IDFA|IDFV|AAID|GAID", "an identifier of the device"),
    (r"storage\b", "storage on the device"),
    (r"\s(?:on|in|from|to)\s|^access", "storage of or access to information on the device"),
]]


def technology(found: str) -> str:
    """What the text names: "cookies", or "a software development kit ('SDK')"."""
    words = " ".join(found.split())
    kind = next((kind for pattern, kind in KINDS if pattern.search(words)), "")
    return f"{kind} ('{words}')" if kind else words.lower()


def activity_text(policy: Policy, activity: Activity) -> str:
    return " ".join(b.text for b in policy.activity_blocks(activity))


def check_cookie_consent(policy: Policy) -> Iterator[Finding]:
    """Storing or reading information on a device needs prior consent unless strictly
    necessary for a service the user asked for (Art. 5(3) ePrivacy; CJEU C-673/17
    Planet49), whatever GDPR basis the later processing rests on."""
    for activity in policy.activities:
        if activity.basis == "consent":
            continue
        text = activity_text(policy, activity)
        used = [s for s in sentences(f"{' '.join(activity.purposes)}. {text}")
                if COOKIE.search(s) and not WITHOUT.search(s)
                and not ONLY_NECESSARY.search(s)]
        if not used or any(CONSENT_GIVEN.search(s) for s in used):
            continue  # none used, only once the reader agreed, or only what is necessary
        cookie = COOKIE.search(used[0])
        assert cookie is not None
        about = [activity.name, *activity.purposes, *used]
        purpose = next((m for part in about if (m := NOT_NECESSARY.search(part))), None)
        if purpose is None:
            continue
        stated = f"the basis {activity.basis!r}" if activity.basis else "no legal basis"
        yield Finding(
            "cookie-consent",
            f"{name(activity)} uses {technology(cookie.group(0))} for a purpose that is not "
            f"strictly necessary ('{purpose.group(0)}'), with {stated}: storing or reading "
            "information on the reader's device for such purposes needs prior consent "
            "(ePrivacy Directive Art. 5(3); CJEU C-673/17 Planet49)",
            "ask the legal team whether consent is obtained before these technologies are "
            "used, and for wording that says so; the GDPR basis of the later processing "
            "does not replace it",
            place(activity), key=activity.key)


# -- the basis fits the purpose (Art. 6(1)(b)) ---------------------------------------------

CONTRACT_PURPOSE = re.compile(
    r"\b(?:process(?:ing)?|handl(?:e|ing)|execut(?:e|ing)) (?:your |the |our )?"
    r"(?:transactions?|payments?|orders?|purchases?|bookings?)\b|\bbilling\b|\binvoic(?:e|es|"
    r"ing)\b|\bdeliver(?:ing|y)? (?:of )?(?:your |the )?(?:orders?|products?|goods|"
    r"purchases?)\b|\b(?:creat|manag|maintain|provid|administ(?:er|rat))(?:e|es|ing)? "
    r"(?:and maintaining )?(?:your |an |the |our )?(?:user |customer )?(?:accounts?|"
    r"subscriptions?|memberships?|bookings?)\b|\bservice (?:notifications?|messages?|"
    r"e-?mails?|updates?)\b|\bperform(?:ance|ing)? (?:of )?(?:the |our |a |your )?"
    r"contract\b|\bprovid(?:e|ing) (?:and maintaining )?(?:our|the) (?:\w+ ){0,2}services?\b",
    re.I)


def check_basis_fit(policy: Policy) -> Iterator[Finding]:
    """Processing needed to perform a contract with the reader rests on Art. 6(1)(b);
    consent there could be withdrawn and end the service, and legitimate interests would
    need a balancing the contract makes unnecessary."""
    for activity in policy.activities:
        if activity.basis not in ("consent", "legitimate-interests"):
            continue
        purposes = [activity.name, *activity.purposes, *activity.interest.split(";")]
        match = next((m for p in purposes if (m := CONTRACT_PURPOSE.search(p))
                      and not MARKETING.search(p)), None)
        if match is None:
            continue
        yield Finding(
            "basis-fit",
            f"{name(activity)} rests on {activity.basis} for '{match.group(0)}', which is "
            "usually necessary to perform a contract with the reader (Art. 6(1)(b))"
            + ("; a withdrawn consent would then end the service"
               if activity.basis == "consent" else ""),
            "ask the legal team whether this purpose is necessary for a contract with the "
            "reader and which basis applies; any change of wording is theirs",
            place(activity), key=activity.key)


# -- joint control with a platform (Art. 26) ---------------------------------------------

PLATFORM = (r"facebook|instagram|linkedin|twitter|youtube|tiktok|pinterest|xing|mastodon|"
            r"snapchat|threads")
SOCIAL = re.compile(
    rf"\bsocial (?:media |network )?(?:plugins?|buttons?|widgets?)\b|\b(?:like|share|sharing)"
    rf" buttons?\b|\bfan ?pages?\b|\b(?:{PLATFORM})(?:'s)? (?:company |fan )?(?:pages?|accounts?|"
    rf"profiles?|channels?|plugins?|pixels?|buttons?|widgets?)\b|\b(?:page|account|profile|"
    rf"channel|presence)s? on (?:{PLATFORM})\b", re.I)
JOINT = re.compile(r"\bjoint(?:ly)? (?:controllers?|responsib\w*|control)\b|\bjointly\b|"
                   r"\bArt(?:icle|\.)\s*26\b", re.I)


def check_joint_controller(policy: Policy) -> Iterator[Finding]:
    """A page on a platform, or a platform's plugin on the site, makes the operator a joint
    controller with the platform for the collection (CJEU C-210/16 Wirtschaftsakademie,
    C-40/17 Fashion ID): the essence of their arrangement is owed to readers (Art. 26(2))."""
    if any(r.role == "joint-controller" for r in policy.recipients) or any(
            JOINT.search(b.text) for _, b in policy.blocks() if b.within != "definition"):
        return
    reported: set[str] = set()
    for docname, block in policy.blocks():
        if block.within == "definition":
            continue
        match = SOCIAL.search(block.text)
        if match is None:
            continue
        activity = next((a for a in policy.activities if a.anchor == block.activity
                         and a.docname == docname), None)
        where = place(activity) if activity else (docname, block.line)
        key = activity.key if activity else match.group(0).lower()
        if key in reported:
            continue
        reported.add(key)
        yield Finding(
            "joint-controller",
            f"the text speaks of '{match.group(0)}' (line {block.line}): running a page on a "
            "platform or embedding its plugin makes the site's operator a joint controller "
            "with the platform for the data collected (CJEU C-210/16, C-40/17), but the "
            "policy does not say so nor give the essence of their arrangement (Art. 26(2))",
            "ask the legal team whether a joint-controller arrangement with the platform "
            "exists, and for wording that tells readers its essence and whom to address",
            where, key=key)


# -- direct marketing: the right to object (Art. 21(2)-(4)) ------------------------------

MARKETING = re.compile(r"\bmarketing\b|\bnewsletters?\b|\badvertis(?:ing|ements?)\b|"
                       r"\bpromotional\b|\bpromotions\b|\bfundrais\w*", re.I)
OBJECT_MARKETING = re.compile(r"\bobject(?:ion|ing)?\b[^.]*\b(?:marketing|advertis\w*|"
                              r"newsletters?|appeals?|mailings?|fundrais\w*|promotional)\b|"
                              r"\b(?:marketing|advertis\w*)\b[^.]*\bobject", re.I)


def check_marketing_objection(policy: Policy) -> Iterator[Finding]:
    """Where data are used for direct marketing, readers may object at any time, and this
    is brought to their attention clearly and separately (Art. 21(2)-(4))."""
    marketing = [a for a in policy.activities
                 if MARKETING.search(" ".join([a.name, *a.purposes]))]
    if not marketing:
        return
    objection = policy.index.rights.get("objection")
    if objection is not None and OBJECT_MARKETING.search(objection.text):
        return
    if any(OBJECT_MARKETING.search(b.text) for _, b in policy.blocks()
           if b.within != "definition"):
        return
    first, *others = marketing
    also = f" (also {', '.join(repr(a.key) for a in others)})" if others else ""
    yield Finding(
        "marketing-objection",
        f"{name(first)}{also} uses data for direct marketing, but the policy does not tell "
        "readers, clearly and separately, that they may object to direct marketing at any "
        "time (Art. 21(2)-(4))",
        "ask the legal team for wording that states the right to object to direct "
        "marketing, apart from other information",
        place(first), key=first.key,
        related=[place(a) for a in others])


CHECKS = [check_cookie_consent, check_basis_fit, check_joint_controller,
          check_marketing_objection]
