"""Shared fixtures: Sphinx's testing fixtures over tests/roots, and one strict build of
the real policy per test session."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)

ROOT = Path(__file__).resolve().parent.parent
STRICT = ["-W", "--keep-going", "-n", "-E"]


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOT / "tests" / "roots"


@dataclass
class Build:
    returncode: int
    stderr: str
    outdir: Path


def sphinx_build(srcdir: Path, outdir: Path, builder: str = "html", *extra: str,
                 confdir: Path | None = None) -> Build:
    """Run sphinx-build as a user would (a subprocess), strict."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1705276800")}
    cmd = [sys.executable, "-m", "sphinx", "-b", builder, *STRICT, *extra,
           "-c", str(confdir or srcdir), "-d", str(outdir.parent / f"{outdir.name}.doctrees"),
           str(srcdir), str(outdir)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    return Build(proc.returncode, proc.stderr, outdir)


@pytest.fixture(scope="session")
def policy_html(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The client's policy, built strict to HTML once for the session."""
    out = tmp_path_factory.mktemp("policy") / "html"
    return sphinx_build(ROOT / "docs", out, confdir=ROOT)
