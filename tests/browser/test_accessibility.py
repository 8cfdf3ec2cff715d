"""Accessibility: axe-core on every page in light and dark mode; keyboard and screen-reader
access to the definition popups; skip link; language; visible focus."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import CDPSession, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .conftest import DESKTOP, PHONE, Site, axe

pytestmark = pytest.mark.browser

TERM_LINK = "a[aria-describedby^='policy-popup-']"
BACKGROUND = "getComputedStyle(document.body).backgroundColor"


def luminance(css_colour: str) -> float:
    r, g, b = (int(float(c)) for c in css_colour[css_colour.index("(") + 1:-1].split(",")[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


@pytest.mark.parametrize(("scheme", "viewport"), [("light", None), ("dark", None),
                                                  ("light", PHONE)],
                         ids=["light", "dark", "light-phone"])
def test_axe_finds_nothing_on_any_page(new_page: Callable[..., Page], site: Site,
                                       scheme: str, viewport: dict[str, int] | None) -> None:
    page = new_page(color_scheme=scheme, viewport=viewport)
    found: list[str] = []
    for name in site.pages():
        page.goto(site.url(name))
        # The theme follows the reader's setting: the page really is light or dark.
        assert (luminance(page.evaluate(BACKGROUND)) < 0.3) == (scheme == "dark"), name
        found += [f"{name}: {v}" for v in axe(page)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_with_a_definition_popup_open(
        new_page: Callable[..., Page], site: Site, scheme: str) -> None:
    page = new_page(color_scheme=scheme)
    checked = 0
    for name in site.pages():
        page.goto(site.url(name))
        links = page.locator(TERM_LINK)
        if not links.count():
            continue
        links.first.focus()
        assert page.locator(".policy-popup:not([hidden])").count() == 1
        found = axe(page)
        assert not found, f"{name}:\n" + "\n".join(found)
        checked += 1
    assert checked >= 5  # term links are on most pages of the policy


def test_axe_finds_nothing_in_dark_mode_chosen_with_the_theme_toggle(
        new_page: Callable[..., Page], site: Site) -> None:
    # A reader on a light system who picks dark with furo's button (auto -> dark).
    page = new_page(color_scheme="light")
    page.goto(site.url("definitions.html"))
    toggle = page.locator(".theme-toggle-content .theme-toggle")
    for _ in range(3):
        if page.evaluate("document.body.dataset.theme") == "dark":
            break
        toggle.click()
    assert page.evaluate("document.body.dataset.theme") == "dark"
    assert luminance(page.evaluate(BACKGROUND)) < 0.3
    page.locator(TERM_LINK).first.focus()
    found = axe(page)
    assert not found, "\n".join(found)
    page.goto(site.url("index.html"))  # the choice is kept across pages
    assert luminance(page.evaluate(BACKGROUND)) < 0.3
    assert not axe(page)


def test_the_axe_check_can_fail(new_page: Callable[..., Page], site: Site) -> None:
    page = new_page()
    page.goto(site.url("index.html"))
    page.evaluate("document.querySelector('article img, article p').insertAdjacentHTML("
                  "'beforebegin', '<img src=\"data:,\"><a href=\"#\"></a>')")
    found = " ".join(axe(page))
    assert "image-alt" in found and "link-name" in found


def test_every_page_says_it_is_english(site: Site) -> None:
    for name in site.pages():
        head = (site.root / name).read_text(encoding="utf-8")[:400]
        assert '<html class="no-js" lang="en"' in head, name


# ---- definition popups ---------------------------------------------------------------

def tab_to(page: Page, selector: str, limit: int = 200) -> None:
    """Press Tab until the focused element matches ``selector``, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    pytest.fail(f"Tab never reached {selector}")


def popup_of(page: Page) -> Any:
    popup_id = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    return page.locator(f"#{popup_id}")


