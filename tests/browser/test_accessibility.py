"""Accessibility: axe-core (WCAG 2.2 A/AA, target size included) on every page in light and
dark mode, on a desktop and a phone; links told from the text in both schemes; keyboard and
screen-reader access to the definition popups, which stay on screen and have a visible
border; skip link; language; visible, unclipped focus; the phone header's targets."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import CDPSession, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .conftest import DESKTOP, PHONE, WIDE, Site, axe

pytestmark = pytest.mark.browser

TERM_LINK = "a[aria-describedby^='policy-popup-']"
BACKGROUND = "getComputedStyle(document.body).backgroundColor"
# The colour schemes a reader can get: the system's setting (furo follows it), or furo's
# button (body[data-theme]) against the system's setting.
SCHEMES = {"light": ("light", None), "dark": ("dark", None),
           "dark-by-toggle": ("light", "dark"), "light-by-toggle": ("dark", "light")}


def rgba(css_colour: str) -> tuple[float, float, float, float]:
    """A computed colour ("rgb(…)" or "rgba(…)") as red, green, blue (0-255) and alpha."""
    parts = [float(c) for c in css_colour[css_colour.index("(") + 1:-1].replace("/", ",")
             .replace(" ", ",").split(",") if c]
    return parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else 1.0


def luminance(css_colour: str, over: str = "rgb(255, 255, 255)") -> float:
    """Relative luminance (WCAG 2), a translucent colour first laid over ``over``."""
    r, g, b, a = rgba(css_colour)
    if a < 1:
        base = rgba(over)
        r, g, b = (a * c + (1 - a) * d for c, d in zip((r, g, b), base[:3], strict=True))

    def linear(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast(one: str, other: str, background: str) -> float:
    """WCAG contrast ratio of two computed colours seen on ``background``."""
    a, b = luminance(one, background), luminance(other, background)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def set_scheme(page: Page, forced: str | None) -> None:
    """furo's button, as its script keeps it: on <body> and remembered in localStorage."""
    if forced:
        page.evaluate(f"localStorage.setItem('theme', '{forced}');"
                      f"document.body.dataset.theme = '{forced}'")


@pytest.mark.parametrize(("scheme", "viewport"),
                         [("light", WIDE), ("dark", WIDE), ("light", PHONE), ("dark", PHONE),
                          ("light", DESKTOP)],
                         ids=["light", "dark", "light-phone", "dark-phone", "light-1280"])
def test_axe_finds_nothing_on_any_page(new_page: Callable[..., Page], site: Site,
                                       scheme: str, viewport: dict[str, int]) -> None:
    page = new_page(color_scheme=scheme, viewport=viewport)
    found: list[str] = []
    for name in site.pages():
        page.goto(site.url(name))
        # The theme follows the reader's setting: the page really is light or dark.
        assert (luminance(page.evaluate(BACKGROUND)) < 0.3) == (scheme == "dark"), name
        found += [f"{name}: {v}" for v in axe(page)]
    assert not found, "\n".join(found)


# ---- links look like links -------------------------------------------------------------

