"""Privacy: the published site loads nothing from any origin but its own server."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePosixPath
from urllib.parse import urldefrag, urlsplit

import pytest
from playwright.sync_api import Page

from .conftest import Site, serve

pytestmark = pytest.mark.browser

LINKS = "Array.from(document.querySelectorAll('a[href]'), a => a.href)"


def crawl(page: Page, site: Site) -> tuple[list[str], list[str]]:
    """Open every page of the site (orphans too) and every same-site page a link leads to,
    and open every other same-site file a link points at (the PDF) by clicking that link,
    as a reader would. Returns the pages and the files."""
    todo: list[tuple[str, str]] = [(site.url(p), "") for p in site.pages()]
    seen: set[str] = set()
    pages: list[str] = []
    files: list[str] = []
    while todo:
        url, source = todo.pop(0)
        if url in seen:
            continue
        seen.add(url)
        page.recorder.current = url  # type: ignore[attr-defined]
        if urlsplit(url).path.endswith((".html", "/")):
            response = page.goto(url, wait_until="load")
            assert response is not None and response.ok, f"{url}: {response and response.status}"
            page.wait_for_load_state("networkidle")
            pages.append(url)
            todo += [(urldefrag(h).url, url) for h in page.evaluate(LINKS)
                     if h.startswith(site.origin)]
        else:
            page.goto(source)
            href = page.evaluate(f"{LINKS}.find(h => h.split('#')[0] === {url!r})")
            # Chromium shows a PDF in its built-in viewer (or downloads other files): either
            # way the file's response and every request of the viewer are recorded.
            with page.expect_response(url) as response:
                page.locator(f"a[href]:is([href='{href.removeprefix(site.base)}'],"
                             f"[href$='{PurePosixPath(urlsplit(url).path).name}'])").first.click()
            assert response.value.ok, f"{url}: {response.value.status}"
            if url.endswith(".pdf"):
                assert response.value.header_value("content-type") == "application/pdf"
            page.wait_for_load_state("networkidle")
            files.append(url)
    return pages, files


def test_every_page_and_linked_file_loads_from_the_local_server_only(
        new_page: Callable[..., Page], site: Site) -> None:
    page = new_page()
    pages, files = crawl(page, site)
    offenders = page.recorder.offenders  # type: ignore[attr-defined]
    print(f"opened {len(pages)} pages and {len(files)} files;",
          f"{len(page.recorder.local)} local requests")  # type: ignore[attr-defined]
    for o in offenders:
        print(f"THIRD-PARTY REQUEST from {o.page}: {o.url}")
    assert not offenders, page.recorder.report()  # type: ignore[attr-defined]
    # And nothing the pages ask for is missing or breaks.
    assert not page.recorder.broken, page.recorder.broken  # type: ignore[attr-defined]
    assert not page.recorder.errors, page.recorder.errors  # type: ignore[attr-defined]
    assert any(f.endswith(".pdf") for f in files), files  # the PDF was opened too
    opened = {u.removeprefix(site.base) for u in pages}
    assert {"index.html", "definitions.html", "search.html"} <= opened == set(site.pages())
    # The styles and scripts were requested, so the recorder saw the page's loads.
    local = {urlsplit(r.url).path for r in page.recorder.local}  # type: ignore[attr-defined]
    assert any(u.endswith(".css") for u in local) and any(u.endswith(".js") for u in local)


def test_the_pdf_is_offered_on_the_site(new_page: Callable[..., Page], site: Site) -> None:
    page = new_page()
    page.goto(site.url("index.html"))
    pdf = [h for h in page.evaluate(LINKS) if urldefrag(h).url.endswith(".pdf")]
    assert pdf, "the landing page offers no PDF download"
    assert all(h.startswith(site.origin) for h in pdf), pdf
    response = page.request.get(pdf[0])
    assert response.ok and response.body()[:5] == b"%PDF-"


def test_the_recorder_catches_a_third_party_load_and_a_broken_one(
        new_page: Callable[..., Page], tmp_path: Path) -> None:
    # The check itself can fail: a page with a font from a font host is caught and blocked.
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><title>t</title>'
        '<link rel="stylesheet" href="https://fonts.example.com/css?family=X">'
        '<img src="//cdn.example.net/pixel.gif" alt=""><a href="other.html">o</a>'
        '<img src="missing.png" alt=""><script>notDefined()</script></html>')
    (tmp_path / "other.html").write_text('<!doctype html><title>o</title><a href="a.pdf">PDF</a>')
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    for site in serve(tmp_path):
        page = new_page(on=site)
        pages, files = crawl(page, site)
        assert files == [site.url("a.pdf")] and len(pages) == 2
        urls = sorted(o.url for o in page.recorder.offenders)  # type: ignore[attr-defined]
        assert urls == ["http://cdn.example.net/pixel.gif",
                        "https://fonts.example.com/css?family=X"]
        # A local file that is missing and a script error are caught as well.
        assert [b.url for b in page.recorder.broken] == [  # type: ignore[attr-defined]
            f"404 {site.url('missing.png')}"]
        assert "notDefined" in " ".join(page.recorder.errors)  # type: ignore[attr-defined]
