"""Compliance checks (GDPR Art. 13/14): each check on a project that triggers it and one
that satisfies it; waivers; the report; and the client's own policy, read against our
reading of it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import ROOT, sphinx_build
from gdpr_policy.compliance.checks import CHECKS
from gdpr_policy.compliance.report import SCHEMA
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

ROOTS = ROOT / "tests" / "roots"
CHECK_FLAG = ["-D", "policy_compliance_checks=1"]

#: Where a triggered finding cites a more precise article than its check's default.
ARTICLE = {"rights-fit": {"Art. 20(1)(a)", "Art. 21(1)"}}


@dataclass
class Result:
    status: int
    warnings: str
    report: dict[str, Any]
    srcdir: Path
    outdir: Path

    def findings(self, check: str) -> list[dict[str, Any]]:
        return [f for f in self.report["findings"] if f["check"] == check]


def build(tmp_path: Path, check: str, page: str = "trigger", parallel: int = 0,
          srcdir: Path | None = None, **conf: Any) -> Result:
    """Build one page of tests/roots/test-check-<check> with the checks on, in process."""
    if srcdir is None:
        srcdir = tmp_path / check
        shutil.copytree(ROOTS / f"test-check-{check}", srcdir)
    pages = {p.stem for p in srcdir.glob("*.md")}
    overrides = {"root_doc": page,
                 "exclude_patterns": ["_build", *(f"{p}.md" for p in pages - {page})], **conf}
    warning = StringIO()
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=True, confoverrides=overrides,
                        status=StringIO(), warning=warning, parallel=parallel)
    try:
        app.build()
    finally:
        app.cleanup()
    report_file = app.outdir / "report.json"
    report = json.loads(report_file.read_text()) if report_file.exists() else {}
    return Result(app.statuscode, strip_colors(warning.getvalue()), report, srcdir,
                  Path(app.outdir))


def expected_lines(check: str, page: str = "trigger") -> list[int]:
    """The lines marked '% expect: <check>' (the marker stands on the line above), or
    '% expect: <check> +N' (N lines below the marker: an option line, which no comment
    may interrupt, or a line inside a paragraph)."""
    text = (ROOTS / f"test-check-{check}" / f"{page}.md").read_text().splitlines()
    marker = re.compile(rf"% expect: {re.escape(check)}(?: \+(\d+))?")
    return sorted(n + int(m.group(1) or 1) for n, line in enumerate(text, 1)
                  if (m := marker.fullmatch(line.strip())))


# -- each check: triggered, and satisfied --------------------------------------------------

@pytest.mark.parametrize("check", sorted(CHECKS))
def test_check_reports_a_finding_with_article_file_and_line(check: str,
                                                             tmp_path: Path) -> None:
    result = build(tmp_path, check)
    lines = expected_lines(check)
    assert lines, f"test-check-{check}/trigger.md marks no expected finding"
    found = result.findings(check)
    assert sorted(f["line"] for f in found) == lines, result.warnings
    assert_hints_leave_wording_to_the_legal_team(result.report["findings"])
    articles = ARTICLE.get(check, {CHECKS[check].article})
    for finding, line in zip(sorted(found, key=lambda f: f["line"]), lines, strict=True):
        assert finding["file"] == "trigger.md"
        assert finding["article"] in articles
        assert finding["message"] and finding["hint"]
        assert not finding["waived"]
        # the same finding, as a Sphinx warning with file:line, article and subtype
        warning = re.compile(rf"trigger\.md:{line}: WARNING: {re.escape(finding['article'])} "
                             rf"\((error|warning|info)\): .+ Fix: .+ "
                             rf"\[policy\.{re.escape(check)}\]")
        assert warning.search(result.warnings), result.warnings


@pytest.mark.parametrize("check", sorted(CHECKS))
def test_check_raises_no_false_alarm_when_satisfied(check: str, tmp_path: Path) -> None:
    result = build(tmp_path, check, page="satisfy")
    assert result.report, result.warnings
    assert result.findings(check) == []
    assert f"[policy.{check}]" not in result.warnings


def test_every_check_has_a_test_project() -> None:
    names = {p.name.removeprefix("test-check-") for p in ROOTS.glob("test-check-*")}
    assert names - {"compliant"} == set(CHECKS)


#: A hint opening like this tells the editor to supply law by themselves.
IMPERATIVE = re.compile(r"(?:add|state|write|give|name|describe|declare|make|split|say|put|"
                        r"list|supply|change|reword|rename)\b", re.I)


def assert_hints_leave_wording_to_the_legal_team(findings: list[dict[str, Any]]) -> None:
    """Every hint says who decides: the legal team supplies wording, a basis, a right, a
    period; the editor only declares what the text then says."""
    for finding in findings:
        hint = finding["hint"]
        assert "legal team" in hint, (finding["check"], hint)
        assert not IMPERATIVE.match(hint), (finding["check"], hint)
        # "declare" comes only after the legal team has spoken ("...; then declare")
        before = hint.split("legal team")[0]
        assert "declare" not in before and "add " not in before, (finding["check"], hint)


def test_every_check_finding_code_path_has_a_hint_test() -> None:
    # Each check's trigger page raises its finding (test above): so every check's hint
    # text is read by assert_hints_leave_wording_to_the_legal_team at least once.
    assert all((ROOTS / f"test-check-{c}" / "trigger.md").is_file() for c in CHECKS)


# -- details of single checks --------------------------------------------------------------

def test_missing_controller_is_reported_on_the_first_page(tmp_path: Path) -> None:
    src = tmp_path / "none"
    src.mkdir()
    shutil.copy(ROOTS / "test-check-controller-identity" / "conf.py", src)
    (src / "index.md").write_text("# Privacy notice\n\nWe process personal data.\n")
    result = build(tmp_path, "controller-identity", page="index", srcdir=src)
    [finding] = result.findings("controller-identity")
    assert (finding["file"], finding["line"]) == ("index.md", 1)
    assert "no {controller} block" in finding["message"]


def test_basis_stated_in_text_but_undeclared_gets_a_precise_hint(tmp_path: Path) -> None:
    result = build(tmp_path, "purposes-and-basis")
    by_key = {f["key"]: f for f in result.findings("purposes-and-basis")}
    assert "':basis: consent'" in by_key["events"]["hint"]
    assert "states no legal basis" in by_key["newsletter"]["hint"]


def test_requirement_without_consequences_is_an_error_undeclared_is_a_warning(
        tmp_path: Path) -> None:
    result = build(tmp_path, "requirement")
    severity = {f["key"]: f["severity"] for f in result.findings("requirement")}
    assert severity == {"account": "error", "survey": "warning"}


def test_rights_fit_promised_but_inapplicable_and_owed_but_missing(tmp_path: Path) -> None:
    result = build(tmp_path, "rights-fit")
    found = {f["key"]: f for f in result.findings("rights-fit")}
    # portability is promised, but nothing rests on consent or contract (a warning) ...
    assert found["portability"]["severity"] == "warning"
    assert found["portability"]["article"] == "Art. 20(1)(a)"
    # ... and objection is owed to legitimate-interests processing but missing (an error),
    # reported at the list of rights
    assert found["objection"]["severity"] == "error"
    assert found["objection"]["article"] == "Art. 21(1)"
    rights_line = (ROOTS / "test-check-rights-fit" / "trigger.md").read_text() \
        .splitlines().index("::::{rights}") + 1
    assert found["objection"]["line"] == rights_line


def test_numbering_reports_the_gap_and_the_duplicate(tmp_path: Path) -> None:
    result = build(tmp_path, "section-numbering")
    messages = [f["message"] for f in result.findings("section-numbering")]
    assert any("§3 is missing" in m for m in messages)
    assert any("§4 is used twice" in m for m in messages)


def test_retention_extension_clause_is_a_warning_listing_what_it_overrides(
        tmp_path: Path) -> None:
    result = build(tmp_path, "retention-conflict")
    clause = [f for f in result.findings("retention-conflict")
              if f["key"] == "retention-extension"]
    assert [f["severity"] for f in clause] == ["warning"]
    assert "for 7 years (ticket-data)" in clause[0]["message"]


def test_a_tool_named_without_a_link_is_a_warning_other_pointers_errors(
        tmp_path: Path) -> None:
    result = build(tmp_path, "dangling-reference")
    severity = {f["key"]: f["severity"] for f in result.findings("dangling-reference")}
    assert severity.pop("installing the example opt-out browser add-on") == "warning"
    assert set(severity.values()) == {"error"}
    assert "contact information below" in severity


def test_report_from_other_builders(tmp_path: Path) -> None:
    for builder in ("singlehtml", "text"):
        src = tmp_path / builder
        shutil.copytree(ROOTS / "test-check-retention", src)
        (src / "satisfy.md").unlink()
        out = tmp_path / f"{builder}-out"
        run = sphinx_build(src, out, builder, "-D", "root_doc=trigger", *CHECK_FLAG)
        report = json.loads((out / "report.json").read_text())
        assert [f["check"] for f in report["findings"]].count("retention") == 1, run.stderr
        page = out / "compliance-report.html"
        assert page.exists() == (builder == "singlehtml")
        if page.exists():
            assert_links_resolve(out, page.read_text())


def page(tmp_path: Path, text: str) -> Result:
    """Build a one-page project with the checks on."""
    src = tmp_path / "page"
    src.mkdir()
    shutil.copy(ROOTS / "test-check-compliant" / "conf.py", src)
    (src / "index.md").write_text(text)
    return build(tmp_path, "page", page="index", srcdir=src)


def test_what_the_text_states_counts_even_undeclared(tmp_path: Path) -> None:
    result = page(tmp_path, """# Privacy notice

