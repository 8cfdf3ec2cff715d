"""Declarations on the client's own words ({declare-…} roles): the page shows exactly the
client's sentence; the facts reach the index, the export, the summaries and the checks;
every builder writes them; a parallel build equals a serial one."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, sphinx_build

ROOTS = ROOT / "tests" / "roots"
INLINE = ROOTS / "test-inline"
ROLE = re.compile(r"\{declare-[a-z-]+\}`([^`]*?)(?:\s*<[^<>`]*>)?`")


def visible(html: str) -> str:
    """The words of the page's article, as a reader sees them (no tags, one space)."""
    body = html[html.index('role="main"'):]
    body = re.sub(r"<aside.*?</aside>", " ", body, flags=re.S)  # the generated summary
    text = re.sub(r"<[^>]+>", "", body)
    text = text.replace("&#64;", "@").replace("&#46;", ".").replace("&amp;", "&")
    return " ".join(text.split())


def sentences_of(markdown: str) -> list[str]:
    """The client's sentences of a page: the Markdown with each role replaced by its words."""
    body = markdown.split("---", 2)[-1]
    out = []
    for block in re.split(r"\n\s*\n", body):
        lines = [ln for ln in block.splitlines() if not ln.startswith((":::", "#", "::::"))]
        text = " ".join(ROLE.sub(r"\1", " ".join(lines)).split())
        if text:
            out.append(text)
    return out


@pytest.fixture(scope="module")
def inline_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("inline") / "html"
    built = sphinx_build(INLINE, out, "html", "-D", "policy_compliance_checks=0")
    assert built.returncode == 0, built.stderr
    return out


def test_the_page_shows_exactly_the_clients_sentences(inline_html: Path) -> None:
    shown = visible((inline_html / "index.html").read_text(encoding="utf-8"))
    for sentence in sentences_of((INLINE / "index.md").read_text(encoding="utf-8")):
        assert sentence in shown, sentence
    # no word added: the shown text is the sentences and the headings, nothing else
    for word in ("Art. 15", "Right of access", "access (", "treatment-file", "<access>"):
        assert word not in shown


def test_the_facts_reach_the_export(inline_html: Path) -> None:
    export = json.loads((inline_html / "policy.json").read_text(encoding="utf-8"))
    controller = export["controller"]
    assert controller["name"] == "Praktijk Zeeduin B.V."
    assert controller["address"] == ["Duinweg 12, 2585 AB Den Haag"]
    assert controller["email"] == "privacy@zeeduin.example"
    assert controller["dpo-contact"] == "dpo@zeeduin.example"
    rights = {r["key"]: r["wording"] for r in export["rights"]}
    assert rights == {"access": "access to your data", "rectification": "correction",
                      "erasure": "deletion", "objection": "object to our use of your data"}
    categories = {c["key"]: c for c in export["data-categories"]}
    assert categories["treatment-file"]["name"] == "your treatment file"
    assert categories["treatment-file"]["items"] == ["your diagnosis",
                                                     "the treatments you received"]
    assert categories["treatment-file"]["special-category"]["key"] == "health"
    assert categories["referral-letter"]["special-category"] is None
    activities = {a["key"]: a for a in export["activities"]}
    treatment = activities["treatment"]
    assert treatment["purposes"] == ["to treat you well"]
    assert treatment["legal-basis"]["key"] == "legal-obligation"
    assert treatment["special-condition"]["article"] == "Art. 9(2)(h)"
    assert treatment["data-categories"] == ["treatment-file"]
    assert treatment["recipients"] == ["zorgcloud"]
    assert treatment["retention"] == ["treatment-file"]
    # nothing the text omits is filled in
    referral = activities["referral"]
    assert referral["purposes"] is None and referral["legal-basis"] is None
    assert referral["data-source"] is None  # recognised by the checks, never exported
    [period] = [r for r in export["retention"] if r["category"] == "treatment-file"]
    assert (period["kind"], period["duration"]["iso8601"]) == ("duration", "P20Y")


def test_the_summary_and_links_use_the_marked_words(inline_html: Path) -> None:
    page = (inline_html / "index.html").read_text(encoding="utf-8")
    glance = re.search(r'<aside aria-label="At a glance".*?</aside>', page, re.S)
    assert glance
    text = " ".join(re.sub(r"<[^>]+>", "", glance.group(0)).split())
    assert "Purpose: to treat you well" in text
    assert "your treatment file (special category, Art. 9(1) GDPR): 20 years" in text
    assert "Special categories: Medicine, diagnosis, health or social care and treatment " \
           "(Art. 9(2)(h) GDPR)" in text
    assert 'id="right-access"' in page and 'id="policy-controller"' in page
    assert 'href="mailto:privacy' in page
    assert 'title="Right of access (Art. 15 GDPR)"' in page


def test_the_checks_read_inline_facts_and_what_is_missing(tmp_path: Path) -> None:
    src = shutil.copytree(INLINE, tmp_path / "src")
    built = sphinx_build(src, tmp_path / "html", "html", "-D", "policy_compliance_checks=1")
    report = json.loads((tmp_path / "html" / "report.json").read_text(encoding="utf-8"))
    found = {(f["check"], f["key"]): f for f in report["findings"]}
    # an activity with no stated purpose builds, and is reported under Art. 14 (the
    # referral is recognised as data from someone else)
    assert found[("purposes-and-basis", "referral:purpose")]["article"] == "Art. 14(1)(c)"
    assert found[("purposes-and-basis", "referral")]["article"] == "Art. 14(1)(c)"
    assert ("rights", "restriction") in found
    assert not any(check == "special-category-condition" for check, _ in found)
    assert not any(check == "ungrounded" for check, _ in found)
    assert not any(check == "controller-identity" for check, _ in found)
    assert "policy.missing_option" not in built.stderr


@pytest.mark.parametrize("builder", ["text", "latex", "singlehtml", "gettext", "epub"])
def test_every_builder_writes_the_marked_words(builder: str, tmp_path: Path) -> None:
    built = sphinx_build(INLINE, tmp_path / builder, builder, "-D",
                         "policy_compliance_checks=0", "-D", "version=1")
    assert built.returncode == 0, built.stderr
    if builder == "text":
        text = " ".join((tmp_path / builder / "index.txt").read_text().split())
        assert "You may ask us for access to your data, for correction or deletion" in text


def test_parallel_build_equals_serial(tmp_path: Path) -> None:
    serial = sphinx_build(INLINE, tmp_path / "serial", "html")
    parallel = sphinx_build(INLINE, tmp_path / "parallel", "html", "-j", "2")
    assert serial.returncode == parallel.returncode == 0, serial.stderr + parallel.stderr
    for page in ("index.html", "policy.json"):
        assert (tmp_path / "serial" / page).read_bytes() == \
            (tmp_path / "parallel" / page).read_bytes()


def test_a_notice_needs_no_primary_domain_for_the_reference_roles(tmp_path: Path) -> None:
    src = shutil.copytree(INLINE, tmp_path / "src")
    page = src / "index.md"
    page.write_text(page.read_text(encoding="utf-8") +
                    "\nSee {right}`your right of access <access>`.\n", encoding="utf-8")
    built = sphinx_build(src, tmp_path / "html", "html", "-D", "policy_compliance_checks=0")
    assert built.returncode == 0, built.stderr
