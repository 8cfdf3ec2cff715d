"""The policy over time: a material change readers are not told of, and a notice that
reserves the right to change without saying how readers will learn of it (WP260 rev.01,
paras. 29-33)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from ..facts import policy_date
from ..versions import FOLDER, released
from ..versions.changes import Change, compare
from .checks import Finding
from .policy import Policy, sentences


def place_of(policy: Policy, change: Change) -> tuple[str, int]:
    """The declaration a change is about (the rights list, or the first page, if gone)."""
    index = policy.index
    table = {"activity": index.activities, "purpose": index.activities,
             "basis": index.activities, "category": index.activities,
             "recipient": {**index.activities, **index.recipients},
             "transfer": {**index.activities, **index.recipients},
             "retention": index.retention, "right": index.rights}
    kind = change.kind.split("-")[0]
    record = table.get(kind, {}).get(change.key)
    if record is not None:
        return (record.docname, record.lineno)
    return policy.rights_place() if kind == "right" else policy.start


def check_unannounced_change(policy: Policy) -> Iterator[Finding]:
    """Declared facts changed materially since the last release, and the policy's date
    still says that release: readers would not know the policy changed."""
    base = Path(policy.base or policy.env.srcdir)
    dates = released(base)
    if not dates or policy.export is None:
        return
    date, where = policy_date(policy.env)
    if date is None or date.isoformat() != dates[-1]:
        return  # a new date: a new version, released with its own "what changed"
    path = base / FOLDER / dates[-1] / "policy.json"
    if not path.is_file():
        return
    last = json.loads(path.read_text(encoding="utf-8"))
    for change in compare(last, policy.export):
        if not change.material:
            continue
        yield Finding(
            "unannounced-change",
            f"{change.summary}: a material change since the version released on "
            f"{dates[-1]}, but 'last-updated' still says {dates[-1]}, so readers are not "
            "told that the policy changed",
            "ask the legal team how and when readers are told of this change (WP260 rev.01, "
            "paras. 29-33); then move 'last-updated' on and release the new version "
            "(make release)",
            place_of(policy, change), key=f"{change.kind}:{change.key}",
            related=[where] if where else [])


RESERVES = re.compile(r"\breserves? the right to (?:update|change|modify|amend|revise|alter)|"
                      r"\bmay (?:update|change|modify|amend|revise) (?:this|our|the) "
                      r"(?:privacy )?(?:policy|notice|statement)\b", re.I)
TOLD = re.compile(r"\bnotif(?:y|ied|ication)\b|\binform(?:ed)?\b|\btell\b|\bannounc|"
                  r"\be-?mail\b|\blet you know\b|\bnotice of\b|\bbanner\b", re.I)


def check_change_notice(policy: Policy) -> Iterator[Finding]:
    """A notice that may change says how readers will be told of a material change."""
    for docname, block in policy.blocks():
        for sentence in sentences(block.text):
            match = RESERVES.search(sentence)
            if match is None or TOLD.search(block.text):
                continue
            yield Finding(
                "change-notice",
                f"the text says {match.group(0)!r} but not how readers will be told of a "
                "material change before it takes effect (WP260 rev.01, para. 30)",
                "ask the legal team for wording that says how readers are told of material "
                "changes (e.g. by email or a notice on the site) and when",
                (docname, block.line), key="change-notice")
            return


CHECKS = [check_unannounced_change, check_change_notice]
