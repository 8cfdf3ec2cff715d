"""The GDPR facts the extension knows (Regulation (EU) 2016/679), keyed as in gdpr-reference.md.

Keys are stable: they appear in the Markdown, in warnings, in ``policy.json`` and in the
compliance report, and map onto fideslang / W3C DPV vocabularies.
"""

from __future__ import annotations

from typing import NamedTuple

EUR_LEX = "https://eur-lex.europa.eu/eli/reg/2016/679/oj"


class Entry(NamedTuple):
    key: str
    name: str
    article: str  # as a lawyer cites it: "Art. 4(1)", "Art. 6(1)(a)"


def _table(rows: list[tuple[str, str, str]]) -> dict[str, Entry]:
    return {key: Entry(key, name, article) for key, name, article in rows}


#: Article 4 definitions. "Data subject" is defined inside Art. 4(1).
TERMS = _table([
    ("personal-data", "Personal data", "Art. 4(1)"),
    ("data-subject", "Data subject", "Art. 4(1)"),
    ("processing", "Processing", "Art. 4(2)"),
    ("restriction-of-processing", "Restriction of processing", "Art. 4(3)"),
    ("profiling", "Profiling", "Art. 4(4)"),
    ("pseudonymisation", "Pseudonymisation", "Art. 4(5)"),
    ("filing-system", "Filing system", "Art. 4(6)"),
    ("controller", "Controller", "Art. 4(7)"),
    ("processor", "Processor", "Art. 4(8)"),
    ("recipient", "Recipient", "Art. 4(9)"),
    ("third-party", "Third party", "Art. 4(10)"),
    ("consent", "Consent", "Art. 4(11)"),
    ("personal-data-breach", "Personal data breach", "Art. 4(12)"),
])

#: Data-subject rights (Arts. 7(3), 15-22, 77).
RIGHTS = _table([
    ("access", "Right of access", "Art. 15"),
    ("rectification", "Right to rectification", "Art. 16"),
    ("erasure", 'Right to erasure ("right to be forgotten")', "Art. 17"),
    ("restriction", "Right to restriction of processing", "Art. 18"),
    ("portability", "Right to data portability", "Art. 20"),
    ("objection", "Right to object", "Art. 21"),
    ("automated-decisions",
     "Right not to be subject to a decision based solely on automated processing, "
     "including profiling", "Art. 22"),
    ("withdraw-consent", "Right to withdraw consent at any time", "Art. 7(3)"),
    ("complaint", "Right to lodge a complaint with a supervisory authority", "Art. 77"),
])

#: Legal bases of Art. 6(1); the short name is what a reader sees inline.
BASES = _table([
    ("consent", "Consent", "Art. 6(1)(a)"),
    ("contract", "Performance of a contract", "Art. 6(1)(b)"),
    ("legal-obligation", "Legal obligation", "Art. 6(1)(c)"),
    ("vital-interests", "Vital interests", "Art. 6(1)(d)"),
    ("public-task", "Public task", "Art. 6(1)(e)"),
    ("legitimate-interests", "Legitimate interests", "Art. 6(1)(f)"),
])

#: Conditions of Art. 9(2) under which special categories of data may be processed
#: (the short name a reader understands; the article as a lawyer cites it).
CONDITIONS = _table([
    ("explicit-consent", "Explicit consent", "Art. 9(2)(a)"),
    ("employment", "Obligations and rights in employment and social security law",
     "Art. 9(2)(b)"),
    ("vital-interests", "Vital interests of a person unable to consent", "Art. 9(2)(c)"),
    ("not-for-profit", "Members of a foundation, association or other not-for-profit body",
     "Art. 9(2)(d)"),
    ("made-public", "Data the person has manifestly made public", "Art. 9(2)(e)"),
    ("legal-claims", "Legal claims and courts acting in their judicial capacity",
     "Art. 9(2)(f)"),
    ("substantial-public-interest", "Substantial public interest under Union or Member "
     "State law", "Art. 9(2)(g)"),
    ("health-care", "Medicine, diagnosis, health or social care and treatment",
     "Art. 9(2)(h)"),
    ("public-health", "Public interest in public health", "Art. 9(2)(i)"),
    ("research", "Archiving, scientific or historical research and statistics",
     "Art. 9(2)(j)"),
])

#: Special categories of personal data (Art. 9(1)) and data on criminal convictions and
#: offences (Art. 10), each with the words that recognise it in a category's name or items.
class Special(NamedTuple):
    key: str
    name: str
    article: str
    words: str  # a regular expression over the category's own words


SPECIAL = {s.key: s for s in [
    Special("racial-ethnic-origin", "Racial or ethnic origin", "Art. 9(1)",
            r"\b(?:racial|ethnic(?:ity)?|race)\b"),
    Special("political-opinions", "Political opinions", "Art. 9(1)",
            r"\bpolitical (?:opinions?|views?|affiliations?|party)\b"),
    Special("religious-beliefs", "Religious or philosophical beliefs", "Art. 9(1)",
            r"\breligio(?:n|us)\b|\bphilosophical beliefs?\b|\bfaith\b"),
    Special("trade-union", "Trade union membership", "Art. 9(1)",
            r"\btrade[- ]union\b|\blabou?r union\b"),
    Special("genetic", "Genetic data", "Art. 9(1)", r"\bgenetic\b|\bDNA\b|\bgenom"),
    Special("biometric", "Biometric data for identification", "Art. 9(1)",
            r"\bbiometric\b|\bfingerprints?\b|\bfac(?:e|ial) (?:recognition|scans?|"
            r"geometry)\b|\biris scans?\b|\bvoice ?prints?\b"),
    Special("health", "Data concerning health", "Art. 9(1)",
            r"\bhealth\b|\bmedical\b|\bdiagnos[ie]s\b|\bdiagnos|\btreatments?\b|"
            r"\bsymptoms?\b|\bpatients?\b|\bprescriptions?\b|\bclinical\b|"
            r"\bmedications?\b|\btherap(?:y|ies|eutic)\b|\billness(?:es)?\b|"
            r"\bdisabilit(?:y|ies)\b|\ballerg(?:y|ies)\b|\bpregnan(?:cy|t)\b|"
            r"\binjur(?:y|ies)\b|\bsick(?:ness)? (?:leave|notes?)\b"),
    Special("sex-life", "Sex life or sexual orientation", "Art. 9(1)",
            r"\bsex life\b|\bsexual (?:orientation|life|preferences?)\b"),
    Special("criminal", "Criminal convictions and offences", "Art. 10",
            r"\bcriminal (?:convictions?|records?|offen[cs]es?|history|background)\b|"
            r"\bconvictions?\b|\bcertificate of (?:good )?conduct\b"),
]}


