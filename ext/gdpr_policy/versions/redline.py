"""The text changes between two published versions, sentence by sentence.

Compared is the text readers saw (each version's built pages, in reading order), never the
Markdown: markup, roles and generated summaries do not show as changes. Sections are
matched by title; within a section the sentences are aligned with difflib's
SequenceMatcher (the standard library's diff, maintained with Python). Deleted sentences
are written in ``<del>``, inserted ones in ``<ins>``, each with a visually hidden
"deleted:"/"inserted:" for screen readers and print; unchanged sections fold to their title.
"""

from __future__ import annotations

import difflib
import html
import re
from pathlib import Path
from typing import NamedTuple

from bs4 import BeautifulSoup, Tag

SENTENCE = re.compile(r"(?<=[.!?:;])\s+(?=[A-Z0-9\"“(‘'])")
#: What a page shows that is not the policy's text.
SKIP = (".policy-generated, .headerlink, .policy-popup, .skip-to-content, script, style, "
        "nav, .toc-drawer, .policy-term-usage, .announcement")


class Section(NamedTuple):
    title: str
    sentences: tuple[str, ...]


def pages_in_order(site: Path) -> list[Path]:
    """The site's pages in reading order: the landing page, then its contents."""
    index = site / "index.html"
    soup = BeautifulSoup(index.read_text(encoding="utf-8"), "html.parser")
    order = [index]
    tree = soup.select_one(".sidebar-tree") or soup.select_one(".toctree-wrapper") or soup
    for link in tree.select("a.reference.internal"):
        href = str(link.get("href", "")).split("#")[0]
        page = site / href if href else None
        if page is not None and page.is_file() and page not in order:
            order.append(page)
    return order


def sections(site: Path) -> list[Section]:
    """Each section's title and sentences, in reading order."""
    found: list[Section] = []
    for page in pages_in_order(site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article") or soup.body
        if article is None:
            continue
        for node in article.select(SKIP):
            node.decompose()
        title, texts = "", []
        for element in article.find_all(["h1", "h2", "h3", "p", "li", "dt", "td", "th"]):
            if not isinstance(element, Tag):
                continue
            if element.find(["p", "li"]):  # a container: its own children are read
                continue
            text = " ".join(element.get_text().split())
            if not text:
                continue
            if element.name in ("h1", "h2", "h3"):
                if title or texts:
                    found.append(Section(title, tuple(split(texts))))
                title, texts = text, []
            else:
                texts.append(text)
        if title or texts:
            found.append(Section(title, tuple(split(texts))))
    return found


def split(texts: list[str]) -> list[str]:
    return [s for text in texts for s in SENTENCE.split(text) if s]


class Redline(NamedTuple):
    html: str  # the sections, with <del>/<ins>
    changed: int  # sections that changed


def redline(before: list[Section], after: list[Section]) -> Redline:
    """Both versions' sections, aligned by title; unchanged ones fold to their title."""
    old = {s.title: s for s in before}
    new_titles = {s.title for s in after}
    out: list[str] = []
    changed = 0
    for section in after:
        previous = old.get(section.title)
        if previous is None:
            changed += 1
            out.append(block(section.title, "added",
                             "".join(inserted(s) for s in section.sentences)))
            continue
        if previous.sentences == section.sentences:
            out.append(f'<details class="unchanged"><summary>{e(section.title)} '
                       '<span class="note">(unchanged)</span></summary></details>')
            continue
        changed += 1
        out.append(block(section.title, "changed", diff(previous.sentences, section.sentences)))
    for section in before:
        if section.title not in new_titles:
            changed += 1
            out.append(block(section.title, "removed",
                             "".join(deleted(s) for s in section.sentences)))
    return Redline("\n".join(out), changed)


def diff(a: tuple[str, ...], b: tuple[str, ...]) -> str:
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts += [f"<p>{e(s)}</p>" for s in a[i1:i2]]
            continue
        parts += [deleted(s) for s in a[i1:i2]]
        parts += [inserted(s) for s in b[j1:j2]]
    return "".join(parts)


def deleted(sentence: str) -> str:
    return f'<p><del><span class="visually-hidden">deleted: </span>{e(sentence)}</del></p>'


def inserted(sentence: str) -> str:
    return f'<p><ins><span class="visually-hidden">inserted: </span>{e(sentence)}</ins></p>'


def block(title: str, state: str, body: str) -> str:
    label = {"added": "new section", "removed": "section removed", "changed": "changed"}[state]
    return (f'<section class="{state}"><h3>{e(title)} <span class="note">({label})</span>'
            f"</h3>{body}</section>")


def e(text: str) -> str:
    return html.escape(text, quote=True)
