"""Section numbering: the numbered headings of the policy, in reading order, run 1, 2, 3…
without a gap or a number used twice (nested numbers like 3.1, 3.2 within their parent).

A gap is reported, never mended: a missing number may be a lost section, and only the
legal team can say whether text is missing or the numbers are wrong.
"""

from __future__ import annotations

from collections.abc import Iterator

from .checks import Finding
from .phrases import section_number
from .policy import Policy


def numbered(policy: Policy) -> list[tuple[str, int, tuple[int, ...], str]]:
    """(docname, line, number parts, title) of each numbered heading, in reading order.
    Only pages in the navigation count: an internal page is not part of the policy."""
    found = []
    for docname in policy.order:
        for heading in policy.headings(docname):
            number = section_number(heading.title)
            if number:
                found.append((docname, heading.line, tuple(map(int, number.split("."))),
                              heading.title))
    return found


def label(parts: tuple[int, ...]) -> str:
    return "§" + ".".join(map(str, parts))


def span(missing: list[str]) -> str:
    return " and ".join(missing) if len(missing) < 4 else f"{missing[0]} to {missing[-1]}"


def check_numbering(policy: Policy) -> Iterator[Finding]:
    last: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[str, int]]] = {}  # per parent
    seen: dict[tuple[int, ...], tuple[str, int]] = {}
    for docname, line, parts, title in numbered(policy):
        parent, number = parts[:-1], parts[-1]
        here = (docname, line)
        if parts in seen:
            first = seen[parts]
            yield Finding(
                "section-numbering",
                f"section number {label(parts)} is used twice: '{title}' here, and the "
                f"section at {policy.where(first)}",
                "ask the legal team to renumber the sections; the checks never change the "
                "client's numbering",
                here, key=label(parts), related=[first])
            continue
        seen[parts] = here
        previous = last.get(parent)
        expected = previous[0][-1] + 1 if previous else 1
        if number > expected:
            missing = [label((*parent, n)) for n in range(expected, number)]
            context = (f"{label(previous[0])} ({policy.where(previous[1])}) is followed by "
                       f"{label(parts)} ('{title}')" if previous
                       else f"the numbering starts at {label(parts)} ('{title}')")
            yield Finding(
                "section-numbering",
                f"{span(missing)} {'is' if len(missing) == 1 else 'are'} missing: "
                + context,
                "ask the legal team whether a section was lost or the numbers are wrong; "
                "the checks never change the client's numbering",
                here, key=",".join(missing),
                related=[previous[1]] if previous else [])
        elif number < expected and previous:
            yield Finding(
                "section-numbering",
                f"section {label(parts)} ('{title}') comes after {label(previous[0])} "
                f"({policy.where(previous[1])}): the sections are out of order",
                "ask the legal team to put the sections in order or renumber them",
                here, key=label(parts), related=[previous[1]])
        last[parent] = (parts, here)
