"""``make migrate`` (``python -m gdpr_policy.migrate``): a notice in the form an earlier
release wrote (``:recipients:`` naming recipients by phrase) fails the build at the
option's line; migrated, it builds without a warning, says the same sentences, and exports
its recipients with their names. Migrating twice changes nothing; ``--check`` only reports.

The project is tests/roots/test-migrate-recipients; it is built in-process, exactly as
``sphinx-build`` runs.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT
from sphinx.cmd.build import build_main

PROJECT = ROOT / "tests" / "roots" / "test-migrate-recipients"
STRICT = ["-W", "--keep-going", "-n", "-E", "-N", "-q"]
WARNING = re.compile(r"^(?P<file>\S+?):(?P<line>\d+): (?:WARNING|ERROR|CRITICAL): "
                     r"(?P<message>.*) \[(?P<type>[\w.-]+)\]$")
PROBLEM = re.compile(r"\b(?:WARNING|ERROR|CRITICAL|SEVERE)\b")
CHANGE = re.compile(r"^(?P<file>\S+?):(?P<line>\d+): (?P<what>\S.*)$")
#: What the migrated project declares: key -> name, exactly as the old phrases gave them.
RECIPIENTS = {"our-hosting-provider": "our hosting provider",
              "stripe-inc-usa": "Stripe, Inc. (USA)",
              "mailer": "Mailer Ltd",
              "our-ticketing-provider": "our ticketing provider"}
ACTIVITIES = {"payments": ["our-hosting-provider", "stripe-inc-usa"],
              "support": ["our-hosting-provider", "mailer", "our-ticketing-provider"],
              "newsletter": ["mailer"]}


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def migrate(*args: str | Path) -> Run:
    """The command as ``make migrate`` runs it."""
    proc = subprocess.run([sys.executable, "-m", "gdpr_policy.migrate", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT)
    return Run(proc.returncode, proc.stdout, proc.stderr)


def build(src: Path, out: Path, strict: bool = True) -> Run:
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        code = build_main(["-b", "html", *(STRICT if strict else ["-E", "-N", "-q"]),
                           "-d", str(out.parent / f"{out.name}.doctrees"), str(src), str(out)])
    return Run(code, "", stderr.getvalue())


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and "_build" not in p.parts}


class BodyText(HTMLParser):
    """The words of a page's body as readers see them, without what the extension
    generates from the declarations (the "At a glance" summaries, the tables)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[bool, bool]] = []  # (in the body, skipped)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        found = dict(attrs)
        inside, skipped = self.stack[-1] if self.stack else (False, False)
        inside = inside or found.get("role") == "main"
        skipped = skipped or tag in ("script", "style") or \
            "policy-generated" in (found.get("class") or "").split()
        self.stack.append((inside, skipped))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == (True, False):
            self.parts.append(data)


def sentences(html: str) -> list[str]:
    parser = BodyText()
    parser.feed(html)
    text = " ".join(" ".join(parser.parts).split())
    return re.split(r"(?<=[.!?])\s+", text)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The old-form project built, migrated (with --check before and after, and a second
    run), and built again: every step's result, once for the module."""
    base = tmp_path_factory.mktemp("migrate")
    src = base / "src"
    shutil.copytree(PROJECT, src)
    original = tree(src)
    steps: dict[str, object] = {"src": src, "original": original}
    steps["old_strict"] = build(src, base / "old-strict")
    steps["old_html"] = build(src, base / "old", strict=False)
    steps["check_before"] = migrate("--check", src)
    steps["after_check"] = tree(src)
    steps["first"] = migrate(src)
    steps["migrated"] = tree(src)
    steps["second"] = migrate(src)
    steps["after_second"] = tree(src)
    steps["check_after"] = migrate("--check", src)
    steps["new_html"] = build(src, base / "new")
    steps["base"] = base
    return steps


def option_line(text: str, activity: str) -> int:
    lines = text.splitlines()
    opening = next(i for i, line in enumerate(lines)
                   if line.rstrip().endswith(f"{{processing-activity}} {activity}"))
    return next(i for i in range(opening, len(lines))
                if lines[i].startswith(":recipients:")) + 1


