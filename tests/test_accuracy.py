"""Accuracy of the compliance checks, each as a class of cases: the controller's own legal
duty is not a requirement to give data; sentences are never cut at an abbreviation; any
storing of or access to information on a device needs consent like a cookie; a written
activity name is held to the text like any other value."""

from __future__ import annotations

import json
import shutil
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from gdpr_policy.compliance.policy import sentences
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

PROJECT = ROOT / "tests" / "roots" / "test-accuracy-checks"


def findings(tmp_path: Path, text: str, check: str) -> list[dict[str, Any]]:
    """The findings of one check on a one-page policy, built in process with the checks
    on."""
    src = tmp_path / "src"
    shutil.copytree(PROJECT, src)
    (src / "index.md").write_text(text, encoding="utf-8")
    warning = StringIO()
    app = SphinxTestApp("html", srcdir=src, freshenv=True, status=StringIO(),
                        warning=warning)
    try:
        app.build()
    finally:
        app.cleanup()
    report = Path(app.outdir) / "report.json"
    assert report.is_file(), strip_colors(warning.getvalue())
    return [f for f in json.loads(report.read_text())["findings"] if f["check"] == check]


def activity(text: str, options: str = ":basis: contract\n", key: str = "orders") -> str:
    return (f"# Privacy notice\n\n::::{{processing-activity}} {key}\n:purpose: handling "
            f"your orders\n{options}\n{text}\n::::\n")


# -- 1. the controller's own legal duty (Art. 6(1)(c)) is not a requirement to give data -

OWN_DUTY = [
    "We are required by law to keep your invoices for seven years.",
    "We are required to store your billing data by law.",
    "We are obliged to retain your order data for ten years by law.",
    "We are required, under Dutch tax law, to keep your invoices for seven years.",
    "The law requires us to keep your invoices for seven years.",
    "Tax law obliges us to store your invoices for seven years.",
    "Your invoices are kept for ten years because of statutory retention obligations.",
    "We keep your invoices to meet our statutory obligation to retain records.",
    "Invoices are required by law to be kept for ten years.",
    "We need to keep your invoices for seven years under tax law.",
    "We keep your data longer if we are required to do so by law.",
]


@pytest.mark.parametrize("duty", OWN_DUTY)
def test_the_controllers_own_legal_duty_does_not_state_a_requirement(
        tmp_path: Path, duty: str) -> None:
    found = findings(tmp_path, activity(f"We use your data for handling your orders. {duty}"),
                     "requirement")
    # not "says the data are required (…) but not what happens": it says nothing of it
    assert [f["message"] for f in found] == [
        "processing activity 'orders' does not say whether providing the data is a "
        "statutory or contractual requirement, or optional"]
    assert found[0]["severity"] == "warning"


def test_a_requirement_beside_the_controllers_duty_still_counts(tmp_path: Path) -> None:
    text = ("We are required by law to keep your invoices for seven years, and providing "
            "your billing address is mandatory.")
    found = findings(tmp_path, activity(text), "requirement")
    assert len(found) == 1 and found[0]["severity"] == "error"
    assert repr(text) in found[0]["message"]  # the requirement, quoted whole


def test_what_follows_from_the_controllers_duty_is_not_a_consequence(tmp_path: Path) -> None:
    text = ("Providing your billing address is mandatory. We are legally obliged to keep "
            "your invoices; otherwise we cannot meet our duties under tax law.")
    found = findings(tmp_path, activity(text), "requirement")
    assert [f["severity"] for f in found] == ["error"]
    assert "not what happens if they are not provided" in found[0]["message"]
    given = text.replace("Providing your billing address is mandatory.",
                         "Providing your billing address is mandatory; if you do not "
                         "provide it, we are required by law to refuse the order.")
    assert findings(tmp_path / "given", activity(given), "requirement") == []


# -- 2. sentences are never cut at an abbreviation -----------------------------------------

@pytest.mark.parametrize("text", [
    "The legal basis is Art. 6(1)(c) GDPR.",
    "We share data with processors, e.g. our hosting provider, and others, i.e. payment "
    "services.",
    "See No. 5 and Nr. 7 of the list, cf. para. 13 of the guidelines.",
    "Google Ireland Ltd. and Example Inc. receive the data, as do Example B.V. and others.",
    "Names, addresses etc. are kept.",
    "Our data protection officer, J. R. Smith, answers questions.",
    "Version 9.2 of the terms applies, see www.example.com for it.",
])
def test_a_sentence_is_never_cut_at_an_abbreviation(text: str) -> None:
    assert sentences(f"{text} We keep it short.") == [text, "We keep it short."]