# Every link in the text of the page, with the colours it is seen in: its own, its line's
# (if any), the text around it (its block), the page's; the policy's own links marked.
LINKS_IN_TEXT = """() => {
  const page = getComputedStyle(document.body).backgroundColor;
  return Array.from(document.querySelectorAll("article a[href]:not(.headerlink)"))
    .filter(a => a.getClientRects().length && a.closest("p, li, dd, dt, td, th"))
    .map(a => { const s = getComputedStyle(a);
      const block = a.closest("p, li, dd, dt, td, th");
      const sides = ["Top", "Right", "Bottom", "Left"];
      return {text: a.textContent.trim().slice(0, 40), colour: s.color, text_colour:
        getComputedStyle(block).color, background: page, line: s.textDecorationLine,
        line_colour: s.textDecorationColor, thickness: parseFloat(s.textDecorationThickness)
          || 1,
        outline: sides.every(side => s[`border${side}Style`] === "solid"
          && parseFloat(s[`border${side}Width`]) >= 1) ? s.borderTopColor : null};
    }); }"""


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_link_in_the_text_stands_out_from_the_text(
        new_page: Callable[..., Page], site: Site, scheme: str) -> None:
    # WCAG 1.4.1 (technique G183): a link differs from the words around it by 3:1 in
    # colour, or it is underlined (or outlined, as the "Art. 4 GDPR" badges are), in a
    # line that can be seen (3:1 against the page).
    system, forced = SCHEMES[scheme]
    page = new_page(color_scheme=system, viewport=WIDE)
    failing: set[str] = set()
    checked = 0
    for name in site.pages():
        page.goto(site.url(name))
        set_scheme(page, forced)
        assert (luminance(page.evaluate(BACKGROUND)) < 0.3) == scheme.startswith("dark")
        for link in page.evaluate(LINKS_IN_TEXT):
            checked += 1
            by_colour = contrast(link["colour"], link["text_colour"], link["background"])
            underlined = "underline" in link["line"] and link["thickness"] >= 1 and contrast(
                link["line_colour"], link["background"], link["background"]) >= 3
            outlined = link["outline"] is not None and contrast(
                link["outline"], link["background"], link["background"]) >= 3
            if by_colour < 3 and not underlined and not outlined:
                failing.add(f"{name}: {link['text']!r} {by_colour:.2f}:1 against the text, "
                            f"line {link['line']} in {link['line_colour']}")
    assert checked > 100
    assert not failing, "\n".join(sorted(failing))


# A link's words and the sentence around them, as the reader sees them (font, size, box).
LINK_TEXT_STYLE = """() => Array.from(document.querySelectorAll("article p a.reference"))
  .map(a => { const words = Array.from(a.querySelectorAll("*")).concat([a]);
    const p = getComputedStyle(a.closest("p"));
    return {text: a.textContent.trim().slice(0, 40),
      code: a.querySelectorAll("code, kbd, samp, tt, .pre, .literal").length,
      fonts: [...new Set(words.map(w => getComputedStyle(w).fontFamily))],
      sizes: [...new Set(words.map(w => getComputedStyle(w).fontSize))],
      boxes: words.filter(w => { const s = getComputedStyle(w);
        return s.backgroundColor !== "rgba(0, 0, 0, 0)" || parseFloat(s.borderTopWidth) > 0;
      }).length,
      paragraph: [p.fontFamily, p.fontSize], policy: a.closest(".policy-article") === null
    }; })"""


def test_policy_references_read_as_plain_text_links(new_page: Callable[..., Page],
                                                    site: Site) -> None:
    # {right}`withdraw your consent <withdraw-consent>` and every other role: the words of
    # the sentence in its font, no code style (Sphinx wraps explicit titles in <code>).
    page = new_page(viewport=WIDE)
    odd: list[str] = []
    roles = 0
    for name in site.pages():
        html = (site.root / name).read_text(encoding="utf-8")
        assert '<code class="xref' not in html, name
        roles += html.count('class="xref policy')
        page.goto(site.url(name))
        for link in page.evaluate(LINK_TEXT_STYLE):
            if not link["policy"]:
                continue  # the small "Art. 4" badge beside a definition's term
            if (link["code"] or link["boxes"] or link["fonts"] != [link["paragraph"][0]]
                    or link["sizes"] != [link["paragraph"][1]]):
                odd.append(f"{name}: {link}")
    assert roles >= 4  # the rights written with their own words are among them
    assert not odd, "\n".join(odd)


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
                  "'beforebegin', '<img src=\"data:,\"><a href=\"#\"></a>"
                  "<button style=\"all:unset;width:12px;height:12px\">a</button>"
                  "<button style=\"all:unset;width:12px;height:12px\">b</button>')")
    found = " ".join(axe(page))
    assert "image-alt" in found and "link-name" in found and "target-size" in found


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


