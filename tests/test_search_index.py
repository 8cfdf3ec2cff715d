"""Search: every right, data category, recipient and processing activity in Sphinx's offline
search index links to its declaration, under a clean title naming the section it is in.

The index is read as ``searchtools.js`` reads it: an object's link is rebuilt here by the
script's own rules (an anchor ``""`` means the shown name, ``"-"`` the type and the shown
name), so a link that only looks right in the JSON still fails.
"""

from __future__ import annotations

import html.parser
import json
import re
from pathlib import Path

import pytest
from conftest import Build, sphinx_build

PREFIX, SUFFIX = "Search.setIndex(", ")"
KINDS = ("right", "category", "recipient", "activity")
ENTITY = re.compile(r"&(#\d+|#x[0-9a-f]+|[a-z]+);", re.I)


def read_index(outdir: Path) -> dict:
    text = (outdir / "searchindex.js").read_text(encoding="utf-8")
    assert text.startswith(PREFIX) and text.endswith(SUFFIX)
    return json.loads(text[len(PREFIX):-len(SUFFIX)])


def object_results(index: dict) -> list[dict[str, str]]:
    """Each policy object as searchtools.js shows it: page, link target, title, type."""
    found = []
    for prefix, entries in index["objects"].items():
        for doc, typeindex, _prio, anchor, name in entries:
            domain, kind, _label = index["objnames"][str(typeindex)]
            if domain != "policy":
                continue
            fullname = f"{prefix}.{name}" if prefix else name  # performObjectSearch
            if anchor == "":
                anchor = fullname
            elif anchor == "-":
                anchor = f"{kind}-{fullname}"
            found.append({"page": index["docnames"][doc], "anchor": anchor,
                          "title": fullname, "kind": kind})
    return found