For anything about your data, contact our Data Protection Officer at dpo@example.com.

You may lodge a complaint with a supervisory authority, the Autoriteit Persoonsgegevens.

::::{processing-activity} newsletter
:purpose: sending our newsletter
:basis: consent

You can withdraw your consent at any time.
::::
""")
    checks = {f["check"] for f in result.report["findings"]}
    assert not checks & {"dpo-contact", "complaint", "withdraw-consent"}, result.warnings


def test_text_is_read_with_care(tmp_path: Path) -> None:
    result = page(tmp_path, """# Privacy notice

::::{processing-activity} visits
:purpose: counting visits
:categories: visit-data
:retention: visit-data
:basis: legitimate-interests
:interest: improving our website

We never share your data with third parties. Cookies are stored when you visit our site.
The legal basis is Art. 6(1)(f) GDPR. The data are deleted once 14 months have passed.

:::{data-category} visit-data
:name: Visit data
:items: pages visited
:::

:::{retention} visit-data
:period: until 14 months have passed
:::
::::
""")
    checks = {f["check"] for f in result.report["findings"]}
    # a denied disclosure, a collection moment, an article number, one event two ways
    assert not checks & {"recipients", "retention-conflict", "single-basis"}, result.warnings


def test_a_pointer_below_is_answered_by_a_subsection(tmp_path: Path) -> None:
    result = page(tmp_path, """# Privacy notice

