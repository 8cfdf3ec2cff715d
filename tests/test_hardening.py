"""Hardening: files in any state, comments, pages outside the contents, stale output, and
names that look like markup. Each case is a page added to the small valid policy of
tests/roots/test-bad-input, built as ``sphinx-build`` builds it."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from conftest import ROOT, copy_project, sphinx_build
from test_bad_input import PROJECT, WARNING, injected, visible_text


def build_with(tmp_path: Path, files: dict[str, bytes | str], *extra: str) -> tuple[
        int, list[re.Match[str]], Path]:
    src = copy_project(PROJECT, tmp_path / "src")
    for name, content in files.items():
        path = src / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    result = sphinx_build(src, tmp_path / "html", "html", *extra)
    assert "Traceback" not in result.stderr, result.stderr
    warnings = [m for line in result.stderr.splitlines() if (m := WARNING.match(line))]
    return result.returncode, warnings, result.outdir


def test_bytes_that_are_not_utf8_are_reported_once_and_the_rest_is_kept(
        tmp_path: Path) -> None:
    page = b"# Case\n\nFine line.\n\nCaf\xe9 au lait, \xff twice.\n\nLast line.\n"
    code, warnings, out = build_with(tmp_path, {"case.md": page})
    assert code == 1
    [warning] = warnings
    assert (Path(warning["file"]).name, warning["line"]) == ("case.md", "5")
    assert warning["type"] == "policy.encoding"
    assert "byte 0xE9" in warning["message"] and "save the file as UTF-8" in warning["message"]
    shown = visible_text((out / "case.html").read_text(encoding="utf-8"))
    assert "Fine line." in shown and "Last line." in shown
    assert "Caf\ufffd au lait, \ufffd twice." in shown  # every other character kept
    assert (out / "base.html").exists()  # the rest of the build went on


def test_a_byte_order_mark_and_crlf_line_ends_are_read_as_text(tmp_path: Path) -> None:
    page = "\ufeff# Case\r\n\r\n:::{data-category} logs\r\n:name: logs\r\n:items: IP\r\n:::\r\n"
    code, warnings, out = build_with(tmp_path, {"case.md": page.encode("utf-8")})
    assert (code, warnings) == (0, []), warnings
    written = (out / "case.html").read_text(encoding="utf-8")
    assert "<h1>Case" in written and 'id="category-logs"' in written


def test_an_html_comment_is_never_published_and_a_block_inside_is_not_run(
        tmp_path: Path) -> None:
    page = ("# Case\n\nBefore.\n\n<!-- a note for the legal team: check the period\n\n"
            ":::{retention} account-information\n:period: 99 years\n:::\n-->\n\n"
            "After <!-- an inline note --> the note.\n")
    code, warnings, out = build_with(tmp_path, {"case.md": page})
    assert (code, warnings) == (0, []), warnings
    written = (out / "case.html").read_text(encoding="utf-8")
    shown = visible_text(written)
    assert "Before." in shown and "After the note." in " ".join(shown.split())
    assert "note for the legal team" not in written and "99 years" not in written
    assert "inline note" not in written


def test_declarations_on_a_page_outside_the_contents_are_reported_and_not_counted(
        tmp_path: Path) -> None:
    hidden = ("---\norphan: true\n---\n\n# Hidden\n\n:::{data-category} hidden-data\n"
              ":name: hidden data\n:items: IP\n:::\n")
    code, warnings, out = build_with(tmp_path, {"hidden.md": hidden},
                                     "-D", "policy_compliance_checks=1")
    authoring = [w for w in warnings if w["type"] == "policy.nesting"]
    [warning] = authoring
    assert (Path(warning["file"]).name, warning["line"]) == ("hidden.md", "7")
    assert "in no table of contents" in warning["message"]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert not any(f["key"] == "hidden-data" for f in report["findings"])
    assert code == 1


def test_names_that_look_like_markup_reach_every_output_as_data(tmp_path: Path) -> None:
    name = '<img src=x onerror="alert(1)"> data'
    page = (f"# Case\n\n:::{{data-category}} odd-data\n:name: {name}\n:items: IP\n:::\n\n"
            "::::{processing-activity} odd\n:purpose: to test\n:categories: odd-data\n\n"
            f"We process {name}.\n::::\n")
    _, _, out = build_with(tmp_path, {"case.md": page}, "-D", "policy_compliance_checks=1")
    export = json.loads((out / "policy.json").read_text(encoding="utf-8"))
    [category] = [c for c in export["data-categories"] if c["key"] == "odd-data"]
    assert category["name"] == name  # data, exactly as typed
    for path in out.rglob("*.html"):
        assert not injected(path.read_text(encoding="utf-8")), path.name
    report = (out / "compliance-report.html").read_text(encoding="utf-8")
    assert "&lt;img src=x" in report and "<img src=x" not in report


def test_make_html_builds_into_an_emptied_folder(tmp_path: Path) -> None:
    # a page deleted from docs/ must not stay online from an earlier build
    dry = subprocess.run(["make", "-n", "-o", ".venv/.installed", "html",
                          f"BUILD={tmp_path}"], capture_output=True, text=True, cwd=ROOT)
    assert dry.returncode == 0, dry.stderr
    steps = dry.stdout.splitlines()
    empty = steps.index(f"rm -rf {tmp_path}/html")
    build = next(i for i, s in enumerate(steps) if "sphinx-build" in s)
    assert empty < build


def test_two_declarations_with_one_anchor_are_reported_at_the_second(tmp_path: Path) -> None:
    page = ("# Case\n\n:::{data-category} Contact Data\n:name: Contact data\n:items: phone\n"
            ":::\n\n:::{data-category} contact-data\n:name: contact data\n:items: email\n:::\n")
    code, warnings, out = build_with(tmp_path, {"case.md": page})
    assert code == 1
    found = {(w["type"], w["line"]) for w in warnings}
    # the key's own slip, and the clash it causes: no docutils "Duplicate ID" besides
    assert found == {("policy.invalid_key", "3"), ("policy.duplicate", "8")}, warnings
    written = (out / "case.html").read_text(encoding="utf-8")
    assert written.count('id="category-contact-data"') == 1