def ax_node(cdp: CDPSession, selector: str) -> dict[str, Any]:
    """What Chromium hands to screen readers for the element (its accessibility node)."""
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return cdp.send("Accessibility.getPartialAXTree",
                    {"nodeId": node, "fetchRelatives": False})["nodes"][0]


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_a_term_popup_opens_on_keyboard_focus_and_closes_on_escape(
        new_page: Callable[..., Page], site: Site, viewport: dict[str, int] | None) -> None:
    page = new_page(viewport=viewport)
    page.goto(site.url("index.html"))
    popups = page.locator(".policy-popup")
    assert popups.count() >= 3 and not popups.first.is_visible()  # hidden until asked for
    tab_to(page, TERM_LINK)
    popup = popup_of(page)
    assert popup.is_visible()
    assert popup.get_attribute("role") == "tooltip"
    # Inside the viewport, right below (or above) the link, never wider than the screen.
    box = popup.bounding_box()
    link = page.evaluate("(() => { const r = document.activeElement.getBoundingClientRect();"
                         " return {top: r.top, bottom: r.bottom}; })()")
    width = page.evaluate("document.documentElement.clientWidth")
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert box["y"] >= link["bottom"] or box["y"] + box["height"] <= link["top"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.keyboard.press("Escape")
    assert not popup.is_visible()
    # The next term link gets its own popup; leaving the links closes it.
    tab_to(page, TERM_LINK)
    second = popup_of(page)
    assert second.is_visible()
    page.keyboard.press("Shift+Tab")
    second.wait_for(state="hidden")


def test_a_term_popup_opens_on_hover_and_can_be_hovered(
        new_page: Callable[..., Page], site: Site) -> None:
    page = new_page()
    page.goto(site.url("index.html"))
    link = page.locator(TERM_LINK).first
    popup = page.locator(f"#{link.get_attribute('aria-describedby')}")
    link.hover()
    popup.wait_for(state="visible")
    popup.hover()  # moving onto the popup keeps it open (WCAG 1.4.13)
    assert popup.is_visible()
    page.mouse.move(0, 0)
    popup.wait_for(state="hidden")


def test_a_term_link_is_announced_with_its_definition(
        new_page: Callable[..., Page], site: Site) -> None:
    page = new_page()
    page.goto(site.url("definitions.html"))
    definitions = dict(page.evaluate(
        "Array.from(document.querySelectorAll('.policy-popup'), p => "
        "[p.id, p.textContent.replace(/\\s+/g, ' ').trim()])"))
    assert definitions
    page.goto(site.url("index.html"))
    cdp = page.context.new_cdp_session(page)
    links = page.locator(TERM_LINK)
    assert links.count() >= 3
    for i in range(links.count()):
        popup_id = links.nth(i).get_attribute("aria-describedby")
        node = ax_node(cdp, f"a[aria-describedby='{popup_id}']")
        assert node["role"]["value"] == "link"
        description = " ".join(node["description"]["value"].split())
        popup_text = " ".join(page.locator(f"#{popup_id}").text_content().split())
        # The link announces the definition, the same text the definitions page gives.
        assert description == popup_text
        name = node["name"]["value"].strip()
        assert description.lower().startswith(name.split()[0].lower())
        assert not description.lower().startswith(f"{name} {name}".lower())  # read once
        if popup_id in definitions:
            assert description == definitions[popup_id]
    # The sentence reads unbroken: the popups are outside the running text.
    assert page.locator("p .policy-popup").count() == 0


def test_a_sentence_with_a_term_copies_unbroken(new_page: Callable[..., Page],
                                                site: Site) -> None:
    page = new_page()
    page.goto(site.url("index.html"))
    link = page.locator(f"article p {TERM_LINK}").first
    link.focus()  # with its popup open
    popup_text = page.locator(".policy-popup:not([hidden])").text_content() or ""
    copied = link.evaluate("""a => { const p = a.closest('p'); const range = new Range();
        range.selectNodeContents(p); getSelection().removeAllRanges();
        getSelection().addRange(range); return getSelection().toString(); }""")
    assert copied == link.evaluate("a => a.closest('p').innerText")
    assert popup_text.strip() and popup_text.strip()[:40] not in copied


def test_a_term_popup_holds_the_definition_verbatim(site: Site) -> None:
    page = (site.root / "definitions.html").read_text(encoding="utf-8")
    popups = dict(re.findall(r'<div class="policy-popup" role="tooltip" id="([^"]+)" hidden>'
                             r"(?:<strong[^>]*>[^<]*</strong> )?<span>(.*?)</span></div>", page))
    assert len(popups) >= 3
    for popup_id, text in popups.items():
        assert text in page.replace(f'id="{popup_id}"', ""), popup_id


# ---- keyboard basics ------------------------------------------------------------------

def test_the_first_tab_reaches_a_visible_skip_link_to_the_content(
        new_page: Callable[..., Page], site: Site) -> None:
    for viewport in (None, PHONE):
        page = new_page(viewport=viewport)
        page.goto(site.url("definitions.html"))
        page.keyboard.press("Tab")
        skip = page.locator(":focus")
        assert skip.text_content().strip() == "Skip to content"
        # furo slides it into view: wait until it is on screen, and not clipped.
        page.wait_for_function("document.activeElement.getBoundingClientRect().top >= 0")
        box = skip.bounding_box()
        assert box is not None and box["width"] > 20 and box["height"] > 10
        target = skip.get_attribute("href")
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == target
        main = page.locator(target)
        assert main.get_attribute("role") == "main" and main.locator("h1").count() == 1


def focus_ring(page: Page) -> str:
    return page.evaluate("""(() => { const s = getComputedStyle(document.activeElement);
        return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2
          ? 'outline' : (s.boxShadow !== 'none' ? 'shadow' : ''); })()""")


# The focused element, and whether the walk was there before (marked on the element).
VISIT = """(e => { if (e === document.body) return ["", true];  // past the last stop
  const again = e.dataset.policyVisited === "1"; e.dataset.policyVisited = "1";
  return [e.tagName + "." + e.className + " " + (e.textContent || "").trim().slice(0, 30),
          again]; })(document.activeElement)"""
ON_SCREEN = """(() => { const r = document.activeElement.getBoundingClientRect();
  return r.width > 0 && r.right > 0 && r.bottom > 0
    && r.left < innerWidth && r.top < innerHeight; })()"""


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_every_focusable_element_shows_where_the_focus_is(
        new_page: Callable[..., Page], site: Site, viewport: dict[str, int] | None) -> None:
    page = new_page(viewport=viewport)
    page.goto(site.url("definitions.html"))
    seen: list[str] = []
    for _ in range(150):
        page.keyboard.press("Tab")
        here, again = page.evaluate(VISIT)
        if again:  # round the page once
            break
        seen.append(here)
        assert focus_ring(page), f"no visible focus on {here}"
        # On screen, not in a closed drawer (furo slides the skip link in: wait for it).
        try:
            page.wait_for_function(ON_SCREEN, timeout=2000)
        except PlaywrightTimeout:
            pytest.fail(f"the focus went off screen: {here}")
    assert len(seen) > 20  # the whole page was walked: navigation, content, footer


@pytest.mark.parametrize(
    ("viewport", "name", "opener", "drawer", "label"),
    [(PHONE, "definitions.html", "button.nav-overlay-icon", ".sidebar-drawer",
      "Site navigation"),
     (DESKTOP, "index.html", "button.toc-content-icon", ".toc-drawer", "On this page")],
    ids=["navigation-phone", "contents-desktop"])
def test_a_drawer_opens_and_closes_by_keyboard(
        new_page: Callable[..., Page], site: Site, viewport: dict[str, int], name: str,
        opener: str, drawer: str, label: str) -> None:
    # On narrow windows furo hides the navigation (and at 1280 px the page's contents) in
    # drawers that slide in; their buttons were labels a keyboard could not reach.
    page = new_page(viewport=viewport)
    page.goto(site.url(name))
    links = page.locator(f"{drawer} a")
    assert links.count() and not links.first.is_visible()  # closed: nothing takes focus
    tab_to(page, opener)
    button = page.locator(opener)
    assert button.get_attribute("aria-expanded") == "false"
    node = ax_node(page.context.new_cdp_session(page), opener)
    assert (node["role"]["value"], node["name"]["value"]) == ("button", label)
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert page.evaluate(f"document.activeElement.closest({drawer!r}) !== null")
    page.wait_for_function(ON_SCREEN)  # the drawer has slid in with the focus in it
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert page.evaluate(f"document.activeElement.matches({opener!r})")
    links.first.wait_for(state="hidden")
    page.keyboard.press(" ")  # Space opens it too
    assert button.get_attribute("aria-expanded") == "true"