## Cookies

We use the cookies described below.

### Session cookie

It keeps you logged in.
""")
    assert result.findings("dangling-reference") == []


def test_front_matter_is_not_read_as_policy_text(tmp_path: Path) -> None:
    result = page(tmp_path, """---
policy-waivers:
  - check: dangling-reference
    reason: see the annex and the contact information below
    accepted-by: C. Counsel
---

# Privacy notice

Text.
""")
    assert result.findings("dangling-reference") == []
    assert "matches no finding" in result.warnings  # the waiver itself is still read


def test_recipient_names_match_whole_words_only(tmp_path: Path) -> None:
    # 'Internet service provider' is a data item, not a recipient (satisfy.md has it)
    result = build(tmp_path, "recipients", page="satisfy")
    assert result.findings("recipients") == []


# -- the build: off by default, exit status, report ---------------------------------------

def test_checks_are_off_by_default_and_never_block_a_strict_build(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-check-purposes-and-basis", src)
    conf = src / "conf.py"
    conf.write_text(conf.read_text().replace("policy_compliance_checks = True", ""))
    (src / "satisfy.md").unlink()
    (src / "index.md").write_text("# Index\n\n```{toctree}\ntrigger\n```\n")
    off = sphinx_build(src, tmp_path / "off")
    assert off.returncode == 0, off.stderr
    assert "policy.purposes-and-basis" not in off.stderr
    assert not (tmp_path / "off" / "report.json").exists()
    on = sphinx_build(src, tmp_path / "on", "html", *CHECK_FLAG)
    assert on.returncode != 0
    assert "[policy.purposes-and-basis]" in on.stderr
    assert (tmp_path / "on" / "report.json").exists()


#: The newsletter says nowhere whether subscribing is required (declared or in its text).
NO_REQUIREMENT = (":required: Subscribing is voluntary.\n:recipients: mailer\n\n"
                  "Subscribing is voluntary. ", ":recipients: mailer\n\n")


def compliant(tmp_path: Path, edit: tuple[str, str] | None = None, **conf: Any) -> Result:
    """Build tests/roots/test-check-compliant, a policy every check passes, after one
    edit (old text, new text) to its page."""
    src = tmp_path / "compliant"
    shutil.copytree(ROOTS / "test-check-compliant", src)
    if edit:
        page = src / "index.md"
        assert edit[0] in page.read_text()
        page.write_text(page.read_text().replace(*edit))
    return build(tmp_path, "compliant", page="index", srcdir=src, **conf)


def test_a_policy_giving_everything_passes_every_check(tmp_path: Path) -> None:
    result = compliant(tmp_path)
    assert result.report["findings"] == [], result.warnings
    assert result.status == 0
    status = {item["check"]: item["status"] for item in result.report["checklist"]}
    assert set(status.values()) == {"covered"}  # every item applies here, Art. 14 too
    assert result.report["art14-applies"] is True


def test_warnings_alone_pass_an_open_error_fails(tmp_path: Path) -> None:
    warned = compliant(tmp_path / "w", NO_REQUIREMENT)
    assert [f["severity"] for f in warned.report["findings"]] == ["warning"]
    assert warned.status == 0
    failed = compliant(tmp_path / "e", (":interest: improving our website\n", ""))
    assert [f["check"] for f in failed.report["findings"]] == ["legitimate-interests"]
    assert failed.status == 1


def test_an_authoring_error_fails_the_check_even_without_findings(tmp_path: Path) -> None:
    result = compliant(tmp_path, ("Right of access\n", "Right of access {term}`no such`\n"))
    assert result.report["findings"] == []
    assert "policy.unknown_term" in result.warnings or "term not in glossary" in \
        result.warnings, result.warnings
    assert result.status == 1


def test_waiving_the_only_open_error_lets_the_check_pass(tmp_path: Path) -> None:
    waiver = {**WAIVER, "check": "legitimate-interests", "key": "analytics"}
    result = compliant(tmp_path, (":interest: improving our website\n", ""),
                       policy_waivers=[waiver])
    [finding] = result.report["findings"]
    assert finding["waived"] is True
    assert result.report["summary"] == {"findings": 1, "open-errors": 0, "open-warnings": 0,
                                        "open-info": 0, "waived": 1, "passed": True}
    assert result.status == 0, result.warnings
    assert "[policy.legitimate-interests]" not in result.warnings


def test_report_is_the_same_after_a_no_op_rebuild_and_in_parallel(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-check-dangling-reference", src)
    first = build(tmp_path, "dangling-reference", srcdir=src)
    # a second build in the same folder reads nothing again: the report must not shrink
    overrides = {"root_doc": "trigger", "exclude_patterns": ["_build", "satisfy.md"]}
    app = SphinxTestApp("html", srcdir=src, confoverrides=overrides, status=StringIO(),
                        warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    again = json.loads((app.outdir / "report.json").read_text())
    assert again == first.report
    parallel = build(tmp_path / "p", "dangling-reference", parallel=2)
    assert parallel.report == first.report


def test_report_matches_its_schema_and_page_links_resolve(tmp_path: Path) -> None:
    result = build(tmp_path, "retention")
    jsonschema.validate(result.report, json.loads(SCHEMA.read_text()))
    page = (result.outdir / "compliance-report.html").read_text()
    assert_links_resolve(result.outdir, page)
    assert "✗" in page and "Art. 13(2)(a)" in page


# -- waivers -------------------------------------------------------------------------------

WAIVER = {"check": "purposes-and-basis", "key": "newsletter",
          "reason": "the basis is being agreed with the client", "accepted_by": "A. Jurist"}


def test_a_waived_finding_stays_in_the_report_marked_waived(tmp_path: Path) -> None:
    result = build(tmp_path, "purposes-and-basis", policy_waivers=[WAIVER])
    found = {f["key"]: f for f in result.findings("purposes-and-basis")}
    assert found["newsletter"]["waived"] is True
    assert found["newsletter"]["waiver"]["reason"] == WAIVER["reason"]
    assert found["newsletter"]["waiver"]["accepted_by"] == "A. Jurist"
    assert found["events"]["waived"] is False
    # a waived finding is not shown as a warning; the open one still is
    assert len(re.findall(r"\[policy\.purposes-and-basis\]", result.warnings)) == 1
    assert result.report["summary"]["waived"] == 1


def test_a_waiver_by_location(tmp_path: Path) -> None:
    line = expected_lines("purposes-and-basis")[0]
    waiver = {**WAIVER, "key": "", "location": f"trigger.md:{line}"}
    result = build(tmp_path, "purposes-and-basis", policy_waivers=[waiver])
    waived = {f["line"]: f["waived"] for f in result.findings("purposes-and-basis")}
    assert waived[line] is True
    assert list(waived.values()).count(True) == 1


def test_a_waiver_in_front_matter_covers_its_page(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-check-purposes-and-basis", src)
    page = src / "trigger.md"
    page.write_text("---\npolicy-waivers:\n  - check: purposes-and-basis\n    key: events\n"
                    "    reason: basis under review\n    accepted-by: B. Counsel\n---\n"
                    + page.read_text())
    result = build(tmp_path, "purposes-and-basis", srcdir=src)
    found = {f["key"]: f for f in result.findings("purposes-and-basis")}
    assert found["events"]["waived"] is True
    assert found["events"]["waiver"]["declared_at"] == "trigger.md:3"
    assert found["newsletter"]["waived"] is False


@pytest.mark.parametrize(("waiver", "message"), [
    ({**WAIVER, "check": "purpose-and-basis"},
     r"unknown check 'purpose-and-basis'; did you mean 'purposes-and-basis'\?"),
    ({**WAIVER, "reason": ""}, r"'reason' is required"),
    ({k: v for k, v in WAIVER.items() if k != "accepted_by"}, r"'accepted_by' is required"),
    ({**WAIVER, "who": "me"}, r"unknown field 'who'"),
])
def test_a_malformed_waiver_is_an_authoring_error_in_every_build(
        tmp_path: Path, waiver: dict[str, str], message: str) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-check-purposes-and-basis", src)
    conf = src / "conf.py"
    conf.write_text(conf.read_text().replace("policy_compliance_checks = True", "")
                    + f"\npolicy_waivers = [\n    {waiver!r},\n]\n")
    (src / "satisfy.md").unlink()
    (src / "index.md").write_text("# Index\n\n```{toctree}\ntrigger\n```\n")
    strict = sphinx_build(src, tmp_path / "html")  # checks off: the published build
    assert strict.returncode != 0
    line = conf.read_text().splitlines().index(f"    {waiver!r},") + 1
    assert re.search(rf"conf\.py:{line}: WARNING: .*{message}.*\[policy\.waiver\]",
                     strict.stderr), strict.stderr


@pytest.mark.parametrize(("value", "message"), [
    ("'not a list'", "policy_waivers must be a list of waivers"),
    ("['requirement']", "a waiver is a mapping"),
])
def test_waivers_of_the_wrong_shape_are_reported_not_crashed_on(
        tmp_path: Path, value: str, message: str) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-check-compliant", src)
    conf = src / "conf.py"
    conf.write_text(conf.read_text() + f"policy_waivers = {value}\n")
    result = build(tmp_path, "compliant", page="index", srcdir=src)
    assert re.search(rf"conf\.py:\d+: WARNING: {message}.*\[policy\.waiver\]",
                     result.warnings), result.warnings
    assert result.status == 1


def test_a_malformed_front_matter_waiver_is_located(tmp_path: Path) -> None:
    result = page(tmp_path, "---\npolicy-waivers:\n  - check: no-such-check\n"
                            "    reason: r\n    accepted-by: a\n---\n\n# Notice\n")
    assert re.search(r"index\.md:3: WARNING: waiver: unknown check 'no-such-check'.*"
                     r"\[policy\.waiver\]", result.warnings), result.warnings


def test_a_suppressed_finding_stays_in_the_report(tmp_path: Path) -> None:
    result = compliant(tmp_path, NO_REQUIREMENT,
                       suppress_warnings=["policy.requirement"])
    assert [f["check"] for f in result.report["findings"]] == ["requirement"]
    assert "[policy.requirement]" not in result.warnings
    assert result.status == 0  # a suppressed finding is not an authoring error


def test_a_waiver_matching_nothing_is_reported(tmp_path: Path) -> None:
    stale = {**WAIVER, "key": "no-such-activity"}
    result = build(tmp_path, "purposes-and-basis", policy_waivers=[stale])
    assert re.search(r"waiver of 'purposes-and-basis' key='no-such-activity' matches no "
                     r"finding.*\[policy\.waiver\]", result.warnings)
    assert result.status == 1


# -- the client's policy -------------------------------------------------------------------

@pytest.fixture(scope="module")
def policy_check(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, Path]:
    """`make check` on the client's policy: the same sphinx-build command line."""
    out = tmp_path_factory.mktemp("check") / "compliance"
    cmd = make_check_command(out)
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    return proc.returncode, strip_colors(proc.stderr), out


