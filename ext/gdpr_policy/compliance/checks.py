"""The catalogue of compliance checks: one stable id per check, the GDPR article it holds
the policy to, and how serious an open finding is.

The ids are those of the Art. 13 checklist in the project's GDPR reference, so a finding,
a waiver in ``conf.py`` and a line of ``report.json`` all name a check the same way. They
are the warning subtypes: ``policy.<id>``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

#: The report's files in the output folder (report.py writes them).
JSON_NAME = "report.json"
PAGE_NAME = "compliance-report.html"

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Check:
    id: str
    article: str  # as a lawyer cites it
    severity: Severity
    title: str  # what the check asks, in the words of the checklist
    group: Literal["art13", "art14", "lawfulness", "consistency", "form"]


CHECKS: dict[str, Check] = {c.id: c for c in [
    # -- Art. 13 (and 14) completeness ---------------------------------------------------
    Check("controller-identity", "Art. 13(1)(a)", "error",
          "Identity and contact details of the controller", "art13"),
    Check("dpo-contact", "Art. 13(1)(b)", "error",
          "Contact details of the data protection officer, where one is appointed", "art13"),
    Check("purposes-and-basis", "Art. 13(1)(c)", "error",
          "The purposes of each processing and its legal basis", "art13"),
    Check("legitimate-interests", "Art. 13(1)(d)", "error",
          "The legitimate interests pursued, where Art. 6(1)(f) is the basis", "art13"),
    Check("recipients", "Art. 13(1)(e)", "error",
          "The recipients or categories of recipients", "art13"),
    Check("transfers", "Art. 13(1)(f)", "error",
          "Transfers to third countries and the safeguard relied on", "art13"),
    Check("retention", "Art. 13(2)(a)", "error",
          "The storage period (or its criteria) for each category of data", "art13"),
    Check("rights", "Art. 13(2)(b)", "error",
          "The rights of access, rectification, erasure and restriction", "art13"),
    Check("withdraw-consent", "Art. 13(2)(c)", "error",
          "The right to withdraw consent at any time, where consent is a basis", "art13"),
    Check("complaint", "Art. 13(2)(d)", "error",
          "The right to lodge a complaint with a supervisory authority", "art13"),
    Check("requirement", "Art. 13(2)(e)", "warning",
          "Whether providing the data is a statutory or contractual requirement, and the "
          "consequences of not providing them", "art13"),
    Check("automated-decisions", "Art. 13(2)(f)", "error",
          "Automated decision-making and profiling: the logic, significance and envisaged "
          "consequences", "art13"),
    Check("source-categories", "Art. 14(1)(d)", "error",
          "The categories of personal data not obtained from the data subject", "art14"),
    Check("data-source", "Art. 14(2)(f)", "error",
          "The source the personal data come from", "art14"),
    Check("automated-decisions-none", "Art. 13(2)(f)", "info",
          "Where no automated decision-making takes place, the notice says so (WP260 good "
          "practice)", "art13"),
    Check("implied-recipient", "Art. 13(1)(e)", "warning",
          "A purpose that implies a service provider names who receives the data", "art13"),
    # -- lawfulness: what a privacy counsel checks beyond the list -------------------------
    Check("cookie-consent", "ePrivacy Art. 5(3)", "error",
          "Cookies and similar technologies that are not strictly necessary rest on prior "
          "consent (Directive 2002/58/EC; CJEU C-673/17 Planet49)", "lawfulness"),
    Check("basis-fit", "Art. 6(1)(b)", "warning",
          "Processing needed to perform a contract with the reader rests on the contract, "
          "not on consent or legitimate interests", "lawfulness"),
    Check("joint-controller", "Art. 26(2)", "error",
          "A page on a platform or its plugin on the site: the joint controllers and the "
          "essence of their arrangement are named (CJEU C-210/16, C-40/17)", "lawfulness"),
    Check("marketing-objection", "Art. 21(4)", "error",
          "Where data serve direct marketing, the right to object to it at any time is "
          "stated clearly and separately", "lawfulness"),
    Check("special-category-condition", "Art. 9(2)", "error",
          "Special categories of data (health, biometric, religion, …) are processed only "
          "under a stated condition of Art. 9(2)", "lawfulness"),
    Check("condition-without-special-category", "Art. 9(2)", "warning",
          "A condition of Art. 9(2) is stated only where special categories are processed",
          "lawfulness"),
    Check("explicit-consent", "Art. 9(2)(a)", "error",
          "Consent to processing special categories is explicit, and the notice says so",
          "lawfulness"),
    Check("criminal-offence-data", "Art. 10", "warning",
          "Data on criminal convictions and offences are processed under official authority "
          "or a law the notice names", "lawfulness"),
    # -- internal consistency ------------------------------------------------------------
    Check("single-basis", "Art. 6(1)", "error",
          "Each processing activity rests on one legal basis, stated the same everywhere",
          "consistency"),
    Check("retention-conflict", "Art. 13(2)(a)", "error",
          "No two statements about keeping or deleting the same data disagree",
          "consistency"),
    Check("rights-fit", "Art. 13(2)(b)", "error",
          "The rights offered fit the legal bases used", "consistency"),
    Check("recipient-outside-eea", "Art. 13(1)(f)", "error",
          "A recipient outside the EEA comes with a declared transfer", "consistency"),
    Check("category-overlap", "Art. 13(2)(a)", "error",
          "Two data categories that overlap are not kept for different periods",
          "consistency"),
    # -- form (Art. 12(1): concise, transparent, intelligible, easily accessible) ---------
    Check("dangling-reference", "Art. 12(1)", "error",
          "No phrase points to information the policy does not contain", "form"),
    Check("contact-role", "Art. 12(1)", "error",
          "Every role named as a contact comes with contact details", "form"),
    Check("section-numbering", "Art. 12(1)", "error",
          "Section numbers run without gaps or duplicates", "form"),
    Check("unannounced-change", "Art. 12(1)", "error",
          "A material change since the last released version comes with a new date and "
          "release (WP260 rev.01, paras. 29-33)", "form"),
    Check("change-notice", "Art. 12(1)", "warning",
          "A policy that may change says how readers are told of material changes (WP260 "
          "rev.01, para. 30)", "form"),
    Check("vague-wording", "Art. 12(1)", "warning",
          "Purposes and data are described without vague qualifiers (WP260 rev.01, para. 13)",
          "form"),
    Check("ungrounded", "Art. 12(1)", "error",
          "Every declared value readers see is the client's own wording", "form"),
]}

#: Art. 13 items and their Art. 14 counterparts (for data not obtained from the subject).
ART14 = {
    "Art. 13(1)(a)": "Art. 14(1)(a)", "Art. 13(1)(b)": "Art. 14(1)(b)",
    "Art. 13(1)(c)": "Art. 14(1)(c)", "Art. 13(1)(d)": "Art. 14(2)(b)",
    "Art. 13(1)(e)": "Art. 14(1)(e)", "Art. 13(1)(f)": "Art. 14(1)(f)",
    "Art. 13(2)(a)": "Art. 14(2)(a)", "Art. 13(2)(b)": "Art. 14(2)(c)",
    "Art. 13(2)(c)": "Art. 14(2)(d)", "Art. 13(2)(d)": "Art. 14(2)(e)",
    "Art. 13(2)(f)": "Art. 14(2)(g)",
}


@dataclass
class Finding:
    """One result of a check: what is missing or contradictory, where, and how to fix it.

    ``place`` is (docname, line) of the text that is wrong or of the place where the
    missing information belongs; ``key`` names the thing the finding is about (an activity,
    a category, a right, a section number) so a waiver can select it.
    """

    check: str
    message: str
    hint: str
    place: tuple[str, int]
    key: str = ""
    article: str = ""  # defaults to the check's article
    severity: Severity | None = None  # defaults to the check's severity
    related: list[tuple[str, int]] = field(default_factory=list)
    waived: bool = False
    waiver: dict[str, str] | None = None

    def __post_init__(self) -> None:
        check = CHECKS[self.check]
        # every finding has a place a reader can open: line 1 when the text gave none
        self.place = (self.place[0], max(1, self.place[1] or 1))
        self.article = self.article or check.article
        self.severity = self.severity or check.severity

    @property
    def is_open_error(self) -> bool:
        return self.severity == "error" and not self.waived
