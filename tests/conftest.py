"""Shared fixtures: Sphinx's testing fixtures over tests/roots, and one strict build of
the real policy per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)

ROOT = Path(__file__).resolve().parent.parent
STRICT = ["-W", "--keep-going", "-n", "-E"]

# Tests read Sphinx's log as text. A CI runner that sets FORCE_COLOR would otherwise wrap
# every word in escape codes; NO_COLOR wins over it, here and in every subprocess.
os.environ["NO_COLOR"] = "1"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOT / "tests" / "roots"


@dataclass
class Build:
    returncode: int
    stderr: str
    outdir: Path
    stdout: str = ""  # Sphinx's progress log (which documents were read, and how)


def sphinx_build(srcdir: Path, outdir: Path, builder: str = "html", *extra: str,
                 confdir: Path | None = None, fresh: bool = True) -> Build:
    """Run sphinx-build as a user would (a subprocess), strict.

    ``fresh=False`` keeps the environment of the previous build into ``outdir`` (no
    ``-E``): an incremental build, as ``make html`` after an edit without ``-E``."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1705276800")}
    strict = STRICT if fresh else [o for o in STRICT if o != "-E"]
    cmd = [sys.executable, "-m", "sphinx", "-b", builder, *strict, *extra,
           "-c", str(confdir or srcdir), "-d", str(outdir.parent / f"{outdir.name}.doctrees"),
           str(srcdir), str(outdir)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    return Build(proc.returncode, proc.stderr, outdir, proc.stdout)


@pytest.fixture(scope="session")
def policy_html(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The client's policy, built strict to HTML once for the session."""
    out = tmp_path_factory.mktemp("policy") / "html"
    return sphinx_build(ROOT / "docs", out, confdir=ROOT)


TEST_POLICY = ROOT / "tests" / "roots" / "test-policy"


def copy_project(srcdir: Path, dest: Path, confdir: Path | None = None) -> Path:
    """A writable copy of a project's sources (and its conf.py) to edit in a test."""
    shutil.copytree(srcdir, dest, ignore=shutil.ignore_patterns("_build"))
    if confdir is not None:
        shutil.copy2(confdir / "conf.py", dest / "conf.py")
    return dest


@pytest.fixture
def policy_copy(tmp_path: Path) -> Path:
    """A copy of the client's policy (docs/ with the project's conf.py) to edit."""
    return copy_project(ROOT / "docs", tmp_path / "policy", confdir=ROOT)


@pytest.fixture
def test_policy_copy(tmp_path: Path) -> Path:
    """A copy of tests/roots/test-policy, the small policy using every directive."""
    return copy_project(TEST_POLICY, tmp_path / "test-policy")