def test_a_stop_after_an_abbreviation_still_ends_a_sentence_before_a_new_one() -> None:
    assert sentences("Do we make automated decisions? No. We do not.") == [
        "Do we make automated decisions?", "No.", "We do not."]
    assert sentences("We collect names, addresses, etc. We keep them for a year.") == [
        "We collect names, addresses, etc.", "We keep them for a year."]
    assert sentences("The data go to Example B.V. The data stay in the EU.") == [
        "The data go to Example B.V.", "The data stay in the EU."]


def test_a_finding_quotes_a_sentence_with_an_article_number_whole(tmp_path: Path) -> None:
    said = ("The legal basis for keeping your invoices is Art. 6(1)(c) GDPR, as tax law "
            "obliges us to keep them.")
    found = findings(tmp_path, activity(f"We process your orders. {said}", options=""),
                     "purposes-and-basis")
    assert len(found) == 1
    assert f"already says {said!r}" in found[0]["hint"]
    assert "legal-obligation" in found[0]["hint"]


def test_a_finding_quotes_a_sentence_with_e_g_whole(tmp_path: Path) -> None:
    said = ("We may share your order data with service providers, e.g. hosting companies, "
            "for handling your orders.")
    found = findings(tmp_path, activity(said), "vague-wording")
    assert found, "no vague-wording finding"
    assert all(f"in {said!r}" in f["message"] for f in found), found


# -- 3. SDKs, device identifiers and other access to the device: like cookies --------------

@pytest.mark.parametrize(("said", "named"), [
    ("Our app contains the Facebook SDK, which measures how you use the app.",
     "a software development kit ('SDK')"),
    ("We use software development kits of analytics providers in our app.",
     "a software development kit ('software development kits')"),
    ("The app reads your advertising ID to show you personalised ads.",
     "an identifier of the device ('advertising ID')"),
    ("We collect device identifiers for advertising.",
     "an identifier of the device ('device identifiers')"),
    ("We keep a record of your visits in local storage for analytics.",
     "storage on the device ('local storage')"),
    ("Some information stored on your device is read to measure our reach.",
     "storage of or access to information on the device ('information stored on your "
     "device')"),
    ("The app needs access to your device to track which features you use.",
     "storage of or access to information on the device ('access to your device')"),
])
def test_any_storing_of_or_access_to_information_on_a_device_needs_consent(
        tmp_path: Path, said: str, named: str) -> None:
    page = activity(said, options=":basis: legitimate-interests\n:interest: improving our "
                    "app\n", key="app")
    found = findings(tmp_path, page, "cookie-consent")
    assert len(found) == 1, found
    assert found[0]["message"].startswith(f"processing activity 'app' uses {named} for a "
                                          "purpose that is not strictly necessary")
    assert "cookie" not in found[0]["message"].split("(ePrivacy")[0]


@pytest.mark.parametrize("said", [
    "Our app contains no SDK and measures nothing.",
    "We do not access your device, and we do not track you.",
    "Nothing is stored on your device for analytics.",
    "We never read your advertising ID for advertising.",
    "With your consent, the app uses an analytics SDK.",
    "The analytics SDK is only used once you agree in the app's settings, and only if you "
    "opt in.",
    "The app uses an SDK only where strictly necessary to deliver the messages you asked "
    "for; we do not use it for analytics.",
    "We use local storage exclusively for what is strictly necessary to keep you logged in, "
    "never for tracking.",
])
def test_no_alarm_when_such_technology_is_not_used_or_only_with_consent_or_if_necessary(
        tmp_path: Path, said: str) -> None:
    page = activity(said, options=":basis: legitimate-interests\n:interest: improving our "
                    "app analytics\n", key="app")
    assert findings(tmp_path, page, "cookie-consent") == []


# -- 4. an activity's written name is held to its text -------------------------------------

def test_an_activity_name_the_text_does_not_contain_is_ungrounded(tmp_path: Path) -> None:
    text = "We use your data for handling your orders."
    found = findings(tmp_path, activity(text, ":name: Online shop\n:basis: contract\n"),
                     "ungrounded")
    assert [f["key"] for f in found] == ["orders:name"]
    # a name written as the key itself is shown to readers like any other
    same = findings(tmp_path / "same", activity(text, ":name: shop\n:basis: contract\n",
                                                key="shop"), "ungrounded")
    assert [f["key"] for f in same] == ["shop:name"]
    assert same[0]["line"] == 5  # the ':name:' line
    # no ':name:': the name defaults to the key, and nothing is reported
    assert findings(tmp_path / "none", activity(text, key="shop"), "ungrounded") == []
    # the name in the text: grounded
    grounded = activity("Our online shop uses your data for handling your orders.",
                        ":name: Online shop\n:basis: contract\n")
    assert findings(tmp_path / "grounded", grounded, "ungrounded") == []
