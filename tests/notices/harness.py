"""The corpus of privacy notices: build each notice with the checks on and hold its findings
against what a careful reviewer expects of it (its ``expected.toml``).

Each folder here holding an ``expected.toml`` is a notice (a small Sphinx project). Its
``[[expect]]`` entries are the findings a reviewer expects, its ``[[absent]]`` entries
likely false alarms that must not appear. An entry matches a finding when the check is
equal and, where given, the key and the place (file, line) too; each finding matches one
entry at most. An expectation without ``line`` takes its place from a marker line
``% expect: <check>`` in the notice: the finding points at the first line below the marker
that is not a marker itself. Every finding no expectation claims is a false alarm; an
``[[absent]]`` entry matching it says why a reviewer would not raise it.
"""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any

from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

CORPUS = Path(__file__).resolve().parent
MARKER = re.compile(r"^%\s*expect:\s*(?P<check>[a-z][a-z0-9-]*)\s*$")
LOGGED = re.compile(r"\b(WARNING|ERROR|CRITICAL):")
KIND = re.compile(r"\[policy\.(?P<kind>[\w-]+)\]\s*$")
DEFAULT_FILE = "index.md"

Finding = dict[str, Any]


@dataclass
class Entry:
    """One ``[[expect]]`` or ``[[absent]]`` entry of an ``expected.toml``."""

    check: str
    why: str = ""
    key: str | None = None
    file: str | None = None
    line: int | None = None

    @property
    def specificity(self) -> int:
        return sum(x is not None for x in (self.key, self.file, self.line))

    def matches(self, finding: Finding) -> bool:
        if finding.get("check") != self.check:
            return False
        if self.key is not None and finding.get("key") != self.key:
            return False
        if self.line is not None and finding.get("line") != self.line:
            return False
        file = self.file or (DEFAULT_FILE if self.line is not None else None)
        return file is None or finding.get("file") == file

    def __str__(self) -> str:
        key = f" '{self.key}'" if self.key else ""
        where = f" at {self.file or DEFAULT_FILE}:{self.line}" if self.line else ""
        where = where or (f" in {self.file}" if self.file else "")
        return f"{self.check}{key}{where}: {self.why}"


@dataclass
class Notice:
    name: str
    summary: str
    expect: list[Entry]
    absent: list[Entry]


@dataclass
class Result:
    notice: Notice
    findings: list[Finding]
    authoring: list[str]
    found: list[tuple[Entry, Finding]] = field(default_factory=list)
    missed: list[Entry] = field(default_factory=list)
    false_alarms: list[tuple[Finding, Entry | None]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missed or self.false_alarms or self.authoring)

    def details(self) -> list[str]:
        """One line per miss, false alarm and authoring warning."""
        name = self.notice.name
        lines = [f"{name}: missed {e}" for e in self.missed]
        for finding, absent in self.false_alarms:
            note = f" (listed as absent: {absent.why})" if absent else ""
            lines.append(f"{name}: false alarm {describe(finding)}{note}")
        lines += [f"{name}: authoring warning {w}" for w in self.authoring]
        return lines


def describe(finding: Finding) -> str:
    key = f" '{finding['key']}'" if finding.get("key") else ""
    return (f"{finding.get('check')}{key} at {finding.get('file')}:{finding.get('line')} "
            f"({finding.get('severity')}): {finding.get('message', '')}")


def notices() -> list[str]:
    return sorted(p.name for p in CORPUS.iterdir() if (p / "expected.toml").is_file())


def markers(folder: Path) -> list[tuple[str, str, int]]:
    """(check, file, line the finding should point at) of every marker, in file order."""
    found = []
    for page in sorted(folder.rglob("*.md")):
        lines = page.read_text(encoding="utf-8").splitlines()
        for n, text in enumerate(lines, 1):
            if match := MARKER.match(text.strip()):
                target = n + 1
                while target <= len(lines) and MARKER.match(lines[target - 1].strip()):
                    target += 1
                found.append((match["check"], page.relative_to(folder).as_posix(), target))
    return found


def load(name: str) -> Notice:
    folder = CORPUS / name
    data = tomllib.loads((folder / "expected.toml").read_text(encoding="utf-8"))
    expect = [Entry(**e) for e in data.get("expect", [])]
    absent = [Entry(**e) for e in data.get("absent", [])]
    unused = markers(folder)
    for entry in (e for e in expect if e.line is None):
        mark = next((m for m in unused if m[0] == entry.check
                     and entry.file in (None, m[1])), None)
        if mark is not None:
            unused.remove(mark)
            entry.file, entry.line = mark[1], mark[2]
    if unused:
        raise ValueError(f"{name}: markers without an [[expect]] entry: {unused}")
    return Notice(name, data.get("notice", ""), expect, absent)


def build(name: str, workdir: Path) -> tuple[list[Finding], list[str]]:
    """Build a copy of the notice with the checks on: its findings (from report.json) and
    its authoring warnings (every warning that is not a finding)."""
    srcdir = workdir / name
    shutil.copytree(CORPUS / name, srcdir, ignore=shutil.ignore_patterns("_build"))
    warning = StringIO()
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=True, status=StringIO(),
                        warning=warning, confoverrides={"policy_compliance_checks": True})
    try:
        app.build()
    finally:
        app.cleanup()
    report_file = Path(app.outdir) / "report.json"
    report = json.loads(report_file.read_text()) if report_file.exists() else {}
    findings: list[Finding] = report.get("findings", [])
    checks = {c["check"] for c in report.get("checklist", [])} | {f["check"] for f in findings}
    authoring = [] if report else ["no report.json was written"]
    for line in strip_colors(warning.getvalue()).splitlines():
        kind = KIND.search(line)
        if "while setting up extension" in line:
            continue  # docutils' registry left by an earlier build in this process
        if LOGGED.search(line) and not (kind and kind["kind"] in checks):
            authoring.append(line.replace(str(srcdir) + "/", ""))
    return findings, authoring


def compare(notice: Notice, findings: list[Finding], authoring: list[str]) -> Result:
    result = Result(notice, findings, authoring)
    open_findings = list(findings)
    for entry in sorted(notice.expect, key=lambda e: -e.specificity):
        hit = next((f for f in open_findings if entry.matches(f)), None)
        if hit is None:
            result.missed.append(entry)
        else:
            open_findings.remove(hit)
            result.found.append((entry, hit))
    absent = sorted(notice.absent, key=lambda e: -e.specificity)
    result.false_alarms = [(f, next((a for a in absent if a.matches(f)), None))
                           for f in open_findings]
    return result


def evaluate(name: str, workdir: Path) -> Result:
    notice = load(name)
    return compare(notice, *build(name, workdir))
