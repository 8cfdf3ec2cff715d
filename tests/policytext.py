"""Reading built output as a reader sees it, and the client's text as sentences."""

from __future__ import annotations

import html.parser
import re
import unicodedata
from pathlib import Path

SEED = Path(__file__).parent / "seed" / "privacy-policy.txt"
FURNITURE = ("Back to top ↑",)  # the theme's job, not policy text
QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def normalise(text: str) -> str:
    """Only whitespace and quote style are normalised (and Unicode compatibility forms)."""
    text = unicodedata.normalize("NFKC", text).translate(QUOTES)
    return re.sub(r"\s+", " ", text).strip()


def seed_sentences(text: str | None = None) -> list[str]:
    """Every sentence, list item, heading and address line of the client's text."""
    text = SEED.read_text(encoding="utf-8") if text is None else text
    out = []
    for line in text.splitlines():
        line = line.strip().removeprefix("•").strip()
        for furniture in FURNITURE:
            line = line.replace(furniture, "").strip()
        line = re.sub(r"^([a-z]\)|\d+\.)\s+", "", line)  # numbering is rendered, not typed
        if line:
            out += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", line) if s.strip()]
    return out


class VisibleText(html.parser.HTMLParser):
    """The text a reader sees: no scripts, styles, hidden elements or popups."""

    BLOCK = {"p", "li", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "td",
             "th", "tr", "section", "caption"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in self.BLOCK:
            self.parts.append(" ")
        if tag in self.VOID:
            return
        hidden = (tag in {"script", "style", "noscript", "template"} or "hidden" in a
                  or a.get("aria-hidden") == "true" or a.get("role") == "tooltip")
        self.stack.append((tag, hidden))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCK:
            self.parts.append(" ")
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if not any(hidden for _, hidden in self.stack):
            self.parts.append(data)


def visible_text(page: str) -> str:
    parser = VisibleText()
    parser.feed(page)
    return normalise("".join(parser.parts))


def site_text(outdir: Path) -> str:
    pages = [p for p in sorted(outdir.rglob("*.html"))
             if not any(part.startswith("_") for part in p.relative_to(outdir).parts[:-1])]
    return "\n".join(visible_text(p.read_text(encoding="utf-8")) for p in pages)


def missing_sentences(text: str) -> list[str]:
    hay = normalise(text)
    return [s for s in seed_sentences() if normalise(s) not in hay]
