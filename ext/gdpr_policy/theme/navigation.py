"""The sidebar navigation of the HTML site, rendered once per build instead of once a page.

furo puts the whole navigation tree in every page: for each page Sphinx resolves the global
table of contents (a deep copy of it) and furo re-parses the result with BeautifulSoup. The
build time then grows with the square of the number of pages (about 4 minutes for 600 pages
on a 2-core machine, most of it in the sidebar). Yet the tree is the same on every page
of a folder except for the marks of the page being read: ``current`` on its entry and the
entries and lists above it, ``current-page`` on the entry itself, its link made ``#``, the
branch toggles above it checked. So the tree is rendered once per folder, and each page
gets it with its own marks set: byte for byte what furo writes, in time linear in pages.

Any page this cannot mark with certainty (a page listed twice in the tree, an entry of an
unexpected shape) gets furo's own rendering. Also a Sphinx extension of its own
(``gdpr_policy.theme.navigation``), so a project without the policy directives can use it.
Turn it off with ``policy_navigation_cache = False``.

The rendered trees are also kept in the doctree folder between builds, under a fingerprint
of everything they are made of (each page's title, table of contents and section numbers,
the list of pages, the HTML configuration, the versions of the tools): a rebuild after an
edit that leaves them as they were reuses them instead of resolving the whole tree again.
A build that reads every page (``-E``, a changed configuration) renders them anew.
"""

from __future__ import annotations

import hashlib
import pickle
import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.environment.adapters.toctree import global_toctree_for_doc
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: The arguments furo's sidebar passes to Sphinx's ``toctree()``.
FURO_ARGS = {"collapse": False, "titles_only": True, "maxdepth": -1, "includehidden": True}
ORIGINAL = "policy_navigation_toctree"  # context key: Sphinx's own toctree() of the page
ASKED = "policy_navigation_asked"  # context key: furo asked for the sidebar tree
TAG = re.compile(r"<(/?)(ul|li|a|input)\b([^>]*)>")
CLASS = re.compile(r'\bclass="([^"]*)"')
HREF = re.compile(r'\bhref="([^"]*)"')
FOLDER_PAGE = "\0navigation"  # a page name no document has: nothing in the tree is current
SAVED = "policy-navigation.pickle"  # in the doctree folder: the last build's trees


@dataclass
class Item:
    """An entry (``li``) or a list (``ul``) of the rendered tree, with the offsets of the
    places a page's marks change."""

    tag: str
    start: int  # offset of the tag's "<"
    parent: int  # index of the enclosing ul/li, -1 at the top
    classes: tuple[int, int] | None = None  # span of the class attribute's value
    link_class: tuple[int, int] | None = None  # li: span of its link's class value
    link_href: tuple[int, int] | None = None  # li: span of its link's href value
    toggle: int | None = None  # li: offset of 'class="toctree-checkbox"' in its toggle