def test_the_old_form_fails_at_the_option_line_naming_recipient(project: dict) -> None:
    result = project["old_strict"]
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    problems = [line for line in result.stderr.splitlines() if PROBLEM.search(line)]
    assert problems
    text = (PROJECT / "index.md").read_text(encoding="utf-8")
    reported = set()
    for problem in problems:
        found = WARNING.match(problem)
        assert found, problem
        assert found["type"] == "policy.unknown_reference", problem
        assert "{recipient}" in found["message"], problem  # the form to write instead
        activity = re.search(r"\{processing-activity\} '([\w-]+)'", found["message"])
        assert activity, problem
        assert int(found["line"]) == option_line(text, activity[1]), problem
        reported.add(activity[1])
    assert reported == set(ACTIVITIES)


def test_migrated_the_project_builds_strict_without_a_warning(project: dict) -> None:
    assert project["first"].returncode == 0, project["first"].stderr
    result = project["new_html"]
    assert result.returncode == 0, result.stderr
    assert not PROBLEM.search(result.stderr), result.stderr


def test_every_sentence_is_the_same_before_and_after(project: dict) -> None:
    base: Path = project["base"]
    assert project["old_html"].returncode == 0, project["old_html"].stderr  # written anyway
    before = sentences((base / "old" / "index.html").read_text(encoding="utf-8"))
    after = sentences((base / "new" / "index.html").read_text(encoding="utf-8"))
    assert len(before) >= 5
    assert after == before
    # the summaries name the recipients as the text does (before, the phrase was split)
    page = (base / "new" / "index.html").read_text(encoding="utf-8")
    assert "Stripe, Inc. (USA)</span></a>" in page


def test_the_recipients_are_exported_with_their_names(project: dict) -> None:
    export = json.loads((project["base"] / "new" / "policy.json").read_text(encoding="utf-8"))
    assert {r["key"]: r["name"] for r in export["recipients"]} == RECIPIENTS
    assert {a["key"]: a["recipients"] for a in export["activities"]} == ACTIVITIES


def test_the_first_run_says_what_it_did_and_changes_only_that(project: dict) -> None:
    said = project["first"].stdout.splitlines()
    assert said[-1] == "migrated 3 activities in 1 file"
    for line in said[:-1]:
        found = CHANGE.match(line)
        assert found and found["file"].endswith("index.md"), line
    assert sum("declared {recipient}" in line for line in said) == 3  # each phrase once
    assert any(":recipients: our hosting provider; Stripe, Inc. (USA)" in line for line in said)

    old = project["original"]["index.md"].decode().splitlines()
    new = project["migrated"]["index.md"].decode().splitlines()
    # nothing is removed; what changed: the ':recipients:' lines, the fence of the one
    # activity with three colons (lengthened to hold a block), and the blocks added
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False) \
            .get_opcodes():
        if op == "equal":
            continue
        assert op in ("replace", "insert"), (op, old[i1:i2])
        for was, now in zip(old[i1:i2], new[j1:j2], strict=False):
            assert (was.startswith(":recipients:") and now.startswith(":recipients:")) or \
                (was.startswith(":::") and now == ":" + was), (was, now)
        for line in new[j1 + (i2 - i1):j2]:
            assert re.fullmatch(r"|:::\{recipient\} [a-z-]+|:name: .+|:{3,4}", line), line
    assert ":recipients: our-hosting-provider, mailer, our-ticketing-provider" in new
    assert new.count(":name: our hosting provider") == 1
    # the comment is never published and never migrated
    assert ":recipients: someone we have not chosen yet" in new
    assert set(project["migrated"]) == set(project["original"])
    assert project["migrated"]["conf.py"] == project["original"]["conf.py"]


def test_a_second_run_changes_nothing(project: dict) -> None:
    second = project["second"]
    assert second.returncode == 0, second.stderr
    assert second.stdout == "nothing to migrate\n"
    assert project["after_second"] == project["migrated"]


