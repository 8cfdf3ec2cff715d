"""The authoring guide (guide/): it builds strict, it covers every block, role, option and
key the extension accepts, its error messages are the ones the build really prints, and
it stays out of the published policy."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, Build, sphinx_build
from gdpr_policy import catalogue
from gdpr_policy.domain import PolicyDomain
from test_bad_input import build as build_case
from test_bad_input import registered, visible_text

GUIDE = ROOT / "guide"
EXAMPLE = re.compile(r"^(`{4,})\{example\}.*?\n(.*?)^\1\s*$", re.M | re.S)
ERROR = re.compile(r"^````markdown\n(?P<source>.*?)^````\n\n```text\n(?P<message>.*?)\n```",
                   re.M | re.S)


@pytest.fixture(scope="module")
def guide(tmp_path_factory: pytest.TempPathFactory) -> Build:
    out = tmp_path_factory.mktemp("guide") / "html"
    return sphinx_build(GUIDE, out, confdir=GUIDE)


def page(guide: Build, name: str) -> str:
    return visible_text((guide.outdir / f"{name}.html").read_text(encoding="utf-8"))


def examples() -> str:
    return "\n".join(m.group(2) for path in sorted(GUIDE.glob("*.md"))
                     for m in EXAMPLE.finditer(path.read_text(encoding="utf-8")))


def test_the_guide_builds_strict(guide: Build) -> None:
    assert guide.returncode == 0, guide.stderr
    assert "WARNING" not in guide.stderr, guide.stderr
    for name in ("index", "basics", "blocks", "roles", "keys", "add-an-activity", "checks",
                 "errors"):
        assert (guide.outdir / f"{name}.html").exists(), name


def test_every_block_and_role_has_a_worked_example(guide: Build) -> None:
    written = examples()
    for name in registered():
        assert f"{{{name}}}" in written, f"no worked example of {{{name}}}"
    for role in [*PolicyDomain.roles, "term"]:
        assert f"{{{role}}}`" in written, f"no worked example of {{{role}}}"
    # each example is rendered, not only shown
    blocks = (guide.outdir / "blocks.html").read_text(encoding="utf-8")
    for cls in ("policy-definitions", "policy-rights", "policy-controller",
                "policy-data-category", "policy-retention-table", "policy-activity",
                "policy-at-a-glance", "policy-register"):
        assert cls in blocks, cls


def test_every_option_is_documented(guide: Build) -> None:
    shown = page(guide, "blocks")
    for name, cls in registered().items():
        assert cls.declares, name
        assert cls.declares in shown, name
        for option in cls.known_options:
            assert f":{option}:" in shown, f"{{{name}}} :{option}: is not in the guide"
            assert cls.option_help[option] in shown, f"{{{name}}} :{option}: has no help"


def test_keys_are_listed_with_their_plain_meaning(guide: Build) -> None:
    shown = page(guide, "keys")
    for key, entry in catalogue.RIGHTS.items():
        assert key in shown and entry.article in shown
        assert catalogue.RIGHTS_PLAIN[key].replace("'", "’")[:60] in shown.replace("'", "’")
    for key, entry in catalogue.BASES.items():
        assert key in shown and entry.article in shown
        assert catalogue.BASES_PLAIN[key][:60] in shown.replace("’", "'")
    for key in catalogue.SOURCES:
        assert key in shown


def test_the_new_activity_shows_up_where_the_guide_says(guide: Build) -> None:
    activity = (guide.outdir / "add-an-activity.html").read_text(encoding="utf-8")
    assert 'id="activity-newsletter"' in activity
    assert "policy-at-a-glance" in activity
    tables = (guide.outdir / "blocks.html").read_text(encoding="utf-8")
    # the retention table and the register collect it from the other page
    assert "until you unsubscribe" in visible_text(tables)
    assert re.search(r'href="add-an-activity.html#activity-newsletter"', tables)
    assert re.search(r'href="add-an-activity.html#retention-newsletter-data"', tables)


def test_the_checks_page_lists_every_check(guide: Build) -> None:
    from gdpr_policy.compliance.checks import CHECKS

    shown = page(guide, "checks")
    for check in CHECKS:
        assert check in shown
    for field in ("check", "key", "reason", "accepted_by"):
        assert field in shown


ERRORS = ERROR.findall((GUIDE / "errors.md").read_text(encoding="utf-8"))


def test_the_errors_page_has_examples() -> None:
    assert len(ERRORS) >= 12


@pytest.mark.parametrize("source,message", ERRORS,
                         ids=[f"error-{i}" for i in range(len(ERRORS))])
def test_each_message_in_the_guide_is_what_the_build_prints(source: str, message: str,
                                                             tmp_path: Path) -> None:
    result = build_case(tmp_path, source)
    printed = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert len(printed) == 1, result.stderr
    # the guide calls the page page.md, and the glossary of the example project definitions.md
    shown = re.sub(r"^\S*case\.md", "page.md", printed[0]).replace("base.md:", "definitions.md:")
    assert shown == message


def test_the_guide_stays_out_of_the_policy(policy_html: Build) -> None:
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").rglob("*.md"))
    assert "guide/" not in sources and "add-an-activity" not in sources
    assert not (policy_html.outdir / "add-an-activity.html").exists()
    assert not list(policy_html.outdir.rglob("errors.html"))


# -- the live preview (make live) ---------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, process: subprocess.Popen[bytes], seconds: int = 120) -> bool:
    """Poll the preview until ``url`` shows ``text`` (False if it never does)."""
    for _ in range(seconds * 2):
        if process.poll() is not None:
            return False
        if text in fetch(url):
            return True
        time.sleep(0.5)
    return False


def test_make_live_rebuilds_on_every_kind_of_save(tmp_path: Path) -> None:
    """`make live` run as an editor runs it, in a copy of the project: a page edit, a
    catalogue edit, a stylesheet edit and a conf.py edit each reach the preview."""
    project = tmp_path / "project"
    for name in ("docs", "Makefile", "conf.py", "pyproject.toml"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, project / name)
    shutil.copytree(ROOT / "ext" / "gdpr_policy", project / "ext" / "gdpr_policy",
                    ignore=shutil.ignore_patterns("__pycache__"))
    port = free_port()
    # STAMP=conf.py with -o: the environment is installed already, and make must never
    # reinstall it from the copy (that would repoint the shared editable install there).
    recipe = subprocess.run(["make", "-n", "-o", "conf.py", "live", "STAMP=conf.py"],
                            cwd=project,
                            capture_output=True, text=True).stdout
    assert "--host 127.0.0.1" in recipe  # never served beyond this machine
    assert "pip install" not in recipe
    env = {**os.environ, "PYTHONPATH": str(project / "ext")}  # the copy's extension
    command = ["make", "-o", "conf.py", "live", f"LIVE_PORT={port}",
               f"BIN={ROOT / '.venv' / 'bin'}", "STAMP=conf.py"]
    process = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(f"{base}/data-erasure.html", "Data Erasure", process)
        page = project / "docs" / "data-erasure.md"
        page.write_text(page.read_text().replace("# 7. Data Erasure", "# 7. Data Erasure LIVE"))
        assert wait_for(f"{base}/data-erasure.html", "Data Erasure LIVE", process)
        cat = project / "ext" / "gdpr_policy" / "catalogue.py"
        cat.write_text(cat.read_text().replace('"Art. 17")', '"Art. 17LIVE")'))
        assert wait_for(f"{base}/your-rights.html", "Art. 17LIVE", process)
        css = project / "ext" / "gdpr_policy" / "static" / "policy.css"
        css.write_text(css.read_text() + "\n/* LIVE */\n")
        assert wait_for(f"{base}/_static/policy.css", "/* LIVE */", process)
        conf = project / "conf.py"
        conf.write_text(conf.read_text() + '\nhtml_title = "LIVE title"\n')
        assert wait_for(f"{base}/index.html", "LIVE title", process)
        assert process.poll() is None  # still serving after every rebuild
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