#: What each right means for a reader, in plain words (the authoring guide shows these).
RIGHTS_PLAIN = {
    "access": "You can ask whether we use your personal data, and get a copy of it together "
              "with how and why we use it.",
    "rectification": "You can have personal data that is wrong corrected, and incomplete "
                     "data completed.",
    "erasure": "You can have your personal data deleted, for example when we no longer need "
               "it or you withdraw your consent.",
    "restriction": "You can ask us to keep your data but stop using it for a while, for "
                   "example while you dispute its accuracy.",
    "portability": "You can receive the data you gave us in a common, machine-readable format, "
                   "or have it sent to another organisation.",
    "objection": "You can object to uses based on our legitimate interests or a public task; "
                 "to direct marketing you can always object, and it must then stop.",
    "automated-decisions": "You need not accept a decision with legal or similarly serious "
                           "effects taken by a computer alone (including profiling) without "
                           "a person involved.",
    "withdraw-consent": "Where you gave consent, you can take it back at any time, as easily "
                        "as you gave it; what was done before stays lawful.",
    "complaint": "You can complain to a data protection authority, in particular where you "
                 "live, work or where the problem happened.",
}

#: What each legal basis means, in plain words.
BASES_PLAIN = {
    "consent": "The person agreed to this use of their data: freely, specifically, informed "
               "and unambiguously, and can take it back.",
    "contract": "We need the data to perform a contract with the person, or to take steps "
                "they asked for before entering into one.",
    "legal-obligation": "A law we are subject to requires the processing (for example keeping "
                        "invoices for the tax authority).",
    "vital-interests": "The processing protects someone's life or physical safety.",
    "public-task": "The processing is needed for a task in the public interest, or for "
                   "official authority the law gives us.",
    "legitimate-interests": "We need the data for an interest of ours or of someone else, and "
                            "the person's interests and rights do not outweigh it; the "
                            "policy must say which interest.",
}

#: What a recipient is to the controller, as the text may say it.
class Role(NamedTuple):
    word: str  # as a table shows it: the legal word, nothing added
    article: str


RECIPIENT_ROLES = {
    "processor": Role("processor", "Art. 28"),
    "controller": Role("controller", "Art. 4(7)"),
    "joint-controller": Role("joint controller", "Art. 26"),
}

#: Where personal data come from: Art. 13 (the data subject) or Art. 14 (elsewhere).
SOURCES = {
    "data-subject": "collected from the data subject (Art. 13)",
    "elsewhere": "obtained from another source (Art. 14)",
}

#: Widely used services of companies outside the EEA, by the name a notice uses for them
#: (matched case-insensitively, whole words). Only for a recipient whose text states no
#: country: the check then asks the legal team whether data leave the EEA.
KNOWN_RECIPIENTS: dict[str, tuple[str, str]] = {
    "facebook": ("Meta Platforms, Inc.", "US"),
    "instagram": ("Meta Platforms, Inc.", "US"),
    "whatsapp": ("Meta Platforms, Inc.", "US"),
    "meta": ("Meta Platforms, Inc.", "US"),
    "google": ("Google LLC", "US"),
    "google analytics": ("Google LLC", "US"),
    "youtube": ("Google LLC", "US"),
    "twitter": ("X Corp.", "US"),
    "x": ("X Corp.", "US"),
    "linkedin": ("LinkedIn Corporation", "US"),
    "microsoft": ("Microsoft Corporation", "US"),
    "amazon web services": ("Amazon Web Services, Inc.", "US"),
    "aws": ("Amazon Web Services, Inc.", "US"),
    "stripe": ("Stripe, Inc.", "US"),
    "mailchimp": ("Intuit Inc.", "US"),
    "salesforce": ("Salesforce, Inc.", "US"),
    "hubspot": ("HubSpot, Inc.", "US"),
    "zendesk": ("Zendesk, Inc.", "US"),
    "intercom": ("Intercom, Inc.", "US"),
    "cloudflare": ("Cloudflare, Inc.", "US"),
    "tiktok": ("TikTok Pte. Ltd.", "SG"),
}


def article_url(article: str) -> str:
    """Link to the article on EUR-Lex (a plain link: nothing is embedded or loaded)."""
    number = article.removeprefix("Art. ").split("(")[0].strip()
    return f"{EUR_LEX}#art_{number}"


def slug(text: str) -> str:
    """The key an editor would type for a name: lower case, words joined by hyphens."""
    out = []
    for ch in text.lower():
        out.append(ch if ch.isalnum() else "-")
    return "-".join(part for part in "".join(out).split("-") if part)


def special_in(words: str) -> Special | None:
    """The special category (or criminal-offence data) a category's own words name."""
    import re

    for special in SPECIAL.values():
        if re.search(special.words, words, re.I):
            return special
    return None
