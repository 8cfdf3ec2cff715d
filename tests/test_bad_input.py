"""The catalogue of bad input: every mistake an editor can make in the Markdown gives
exactly one warning, at the right file and line, typed ``policy.<subtype>``, saying what is
wrong and what is allowed (with the closest valid value where there is one). The strict
build fails, nothing crashes, no text is lost, and HTML typed anywhere shows as text.

Each case is one page, ``case.md``, added to a small valid policy
(tests/roots/test-bad-input); the build runs in-process exactly as ``sphinx-build`` runs.
"""

from __future__ import annotations

import contextlib
import html
import io
import re
import shutil
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT
from sphinx.cmd.build import build_main

PROJECT = ROOT / "tests" / "roots" / "test-bad-input"
STRICT = ["-W", "--keep-going", "-n", "-E", "-N", "-q"]
#: Markup an attacker (or a careless paste) might put anywhere; it must show as text.
INJECT = '<script>alert("x")</script> "onmouseover=alert(1)'
WARNING = re.compile(r"^(?P<file>\S+?):(?P<line>\d+): (?:WARNING|ERROR|CRITICAL): "
                     r"(?P<message>.*) \[(?P<type>[\w.-]+)\]$")
PROBLEM = re.compile(r"\b(?:WARNING|ERROR|CRITICAL|SEVERE)\b")
LONG = "x" * 3000


@dataclass(frozen=True)
class Case:
    id: str
    page: str  # the Markdown of case.md
    line: int  # the line the warning must point at
    subtype: str  # policy.<subtype>
    says: tuple[str, ...]  # what is wrong, what is allowed, the closest valid value
    kept: tuple[str, ...] = ()  # text of the page that must survive into the HTML


def page(body: str) -> str:
    return "# Case\n\n" + body.strip("\n") + "\n"


ALL_RIGHTS = ("Valid: access, automated-decisions, complaint, erasure, objection, "
              "portability, rectification, restriction, withdraw-consent")
ALL_BASES = ("Valid: consent, contract, legal-obligation, legitimate-interests, public-task, "
             "vital-interests")