# Each term link of the page in turn, scrolled to the top or the bottom of the window and
# focused: where it is and where its popup opened (viewport coordinates).
EVERY_POPUP = """block => {
  const found = [];
  for (const a of document.querySelectorAll("article a[aria-describedby^='policy-popup-']")) {
    if (!a.getClientRects().length) continue;
    a.scrollIntoView({block: block, behavior: "instant"});
    a.focus({preventScroll: true});
    const popup = document.getElementById(a.getAttribute("aria-describedby"));
    const l = a.getBoundingClientRect(), p = popup.getBoundingClientRect();
    found.push({text: a.textContent.trim(), shown: !popup.hidden && p.height > 0,
      link: [l.left, l.top, l.right, l.bottom], popup: [p.left, p.top, p.right, p.bottom]});
    a.blur();
  }
  return [found, document.documentElement.clientWidth,
          document.documentElement.clientHeight]; }"""


SIDEWAYS = {"width": PHONE["height"], "height": PHONE["width"]}  # the phone turned


@pytest.mark.parametrize(("block", "viewport"),
                         [("end", PHONE), ("start", PHONE), ("end", SIDEWAYS)],
                         ids=["link-at-the-bottom", "link-at-the-top", "phone-turned"])
def test_every_term_popup_stays_on_a_phone_screen(new_page: Callable[..., Page], site: Site,
                                                   block: str, viewport: dict[str, int]
                                                   ) -> None:
    # A popup opens below its link, or above it when there is no room below; inside the
    # screen on every side; never over its link.
    page = new_page(viewport=viewport)
    wrong: list[str] = []
    above = below = 0
    for name in site.pages():
        page.goto(site.url(name))
        found, width, height = page.evaluate(EVERY_POPUP, block)
        for f in found:
            (_, ltop, _, lbottom), (left, top, right, bottom) = f["link"], f["popup"]
            where = f"{name}: {f['text']!r} at {ltop:.0f}-{lbottom:.0f}, popup {f['popup']}"
            if not f["shown"]:
                wrong.append(f"{where}: not shown")
            elif left < 0 or right > width or top < 0 or bottom > height:
                wrong.append(f"{where}: outside the {width}x{height} screen")
            elif top < lbottom and bottom > ltop:
                wrong.append(f"{where}: over its link")
            elif lbottom + (bottom - top) > height and top >= lbottom:
                wrong.append(f"{where}: below its link, past the bottom of the screen")
            above += bottom <= ltop
            below += top >= lbottom
    assert above + below > 30  # term links are on most pages
    assert not wrong, "\n".join(wrong)
    if block == "end":
        assert above  # opened above its link near the bottom of the screen


POPUP_BORDER = """() => { const p = document.querySelector(".policy-popup:not([hidden])");
  const s = getComputedStyle(p);
  return [s.borderTopColor, s.borderTopStyle, parseFloat(s.borderTopWidth),
          getComputedStyle(document.body).backgroundColor]; }"""


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_term_popup_has_a_border_that_can_be_seen(new_page: Callable[..., Page], site: Site,
                                                    scheme: str) -> None:
    # The popup's edge against the page (WCAG 1.4.11 non-text contrast, 3:1).
    system, forced = SCHEMES[scheme]
    page = new_page(color_scheme=system)
    page.goto(site.url("index.html"))
    set_scheme(page, forced)
    page.locator(TERM_LINK).first.focus()
    colour, style, width, background = page.evaluate(POPUP_BORDER)
    assert (luminance(background) < 0.3) == scheme.startswith("dark")
    assert style == "solid" and width >= 1
    assert contrast(colour, background, background) >= 3, (colour, background)


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
# The box around the focused element that cuts off part of its focus ring (a scroll box or
# any box with overflow hidden, such as the navigation's), or "" when the ring is whole.
RING_CLIPPED_BY = """(() => { const e = document.activeElement, s = getComputedStyle(e);
  if (s.outlineStyle === "none") return "";
  const grow = parseFloat(s.outlineOffset) + parseFloat(s.outlineWidth);
  const r = e.getBoundingClientRect();
  for (let box = e.parentElement; box && box !== document.body; box = box.parentElement) {
    const b = getComputedStyle(box);
    if (b.overflowX === "visible" && b.overflowY === "visible") continue;
    const c = box.getBoundingClientRect();
    const left = c.left + box.clientLeft, top = c.top + box.clientTop;
    if (r.left - grow < left - 0.5 || r.right + grow > left + box.clientWidth + 0.5
        || (b.overflowY !== "visible" && (r.top - grow < top - 0.5
            || r.bottom + grow > top + box.clientHeight + 0.5))) {
      return box.tagName.toLowerCase() + "." + box.className;
    }
  }
  return ""; })()"""


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
        clipped_by = page.evaluate(RING_CLIPPED_BY)
        assert not clipped_by, f"the focus ring of {here} is cut off by {clipped_by}"
        # On screen, not in a closed drawer (furo slides the skip link in: wait for it).
        try:
            page.wait_for_function(ON_SCREEN, timeout=2000)
        except PlaywrightTimeout:
            pytest.fail(f"the focus went off screen: {here}")
    assert len(seen) > 20  # the whole page was walked: navigation, content, footer


