"""The policy over time: `make release`, the archive on the site, the redline, what
changed as facts, and the checks, on a copy of the project with three releases: a longer
retention period, a new recipient outside the EEA, an editorial rewording."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, sphinx_build
from gdpr_policy.versions.archive import SCHEMA

RETENTION = "- Usage data (login times, feature usage, system logs) - " \
            "{declare-retention}`retained for 7 years <usage-data>`"
LONGER = RETENTION.replace("7 years", "10 years")
RECIPIENT = "We use Google Analytics to analyze website traffic."
NEW_RECIPIENT = (RECIPIENT + "\n\n:::{recipient} tracker\n:name: Tracker Inc. (USA)\n:::\n\n"
                 "Tracker Inc. (USA) stores the statistics for us.")
WORDING = "We use Twitter for marketing purposes."
REWORDED = "We use Twitter for our marketing."


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1705276800"}
    return subprocess.run([sys.executable, "-m", "gdpr_policy.versions", "-c", str(project),
                           *args], capture_output=True, text=True, env=env, cwd=project)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, path.name)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def date(project: Path, value: str) -> None:
    index = project / "docs" / "index.md"
    edit(index, re.search(r"last-updated: \S+", index.read_text()).group(0),  # type: ignore
         f"last-updated: {value}")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project with three releases, built with its archive (PDFs left out: the
    client's PDF has tests of its own)."""
    project = tmp_path_factory.mktemp("history") / "project"
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copy2(ROOT / "conf.py", project / "conf.py")
    first = run(project, "release", "docs")
    assert first.returncode == 0, first.stderr
    edit(project / "docs" / "data-retention.md", RETENTION, LONGER)
    date(project, "2024-03-01")
    assert run(project, "release", "docs").returncode == 0
    edit(project / "docs" / "google-analytics.md", RECIPIENT, NEW_RECIPIENT)
    date(project, "2024-06-01")
    assert run(project, "release", "docs").returncode == 0
    edit(project / "docs" / "twitter-integration.md", WORDING, REWORDED)
    date(project, "2024-09-01")
    assert run(project, "release", "docs").returncode == 0
    build_site(project)
    return project


def build_site(project: Path) -> str:
    """As `make html` builds it: the site, then (in the same build) its archive."""
    built = sphinx_build(project / "docs", project / "_build" / "html", "html",
                         "-D", "policy_versions_cache=_build/cache",
                         "-D", "policy_versions_pdf=0", confdir=project)
    assert built.returncode == 0, built.stderr
    return built.stdout


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_each_release_is_kept_in_the_repository(project: Path) -> None:
    dates = sorted(p.name for p in (project / "versions").iterdir())
    assert dates == ["2024-01-15", "2024-03-01", "2024-06-01", "2024-09-01"]
    for day in dates:
        kept = project / "versions" / day
        assert (kept / "conf.py").is_file() and (kept / "docs" / "index.md").is_file()
        assert json.loads((kept / "policy.json").read_text())["last-updated"] == day


def test_the_archive_lists_every_version_newest_first(project: Path) -> None:
    versions = project / "_build" / "html" / "versions"
    page = soup(versions / "index.html")
    links = [a["href"] for a in page.select("td a")]
    assert [h for h in links if h.endswith("/index.html")] == [
        f"{d}/index.html" for d in ("2024-09-01", "2024-06-01", "2024-03-01", "2024-01-15")]
    assert "2024-09-01/changes.html" in links and "2024-01-15/changes.html" not in links
    for day in ("2024-01-15", "2024-09-01"):
        archived = soup(versions / day / "index.html")
        banner = archived.select_one(".announcement")
        assert banner is not None and "not the current" in banner.get_text()
        assert banner.select_one('a[href="../../index.html"]') is not None
        # no search of their own
        assert not (versions / day / "searchindex.js").exists()
        assert not (versions / day / "search.html").exists()
    # the current site's search knows nothing of the archive
    index = (project / "_build" / "html" / "searchindex.js").read_text()
    assert "versions/" not in index


def test_the_current_policy_links_to_what_changed(project: Path) -> None:
    home = soup(project / "_build" / "html" / "index.html")
    link = home.select_one("a.policy-changes-link")
    assert link is not None and link["href"] == "versions/2024-09-01/changes.html"
    assert (project / "_build" / "html" / link["href"]).is_file()


