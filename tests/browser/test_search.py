"""Search: Sphinx's own offline search (searchindex.js, no server, no third party) finds a
defined term and a section, driven in the browser through search.html?q=…"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

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
