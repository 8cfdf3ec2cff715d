"""The built policy served on 127.0.0.1 and opened in Debian's Chromium via Playwright.

The policy is built once per session (the ``policy_html`` fixture of ``tests/conftest.py``).
Missing tools fail the tests with the command that installs them, never skip them:
``make test`` installs Chromium (apt-get) and the npm tools (``make node``).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import ROOT, Build
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    Response,
    sync_playwright,
)

NODE_MODULES = ROOT / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
WIDE = {"width": 1366, "height": 800}  # the most common laptop screen
# Chromium as the machine's closed network needs it: no background calls home (sync, component
# updates, QUIC probes), which would otherwise show up as stray requests; Playwright gives every
# launch a fresh, empty user-data-dir of its own.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions",
]


def need(path: Path | None, what: str, how: str) -> Path:
    if path is None or not path.exists():
        pytest.fail(f"{what} is missing ({path}); `{how}` installs it", pytrace=False)
    return path


def chromium() -> Path:
    found = shutil.which("chromium")
    return need(Path(found) if found else None, "Debian's chromium",
                "make system (or make test)")


@dataclass
class Served:
    """One request the server answered, as the server saw it: also the requests a browser
    makes by itself, which a page's events do not show (the icon of a page or of the PDF
    viewer, ``/favicon.ico``)."""

    path: str
    status: int


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args: Any, served: list[Served], **kwargs: Any) -> None:
        self.served = served
        super().__init__(*args, **kwargs)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self.served.append(Served(self.path, int(code) if str(code).isdigit() else 0))

    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class Site:
    """A folder served over HTTP on 127.0.0.1 (a thread of the test process); ``served``
    lists every request it answered, in order."""

    root: Path
    base: str
    served: list[Served] = field(default_factory=list)

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base)
        return f"{parts.scheme}://{parts.netloc}"

    def url(self, page: str) -> str:
        return self.base + page

    def pages(self) -> list[str]:
        """Every HTML page of the site, by path relative to its root."""
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html")
                      if not p.relative_to(self.root).parts[0].startswith("_"))


def serve(root: Path) -> Iterator[Site]:
    served: list[Served] = []
    handler = functools.partial(QuietHandler, directory=str(root), served=served)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(root, f"http://127.0.0.1:{server.server_port}/", served)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def built(policy_html: Build) -> Build:
    assert policy_html.returncode == 0, policy_html.stderr
    return policy_html


@pytest.fixture(scope="session")
def site(built: Build, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The policy's website as `make html` and `make pdf` publish it (the PDF copied into
    the site, where its Download link points), on a local server."""
    work = tmp_path_factory.mktemp("published")
    root = Path(shutil.copytree(built.outdir, work / "html"))
    proc = subprocess.run(
        [sys.executable, "-m", "gdpr_policy.pdf", "--quiet", "-c", str(ROOT),
         "--workdir", str(work / "pdf"), "--site", str(root), str(ROOT / "docs"),
         str(work / "pdf" / "policy.pdf")],
        capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH",
                                                                "1705276800")})
    assert proc.returncode == 0, proc.stderr
    yield from serve(root)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    b = playwright.chromium.launch(executable_path=str(chromium()), args=CHROMIUM_ARGS)
    yield b
    b.close()


@dataclass
class Request:
    page: str
    url: str


# Not network: inline data and the browser's own pages (its PDF viewer is an extension).
BROWSER_INTERNAL = ("data", "blob", "about", "chrome", "chrome-extension", "devtools")


class Recorder:
    """Every request a browser context makes; any to another origin is blocked and kept.
    Also kept: local loads that fail (HTTP 400 and up) and the pages' script errors."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.current = ""
        self.local: list[Request] = []
        self.offenders: list[Request] = []
        self.broken: list[Request] = []
        self.errors: list[str] = []

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in BROWSER_INTERNAL:
            return True
        return f"{parts.scheme}://{parts.netloc}" == self.origin

    def attach(self, context: BrowserContext) -> None:
        def route(route, request) -> None:  # type: ignore[no-untyped-def]
            if self.is_local(request.url):
                self.local.append(Request(self.current, request.url))
                route.continue_()
            else:
                self.offend(request.url)
                route.abort("blockedbyclient")

        context.route("**/*", route)
        # Requests that routing does not see (a service worker's) are kept too.
        context.on("request", lambda r: None if self.is_local(r.url) else self.offend(r.url))
        context.on("response", self.check_response)

    def watch(self, page: Page) -> None:
        page.on("websocket", lambda ws: None if self.is_local(ws.url) else self.offend(ws.url))
        page.on("pageerror", lambda error: self.errors.append(f"{self.current}: {error}"))
        page.on("console", lambda m: self.errors.append(f"{self.current}: {m.text}")
                if m.type == "error" else None)

    def check_response(self, response: Response) -> None:
        if response.status >= 400:
            self.broken.append(Request(self.current, f"{response.status} {response.url}"))

    def offend(self, url: str) -> None:
        if Request(self.current, url) not in self.offenders:
            self.offenders.append(Request(self.current, url))

    def report(self) -> str:
        return "\n".join(f"{o.page}: {o.url}" for o in self.offenders)


@pytest.fixture
def new_page(browser: Browser, site: Site) -> Iterator[Callable[..., Page]]:
    """Open a page in a fresh context: ``new_page(viewport=PHONE, color_scheme="dark")``.
    Every context blocks and records requests to origins other than the site's
    (``page.recorder``); ``on=`` names another served site; ``javascript=False`` opens it as
    a browser without scripts does."""
    contexts: list[BrowserContext] = []

    def make(viewport: dict[str, int] | None = None, color_scheme: str = "light",
             media: str = "screen", on: Site = site, javascript: bool = True) -> Page:
        context = browser.new_context(viewport=viewport or DESKTOP,
                                      color_scheme=color_scheme,  # type: ignore[arg-type]
                                      java_script_enabled=javascript,
                                      accept_downloads=True)
        contexts.append(context)
        recorder = Recorder(on.origin)
        recorder.attach(context)
        page = context.new_page()
        recorder.watch(page)
        page.emulate_media(media=media)  # type: ignore[arg-type]
        page.recorder = recorder  # type: ignore[attr-defined]
        return page

    yield make
    for context in contexts:
        context.close()


# axe-core's rules for WCAG 2.0, 2.1 and 2.2 at levels A and AA, with target-size (2.5.8,
# which axe leaves off unless asked for), and its best practices; each violation as one line
# with its rule, impact and the elements it was found on (one string each).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
RUN_AXE = """async tags => (await axe.run(document, {
    runOnly: {type: "tag", values: tags}, rules: {"target-size": {enabled: true}},
    resultTypes: ["violations"]})).violations
  .map(v => `${v.id} (${v.impact}): ${v.help}\\n` + v.nodes.map(n =>
      `    ${n.target.join(" ")}: ${n.failureSummary.replace(/\\n/g, " ")}`).join("\\n"))"""


def axe(page: Page) -> list[str]:
    """axe-core's violations on the page as it is now, injected from node_modules."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(need(AXE, "axe-core", "make node")))
    return page.evaluate(RUN_AXE, AXE_TAGS)