def test_the_redline_marks_deleted_and_inserted_sentences(project: Path) -> None:
    page = soup(project / "_build" / "html" / "versions" / "2024-09-01" / "changes.html")
    deleted = [d.get_text(" ", strip=True) for d in page.select("del")]
    inserted = [i.get_text(" ", strip=True) for i in page.select("ins")]
    assert any(WORDING in d and d.startswith("deleted:") for d in deleted), deleted
    assert any(REWORDED in i and i.startswith("inserted:") for i in inserted), inserted
    # unchanged sections fold to their titles; the changed one is shown
    assert page.select("details.unchanged summary")
    assert any("11. Twitter Integration" in h.get_text() for h in page.select("section h3"))
    # compared as readers read it: no Markdown markup, no generated summary
    assert ":::" not in page.get_text() and "{recipient}" not in page.get_text()


def test_what_changed_as_facts_material_or_editorial(project: Path) -> None:
    data = json.loads((project / "_build" / "html" / "versions" / "changes.json").read_text())
    jsonschema.validate(data, json.loads(SCHEMA.read_text()))
    by_version = {v["version"]: v["changes"] for v in data["versions"]}
    assert list(by_version) == ["2024-09-01", "2024-06-01", "2024-03-01"]
    [longer] = by_version["2024-03-01"]
    assert (longer["kind"], longer["key"], longer["before"], longer["after"],
            longer["material"]) == ("retention-longer", "usage-data", "7 years", "10 years",
                                    True)
    kinds = {(c["kind"], c["key"], c["material"]) for c in by_version["2024-06-01"]}
    assert {("recipient-added", "tracker", True), ("transfer-added", "tracker", True),
            ("recipient-added", "google-analytics", True)} <= kinds
    assert by_version["2024-09-01"] == []  # a rewording changes no declared fact
    page = soup(project / "_build" / "html" / "versions" / "2024-06-01" / "changes.html")
    assert "Material changes (" in page.get_text() and "Tracker Inc. (USA)" in page.get_text()


def test_release_refusals(project: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("_build"))
    same = run(copy, "release", "docs")  # the same content again: nothing to do
    assert same.returncode == 0 and "already released" in same.stdout
    edit(copy / "docs" / "cookies.md", "Our website uses cookies.", "Our site uses cookies.")
    moved = run(copy, "release", "docs")  # changed, date not moved on
    assert moved.returncode == 1 and "was not moved on" in moved.stderr
    date(copy, "2023-12-31")
    earlier = run(copy, "release", "docs")
    assert earlier.returncode == 1 and "before the last release (2024-09-01)" in earlier.stderr
    date(copy, "2025-01-01")
    edit(copy / "docs" / "cookies.md", "::::{processing-activity} cookies",
         "::::{processing-activity} cookies\n:basis: consnet")
    broken = run(copy, "release", "docs")
    assert broken.returncode == 1 and "authoring errors" in broken.stderr
    assert "did you mean 'consent'" in broken.stderr
    assert not (copy / "versions" / "2025-01-01").exists()


def test_make_check_reports_a_material_change_under_the_old_date(project: Path,
                                                                 tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("_build"))
    edit(copy / "docs" / "data-retention.md", "retained for 10 years", "retained for 12 years")
    out = tmp_path / "check"
    sphinx_build(copy / "docs", out, "html", "-D", "policy_compliance_checks=1", confdir=copy)
    report = json.loads((out / "report.json").read_text())
    found = [f for f in report["findings"] if f["check"] == "unannounced-change"]
    [finding] = found
    assert finding["key"] == "retention-longer:usage-data"
    lines = (copy / "docs" / "data-retention.md").read_text().splitlines()
    assert finding["file"].endswith("data-retention.md")
    assert "<usage-data>" in lines[finding["line"] - 1]  # the period, marked in §14
    # the client's text reserves the right to update without saying how readers learn of it
    assert [f["check"] for f in report["findings"]].count("change-notice") == 1


def test_built_versions_are_reused_while_nothing_changed(project: Path) -> None:
    cache = project / "_build" / "cache"
    before = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    again = build_site(project)
    assert "4 released version(s)" in again
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == before