def make_check_command(out: Path) -> list[str]:
    """The recipe of `make check`, read from the Makefile (dry run), aimed at ``out``."""
    dry = subprocess.run(["make", "-n", "-o", ".venv/.installed", "check",
                          f"BUILD={out.parent}"], capture_output=True, text=True, cwd=ROOT)
    assert dry.returncode == 0, dry.stderr
    lines = dry.stdout.replace("\\\n", " ").splitlines()
    [line] = [x for x in lines if "policy_compliance_checks=1" in x]
    assert f"{out.parent}/compliance" in line
    return line.split()


def doc_line(page: str, text: str) -> int:
    lines = (ROOT / "docs" / page).read_text().splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def test_make_check_on_the_policy_fails_and_writes_the_report(
        policy_check: tuple[int, str, Path]) -> None:
    status, stderr, out = policy_check
    assert status != 0
    report = json.loads((out / "report.json").read_text())
    jsonschema.validate(report, json.loads(SCHEMA.read_text()))
    assert report["summary"]["open-errors"] > 0
    for finding in report["findings"]:
        assert (ROOT / finding["file"]).is_file(), finding
        assert finding["line"] >= 1
        assert f"{finding['file']}:{finding['line']}: WARNING: {finding['article']}" in stderr
    assert_hints_leave_wording_to_the_legal_team(report["findings"])
    page = (out / "compliance-report.html").read_text()
    assert_links_resolve(out, page)
    # the findings are the legal team's to resolve: nothing is waived in the project
    assert report["summary"]["waived"] == 0


