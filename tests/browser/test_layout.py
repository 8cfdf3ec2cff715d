"""Layout on a phone (390x844) and a desktop (1280x800): screenshots to look at, no sideways
scrolling, wide tables scrolling in their own box, cards stacking; printing from the browser.

The screenshots go to the test's temporary folder (printed), or to the folder named by the
environment variable POLICY_SCREENSHOTS, e.g. ``POLICY_SCREENSHOTS=_build/screenshots``.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest
from playwright.sync_api import Page
from pypdf import PdfReader

from .conftest import DESKTOP, PHONE, Site

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
# The landing page, the definitions, and the retention table (the internal register page
# collects it; §14 states the periods in the policy itself).
SHOWN = ["index.html", "definitions.html", "register.html", "data-retention.html"]
# Sideways scrolling of the page: of the document, or of any box around the text (furo's
# `.content` is a scroll box of its own, so the document alone would not tell). Gives the
# widest scroll width among them and the viewport's width.
SCROLL = """(() => {
  const boxes = [document.scrollingElement];
  for (let e = document.querySelector('article'); e; e = e.parentElement) {
    if (['auto', 'scroll'].includes(getComputedStyle(e).overflowX)) boxes.push(e);
  }
  return [Math.max(...boxes.map(b => b.scrollWidth - b.clientWidth))
            + document.documentElement.clientWidth,
          document.documentElement.clientWidth];
})()"""


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("POLICY_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"screenshots in {folder}")
    return folder


@pytest.mark.parametrize("device", VIEWPORTS)
def test_screenshots_of_the_main_pages(new_page: Callable[..., Page], site: Site,
                                       screenshots: Path, device: str) -> None:
    page = new_page(viewport=VIEWPORTS[device])
    for name in SHOWN:
        page.goto(site.url(name))
        shot = screenshots / f"{device}-{name.removesuffix('.html')}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        width, view = page.evaluate(SCROLL)
        assert width <= view, f"{name} scrolls sideways on the {device}: {width} > {view}"


@pytest.mark.parametrize("width", [PHONE["width"], 320])  # 320: WCAG 1.4.10 reflow
def test_no_page_scrolls_sideways_on_a_phone(new_page: Callable[..., Page], site: Site,
                                             width: int) -> None:
    page = new_page(viewport={"width": width, "height": PHONE["height"]})
    wide = []
    for name in site.pages():
        page.goto(site.url(name))
        width, view = page.evaluate(SCROLL)
        if width > view:
            wide.append(f"{name}: {width} > {view}")
    assert not wide, wide


def test_the_check_for_sideways_scrolling_can_fail(new_page: Callable[..., Page],
                                                   site: Site) -> None:
    page = new_page(viewport=PHONE)
    page.goto(site.url("index.html"))
    page.evaluate("document.querySelector('article p').style.width = '800px'")
    width, view = page.evaluate(SCROLL)
    assert width > view


TABLES = """Array.from(document.querySelectorAll('article table'), t => {
  let box = t.parentElement;
  while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) {
    box = box.parentElement;
  }
  return {id: t.id, table: t.scrollWidth,
          box: box ? box.clientWidth : null, boxScroll: box ? box.scrollWidth : null};
})"""


def test_wide_tables_scroll_inside_their_own_box(new_page: Callable[..., Page],
                                                 site: Site) -> None:
    page = new_page(viewport=PHONE)
    page.goto(site.url("register.html"))
    tables = page.evaluate(TABLES)
    assert {"retention-table", "processing-register"} <= {t["id"] for t in tables}
    view = page.evaluate("document.documentElement.clientWidth")
    for t in tables:
        assert t["box"] is not None, f"table {t['id']} has no scrolling box of its own"
        assert t["box"] <= view
    # The register is wider than a phone: it scrolls in its box, and the page does not.
    assert any(t["table"] > t["box"] and t["boxScroll"] > t["box"] for t in tables)
    width, view = page.evaluate(SCROLL)
    assert width <= view


def card_boxes(page: Page) -> list[dict[str, float]]:
    cards = page.locator(".policy-highlights .sd-card")
    assert cards.count() == 3
    return [cards.nth(i).bounding_box() for i in range(cards.count())]  # type: ignore[misc]


def test_highlight_cards_stack_on_a_phone_and_line_up_on_a_desktop(
        new_page: Callable[..., Page], site: Site) -> None:
    phone = new_page(viewport=PHONE)
    phone.goto(site.url("index.html"))
    boxes = card_boxes(phone)
    assert all(b["y"] + b["height"] <= c["y"] for b, c in pairwise(boxes))
    assert len({round(b["x"]) for b in boxes}) == 1
    desktop = new_page(viewport=DESKTOP)
    desktop.goto(site.url("index.html"))
    boxes = card_boxes(desktop)
    assert len({round(b["y"]) for b in boxes}) == 1
    assert all(b["x"] + b["width"] <= c["x"] for b, c in pairwise(boxes))


# ---- printing from the browser ---------------------------------------------------------

CHROME = [".sidebar-drawer", ".toc-drawer", ".mobile-header", ".theme-toggle-container",
          ".back-to-top", ".related-pages", ".skip-to-content", ".policy-popups"]
DISPLAYED = """sel => Array.from(document.querySelectorAll(sel)).filter(
  e => getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0).length"""


def test_printing_a_page_hides_the_screen_chrome(new_page: Callable[..., Page], site: Site,
                                                 screenshots: Path) -> None:
    assert (site.root / "_static" / "policy-print.css").exists(), "no print stylesheet"
    page = new_page(media="print")
    page.goto(site.url("data-retention.html"))
    shown = {sel: page.evaluate(DISPLAYED, sel) for sel in CHROME}
    assert not any(shown.values()), shown
    assert page.locator("article h1").first.is_visible()
    # A term link prints as a plain link: no dotted underline, its popup never shown.
    term = page.locator("article a[aria-describedby^='policy-popup-']").first
    assert term.evaluate("a => getComputedStyle(a).textDecorationLine") == "none"
    term.focus()
    assert page.evaluate(DISPLAYED, ".policy-popup") == 0
    pdf = page.pdf(format="A4")
    (screenshots / "print-data-retention.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Data Retention" in text
    for chrome in ("Skip to content", "Back to top", "Toggle", "On this page"):
        assert chrome not in text


@pytest.mark.parametrize("device", VIEWPORTS)
def test_screenshot_of_an_open_popup_in_dark_mode(new_page: Callable[..., Page], site: Site,
                                                  screenshots: Path, device: str) -> None:
    page = new_page(viewport=VIEWPORTS[device], color_scheme="dark")
    page.goto(site.url("index.html"))
    page.locator("article a[aria-describedby^='policy-popup-']").nth(1).focus()
    popup = page.locator(".policy-popup:not([hidden])")
    assert popup.count() == 1
    page.screenshot(path=str(screenshots / f"{device}-dark-popup.png"))
    box = popup.bounding_box()
    width = page.evaluate("document.documentElement.clientWidth")
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
