"""Layout on a phone (390x844) and a desktop (1366x800, and 1280x800): screenshots to look
at, no sideways scrolling, the register's tables fitting their box (stacked as cards on a
phone), one scroll box at most, cards stacking, "On this page" only where there is more than
one entry, no missing file; printing from the browser.

The screenshots go to the test's temporary folder (printed), or to the folder named by the
environment variable POLICY_SCREENSHOTS, e.g. ``POLICY_SCREENSHOTS=_build/screenshots``.
"""

from __future__ import annotations

import io
import os
import urllib.request
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest
from playwright.sync_api import Page
from pypdf import PdfReader

from .conftest import DESKTOP, PHONE, WIDE, Site

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": PHONE, "desktop": WIDE}
# The landing page, the definitions, the register's tables (the internal register page
# collects them; §14 states the periods in the policy itself), §14, and a processing
# activity's "At a glance" card (§15).
SHOWN = ["index.html", "definitions.html", "register.html", "data-retention.html",
         "data-requirements.html"]
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


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", VIEWPORTS)
def test_screenshots_of_the_main_pages(new_page: Callable[..., Page], site: Site,
                                       screenshots: Path, device: str, scheme: str) -> None:
    page = new_page(viewport=VIEWPORTS[device], color_scheme=scheme)
    for name in SHOWN:
        page.goto(site.url(name))
        shot = screenshots / f"{device}-{scheme}-{name.removesuffix('.html')}.png"
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


# Every table of the page and the boxes between it and the article: its width, its box's
# width and scroll width, how many boxes scroll sideways, whether it is stacked (a card a
# row), and every element in it that sticks out of its parent.
TABLES = """() => Array.from(document.querySelectorAll("article table"), t => {
  const article = t.closest("article");
  const scrollers = [];
  for (let e = t.parentElement; e && e !== article.parentElement; e = e.parentElement) {
    if (["auto", "scroll"].includes(getComputedStyle(e).overflowX)) scrollers.push(e);
  }
  const box = t.closest(".policy-table-wrapper") || t.parentElement;
  const out = [];
  // A stacked table's header row is kept for screen readers in a 1 px box, out of sight.
  const unseen = t.tHead && t.tHead.getBoundingClientRect().width <= 1 ? t.tHead : null;
  for (const e of [t, ...t.querySelectorAll("*")]) {
    if (unseen && unseen.contains(e)) continue;
    const parent = e === t ? box : e.parentElement;
    const r = e.getBoundingClientRect(), p = parent.getBoundingClientRect();
    if (r.width && (r.left < p.left - 1 || r.right > p.right + 1)) {
      out.push(e.tagName + " " + (e.textContent || "").trim().slice(0, 30)
               + ` ${r.left.toFixed(0)}-${r.right.toFixed(0)} in ${p.left.toFixed(0)}-`
               + p.right.toFixed(0));
    }
  }
  const labels = Array.from(t.querySelectorAll("tbody td"), td => td.dataset.label || "");
  return {id: t.id, table: t.getBoundingClientRect().width, box: box.clientWidth,
          boxScroll: box.scrollWidth, article: article.getBoundingClientRect().width,
          scrollers: scrollers.length, stacked: getComputedStyle(t).display !== "table",
          outside: out, labels: labels,
          headers: Array.from(t.querySelectorAll("thead th"), th => th.textContent.trim())};
})"""
REGISTER_TABLES = {"processing-register", "retention-table", "recipients-table"}


@pytest.mark.parametrize("viewport", [WIDE, DESKTOP, PHONE, {"width": 320, "height": 640}],
                         ids=["1366", "1280", "phone", "320"])