@dataclass
class Tree:
    """One folder's rendered tree, and where each document's entry is in it."""

    html: str
    items: list[Item]
    entries: dict[str, list[int]] = field(default_factory=dict)  # docname -> li indexes
    # docname -> every link into it: (start, end) of the href value, and what it becomes
    # on that page itself ("#" or "#section": Sphinx drops the file part there)
    links: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)

    @classmethod
    def parse(cls, html: str, docs_by_href: dict[str, str]) -> Tree:
        items: list[Item] = []
        stack: list[int] = []
        entries: dict[str, list[int]] = {}
        links: dict[str, list[tuple[int, int, str]]] = {}
        for match in TAG.finditer(html):
            closing, tag, attrs = match.group(1), match.group(2), match.group(3)
            if closing:
                if stack and items[stack[-1]].tag == tag:
                    stack.pop()
                continue
            parent = stack[-1] if stack else -1
            found = CLASS.search(attrs)
            span = ((match.start(3) + found.start(1), match.start(3) + found.end(1))
                    if found else None)
            if tag in ("ul", "li"):
                items.append(Item(tag, match.start(), parent, span))
                stack.append(len(items) - 1)
                continue
            href = HREF.search(attrs) if tag == "a" else None
            target = None
            if href is not None:
                page, hash_, anchor = href.group(1).partition("#")
                target = docs_by_href.get(page)
                if target is not None:
                    links.setdefault(target, []).append((
                        match.start(3) + href.start(1), match.start(3) + href.end(1),
                        "#" + anchor if hash_ else "#"))
            if parent < 0 or items[parent].tag != "li":
                continue
            entry = items[parent]
            if tag == "a" and entry.link_href is None:
                if href is None or span is None:
                    continue
                entry.link_class = span
                entry.link_href = (match.start(3) + href.start(1), match.start(3) + href.end(1))
                if target is not None and "#" not in href.group(1):
                    entries.setdefault(target, []).append(parent)
            elif tag == "input" and span and html[span[0]:span[1]] == "toctree-checkbox":
                entry.toggle = match.start(3) + found.start()  # type: ignore[union-attr]
        return cls(html, items, entries, links)

    def for_page(self, docname: str) -> str | None:
        """The tree with ``docname``'s marks set; None when that cannot be done safely."""
        mine = self.entries.get(docname, [])
        edits: list[tuple[int, int, str]] = list(self.links.get(docname, []))
        if len(mine) > 1:
            return None  # listed twice: Sphinx marks each branch, left to furo
        html = self.html
        last_li = None
        index = mine[0] if mine else -1
        if mine:
            entry = self.items[index]
            if entry.link_class is None:
                return None
            edits.append((entry.link_class[0], entry.link_class[0], "current "))
        while index >= 0:
            item = self.items[index]
            if item.classes is None:
                if item.tag == "li":
                    return None
                # <ul> → <ul class="current">
                at = item.start + 3
                edits.append((at, at, ' class="current"'))
            elif item.tag == "li":
                start, end = item.classes
                first = html.find(" ", start, end)
                if not html.startswith("toctree-l", start):
                    return None
                at = end if first < 0 else first
                edits.append((at, at, " current"))
                if item.toggle is not None:
                    edits.append((item.toggle, item.toggle, 'checked="" '))
                if last_li is None or item.start > last_li.start:
                    last_li = item
            else:
                edits.append((item.classes[1], item.classes[1], " current"))
            index = item.parent
        if not edits:
            return html
        # furo: "current-page" on the last entry, in document order, marked current.
        if last_li is not None and last_li.classes is not None:
            edits.append((last_li.classes[1], last_li.classes[1], " current-page"))
        edits.sort(key=lambda e: (e[0], e[1]))
        out: list[str] = []
        pos = 0
        for start, end, text in edits:
            out.append(html[pos:start])
            out.append(text)
            pos = end
        out.append(html[pos:])
        return "".join(out)


class Navigation:
    """The rendered trees of one build, by folder."""

    def __init__(self) -> None:
        self.trees: dict[str, Tree] = {}
        self.html: dict[str, str] = {}  # folder -> furo's tree, as rendered
        self.fingerprint: str | None = None
        self.saved: dict[str, str] = {}  # the last build's trees, if they still hold

    def tree(self, builder: Builder, env: BuildEnvironment, folder: str) -> Tree:
        tree = self.trees.get(folder)
        if tree is None:
            if self.fingerprint is None:
                self.fingerprint = fingerprint(builder, env)
                # A build that reads every page (-E, a new configuration) starts clean.
                if not _EVERY_PAGE_READ.get(builder, False):
                    self.saved = load(builder, self.fingerprint)
            page = f"{folder}/{FOLDER_PAGE}" if folder else FOLDER_PAGE
            html = self.saved.get(folder)
            if html is None:
                from furo.navigation import get_navigation_tree

                toctree = global_toctree_for_doc(env, page, builder, tags=builder.tags,
                                                 **FURO_ARGS)
                html = get_navigation_tree(
                    builder.render_partial(toctree)["fragment"])  # type: ignore[attr-defined]
            self.html[folder] = html
            docs_by_href = {builder.get_relative_uri(page, d): d for d in env.found_docs}
            tree = self.trees[folder] = Tree.parse(html, docs_by_href)
        return tree


def fingerprint(builder: Builder, env: BuildEnvironment) -> str:
    """What the rendered trees are made of, as one digest."""
    import bs4
    import docutils
    import sphinx
    from furo import __version__ as furo_version

    # The HTML settings (Sphinx's own hash of them), the tools that render the tree (this
    # module and the theme package, which labels the captions, by their source), the extensions
    # (one may change how a link is written), and every page's part of the tree.
    info = getattr(builder, "build_info", None)
    digest = hashlib.sha256("\0".join((
        getattr(info, "config_hash", ""), getattr(info, "tags_hash", ""), furo_version,
        sphinx.__version__, docutils.__version__, bs4.__version__, builder.name,
        env.config.root_doc, repr(sorted(env.config.extensions)))).encode())
    for module in ("navigation.py", "__init__.py"):
        digest.update(Path(__file__).with_name(module).read_bytes())
    pages = page_digests(env)
    for docname in sorted(pages):
        digest.update(f"{docname}\0{pages[docname]}\0".encode())
    return digest.hexdigest()


