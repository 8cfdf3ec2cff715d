"""Valid HTML: the Nu HTML checker (npm ``vnu-jar``, run by the machine's java) reports no
error on the built pages, beyond the few named in ``vnu_allowed.py``."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import VNU, Site, need
from .vnu_allowed import ALLOWED

pytestmark = pytest.mark.browser


def vnu(*targets: Path) -> list[dict[str, str]]:
    java = shutil.which("java")
    need(Path(java) if java else None, "java", "make node")
    proc = subprocess.run(
        [java, "-jar", str(need(VNU, "the Nu HTML checker (vnu-jar)", "make node")),
         "--errors-only", "--skip-non-html", "--format", "json", *map(str, targets)],
        capture_output=True, text=True, check=False)
    assert proc.returncode in (0, 1), proc.stderr  # 1: errors were found
    return json.loads(proc.stderr)["messages"]


def test_the_nu_checker_finds_no_error(site: Site, tmp_path: Path) -> None:
    # One run over the site and over a page with known errors, so the check can fail.
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head>'
        '<body><p id="x" role="heading">a</p><div id="x"></div></body></html>')
    messages = vnu(site.root, broken)
    for m in messages:  # vnu names files "file:/path"
        m["path"] = m.get("url", "").removeprefix("file:").removeprefix("//")
    canary = {m["message"] for m in messages if m["path"].startswith(str(broken))}
    assert "Duplicate ID “x”." in canary
    assert "Element “p” is missing required attribute “aria-level”." in canary

    errors = [m for m in messages if not m["path"].startswith(str(broken))]
    found = [f'{m["path"].removeprefix(str(site.root))}:{m.get("lastLine")}: {m["message"]}'
             for m in errors if m["message"] not in ALLOWED]
    assert not found, "\n".join(found)
    unused = set(ALLOWED) - {m["message"] for m in errors}
    assert not unused, f"allowed in vnu_allowed.py but no longer found: {unused}"
