"""Search: Sphinx's own offline search (searchindex.js, no server, no third party) finds a
defined term, a section and the policy's declarations (rights, data categories, recipients,
processing activities), driven in the browser through search.html?q=…; every result is
clicked and must land on an element of its page."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote, unquote, urljoin, urlsplit

import pytest
from playwright.sync_api import Page

from .conftest import Site, axe

pytestmark = pytest.mark.browser

RESULTS = """Array.from(document.querySelectorAll('#search-results ul.search li a'),
  a => [a.getAttribute('href'), a.textContent.trim()])"""


def search(page: Page, site: Site, query: str) -> list[tuple[str, str]]:
    page.goto(site.url(f"search.html?q={quote(query)}"))
    # searchtools.js writes its summary when the search has finished.
    page.locator("#search-results .search-summary").wait_for()
    return [tuple(r) for r in page.evaluate(RESULTS)]


def test_search_finds_a_defined_term(new_page: Callable[..., Page], site: Site) -> None:
    page = new_page()
    hits = search(page, site, "Pseudonymisation")
    # The glossary entry itself comes first, linked to the term's anchor.
    assert hits and hits[0][0].startswith("definitions.html#term-pseudonymisation"), hits
    assert not page.recorder.offenders  # type: ignore[attr-defined]


def test_search_finds_a_section(new_page: Callable[..., Page], site: Site) -> None:
    page = new_page()
    hits = search(page, site, "Google Analytics")
    pages = [href.split("#")[0] for href, _ in hits]
    assert "google-analytics.html" in pages, hits
    assert any("Google Analytics" in title for _, title in hits), hits
    # The results, written by script, are accessible too.
    assert axe(page) == []


def test_search_for_nonsense_finds_nothing(new_page: Callable[..., Page], site: Site) -> None:
    page = new_page()
    assert search(page, site, "Xylophonequartz") == []
    summary = page.locator("#search-results .search-summary").text_content() or ""
    assert "did not match" in summary


def test_a_definition_is_found_where_it_is_written_not_in_its_popups(
        new_page: Callable[..., Page], site: Site) -> None:
    # "physiological" is only in the definition of personal data, which the popups of
    # many pages repeat: search finds the definitions page alone.
    page = new_page()
    hits = search(page, site, "physiological")
    assert {href.split("#")[0] for href, _ in hits} == {"definitions.html"}, hits


# -- the policy's declarations: every result leads to its place ----------------------------

LINKS = "#search-results ul.search li a"
ENTITY = re.compile(r"&(#\d+|#x[0-9a-f]+|[a-z]+);", re.I)  # shown as text, not as a character
TARGET = "() => document.querySelector(':target')?.id ?? null"

#: A declaration each search must find, as (link, title naming its section).
DECLARED = {
    "access": [("your-rights.html#right-access", "Right of access — 8. Your Rights")],
    "Usage data": [("data-requirements.html#category-usage-data",
                    "Usage data — 15. Data Requirements")],
    "Google Analytics": [
        ("google-analytics.html#activity-google-analytics",
         "Google Analytics — 10. Google Analytics"),
        ("google-analytics.html#recipient-google-analytics",
         "Google Analytics — 10. Google Analytics"),
        ("google-analytics.html#category-analytics-data",
         "data about your browsing behavior — 10. Google Analytics")],
    "forgotten": [("your-rights.html#right-erasure",
                   'Right to erasure ("right to be forgotten") — 8. Your Rights')],
}


@pytest.mark.parametrize("query", list(DECLARED))
def test_search_finds_declarations_under_their_section(
        new_page: Callable[..., Page], site: Site, query: str) -> None:
    page = new_page()
    hits = search(page, site, query)
    for hit in DECLARED[query]:
        assert hit in hits, hits
    for _, title in hits:
        assert not ENTITY.search(title), title


@pytest.mark.parametrize("query", list(DECLARED))
def test_every_search_result_lands_on_its_place(
        new_page: Callable[..., Page], site: Site, query: str) -> None:
    page = new_page()
    hits = search(page, site, query)
    assert hits
    for href, title in dict.fromkeys(hits):
        search(page, site, query)
        page.locator(f'{LINKS}[href="{href}"]').first.click()
        page.wait_for_load_state()
        expected = urljoin(site.url("search.html"), href)
        assert unquote(page.url) == unquote(expected), (title, page.url)
        fragment = unquote(urlsplit(expected).fragment)
        if fragment:  # the browser found the element the link names: it is the target
            assert page.evaluate(TARGET) == fragment, f"{title!r}: no element #{fragment}"
        else:
            assert page.locator("article[role=main]").count() == 1, title
    recorder = page.recorder  # type: ignore[attr-defined]
    assert recorder.broken == [] and recorder.errors == [] and recorder.offenders == []