def test_the_policys_findings_are_those_of_our_reading(
        policy_check: tuple[int, str, Path]) -> None:
    _, _, out = policy_check
    report = json.loads((out / "report.json").read_text())
    found = {(f["check"], f["file"], f["line"]) for f in report["findings"]}
    def act(page: str, key: str) -> tuple[str, int]:
        return f"docs/{page}", doc_line(page, f"{{processing-activity}} {key}")

    def cat(page: str, key: str) -> tuple[str, int]:
        return f"docs/{page}", doc_line(page, f"{{data-category}} {key}")

    def at(page: str, text: str) -> tuple[str, int]:
        return f"docs/{page}", doc_line(page, text)

    expected = {
        # §3, §4, §15, §16 state no legal basis
        *{("purposes-and-basis", *act(p, k)) for p, k in [
            ("cookies.md", "cookies"), ("data-collection.md", "server-logs"),
            ("data-requirements.md", "service-provision"),
            ("automated-decision-making.md", "automated-decision-making")]},
        # no retention for cookies, server logs, registration, social media, analytics
        *{("retention", *cat(p, k)) for p, k in [
            ("cookies.md", "cookie-identifiers"), ("data-collection.md", "server-log-data"),
            ("registration.md", "registration-data"),
            ("facebook-integration.md", "social-media-interaction-data"),
            ("google-analytics.md", "analytics-data")]},
        # the DPO is the contact in §5, §7, §8, §9, §11, without contact details
        ("dpo-contact", *at("registration.md", "Data Protection Officer")),
        # §8: "using the contact information below": nothing below
        ("dangling-reference", *at("your-rights.md", "contact information below")),
        # no right to lodge a complaint (Art. 77)
        ("complaint", *at("your-rights.md", "::::{rights}")),
        # Facebook, Google, Twitter are US companies; the text states no transfer
        *{("recipient-outside-eea", *at(p, f"{{recipient}} {k}")) for p, k in [
            ("facebook-integration.md", "facebook"), ("google-analytics.md", "google-analytics"),
            ("twitter-integration.md", "twitter")]},
        # §3 cookies "to optimize information and offerings", §10 Google Analytics uses
        # cookies to analyze traffic: neither rests on consent (ePrivacy Art. 5(3))
        ("cookie-consent", *act("cookies.md", "cookies")),
        ("cookie-consent", *act("google-analytics.md", "google-analytics")),
        # §9 "our Facebook page", §11 "our Twitter account": joint control (Art. 26)
        ("joint-controller", *act("facebook-integration.md", "facebook")),
        ("joint-controller", *act("twitter-integration.md", "twitter")),
        # marketing (§9, §11, §16) without the right to object to it (Art. 21(4))
        ("marketing-objection", *act("facebook-integration.md", "facebook")),
        # the client's text has no §12
        ("section-numbering", *at("legitimate-interests.md", "# 13.")),
        # §15 requires data without saying what happens if they are not given
        ("requirement", *act("data-requirements.md", "service-provision")),
        # §16 gives neither the logic nor the envisaged consequences
        ("automated-decisions", *act("automated-decision-making.md", "automated-decision-making")),
    }
    errors = {(f["check"], f["file"], f["line"]) for f in report["findings"]
              if f["severity"] == "error"}
    assert errors == expected
    # what the policy does give raises nothing
    checks = {f["check"] for f in report["findings"]}
    for given in ("controller-identity", "legitimate-interests", "recipients", "rights",
                  "withdraw-consent", "single-basis", "contact-role", "transfers",
                  "ungrounded", "category-overlap", "automated-decisions-none"):
        assert given not in checks, given
    status = {item["check"]: item["status"] for item in report["checklist"]}
    assert status["controller-identity"] == "covered"
    assert status["withdraw-consent"] == "covered"
    assert status["transfers"] == "missing"  # via the recipients outside the EEA
    assert status["source-categories"] == "not-applicable"
    assert found >= expected  # and the warnings: requirement per activity, Art. 22, §14
    warnings = {(f["check"], f["key"]) for f in report["findings"] if f["severity"] == "warning"}
    # §13 rests payments and service messages on legitimate interests (Art. 6(1)(b)) and
    # names no payment provider; "This may include", "We may" describe purposes and data
    assert ("basis-fit", "legitimate-interests") in warnings
    assert ("implied-recipient", "legitimate-interests:payment") in warnings
    assert ("vague-wording", "facebook:this may") in warnings


