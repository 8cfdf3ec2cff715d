"""``make release``: freeze the current policy as a published version.

The policy's sources (``docs/`` and ``conf.py``) are copied into ``versions/<date>/``,
where ``<date>`` is the ``last-updated`` date of the landing page's front matter, with the
``policy.json`` they export (the facts "what changed" compares). Refused, with the reason:
a policy with authoring errors; a date already released with other content (the date was
not moved on); a date earlier than the last release.
"""

from __future__ import annotations

import datetime
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..frontmatter import entry_key, front_matter
from . import DATE_KEY, FOLDER, released


class Refused(Exception):
    """The release cannot be made; the message says why and what to do."""


def policy_date(srcdir: Path) -> str:
    """The landing page's ``last-updated`` date, checked to be a date."""
    index = srcdir / "index.md"
    value = next((line.partition(":")[2].strip().strip("'\"")
                  for _, line in front_matter(index) if entry_key(line) == DATE_KEY), "")
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise Refused(f"{index.name} gives no '{DATE_KEY}: YYYY-MM-DD' in its front matter "
                      f"(found {value!r}); the release is named by that date") from None


def strict_build(srcdir: Path, confdir: Path, outdir: Path) -> subprocess.CompletedProcess[str]:
    """The policy built as `make html` builds it (every warning fails it)."""
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", "-E",
               "-q", "-c", str(confdir), "-d", str(outdir / ".doctrees"), str(srcdir),
               str(outdir)]
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(command, capture_output=True, text=True, env=env)


def same_tree(a: Path, b: Path) -> bool:
    """The same files with the same bytes (a release's own policy.json aside)."""
    compared = filecmp.dircmp(a, b, ignore=["policy.json"])
    if compared.left_only or compared.right_only or compared.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, compared.common_files, shallow=False)
    if mismatch or errors:
        return False
    return all(same_tree(a / d, b / d) for d in compared.common_dirs)


def release(confdir: Path, srcdir: Path) -> tuple[str, Path, bool]:
    """Freeze the policy; (date, folder, made): ``made`` is False when that exact version
    was released already."""
    date = policy_date(srcdir)
    target = confdir / FOLDER / date
    dates = released(confdir)
    if dates and date < dates[-1]:
        raise Refused(f"the policy is dated {date}, before the last release ({dates[-1]}): "
                      f"move '{DATE_KEY}' on to the day the new version is published")
    with tempfile.TemporaryDirectory() as tmp:
        built = strict_build(srcdir, confdir, Path(tmp) / "html")
        if built.returncode != 0:
            raise Refused("the policy has authoring errors; `make html` lists them with "
                          "file and line. Fix them before releasing:\n" + built.stderr.strip())
        staged = Path(tmp) / "release"
        shutil.copytree(srcdir, staged / "docs", ignore=shutil.ignore_patterns("_build"))
        shutil.copy2(confdir / "conf.py", staged / "conf.py")
        if target.exists():
            if same_tree(staged, target):
                return date, target, False
            raise Refused(f"{date} is already released ({target.relative_to(confdir)}) with "
                          f"other content: the policy changed but its '{DATE_KEY}' date was "
                          "not moved on. Set it to the day this version is published")
        shutil.copy2(Path(tmp) / "html" / "policy.json", staged / "policy.json")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(staged, target)
    return date, target, True