def test_the_register_tables_fit_their_box(new_page: Callable[..., Page], site: Site,
                                           viewport: dict[str, int]) -> None:
    page = new_page(viewport=viewport)
    page.goto(site.url("register.html"))
    tables = page.evaluate(TABLES)
    assert {t["id"] for t in tables} == REGISTER_TABLES
    for t in tables:
        # No column cut off, nothing to scroll sideways, no element wider than its box, no
        # scroll box inside another.
        assert t["boxScroll"] <= t["box"] and t["table"] <= t["box"] + 1, t
        assert not t["outside"], t["outside"]
        assert t["scrollers"] <= 1, t
        assert t["box"] <= t["article"]
        # Each cell is labelled with its column's header (shown when stacked).
        columns = len(t["headers"])
        assert t["labels"] == t["headers"] * (len(t["labels"]) // columns), t["id"]
    width, view = page.evaluate(SCROLL)
    assert width <= view
    register = next(t for t in tables if t["id"] == "processing-register")
    if viewport["width"] >= WIDE["width"]:
        # A table, not cards: the register takes the width the layout leaves (its
        # "On this page" moves to a drawer), wider than furo's text column of 46em.
        assert not register["stacked"] and register["article"] > 46 * 16
    if viewport["width"] <= PHONE["width"]:
        assert all(t["stacked"] for t in tables)  # a card a row


def test_a_stacked_table_shows_each_value_with_its_column_header(
        new_page: Callable[..., Page], site: Site) -> None:
    page = new_page(viewport=PHONE)
    page.goto(site.url("register.html"))
    cell = page.locator("#processing-register tbody tr").first.locator("td").nth(1)
    label = cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert "Purposes" in label or "data-label" in label
    assert cell.get_attribute("data-label") == "Purposes"
    first, second = (page.locator("#processing-register tbody tr").nth(i).bounding_box()
                     for i in range(2))
    assert first and second and first["y"] + first["height"] <= second["y"]  # cards, stacked
    # The header row is still there for screen readers, out of sight.
    head = page.locator("#processing-register thead")
    assert head.count() == 1 and (head.bounding_box() or {"width": 0})["width"] <= 1


def test_without_scripts_a_wide_table_scrolls_in_its_own_box(
        new_page: Callable[..., Page], site: Site) -> None:
    # Stacking needs the script (it labels the cells): without it the register scrolls in
    # its one box on a phone, and the page itself does not.
    page = new_page(viewport=PHONE, javascript=False)
    page.goto(site.url("register.html"))
    tables = page.evaluate(TABLES)
    assert not any(t["stacked"] for t in tables)
    for t in tables:
        assert t["scrollers"] == 1 and t["box"] <= t["article"], t
    assert any(t["boxScroll"] > t["box"] for t in tables)
    width, view = page.evaluate(SCROLL)
    assert width <= view


# The entries of the page's own contents (its sections below the title), and whether the
# buttons that open "On this page" are shown.
CONTENTS = """() => [
  document.querySelectorAll("article section section > :is(h2, h3, h4, h5, h6)").length,
  Array.from(document.querySelectorAll(".toc-header-icon, .toc-content-icon, .toc-drawer"))
    .filter(e => e.getClientRects().length > 0).map(e => e.className)]"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP, WIDE], ids=["phone", "1280", "1366"])
def test_on_this_page_is_offered_only_with_two_entries_or_more(
        new_page: Callable[..., Page], site: Site, viewport: dict[str, int]) -> None:
    # Most pages hold one numbered section: a drawer with one link is not worth a button.
    page = new_page(viewport=viewport)
    wrong = []
    offered = 0
    for name in site.pages():
        page.goto(site.url(name))
        entries, shown = page.evaluate(CONTENTS)
        if (entries >= 2) != bool(shown):
            wrong.append(f"{name}: {entries} entries, shown: {shown}")
        offered += bool(shown)
    assert not wrong, wrong
    assert offered >= 1  # the register has three


def test_no_page_asks_for_a_file_that_is_not_there(new_page: Callable[..., Page],
                                                   site: Site) -> None:
    # Every response of every page, and every request the server answered while it loaded
    # (the browser's own request for the page's icon does not show among the page's).
    page = new_page()
    start = len(site.served)
    for name in site.pages():
        page.recorder.current = name  # type: ignore[attr-defined]
        page.goto(site.url(name), wait_until="load")
        page.wait_for_load_state("networkidle")
        icon = page.evaluate("document.querySelector('link[rel~=icon]')?.href")
        assert icon and icon.startswith(site.base), f"{name} declares no icon of its own"
    assert not page.recorder.broken, page.recorder.broken  # type: ignore[attr-defined]
    missing = [s for s in site.served[start:] if s.status >= 400]
    assert not missing, missing
    # The icon is there, as is one at the site's root for what is shown without a page of
    # ours (the PDF in the browser's viewer).
    for path in (icon.removeprefix(site.base), "favicon.ico"):
        with urllib.request.urlopen(site.url(path)) as response:
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("image/")


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


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", VIEWPORTS)
def test_screenshot_of_an_open_popup(new_page: Callable[..., Page], site: Site,
                                     screenshots: Path, device: str, scheme: str) -> None:
    page = new_page(viewport=VIEWPORTS[device], color_scheme=scheme)
    page.goto(site.url("index.html"))
    page.locator("article a[aria-describedby^='policy-popup-']").nth(1).focus()
    popup = page.locator(".policy-popup:not([hidden])")
    assert popup.count() == 1
    page.screenshot(path=str(screenshots / f"{device}-{scheme}-popup.png"))
    box = popup.bounding_box()
    width = page.evaluate("document.documentElement.clientWidth")
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