CASES = [
    # -- the definitions glossary (issue 4) -------------------------------------------------
    Case("term-defined-twice-on-a-page", page(f"""
::::{{definitions}}
:::{{definition}} Consent
Consent is agreement. {INJECT}
:::

:::{{definition}} consent
Consent again, worded differently.
:::
::::
"""), 8, "duplicate", ("'consent'", "defined twice", "keep one"),
         ("Consent is agreement.", "Consent again, worded differently.", INJECT)),
    Case("term-defined-on-two-pages", page("""
::::{definitions}
:::{definition} Personal data
Personal data, worded a second time.
:::
::::
"""), 4, "duplicate", ("term 'personal-data'", "declared twice", "base.md:5"),
         ("Personal data, worded a second time.",)),
    Case("definition-without-wording", page("""
::::{definitions}
:::{definition} Consent
:::
::::
"""), 4, "empty", ("'Consent'", "no wording", "write the policy's definition"), ("Consent",)),
    Case("definition-without-term", page("""
::::{definitions}
:::{definition}
Consent is agreement.
:::
::::
"""), 4, "missing_option", ("give the term", "{definition} Personal data"),
         ("Consent is agreement.",)),
    Case("glossary-without-definitions", page("""
::::{definitions}
::::
"""), 3, "empty", ("holds no {definition}", "one per term")),
    Case("definition-outside-the-glossary", page(f"""
:::{{definition}} Consent
Consent is agreement. {INJECT}
:::
"""), 3, "nesting", ("belongs inside a {definitions} block",),
         ("Consent is agreement.", INJECT)),
    Case("definition-among-the-rights", page("""
::::{rights}
:::{definition} Consent
Consent is agreement.
:::
::::
"""), 4, "nesting", ("belongs inside a {definitions} block", "not inside {rights}"),
         ("Consent is agreement.",)),
    Case("glossary-inside-a-definition", page("""
:::::{definitions}
::::{definition} Consent
Consent is agreement.

:::{definitions}
:::
::::
:::::
"""), 7, "nesting", ("cannot be placed inside {definition}",), ("Consent is agreement.",)),
    Case("misspelt-definition-option", page("""
::::{definitions}
:::{definition} Consent
:form: consents
Consent is agreement.
:::
::::
"""), 5, "unknown_option", ("unknown option ':form:'", "did you mean 'forms'",
                            "Valid: article, forms, key"), ("Consent is agreement.",)),
    Case("definition-option-given-twice", page("""
::::{definitions}
:::{definition} Consent
:forms: consents
:forms: agreements
Consent is agreement.
:::
::::
"""), 6, "duplicate_option", ("':forms:' is given 2 times", "line 5", "give it once"),
         ("Consent is agreement.",)),
    Case("article-not-as-cited", page("""
::::{definitions}
:::{definition} Consent
:article: Article four
Consent is agreement.
:::
::::
"""), 5, "invalid_value", ("'Article four'", "Art. 4(11)"), ("Consent is agreement.",)),
    Case("definition-refers-to-itself", page("""
::::{definitions}
:::{definition} Consent
Consent is {term}`consent` freely given.
:::
::::
"""), 5, "self_reference", ("'Consent'", "refers to itself"), ("freely given",)),
    Case("unknown-term-reference", page(f"""
Your {{term}}`personal dta` is safe. {INJECT}
"""), 3, "unknown_term", ("'personal dta'", "did you mean 'Personal data'",
                          "Defined terms: Personal data, Data subject"),
         ("personal dta", "is safe.", INJECT)),
    Case("term-reference-with-wrong-accent", page("""
::::{definitions}
:::{definition} Données personnelles
Les données personnelles sont des informations.
:::
::::

Nous protégeons vos {term}`donnees personnelles`.
"""), 9, "unknown_term", ("'donnees personnelles'", "did you mean 'Données personnelles'"),
         ("Nous protégeons vos",)),
    Case("term-reference-in-a-heading", page("""
## About {term}`personal data`

Some text.
"""), 3, "heading_reference", ("heading", "personal data"), ("About personal data",)),

    # -- the rights (issue 4) ---------------------------------------------------------------
    Case("misspelt-right-key", page(f"""
::::{{rights}}
:::{{right}} acess
Right to access it all {INJECT}
:::
::::
"""), 4, "unknown_key", ("unknown right 'acess'", "did you mean 'access'", ALL_RIGHTS),
         ("Right to access it all", INJECT)),
    Case("right-key-with-accent", page("""
::::{rights}
:::{right} accès
Droit d'accès
:::
::::
"""), 4, "unknown_key", ("unknown right 'accès'", "did you mean 'access'", ALL_RIGHTS),
         ("Droit d",)),
    Case("right-declared-twice-on-a-page", page("""
::::{rights}
:::{right} portability
Right to data portability
:::

:::{right} portability
Right to take your data along
:::
::::
"""), 8, "duplicate", ("'portability'", "already declared", "line 4"),
         ("Right to data portability", "Right to take your data along")),
    Case("right-declared-on-two-pages", page("""
::::{rights}
:::{right} access
Right to see your data
:::
::::
"""), 4, "duplicate", ("right 'access'", "declared twice", "base.md:20"),
         ("Right to see your data",)),
    Case("right-outside-the-list", page("""
:::{right} portability
Right to data portability
:::
"""), 3, "nesting", ("belongs inside a {rights} block",), ("Right to data portability",)),
    Case("right-in-the-glossary", page("""
::::{definitions}
:::{right} portability
Right to data portability
:::
::::
"""), 4, "nesting", ("belongs inside a {rights} block", "not inside {definitions}"),
         ("Right to data portability",)),
    Case("right-without-key", page("""
::::{rights}
:::{right}
Right to data portability
:::
::::
"""), 4, "missing_option", ("give the right's key", "{right} access"),
         ("Right to data portability",)),
    Case("right-without-wording", page("""
::::{rights}
:::{right} portability
:::
::::
"""), 4, "empty", ("'portability'", "no wording")),
    Case("option-on-a-right", page("""
::::{rights}
:::{right} portability
:article: Art. 20
Right to data portability
:::
::::
"""), 5, "unknown_option", ("unknown option ':article:'", "takes no options"),
         ("Right to data portability",)),
    Case("rights-list-without-rights", page("""
::::{rights}
::::
"""), 3, "empty", ("holds no {right}",)),
    Case("reference-to-a-misspelt-right", page("""
You may ask for {right}`erasure of your data <erasur>`.
"""), 3, "unknown_reference", ("'erasur'", "did you mean 'erasure'", "Valid: access, erasure"),
         ("erasure of your data",)),
    Case("reference-to-an-undeclared-right", page("""
You may {right}`take your data along <portability>`.
"""), 3, "unknown_reference", ("'portability'", "not declared", "Valid: access, erasure"),
         ("take your data along",)),

    # -- data categories (issue 5) ------------------------------------------------------------
    Case("misspelt-category-option", page("""
:::{data-category} usage-data
:name: Usage data
:item: login times
:::
"""), 5, "unknown_option", ("':item:'", "did you mean 'items'", "Valid: items, name")),
    Case("category-declared-twice", page("""
:::{data-category} account-information
:name: Account information
- name
:::
"""), 3, "duplicate", ("category 'account-information'", "declared twice", "base.md:32"),
         ("name",)),
    Case("category-without-key", page("""
:::{data-category}
:name: Usage data
- login times
:::
"""), 3, "missing_option", ("give the category's key",), ("login times",)),
    Case("reference-to-an-undeclared-category", page("""
We keep your {category}`acount-information`.
"""), 3, "unknown_reference", ("'acount-information'", "did you mean 'account-information'"),
         ("We keep your",)),

    # -- declarations on the client's words (issue 21) ---------------------------------------
    Case("declared-right-without-key", page("""
You may ask us for {declare-right}`a copy of your data`.
"""), 3, "missing_option", ("names no key", "{declare-right}`access to your data <access>`"),
         ("You may ask us for", "a copy of your data")),
    Case("declared-right-with-unknown-key", page("""
You may ask for {declare-right}`a copy of your data <acess>`.
"""), 3, "unknown_key", ("unknown key 'acess'", "did you mean 'access'", "Valid: access"),
         ("a copy of your data",)),
    Case("declared-purpose-outside-an-activity", page("""
We use your data {declare-purpose}`to send you our newsletter`.
"""), 3, "nesting", ("belongs inside", "{processing-activity}"),
         ("to send you our newsletter",)),
    Case("declared-controller-with-a-key", page("""
{declare-controller}`Example BV <example>` is responsible.
"""), 3, "invalid_value", ("takes no key", "{declare-controller}`Example BV`"),
         ("Example BV", "is responsible.")),
    Case("declared-category-with-a-bad-key", page("""
We keep {declare-category}`your login times <Login Times>`.
"""), 3, "invalid_key", ("'Login Times'", "'login-times'"), ("your login times",)),
    Case("declared-basis-with-an-unknown-key", page("""
::::{processing-activity} newsletter
:purpose: to send the newsletter

We send it {declare-basis}`with your consent <consnt>`.
::::
"""), 6, "unknown_key", ("unknown key 'consnt'", "did you mean 'consent'"),
         ("with your consent",)),
    Case("declared-retention-unreadable", page("""
We keep {declare-category}`your login times <login-times>`
{declare-retention}`for a while <login-times>`.
"""), 4, "duration", ("cannot read the period 'for a while'",), ("for a while",)),
    Case("declared-right-twice", page("""
You may ask for {declare-right}`your data <portability>` and for
{declare-right}`a copy <portability>`.
"""), 4, "duplicate", ("'portability' is already declared on this page", "{right}"),
         ("a copy",)),

    # -- retention (issue 5 and 9) ----------------------------------------------------------
    Case("duration-7-yrs", page("""
:::{data-category} usage-data
:name: Usage data
:::

:::{retention} usage-data
:period: 7 yrs
:::
"""), 8, "duration", ("unknown unit 'yrs'", "did you mean '7 years'",
                      "days, weeks, months, years")),
    Case("duration-negative", page("""
:::{data-category} usage-data
:name: Usage data
:::

:::{retention} usage-data
:period: -1 years
:::
"""), 8, "duration", ("'-1 years'", "negative", "at least 1 year")),
    Case("duration-forever", page("""
:::{data-category} usage-data
:name: Usage data
:::

:::{retention} usage-data
:period: forever
Kept as long as we like.
:::
"""), 8, "duration", ("'forever'", "no end", "Art. 5(1)(e)", "'7 years'", "'until …'"),
         ("Kept as long as we like.",)),
    Case("duration-zero", page("""
:::{data-category} usage-data
:name: Usage data
:::

:::{retention} usage-data
:period: 0 days
:::
"""), 8, "duration", ("'0 days'", "zero", "'until …'")),
    Case("duration-in-words-too-long", page("""
:::{data-category} usage-data
:name: Usage data
:::

:::{retention} usage-data
:period: two hundred years
:::
"""), 8, "duration", ("'two hundred years'", "longer than 100 years")),
    Case("duration-without-unit", page("""
:::{data-category} usage-data
:name: Usage data
:::

:::{retention} usage-data
:period: 7
:::
"""), 8, "duration", ("'7'", "no unit", "'7 years'")),
    Case("retention-of-an-undeclared-category", page("""
:::{retention} usage-data
:period: 7 years
:::
"""), 3, "unknown_reference", ("'usage-data'", "no data category",
                               "Valid: account-information")),
    Case("retention-declared-twice", page("""
:::{retention} account-information
:period: 2 years
:::
"""), 3, "duplicate", ("retention 'account-information'", "declared twice", "base.md:37")),
    Case("misspelt-retention-option", page("""
:::{data-category} usage-data
:name: Usage data
:::

:::{retention} usage-data
:period: 7 years
:reasons: tax law
:::
"""), 9, "unknown_option", ("':reasons:'", "did you mean 'reason'", "Valid: period, reason")),
    Case("reference-to-an-undeclared-retention", page("""
Usage data is kept {retention}`usage-data`.
"""), 3, "unknown_reference", ("'usage-data'", "Valid: account-information"),
         ("Usage data is kept",)),
    Case("text-in-the-retention-table", page("""
:::{retention-table}
All our retention periods.
:::
"""), 3, "invalid_value", ("collects the retention entries", "no content"),
         ("All our retention periods.",)),
    Case("option-on-the-retention-table", page("""
:::{retention-table}
:sort: period
:::
"""), 4, "unknown_option", ("':sort:'", "takes no options")),

    # -- processing activities (issue 5) ----------------------------------------------------
    Case("misspelt-legal-basis", page(f"""
::::{{processing-activity}} newsletter
:purpose: to send the newsletter {INJECT}
:basis: legit-interest

We send a newsletter. {INJECT}
::::
"""), 5, "unknown_key", ("unknown legal basis 'legit-interest'",
                         "did you mean 'legitimate-interests'", ALL_BASES),
         ("We send a newsletter.", INJECT)),
    Case("legal-basis-with-lookalike-letters", page("""
::::{processing-activity} newsletter
:purpose: to send the newsletter
:basis: соnsent

We send a newsletter.
::::
"""), 5, "unknown_key", ("unknown legal basis", "did you mean 'consent'", ALL_BASES),
         ("We send a newsletter.",)),
    Case("very-long-legal-basis", page(f"""
::::{{processing-activity}} newsletter
:purpose: to send the newsletter
:basis: {LONG}

We send a newsletter.
::::
"""), 5, "unknown_key", ("unknown legal basis 'xxxxxxxx", "…'", ALL_BASES),
         ("We send a newsletter.",)),
    Case("unknown-source", page("""
::::{processing-activity} newsletter
:purpose: to send the newsletter
:source: user

We send a newsletter.
::::
"""), 5, "unknown_key", ("unknown source 'user'", "Valid: data-subject, elsewhere"),
         ("We send a newsletter.",)),
    Case("activity-with-an-undeclared-category", page("""
::::{processing-activity} newsletter
:purpose: to send the newsletter
:categories: acount-information

We send a newsletter.
::::
"""), 5, "unknown_reference", ("data category 'acount-information'", "not declared",
                               "did you mean 'account-information'"),
         ("We send a newsletter.",)),
    Case("activity-with-an-undeclared-retention", page("""
::::{processing-activity} newsletter
:purpose: to send the newsletter
:retention: usage-data

We send a newsletter.
::::
"""), 5, "unknown_reference", ("retention entry 'usage-data'", "not declared",
                               "Valid: account-information"), ("We send a newsletter.",)),
    Case("activity-declared-twice", page("""
::::{processing-activity} registration
:purpose: to create your account

We register you again.
::::
"""), 3, "duplicate", ("activity 'registration'", "declared twice", "base.md:41"),
         ("We register you again.",)),
    Case("misspelt-activity-option", page("""
::::{processing-activity} newsletter
:purpose: to send the newsletter
:legal-basis: consent

We send a newsletter.
::::
"""), 5, "unknown_option", ("':legal-basis:'", "did you mean 'basis'", "Valid: "),
         ("We send a newsletter.",)),
    Case("activity-option-given-twice", page("""
::::{processing-activity} newsletter
:purpose: to send the newsletter
:purpose: to sell advertising

We send a newsletter.
::::
"""), 5, "duplicate_option", ("':purpose:' is given 2 times", "give it once", "with ';'"),
         ("We send a newsletter.",)),
    Case("activity-option-given-twice-in-yaml", page("""
::::{processing-activity} newsletter
---
purpose: to send the newsletter
basis: consent
purpose: to sell advertising
---
We send a newsletter.
::::
"""), 7, "duplicate_option", ("':purpose:' is given 2 times",), ("We send a newsletter.",)),
    Case("activity-without-key", page("""
::::{processing-activity}
:purpose: to send the newsletter

We send a newsletter.
::::
"""), 3, "missing_option", ("give the activity's key",), ("We send a newsletter.",)),
    Case("activity-without-wording", page("""
::::{processing-activity} newsletter
:purpose: to send the newsletter
::::
"""), 3, "empty", ("has no wording",)),
    Case("activity-inside-an-activity", page("""
::::{processing-activity} newsletter
:purpose: to send the newsletter

We send a newsletter.

:::{processing-activity} tracking
:purpose: to see what you read

We see what you read.
:::
::::
"""), 8, "nesting", ("cannot be placed inside {processing-activity}",),
         ("We send a newsletter.", "We see what you read.")),
    Case("activity-in-the-glossary", page("""
::::{definitions}
:::{processing-activity} newsletter
:purpose: to send the newsletter

We send a newsletter.
:::
::::
"""), 4, "nesting", ("cannot be placed inside {definitions}", "{definition}"),
         ("We send a newsletter.",)),
    Case("reference-to-an-undeclared-activity", page("""
See {activity}`registraton`.
"""), 3, "unknown_reference", ("'registraton'", "did you mean 'registration'"), ("See",)),
    Case("reference-to-an-unknown-basis", page("""
We rely on {basis}`legit-interest`.
"""), 3, "unknown_reference", ("legal basis 'legit-interest'", "did you mean "
                               "'legitimate-interests'", ALL_BASES), ("We rely on",)),
    Case("text-in-the-register", page("""
:::{processing-register}
Our register.
:::
"""), 3, "invalid_value", ("collects the processing activities", "no content"),
         ("Our register.",)),

    # -- the controller and the policy's own facts ------------------------------------------
    Case("misspelt-controller-option", page("""
:::{controller} FluxDesk BV
:mail: privacy@example.com
Main Street 1
:::
"""), 4, "unknown_option", ("':mail:'", "did you mean 'email'"), ("Main Street 1",)),
    Case("controller-without-address", page("""
:::{controller} FluxDesk BV
:::
"""), 3, "empty", ("postal address",), ("FluxDesk BV",)),
    Case("controller-declared-twice", page("""
:::{controller} FluxDesk BV
Main Street 1
:::

:::{controller} FluxDesk Holding
Side Street 2
:::
"""), 7, "duplicate", ("controller", "declared twice", "line 3"),
         ("Main Street 1", "Side Street 2")),
    Case("misspelt-fact", page("""
Updated on {fact}`last-update`.
"""), 3, "unknown_fact", ("'last-update'", "did you mean 'last-updated'"), ("Updated on",)),
    Case("fact-never-declared", page("""
Write to {fact}`controller-email`.
"""), 3, "unknown_fact", ("'controller-email'", "not declared"), ("Write to",)),
    Case("last-updated-not-a-date", """---
title: Case
last-updated: January 2024
---
# Case

Text.
""", 3, "invalid_value", ("'last-updated: January 2024'", "not a date", "YYYY-MM-DD"), ("Text.",)),

    Case("activity-with-two-bases", page("""
::::{processing-activity} newsletter
:purpose: to send the newsletter
:basis: consent, contract

We send a newsletter.
::::
"""), 5, "invalid_value", ("one legal basis", "'consent, contract'", "one activity per basis",
                           ALL_BASES), ("We send a newsletter.",)),
    Case("option-without-value", page("""
::::{processing-activity} newsletter
:purpose: to send the newsletter
:basis:

We send a newsletter.
::::
"""), 5, "empty", ("':basis:' has no value", "leave the option out"),
         ("We send a newsletter.",)),
    Case("options-after-a-blank-line", page("""
::::{processing-activity} newsletter

:purpose: to send the newsletter
:basis: consent

We send a newsletter.
::::
"""), 5, "misplaced_option", ("':purpose:', ':basis:'", "blank line", "read as text",
                              "directly under the first line"), ("We send a newsletter.",)),
    Case("date-that-is-not-a-date-and-shown", """---
last-updated: 15 January 2024
---

# Case

Last updated: {fact}`last-updated`.
""", 2, "invalid_value", ("'last-updated: 15 January 2024'", "YYYY-MM-DD"),
         ("Last updated: 15 January 2024",)),

    Case("misspelt-front-matter-key", """---
last_updated: 2024-01-15
---

# Case

Updated on {fact}`last-updated`.
""", 2, "unknown_key", ("'last_updated'", "did you mean 'last-updated'"),
         ("Updated on January 15, 2024",)),

    # -- the fences of the blocks ------------------------------------------------------------
    Case("block-never-closed", page(f"""
::::{{processing-activity}} newsletter
:purpose: to send the newsletter

We send a newsletter. {INJECT}

## Next section

More text.
"""), 3, "unclosed", ("never closed", "runs to the end of the page", "'::::'"),
         ("We send a newsletter.", "More text.", INJECT)),
    Case("closing-line-with-nothing-to-close", page("""
:::{data-category} usage-data
:name: Usage data
:::
:::

More text.
"""), 6, "unclosed", ("closes no block", "check the colons"), ("More text.",)),
    Case("nested-blocks-with-equal-colons", page("""
:::{rights}
:::{right} portability
Right to data portability
:::
:::{right} objection
Right to object
:::
"""), 7, "nesting", ("belongs inside a {rights} block", "more colons", "'::::'"),
         ("Right to data portability", "Right to object")),

    # -- markup itself: misspelt directive and role names ------------------------------------
    Case("misspelt-directive", page(f"""
::::{{definitions}}
:::{{defintion}} Consent
Consent is agreement. {INJECT}
:::
::::
"""), 4, "unknown_directive", ("{defintion}", "did you mean {definition}"),
         ("Consent is agreement.", INJECT)),
    Case("misspelt-role", page("""
You have the {rigth}`right of access <access>`.
"""), 3, "unknown_role", ("{rigth}", "did you mean {right}"), ("right of access",)),
    Case("markup-in-every-controller-option", page(f"""
:::{{controller}} Evil {INJECT}
:email: x@example.com{INJECT}
:phone: {INJECT}
:fax: 1
Street {INJECT}
:::

Write to {{fact}}`controller` at {{fact}}`controller-email`.
"""), 6, "unknown_option", ("':fax:'", "Valid: authority, dpo, email, phone"),
         ("Street", "Write to Evil")),
    Case("markup-shown-through-roles", page(f"""
:::{{data-category}} usage-data
:name: Usage {INJECT}
:items: clicks, {INJECT}
:::

:::{{retention}} usage-data
:period: until {INJECT}
:::

We keep {{category}}`usage-data` {{retention}}`usage-data` and {{category}}`nothing`.
"""), 12, "unknown_reference", ("'nothing'",), ("We keep Usage", INJECT)),
    Case("unicode-and-markup-in-options", page(f"""
:::{{data-category}} donnees-dusage
:name: Données d’usage {INJECT}
:items: heure de connexion 🕐, {INJECT}
:colour: {INJECT}
:::
"""), 6, "unknown_option", ("':colour:'",)),
    # -- hardening: keys, names, facts, resources, one cause one message (issue 15) ---------
    Case("key-with-capitals-and-spaces", page("""
:::{data-category} Contact Details
:name: Contact details
:items: phone
:::
"""), 3, "invalid_key", ("'Contact Details'", "lower-case words joined by hyphens",
                         "'contact-details'")),
    Case("key-with-accents", page("""
:::{data-category} données
:name: données
:items: nom
:::
"""), 3, "invalid_key", ("'donnees'",)),
    Case("term-without-letters", page("""
::::{definitions}
:::{definition} 1234
A number, defined.
:::
::::
"""), 4, "invalid_name", ("'1234'", "no letter"), ("1234", "A number, defined.")),
    Case("term-with-a-colon", page("""
::::{definitions}
:::{definition} Data: personal
Personal data, said otherwise.
:::
::::
"""), 4, "invalid_name", ("':'", "ends a reference"), ("Personal data, said otherwise.",)),
    Case("term-named-like-another-terms-form", page("""
::::{definitions}
:::{definition} Data subjects
People, in the plural.
:::
::::
"""), 4, "invalid_name", ("'Data subjects'", "form of the term 'Data subject'"),
         ("People, in the plural.",)),
    Case("period-over-a-century", page("""
:::{retention} account-information
:period: 150 years
:::
"""), 4, "duration", ("'150 years'", "longer than 100 years")),
    Case("period-event-missing", page("""
:::{data-category} logs
:name: logs
:items: IP address
:::

:::{retention} logs
:period: until
:::
"""), 9, "duration", ("names no event",)),
    Case("period-event-never-comes", page("""
:::{data-category} logs
:name: logs
:items: IP address
:::

:::{retention} logs
:period: until forever
:::
"""), 9, "duration", ("never comes", "Art. 5(1)(e)")),
    Case("period-after-never", page("""
:::{data-category} logs
:name: logs
:items: IP address
:::

:::{retention} logs
:period: after never
:::
"""), 9, "duration", ("never comes",)),
    Case("two-periods-in-one-value", page("""
:::{data-category} logs
:name: logs
:items: IP address
:::

:::{retention} logs
:period: until the account is closed, 7 years
:::
"""), 9, "duration", ("gives 2 periods", "has one")),
    Case("bad-period-referenced-elsewhere-is-reported-once", page("""
:::{data-category} logs
:name: logs
:items: IP address
:::

:::{retention} logs
:period: 7 yeers
:::

::::{processing-activity} logging
:purpose: to keep logs
:categories: logs
:retention: logs

We keep logs, {retention}`logs`.
::::
"""), 9, "duration", ("'7 yeers'", "did you mean '7 years'")),
    Case("single-value-option-given-twice", page("""
::::{processing-activity} newsletter
:purpose: to send the newsletter
:basis: consent
:basis: contract

We send a newsletter.
::::
"""), 6, "duplicate_option", ("':basis:' is given 2 times", "it takes one value")),
    Case("empty-basis-lists-the-bases", page("""
::::{processing-activity} newsletter
:purpose: to send the newsletter
:basis:

We send a newsletter.
::::
"""), 5, "empty", ("':basis:' has no value", "consent, contract, legal-obligation")),
    Case("markdown-in-an-option", page("""
:::{data-category} contact
:name: **Contact** data
:items: phone
:::
"""), 4, "invalid_value", ("':name:' holds markup", "'**'")),
    Case("role-in-an-option", page("""
::::{processing-activity} newsletter
:purpose: to inform {term}`data subjects`

We send a newsletter.
::::
"""), 4, "invalid_value", ("':purpose:' holds markup",)),
    Case("term-inside-link-text", page("""
Read [what {term}`personal data` means](https://eur-lex.europa.eu/eli/reg/2016/679/oj).
"""), 3, "nesting", ("a link cannot hold another link",), ("personal data",)),
    Case("image-from-another-site", page("""
Our logo: ![FluxDesk logo](https://cdn.example.com/logo.png)
"""), 3, "external-resource", ("'https://cdn.example.com/logo.png'", "another site"),
         ("FluxDesk logo",)),
    Case("image-directive-from-another-site", page("""
```{image} //tracker.example.com/pixel.gif
:alt: pixel
```
"""), 3, "external-resource", ("another site",), ("pixel",)),
    Case("comment-never-closed", page("""
<!-- a note for the legal team

The text after it.
"""), 3, "unclosed", ("never closed",), ("The text after it.",)),
    Case("recipient-not-declared", page("""
::::{processing-activity} newsletter
:purpose: to send the newsletter
:recipients: mailer

We send a newsletter.
::::
"""), 5, "unknown_reference", ("recipient 'mailer' is not declared", "{recipient}")),
    Case("recipient-role-unknown", page("""
:::{recipient} mailer
:name: Mailer Ltd
:role: subprocessor
:::
"""), 5, "unknown_key", ("'subprocessor'", "did you mean 'processor'")),
    Case("front-matter-not-yaml", """---
last-updated: [2024-01-01
---

# Case

Text after the front matter.
""", 2, "front_matter", ("not valid YAML", "line 2"), ("Text after the front matter.",)),
    Case("front-matter-never-closed", """---
last-updated: 2024-01-01

# Case

Text after the front matter.
""", 1, "front_matter", ("never closed", "add a line '---'"),
         ("Text after the front matter.",)),

]


