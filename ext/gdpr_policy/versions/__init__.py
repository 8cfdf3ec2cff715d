"""The policy over time: released versions, kept in the repository, and their archive.

- ``release``: ``make release`` freezes the policy's sources (and its ``policy.json``) as
  ``versions/<last-updated>/``, so a fresh clone holds every published version.
- ``archive``: ``make html`` builds each released version's site into
  ``_build/html/versions/<date>/`` (once, cached while its sources and the toolchain stay
  the same), the list of versions, a "what changed" page per version and changes.json.
- ``changes``: what changed between two versions, as facts (from their policy.json), each
  classed material or editorial.
- ``redline``: the text changes, sentence by sentence.
"""

from __future__ import annotations

from pathlib import Path

#: Where released versions are kept, beside conf.py.
FOLDER = "versions"
DATE_KEY = "last-updated"


def released(confdir: Path) -> list[str]:
    """The dates released, oldest first (folders named YYYY-MM-DD holding docs/)."""
    root = Path(confdir) / FOLDER
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir()
                  if p.is_dir() and (p / "docs").is_dir() and len(p.name) == 10)