# -- helpers -------------------------------------------------------------------------------

class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")
        if values.get("id"):
            self.ids.add(values["id"] or "")


def parse(html: str) -> Links:
    links = Links()
    links.feed(html)
    return links


def assert_links_resolve(outdir: Path, page: str) -> None:
    """Every link of the report page leads to an existing page and anchor."""
    links = parse(page)
    assert links.hrefs
    for href in links.hrefs:
        target, _, anchor = href.partition("#")
        if not target:
            assert anchor in links.ids, href
            continue
        assert not re.match(r"[a-z]+://", target), href  # no request to anyone
        file = outdir / target
        assert file.is_file(), href
        if anchor:
            assert anchor in parse(file.read_text()).ids, href




def test_turning_the_checks_off_leaves_no_report_behind(tmp_path: Path) -> None:
    # A report left from an earlier run would read as the state of the policy now.
    src, out = ROOTS / "test-check-compliant", tmp_path / "site"
    first = sphinx_build(src, out)
    assert first.returncode == 0, first.stderr
    assert (out / "report.json").is_file() and (out / "compliance-report.html").is_file()
    again = sphinx_build(src, out, "html", "-D", "policy_compliance_checks=0", fresh=False)
    assert again.returncode == 0, again.stderr
    assert not (out / "report.json").exists()
    assert not (out / "compliance-report.html").exists()