def page_digests(env: BuildEnvironment) -> dict[str, str]:
    """Each page's part of the navigation (its title and table of contents, with their
    markup, toctree captions and options; its section numbers and tocdepth), as a digest;
    once per build."""
    found = _PAGES.get(env)
    if found is None:
        found = _PAGES[env] = {}
        for docname in env.found_docs:
            toc, title = env.tocs.get(docname), env.titles.get(docname)
            found[docname] = hashlib.sha256("\0".join((
                toc.pformat() if toc is not None else "",
                title.pformat() if title is not None else "",
                repr(env.toc_secnumbers.get(docname)),
                repr(env.metadata.get(docname, {}).get("tocdepth")))).encode()).hexdigest()
    return found


def load(builder: Builder, key: str) -> dict[str, str]:
    """The last build's trees, if their fingerprint is this build's."""
    try:
        with open(Path(builder.doctreedir, SAVED), "rb") as file:
            saved = pickle.load(file)
        return saved["trees"] if saved.get("fingerprint") == key else {}
    except Exception:  # no file, or one of an older version: render the trees again
        return {}


def save(app: Sphinx, exception: Exception | None) -> None:
    navigation = _BUILDS.get(app.builder)
    if exception is not None or navigation is None or not navigation.html:
        return
    if navigation.html == navigation.saved:
        return
    path = Path(app.builder.doctreedir, SAVED)  # Sphinx's path is also a str: .replace
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_suffix(".part")
        part.write_bytes(pickle.dumps({"fingerprint": navigation.fingerprint,
                                       "trees": navigation.html}))
        part.replace(path)
    except OSError as error:  # only a cache: the next build renders the trees again
        logger.info("navigation cache not saved: %s", error)


_BUILDS: weakref.WeakKeyDictionary[Builder, Navigation] = weakref.WeakKeyDictionary()
_EVERY_PAGE_READ: weakref.WeakKeyDictionary[Builder, bool] = weakref.WeakKeyDictionary()
_PAGES: weakref.WeakKeyDictionary[BuildEnvironment, dict[str, str]] = (
    weakref.WeakKeyDictionary())


def note_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    _EVERY_PAGE_READ[app.builder] = env.found_docs <= set(docnames)


def reset(app: Sphinx, *args: Any) -> None:
    """A new build, or every page read: the tree may have changed."""
    _BUILDS.pop(app.builder, None)
    _PAGES.pop(app.env, None)


def enabled(app: Sphinx) -> bool:
    return bool(app.config.policy_navigation_cache) and app.builder.name == "html"


def intercept(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
              doctree: Any) -> None:
    """Before furo: answer furo's request for the whole tree with nothing (for now)."""
    if not enabled(app) or "toctree" not in context:
        return
    original: Callable[..., str] = context["toctree"]

    def toctree(**kwargs: Any) -> str:
        if kwargs == FURO_ARGS:
            context[ASKED] = True
            return ""  # furo's get_navigation_tree("") returns "" at once
        return original(**kwargs)

    context[ORIGINAL] = original
    context["toctree"] = toctree


def fill(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
         doctree: Any) -> None:
    """After furo: the page's sidebar tree, from the tree rendered once for its folder."""
    original = context.pop(ORIGINAL, None)
    if original is None:
        return
    context["toctree"] = original  # templates asking for a toctree get Sphinx's own
    if not context.pop(ASKED, False) or "furo_navigation_tree" not in context:
        return
    builder = app.builder
    folder = builder.get_target_uri(pagename).rpartition("/")[0]
    navigation = _BUILDS.setdefault(builder, Navigation())
    html = navigation.tree(builder, app.env, folder).for_page(pagename)
    if html is None:
        from furo.navigation import get_navigation_tree

        html = get_navigation_tree(original(**FURO_ARGS))
    context["furo_navigation_tree"] = html


def setup_navigation(app: Sphinx) -> None:
    from ..dependents import PAGE_DIGESTS

    if page_digests not in PAGE_DIGESTS:  # an incremental build rewrites what it changes
        PAGE_DIGESTS.append(page_digests)
    app.add_config_value("policy_navigation_cache", True, "html", types=frozenset({bool}))
    app.connect("builder-inited", reset)
    app.connect("env-updated", reset, priority=100)  # before anything reads the digests
    app.connect("html-page-context", intercept, priority=400)  # furo's runs at 500
    app.connect("html-page-context", fill, priority=600)
    app.connect("build-finished", save)
    app.connect("env-before-read-docs", note_reading)


def setup(app: Sphinx) -> dict[str, Any]:
    from ..version import __version__

    setup_navigation(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