def test_check_exits_1_before_and_0_after_without_writing(project: dict) -> None:
    before = project["check_before"]
    assert before.returncode == 1, before.stderr
    assert "would declare {recipient} stripe-inc-usa" in before.stdout
    assert project["after_check"] == project["original"]  # nothing written
    after = project["check_after"]
    assert after.returncode == 0, after.stderr
    assert after.stdout == "nothing to migrate\n"


# -- what else a page may hold -------------------------------------------------------------

def test_line_endings_encoding_and_other_bytes_are_kept(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(
        b"\xef\xbb\xbf# A\r\n\r\nCaf\xc3\xa9 \xe2\x80\x94 text.\r\n\r\n"
        b"::::{processing-activity} shop\r\n:purpose: selling\r\n"
        b":recipients: our bank;  Stripe,  Inc. (USA)   \r\n\r\nWe use our bank.\r\n::::")
    (tmp_path / "b.md").write_bytes(
        b"# B\n\n```{processing-activity} mail\n:recipients: our bank\n\nMail.\n```\n\n"
        b"````markdown\n::::{processing-activity} example\n:recipients: an example\n::::\n"
        b"````\n")
    latin = b"# C\n\nCaf\xe9\n\n::::{processing-activity} old\n:recipients: a shop\n::::\n"
    (tmp_path / "c.md").write_bytes(latin)
    result = migrate(tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr  # c.md could not be read
    assert "c.md:3: left alone: not valid UTF-8" in result.stderr
    assert (tmp_path / "c.md").read_bytes() == latin
    assert (tmp_path / "a.md").read_bytes() == (
        b"\xef\xbb\xbf# A\r\n\r\nCaf\xc3\xa9 \xe2\x80\x94 text.\r\n\r\n"
        b"::::{processing-activity} shop\r\n:purpose: selling\r\n"
        b":recipients: our-bank, stripe-inc-usa   \r\n\r\nWe use our bank.\r\n"
        b"\r\n:::{recipient} our-bank\r\n:name: our bank\r\n:::\r\n"
        b"\r\n:::{recipient} stripe-inc-usa\r\n:name: Stripe, Inc. (USA)\r\n:::\r\n::::")
    # the same phrase on another page: the key, declared once (on the first page)
    assert (tmp_path / "b.md").read_bytes() == (
        b"# B\n\n```{processing-activity} mail\n:recipients: our-bank\n\nMail.\n```\n\n"
        b"````markdown\n::::{processing-activity} example\n:recipients: an example\n::::\n"
        b"````\n")


def test_a_misspelt_key_and_an_unclosed_block_are_left_alone(tmp_path: Path) -> None:
    page = ("# A\n\n:::{recipient} mailer\n:name: Mailer Ltd\n:::\n\n"
            "::::{processing-activity} news\n:recipients: mailr\n\nNews.\n::::\n\n"
            "::::{processing-activity} open\n:recipients: our bank\n\nNever closed.\n")
    (tmp_path / "a.md").write_text(page, encoding="utf-8")
    result = migrate("--check", tmp_path)
    assert result.returncode == 2
    assert "a.md:8: left alone: 'mailr' looks like a misspelt key; did you mean 'mailer'?" \
        in result.stderr
    assert "a.md:14: left alone: the {processing-activity} is never closed" in result.stderr
    assert migrate(tmp_path).returncode == 2
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == page


def test_a_comma_separates_only_beside_a_declared_key(tmp_path: Path) -> None:
    page = ("# A\n\n::::{processing-activity} news\n:recipients: mailer, our bank, and co\n\n"
            "News.\n\n:::{recipient} mailer\n:name: Mailer Ltd\n:::\n::::\n\n"
            "::::{processing-activity} keys\n:recipients: alpha, beta\n\nKeys.\n::::\n")
    (tmp_path / "a.md").write_text(page, encoding="utf-8")
    result = migrate(tmp_path)
    assert result.returncode == 2  # 'alpha, beta': keys never declared, or one old phrase
    assert "a.md:14: left alone: 'alpha, beta' reads as keys" in result.stderr
    assert "a.md:4: rewrote ':recipients: mailer, our bank, and co' as " \
        "':recipients: mailer, our-bank-and-co'" in result.stdout
    assert ":name: our bank, and co\n" in (tmp_path / "a.md").read_text(encoding="utf-8")
