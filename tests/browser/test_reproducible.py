"""Reproducible: two builds of one commit (same SOURCE_DATE_EPOCH), in different folders,
give byte-identical output; Sphinx's own pickles (doctrees, environment) aside."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ROOT, Build, sphinx_build


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and ".doctrees" not in p.parts}


def test_two_builds_with_one_epoch_are_byte_identical(policy_html: Build,
                                                      tmp_path: Path) -> None:
    assert policy_html.returncode == 0, policy_html.stderr
    again = sphinx_build(ROOT / "docs", tmp_path / "again" / "site", confdir=ROOT)
    assert again.returncode == 0, again.stderr
    first, second = tree(policy_html.outdir), tree(again.outdir)
    assert any(name.endswith(".html") for name in first)
    assert sorted(first) == sorted(second)
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, f"differ between two builds: {differ}"


def test_the_epoch_decides_the_dates(policy_html: Build, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # The comparison can fail: another epoch (a year later) changes the output.
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "1705276800")) + 366 * 24 * 3600
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    later = sphinx_build(ROOT / "docs", tmp_path / "later", confdir=ROOT)
    assert later.returncode == 0, later.stderr
    name = "index.html"
    assert (later.outdir / name).read_bytes() != (policy_html.outdir / name).read_bytes()