class TextOf(HTMLParser):
    """The text a reader sees (scripts and styles excluded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("script", "style") and self.skip > 0

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


class Markup(HTMLParser):
    """The attributes and script contents of a page: where injected markup would act."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: set[str] = set()
        self.scripts: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes.update(name for name, _ in attrs)
        self.in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script:
            self.scripts.append(data)


def injected(markup: str) -> list[str]:
    """Markup from INJECT that would act in a browser: a script or an event handler."""
    parser = Markup()
    parser.feed(markup)
    found = [a for a in parser.attributes if a.startswith("on")]
    found += [s for s in parser.scripts if "alert(" in s]
    return found


def visible_text(markup: str) -> str:
    parser = TextOf()
    parser.feed(markup)
    text = " ".join("".join(parser.parts).split())
    # smart quotes are the typesetter's; compare the words
    return text.translate(str.maketrans("“”‘’", "\"\"''"))


@dataclass
class Result:
    returncode: int
    stderr: str
    outdir: Path


def build(tmp_path: Path, case_page: str) -> Result:
    src = tmp_path / "src"
    shutil.copytree(PROJECT, src)
    (src / "case.md").write_text(case_page, encoding="utf-8")
    out = tmp_path / "html"
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        code = build_main(["-b", "html", *STRICT, "-d", str(tmp_path / "doctrees"),
                           str(src), str(out)])
    return Result(code, stderr.getvalue(), out)