class Sections(html.parser.HTMLParser):
    """Every id of a page and the title of the innermost section it stands in."""

    HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[list[str]] = []  # the sections open here, each its title's parts
        self.heading: list[str] | None = None  # the title being read
        self.skip = 0  # inside a heading's permalink ("¶")
        self.ids: dict[str, list[str] | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids[a["id"]] = self.open[-1] if self.open else None  # type: ignore[index]
        if tag == "section":
            self.open.append([])
        elif tag in self.HEADINGS and self.open and not self.open[-1]:
            self.heading = self.open[-1]
        elif self.heading is not None and "headerlink" in (a.get("class") or ""):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "section" and self.open:
            self.open.pop()
        elif tag in self.HEADINGS:
            self.heading = None
        elif tag == "a" and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.heading is not None and not self.skip:
            self.heading.append(data)

    def section_of(self, anchor: str) -> str | None:
        """The section title an id stands in; None if the page has no such id."""
        if anchor not in self.ids:
            return None
        parts = self.ids[anchor]
        return " ".join("".join(parts or []).split())


def page_sections(outdir: Path, docname: str) -> Sections:
    parser = Sections()
    parser.feed((outdir / f"{docname}.html").read_text(encoding="utf-8"))
    return parser


def check_objects(outdir: Path) -> dict[tuple[str, str], str]:
    """Every policy object of the index links to an id of its page and is titled
    "<name> — <section>", in plain text. Returns (page, anchor) -> title."""
    index = read_index(outdir)
    results = object_results(index)
    assert results, "no policy object in the search index"
    titles: dict[tuple[str, str], str] = {}
    pages: dict[str, Sections] = {}
    for result in results:
        page, anchor, title = result["page"], result["anchor"], result["title"]
        sections = pages.setdefault(page, page_sections(outdir, page))
        section = sections.section_of(anchor)
        assert section is not None, f"{page}.html#{anchor} does not exist ({title!r})"
        assert not ENTITY.search(title) and "<" not in title, title
        assert title == " ".join(title.split()), title
        name, sep, shown_section = title.rpartition(" — ")
        # "<name> — <section>", or the name alone where it is the section's title
        assert (sep and name and shown_section == section) or title == section, \
            (title, section)
        assert (page, anchor) not in titles, f"{page}.html#{anchor} found twice"
        titles[page, anchor] = title
    # every declaration of a searchable page is found by search, none is left out
    declared = set()
    for page in index["docnames"]:
        ids = page_sections(outdir, page).ids
        declared |= {(page, i) for i in ids if i.startswith(tuple(f"{k}-" for k in KINDS))}
    assert set(titles) == declared
    return titles


def test_every_policy_object_links_to_its_declaration(policy_html: Build) -> None:
    assert policy_html.returncode == 0, policy_html.stderr
    titles = check_objects(policy_html.outdir)
    # 7 rights, 10 data categories, 3 recipients, 10 processing activities
    assert len(titles) == 30
    assert titles["your-rights", "right-access"] == "Right of access — 8. Your Rights"
    assert titles["data-requirements", "category-usage-data"] == \
        "Usage data — 15. Data Requirements"
    assert titles["google-analytics", "recipient-google-analytics"] == \
        "Google Analytics — 10. Google Analytics"
    # quotes stay quotes: the script escapes the title itself (no &quot; or &#x27;)
    assert titles["your-rights", "right-erasure"] == \
        'Right to erasure ("right to be forgotten") — 8. Your Rights'


def test_object_types_are_named_for_the_reader(policy_html: Build) -> None:
    index = read_index(policy_html.outdir)
    kinds = {kind: label for domain, kind, label in index["objnames"].values()
             if domain == "policy"}
    assert kinds == {"right": "Privacy policy data-subject right",
                     "category": "Privacy policy data category",
                     "recipient": "Privacy policy recipient",
                     "activity": "Privacy policy processing activity"}


def test_objects_name_their_own_section_not_the_pages_first(test_policy_copy: Path,
                                                             tmp_path: Path) -> None:
    # tests/roots/test-policy keeps "3. Newsletter" and "4. Support" on one page
    build = sphinx_build(test_policy_copy, tmp_path / "html")
    assert build.returncode == 0, build.stderr
    titles = check_objects(build.outdir)
    index = read_index(build.outdir)
    assert index["titles"][index["docnames"].index("newsletter")] == "3. Newsletter"
    assert titles["newsletter", "category-contact-data"] == "Contact data — 3. Newsletter"
    assert titles["newsletter", "category-ticket-data"] == "Ticket data — 4. Support"
    assert titles["newsletter", "activity-support"] == "Support requests — 4. Support"
    assert titles["rights", "right-access"] == "Right of access — 5. Your Rights"


@pytest.fixture
def policy_with_subsection(policy_copy: Path) -> Path:
    """The client's policy with a right declared in a sub-section of "8. Your Rights"."""
    page = policy_copy / "your-rights.md"
    text = page.read_text(encoding="utf-8")
    old = ":::{right} withdraw-consent\nRight to withdraw consent\n:::\n\n::::\n"
    assert old in text
    page.write_text(text.replace(old, "::::\n\n## 8.1 Consent\n\n::::{rights}\n\n" + old),
                    encoding="utf-8")
    return policy_copy


def test_objects_in_a_subsection_name_the_subsection(policy_with_subsection: Path,
                                                     tmp_path: Path) -> None:
    src = policy_with_subsection
    build = sphinx_build(src, tmp_path / "html", confdir=src)
    assert build.returncode == 0, build.stderr
    titles = check_objects(build.outdir)
    assert titles["your-rights", "right-withdraw-consent"] == \
        "Right to withdraw consent at any time — 8.1 Consent"
    assert titles["your-rights", "right-access"] == "Right of access — 8. Your Rights"
    # a match in the sub-section's title is labelled "8. Your Rights > 8.1 Consent"
    index = read_index(build.outdir)
    page = index["docnames"].index("your-rights")
    assert index["alltitles"]["8.1 Consent"] == [[page, "consent"]]
    assert index["titles"][page] == "8. Your Rights"
