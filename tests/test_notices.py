"""The corpus of privacy notices (tests/notices/): each notice, built with the checks on,
reports exactly the findings a careful reviewer expects of it, and no authoring warning."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT
from notices.harness import evaluate, notices


@pytest.mark.parametrize("name", notices())
def test_notice_reports_what_a_reviewer_expects(name: str, tmp_path: Path) -> None:
    result = evaluate(name, tmp_path)
    if not result.ok:
        expected = len(result.notice.expect)
        pytest.fail(f"{name}: {len(result.found)} of {expected} expected findings found, "
                    f"{len(result.missed)} missed, {len(result.false_alarms)} false alarms, "
                    f"{len(result.authoring)} authoring warnings\n"
                    + "\n".join(result.details()), pytrace=False)


@pytest.mark.parametrize("name", notices())
def test_checks_md_shows_the_notice_as_it_stands(name: str, tmp_path: Path) -> None:
    # The README points to CHECKS.md for how the checks hold: it must not go stale.
    from notices.harness import load

    expected = len(load(name).expect)
    table = (ROOT / "CHECKS.md").read_text(encoding="utf-8")
    assert f"| {name} | {expected} | {expected} | 0 | 0 |" in table