# -- no false alarm on what the text does say (issue: checks on any notice) --------------

@pytest.mark.parametrize("contact", [
    "\nMain Street 1\n1000 AA Amsterdam\n",  # a postal address alone
    ":email: privacy@example.com\n",
    ":phone: +31 20 123 4567\n",
    ":web: https://example.com/contact\n",  # a contact form
])
def test_any_one_contact_detail_identifies_the_controller(tmp_path: Path,
                                                           contact: str) -> None:
    result = page(tmp_path, f"# Privacy notice\n\n:::{{controller}} Example BV\n{contact}:::\n")
    assert result.findings("controller-identity") == [], result.warnings


@pytest.mark.parametrize("said", [
    "Your data are deleted after 14 months.",
    "We keep your data for 14 months.",
    "We store your data for a period of 14 months.",
    "Your data are erased 14 months after collection.",
    "Unless stated otherwise above, we delete all personal data 2 years after the end of "
    "the contract.",
])
def test_the_same_period_in_other_words_is_no_conflict(tmp_path: Path, said: str) -> None:
    result = page(tmp_path, f"""# Privacy notice

::::{{processing-activity}} visits
:purpose: counting visits
:categories: visit-data
:basis: consent

We count visits with your consent. {said}

:::{{data-category}} visit-data
:name: visit data
:items: pages visited
:::

:::{{retention}} visit-data
:period: 14 months
:::
::::
""")
    assert result.findings("retention-conflict") == [], result.warnings
    assert result.findings("category-overlap") == [], result.warnings


