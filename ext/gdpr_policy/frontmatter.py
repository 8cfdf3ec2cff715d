"""A page's front matter, line by line: the places of its entries, for located messages
(Sphinx keeps the values, not where they were written)."""

from __future__ import annotations

from pathlib import Path


def front_matter(path: str | Path) -> list[tuple[int, str]]:
    """The (line number, text) of each line between the opening and closing ``---``;
    empty when the page has no front matter or cannot be read."""
    try:
        lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    if not lines or lines[0].strip() != "---":
        return []
    inside: list[tuple[int, str]] = []
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            return inside
        inside.append((number, line))
    return []  # never closed: not front matter


def entry_key(line: str) -> str:
    """The key of a top-level ``key: value`` line."""
    return line.split(":", 1)[0].strip()
