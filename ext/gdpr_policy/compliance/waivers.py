"""Waivers: a finding the legal team has accepted, with the reason and who accepted it.

A waiver is declared in ``conf.py``::

    policy_waivers = [
        {"check": "requirement", "key": "cookies",
         "reason": "cookies are set by the browser; nothing is provided",
         "accepted_by": "J. Jansen (legal), 2026-03-01"},
    ]

or in a page's front matter (it then covers findings on that page only)::

    ---
    policy-waivers:
      - check: requirement
        key: cookies
        reason: ...
        accepted-by: ...
    ---

``key`` (the thing a finding is about: an activity, a category, a right, a section number)
and ``location`` (``docs/page.md`` or ``docs/page.md:12``) narrow a waiver; without them it
covers every finding of its check. A waived finding stays in the report, marked waived.
A malformed waiver is an authoring error; one that matches nothing is reported too, so
stale waivers do not pile up.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..frontmatter import entry_key, front_matter
from ..warnings import allowed_text
from .checks import CHECKS, Finding
from .policy import Policy, path

logger = logging.getLogger("gdpr_policy.compliance")
FRONT_MATTER = "policy-waivers"
FIELDS = {
    "check": "the check's id",
    "key": "what the finding is about (as report.json gives it)",
    "location": "the finding's file, or file:line",
    "line": "the finding's line (front matter)",
    "reason": "why the finding is accepted",
    "accepted_by": "who accepted it (name, role, date)",
}


@dataclass
class Waiver:
    check: str
    reason: str
    accepted_by: str
    key: str
    location: str
    line: int | None
    docname: str  # the page whose front matter declares it ("" in conf.py)
    declared_at: str  # file:line of the declaration, for messages and the report
    used: bool = False

    def covers(self, finding: Finding, file: str) -> bool:
        if finding.check != self.check:
            return False
        if self.key and self.key.lower() != finding.key.lower():
            return False
        if self.docname and finding.place[0] != self.docname:
            return False
        if self.line is not None and finding.place[1] != self.line:
            return False
        if self.location:
            at = f"{file}:{finding.place[1]}"
            if self.location not in (file, at):
                return False
        return True


def warn(message: str, location: Any) -> None:
    logger.warning(message, location=location, type="policy", subtype="waiver")


def conf_lines(confdir: Path) -> tuple[str, list[int]]:
    """conf.py's path and the line of each entry of ``policy_waivers`` in it."""
    conf = Path(confdir) / "conf.py"
    try:
        tree = ast.parse(conf.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return str(conf), []
    for node in ast.walk(tree):
        targets = (node.targets if isinstance(node, ast.Assign)
                   else [node.target] if isinstance(node, ast.AnnAssign) else [])
        if any(isinstance(t, ast.Name) and t.id == "policy_waivers" for t in targets):
            value = node.value  # type: ignore[attr-defined]
            if isinstance(value, ast.List | ast.Tuple):
                return str(conf), [e.lineno for e in value.elts]
            return str(conf), [node.lineno]
    return str(conf), []


def front_matter_lines(env: BuildEnvironment, docname: str) -> list[int]:
    """The line of each entry (``- ...``) of ``policy-waivers:`` in a page's front matter."""
    found: list[int] = []
    inside = False
    for number, line in front_matter(env.doc2path(docname)):
        if not line.startswith((" ", "\t", "-")):
            inside = entry_key(line) == FRONT_MATTER
        elif inside and line.lstrip().startswith("- "):
            found.append(number)
    return found


def parse(entry: Any, where: Any, docname: str, declared_at: str) -> Waiver | None:
    """One waiver, or None after reporting what is wrong with it."""
    if not isinstance(entry, dict):
        warn(f"a waiver is a mapping with {', '.join(FIELDS)}; got {entry!r}", where)
        return None
    entry = {str(k).replace("-", "_"): v for k, v in entry.items()}
    for name in entry:
        if name not in FIELDS:
            warn(f"waiver: unknown field {name!r}; {allowed_text(name, FIELDS)}", where)
            return None
    check = str(entry.get("check", "")).strip()
    if check not in CHECKS:
        warn(f"waiver: unknown check {check!r}; {allowed_text(check, CHECKS)}", where)
        return None
    for name in ("reason", "accepted_by"):
        if not str(entry.get(name, "")).strip():
            warn(f"waiver of {check!r}: '{name}' is required ({FIELDS[name]}); a finding is "
                 "accepted on the record or not at all", where)
            return None
    line = entry.get("line")
    if line is not None and not (isinstance(line, int) or str(line).isdigit()):
        warn(f"waiver of {check!r}: 'line' must be a number, got {line!r}", where)
        return None
    return Waiver(check, str(entry["reason"]).strip(), str(entry["accepted_by"]).strip(),
                  str(entry.get("key", "")).strip(), str(entry.get("location", "")).strip(),
                  int(line) if line is not None else None, docname, declared_at)


def load(app: Sphinx, env: BuildEnvironment) -> list[Waiver]:
    """Every waiver of the project, each malformed one reported with its place."""
    waivers: list[Waiver] = []
    configured = app.config.policy_waivers or []
    conf, lines = conf_lines(Path(app.confdir))
    # set in conf.py: located at its entry; set otherwise (-D, overrides): no place to give
    located = bool(lines)
    if not isinstance(configured, list | tuple):
        warn("policy_waivers must be a list of waivers",
             f"{conf}:{lines[0]}" if located else None)
        configured = []
    for i, entry in enumerate(configured):
        at = f"{conf}:{lines[min(i, len(lines) - 1)]}" if located else None
        waiver = parse(entry, at, "", at or "policy_waivers")
        if waiver:
            waivers.append(waiver)
    for docname in sorted(env.found_docs):
        raw = env.metadata.get(docname, {}).get(FRONT_MATTER)
        if raw is None:
            continue
        lines = front_matter_lines(env, docname)
        try:
            entries = json.loads(raw) if isinstance(raw, str) else raw
        except ValueError:
            entries = raw
        if not isinstance(entries, list):
            warn(f"front matter '{FRONT_MATTER}' must be a list of waivers", (docname, 1))
            continue
        for i, entry in enumerate(entries):
            line = lines[i] if i < len(lines) else 1
            waiver = parse(entry, (docname, line), docname,
                           f"{path(env, docname, app.confdir)}:{line}")
            if waiver:
                waivers.append(waiver)
    return waivers


def apply(policy: Policy, findings: list[Finding], waivers: list[Waiver]) -> None:
    for finding in findings:
        file = policy.path(finding.place[0])
        for waiver in waivers:
            if waiver.covers(finding, file):
                waiver.used = True
                finding.waived = True
                finding.waiver = {"reason": waiver.reason, "accepted_by": waiver.accepted_by,
                                  "declared_at": waiver.declared_at}
                break


def report_unused(waivers: list[Waiver]) -> None:
    for waiver in waivers:
        if not waiver.used:
            narrowed = " ".join(f"{k}={v!r}" for k, v in (("key", waiver.key),
                                                         ("location", waiver.location)) if v)
            warn(f"waiver of {waiver.check!r}{' ' + narrowed if narrowed else ''} matches no "
                 "finding: remove it, or correct its key or location",
                 place(waiver))


def place(waiver: Waiver) -> str | tuple[str, int] | None:
    """Where a waiver is declared, as a warning's location."""
    if waiver.docname:
        return (waiver.docname, int(waiver.declared_at.rsplit(":", 1)[1]))
    return waiver.declared_at if ":" in waiver.declared_at else None