def test_a_different_period_is_still_a_conflict(tmp_path: Path) -> None:
    result = page(tmp_path, """# Privacy notice

::::{processing-activity} visits
:purpose: counting visits
:categories: visit-data
:basis: consent

We count visits with your consent. Your data are deleted after 2 years.

:::{data-category} visit-data
:name: visit data
:items: pages visited
:::

:::{retention} visit-data
:period: 14 months
:::
::::
""")
    [finding] = result.findings("retention-conflict")
    assert "2 years" in finding["message"]


def test_a_paragraph_split_into_two_activities_shares_its_requirement(tmp_path: Path) -> None:
    # One paragraph, two purposes on two bases: the editor wraps each purpose, and the
    # sentence on what must be given stays around both.
    result = page(tmp_path, """# Privacy notice

## Newsletter and orders

::::{processing-activity} orders
:purpose: to deliver your order
:basis: contract

We use your email address to deliver your order.
::::

::::{processing-activity} newsletter
:purpose: to send you our newsletter
:basis: consent

With your consent, we also use it to send you our newsletter.
::::

Giving your email address is voluntary; without it we cannot deliver your order or send
you the newsletter.
""")
    assert result.findings("requirement") == [], result.warnings


def test_the_report_schema_knows_every_check() -> None:
    schema = json.loads(SCHEMA.read_text())
    assert set(schema["$defs"]["check"]["enum"]) == set(CHECKS)


# -- SARIF, for code review -------------------------------------------------------------------

SARIF_SCHEMA = ROOT / "node_modules" / "@microsoft" / "jest-sarif" / "lib" / "schemas" / \
    "sarif-2.1.0-rtm.5.json"


def test_findings_as_sarif_for_code_review(tmp_path: Path) -> None:
    from sarif import loader

    result = build(tmp_path, "purposes-and-basis", policy_waivers=[WAIVER])
    path = result.outdir / "report.sarif"
    data = json.loads(path.read_text(encoding="utf-8"))
    # valid against the SARIF 2.1.0 schema (as its authors publish it, with @microsoft/jest-sarif)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(data)
    [run] = data["runs"]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert set(rules) == {f"policy.{c}" for c in CHECKS}
    assert rules["policy.purposes-and-basis"]["properties"]["article"] == "Art. 13(1)(c)"
    # read back by a SARIF library, as a code-scanning service would
    sarif_file = loader.load_sarif_file(str(path))
    results = sarif_file.get_results()
    assert len(results) == len(result.report["findings"])
    by_key = {(r["ruleId"], r["properties"]["key"]): r for r in run["results"]}
    for finding in result.report["findings"]:
        got = by_key[f"policy.{finding['check']}", finding["key"]]
        place = got["locations"][0]["physicalLocation"]
        assert place["artifactLocation"]["uri"] == finding["file"] == "trigger.md"
        assert place["region"]["startLine"] == finding["line"]
        assert got["level"] == {"error": "error", "warning": "warning",
                                "info": "note"}[finding["severity"]]
    # the waived finding is a suppression with its reason and who accepted it
    [suppression] = by_key["policy.purposes-and-basis", "newsletter"]["suppressions"]
    assert suppression["status"] == "accepted"
    assert WAIVER["reason"] in suppression["justification"]
    assert "A. Jurist" in suppression["justification"]
    assert "suppressions" not in by_key["policy.purposes-and-basis", "events"]
