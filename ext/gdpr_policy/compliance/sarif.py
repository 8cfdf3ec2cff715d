"""``report.sarif``: the findings in SARIF 2.1.0, the format code-review services read, so
each finding shows on its line in a pull request.

One rule per check (``policy.<check>``, with its GDPR article and what it asks), one result
per finding at its file (relative to the folder of conf.py, the repository's root) and
line; a waived finding is a result with a suppression carrying the reason and who accepted
it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .checks import CHECKS, Finding
from .policy import Policy

SARIF_NAME = "report.sarif"
SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def rules() -> list[dict[str, Any]]:
    return [{
        "id": f"policy.{check.id}",
        "name": "".join(part.title() for part in check.id.split("-")),
        "shortDescription": {"text": check.title},
        "fullDescription": {"text": f"{check.article}: {check.title}."},
        "help": {"text": f"{check.article}. {check.title}. A finding is a result for the "
                         "legal team: it says what is missing and whom to ask; it is "
                         "resolved by the client's wording, or accepted with a waiver "
                         "(policy_waivers in conf.py) giving the reason and who accepted it."},
        "defaultConfiguration": {"level": LEVEL[check.severity]},
        "properties": {"article": check.article, "group": check.group,
                       "tags": ["gdpr", "privacy-notice", check.group]},
    } for check in CHECKS.values()]


def location(policy: Policy, place: tuple[str, int]) -> dict[str, Any]:
    return {"physicalLocation": {
        "artifactLocation": {"uri": policy.path(place[0]), "uriBaseId": "SRCROOT"},
        "region": {"startLine": max(1, place[1])}}}


def result(policy: Policy, finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ruleId": f"policy.{finding.check}",
        "ruleIndex": index[finding.check],
        "level": LEVEL[finding.severity or "error"],
        "message": {"text": f"{finding.article}: {finding.message}. Fix: {finding.hint}."},
        "locations": [location(policy, finding.place)],
        "properties": {"article": finding.article, "key": finding.key},
    }
    if finding.related:
        out["relatedLocations"] = [{"id": i, **location(policy, p)}
                                   for i, p in enumerate(finding.related)]
    if finding.waived and finding.waiver:
        waiver = finding.waiver
        in_page = not str(waiver.get("declared_at", "")).startswith("conf.py")
        out["suppressions"] = [{
            "kind": "inSource" if in_page else "external",
            "status": "accepted",
            "justification": f"{waiver['reason']} (accepted by {waiver['accepted_by']}, "
                             f"{waiver.get('declared_at', '')})",
        }]
    return out


def sarif(policy: Policy, findings: list[Finding], version: str) -> dict[str, Any]:
    index = {check: i for i, check in enumerate(CHECKS)}
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "gdpr_policy", "version": version,
                                "semanticVersion": version, "rules": rules()}},
            "columnKind": "unicodeCodePoints",
            "results": [result(policy, f, index) for f in findings],
        }],
    }


def write(outdir: Path, policy: Policy, findings: list[Finding], version: str) -> Path:
    path = outdir / SARIF_NAME
    path.write_text(json.dumps(sarif(policy, findings, version), indent=1,
                               ensure_ascii=False) + "\n", encoding="utf-8")
    return path