def registered() -> dict[str, type]:
    """The policy's directives by name, as a build registers them (Sphinx registers
    directives only while an application lives)."""
    from docutils.parsers.rst import directives
    from gdpr_policy.directives import policy_directives
    from sphinx.testing.util import SphinxTestApp

    src = Path(tempfile.mkdtemp()) / "src"
    shutil.copytree(PROJECT, src)
    app = SphinxTestApp("html", srcdir=src, status=io.StringIO(), warning=io.StringIO())
    try:
        found = {name: directives._directives[name] for name in policy_directives()}
    finally:
        app.cleanup()
        shutil.rmtree(src.parent, ignore_errors=True)
    assert len(found) >= 10, found
    return found


def test_the_base_project_is_valid(tmp_path: Path) -> None:
    result = build(tmp_path, page("Nothing is wrong here."))
    assert result.returncode == 0, result.stderr
    assert not PROBLEM.search(result.stderr), result.stderr


def test_the_catalogue_is_large_and_varied() -> None:
    assert len(CASES) >= 40
    assert len({c.id for c in CASES}) == len(CASES)
    assert len({c.subtype for c in CASES}) >= 12


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, tmp_path: Path) -> None:
    result = build(tmp_path, case.page)
    stderr = result.stderr

    # never a crash: the build ran to the end and failed only because of the warning
    assert "Traceback" not in stderr and "Exception occurred" not in stderr, stderr
    assert result.returncode == 1, stderr

    # exactly one warning, located at the right line, typed policy.<subtype>
    problems = [line for line in stderr.splitlines() if PROBLEM.search(line)]
    assert len(problems) == 1, "\n".join(problems)
    found = WARNING.match(problems[0])
    assert found, problems[0]
    assert Path(found["file"]).name == "case.md", problems[0]
    assert int(found["line"]) == case.line, problems[0]
    assert found["type"] == f"policy.{case.subtype}", problems[0]
    for fragment in case.says:
        assert fragment in found["message"], f"{fragment!r} not in: {found['message']}"

    # no text lost
    written = (result.outdir / "case.html").read_text(encoding="utf-8")
    shown = visible_text(written)
    for fragment in case.kept:
        assert fragment.replace("“", '"') in shown, f"{fragment!r} lost from the page"

    # typed markup is text, never markup, on every page
    for path in result.outdir.rglob("*.html"):
        assert not injected(path.read_text(encoding="utf-8")), path.name
    if INJECT in case.page and INJECT in "".join(case.kept):
        assert html.escape("<script>", quote=False) in written
