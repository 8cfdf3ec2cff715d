"""The build's date without commit history: a copy of a policy without .git (a tarball) is
dated by its own ``last-updated:`` date, never by the clock or a fixed year; the copyright
footer and the PDF's dates say the policy's year."""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from conftest import ROOT
from pypdf import PdfReader
from sphinx.testing.util import SphinxTestApp

PROJECT = ROOT / "tests" / "roots" / "test-accuracy-builddate"
DATE = datetime.date(2026, 3, 4)
#: The Makefile's former fallback, 2024-01-15: the date a copy without .git used to get.
OLD_FALLBACK = 1705276800
YEAR = re.compile(r"(?:&#169;|©)\s*(?:Copyright\s+)?(\d{4}), Example BV")


def project(tmp_path: Path, date: datetime.date = DATE, copyright: str | None = None) -> Path:
    """A copy of the small policy (conf.py beside docs/), in a folder with no .git above
    it, dated ``date``."""
    dest = tmp_path / "policy"
    shutil.copytree(PROJECT, dest)
    index = dest / "docs" / "index.md"
    index.write_text(index.read_text().replace("2026-03-04", date.isoformat()))
    if copyright is not None:
        conf = dest / "conf.py"
        conf.write_text(conf.read_text().replace('copyright = "%Y, Example BV"', copyright))
    return dest


def without_date(**extra: str) -> dict[str, str]:
    """The environment of a machine with no commit history: no SOURCE_DATE_EPOCH, and git
    kept from finding a repository above the folder."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    return {**env, "GIT_CEILING_DIRECTORIES": "/", **extra}


def html(policy: Path, env: dict[str, str]) -> str:
    out = policy / "_build" / "html"
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q", "-c",
         str(policy), "-d", str(policy / "_build" / "doctrees"), str(policy / "docs"),
         str(out)], capture_output=True, text=True, env=env, cwd=policy)
    assert proc.returncode == 0, proc.stderr
    return (out / "index.html").read_text(encoding="utf-8")


def footer_year(page: str) -> str:
    found = YEAR.findall(page)
    assert found, "no copyright line in the footer"
    assert len(set(found)) == 1, found
    return found[0]


def pdf_dates(path: Path) -> tuple[datetime.date, datetime.date]:
    meta = PdfReader(path).metadata
    assert meta is not None and meta.creation_date and meta.modification_date
    return meta.creation_date.date(), meta.modification_date.date()


#: A copyright as conf.py may write it: the build's year as Sphinx's %Y, or taken from the
#: clock (as this project's conf.py once did).
CLOCK_YEAR = ('import time\ncopyright = time.strftime("%Y", time.gmtime()) + ", Example BV"')


@pytest.mark.parametrize("date", [DATE, datetime.date(2019, 11, 30), datetime.date(2031, 5, 6)],
                         ids=str)
@pytest.mark.parametrize("copyright", [None, CLOCK_YEAR], ids=["%Y", "clock-year"])
def test_the_copyright_year_is_the_policys_without_commit_history(
        tmp_path: Path, date: datetime.date, copyright: str | None) -> None:
    # a year before the clock's, the clock's, and after it: none comes from the clock
    page = html(project(tmp_path, date, copyright), without_date())
    assert footer_year(page) == str(date.year)


def make(policy: Path, *targets: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The project's Makefile run on the copy, with the project's .venv (set up)."""
    shutil.copy2(ROOT / "Makefile", policy / "Makefile")
    venv = ROOT / ".venv"
    return subprocess.run(["make", "-o", str(venv / ".installed"), f"VENV={venv}", *targets],
                          capture_output=True, text=True, env=without_date(**env), cwd=policy)


def test_make_passes_no_empty_source_date_epoch(tmp_path: Path) -> None:
    # Sphinx stops on an empty one (it reads it as a number on import): without commit
    # history, or given empty, make passes none, and the policy's date is used
    policy = project(tmp_path)
    proc = make(policy, "html", SOURCE_DATE_EPOCH="")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert footer_year((policy / "_build" / "html" / "index.html").read_text()) == "2026"


def test_a_given_source_date_epoch_still_dates_the_build(tmp_path: Path) -> None:
    # the last commit, when there is one, wins over the policy's date
    page = html(project(tmp_path), without_date(SOURCE_DATE_EPOCH=str(OLD_FALLBACK)))
    assert footer_year(page) == "2024"


def test_each_build_of_one_process_is_dated_by_its_own_policy(tmp_path: Path,
                                                              monkeypatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    years = []
    for date in (DATE, datetime.date(2020, 2, 2)):
        policy = project(tmp_path / date.isoformat(), date)
        shutil.copy2(policy / "conf.py", policy / "docs" / "conf.py")
        app = SphinxTestApp("html", srcdir=policy / "docs", builddir=policy / "_build",
                            freshenv=True, status=StringIO(), warning=StringIO())
        try:
            app.build()
        finally:
            app.cleanup()
        years.append(footer_year((Path(app.outdir) / "index.html").read_text()))
        assert "SOURCE_DATE_EPOCH" not in os.environ  # put back as it was
    assert years == ["2026", "2020"]


@pytest.mark.pdf
def test_the_pdf_is_dated_by_the_policy_without_commit_history(tmp_path: Path) -> None:
    policy = project(tmp_path)
    out = policy / "_build" / "policy.pdf"
    proc = subprocess.run(
        [sys.executable, "-m", "gdpr_policy.pdf", "--quiet", "-c", str(policy), "--workdir",
         str(policy / "_build" / "pdf"), str(policy / "docs"), str(out)],
        capture_output=True, text=True, env=without_date(), cwd=policy)
    assert proc.returncode == 0, proc.stderr
    assert pdf_dates(out) == (DATE, DATE)
    page = (policy / "_build" / "pdf" / "singlehtml" / "index.html").read_text()
    assert footer_year(page) == "2026"


@pytest.mark.pdf
def test_make_without_commit_history_dates_site_and_pdf_by_the_policy(tmp_path: Path) -> None:
    policy = project(tmp_path)
    proc = make(policy, "html", "pdf")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert footer_year((policy / "_build" / "html" / "index.html").read_text()) == "2026"
    [pdf] = (policy / "_build" / "pdf").glob("*.pdf")
    assert pdf_dates(pdf) == (DATE, DATE)
    assert pdf_dates(policy / "_build" / "html" / pdf.name) == (DATE, DATE)