# The phone header's controls: each one's box, and whether another one's box is within 24 px.
HEADER_TARGETS = """() => Array.from(document.querySelectorAll(
    ".mobile-header button, .mobile-header a, .mobile-header label, .mobile-header input"))
  .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== "hidden")
  .map(e => { const r = e.getBoundingClientRect();
    return {what: e.className || e.tagName, box: [r.left, r.top, r.width, r.height]}; })"""


def test_the_phone_header_has_targets_of_24_px_with_space_between(
        new_page: Callable[..., Page], site: Site) -> None:
    # WCAG 2.2 2.5.8 (axe's target-size checks it too): every target 24x24 CSS px at least,
    # or far enough from the others that a 24 px circle on its centre touches none; and no
    # two targets touch.
    def gap(a: list[float], b: list[float]) -> float:
        """Distance between two boxes (0 when they touch or overlap)."""
        dx = max(b[0] - (a[0] + a[2]), a[0] - (b[0] + b[2]), 0)
        dy = max(b[1] - (a[1] + a[3]), a[1] - (b[1] + b[3]), 0)
        return float((dx * dx + dy * dy) ** 0.5)

    for name in ("register.html", "definitions.html"):
        page = new_page(viewport=PHONE)
        page.goto(site.url(name))
        targets = page.evaluate(HEADER_TARGETS)
        assert len(targets) >= 3, targets  # navigation, the site's name, colour scheme
        for t in targets:
            others = [o for o in targets if o is not t]
            assert all(gap(t["box"], o["box"]) > 0 for o in others), (t, others)
            if t["box"][2] < 24 or t["box"][3] < 24:
                x, y = t["box"][0] + t["box"][2] / 2, t["box"][1] + t["box"][3] / 2
                assert all(gap([x, y, 0, 0], o["box"]) >= 12 for o in others), t


@pytest.mark.parametrize(
    ("viewport", "name", "opener", "drawer", "label"),
    [(PHONE, "definitions.html", "button.nav-overlay-icon", ".sidebar-drawer",
      "Site navigation"),
     (DESKTOP, "register.html", "button.toc-content-icon", ".toc-drawer", "On this page"),
     (WIDE, "register.html", "button.toc-content-icon", ".toc-drawer", "On this page")],
    ids=["navigation-phone", "contents-desktop", "contents-register-1366"])
def test_a_drawer_opens_and_closes_by_keyboard(
        new_page: Callable[..., Page], site: Site, viewport: dict[str, int], name: str,
        opener: str, drawer: str, label: str) -> None:
    # On narrow windows furo hides the navigation (and at 1280 px the page's contents) in
    # drawers that slide in; their buttons were labels a keyboard could not reach. The
    # register gives its width to its tables and keeps its contents in the drawer at 1366.
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
