"""The benchmark's corpus (bench/corpus.py) at about 20 pages: its three variants (ours,
plain Sphinx, sphinx-needs) build strict without a warning and show the same text, so
``make bench`` compares like with like. No timing here: speed lives in ``make bench``."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, Build, sphinx_build

sys.path.insert(0, str(ROOT / "bench"))
import corpus

PAGES = 20
# What only the extension adds, by design: "a)" letters and "Used in" back-links under
# definitions, hidden definition popups. Everything else must read the same.
OURS_ONLY = ".policy-generated.policy-term-usage, .policy-enumerator, .policy-popups"


@pytest.fixture(scope="module")
def model() -> corpus.Model:
    return corpus.build_model(PAGES)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Build]:
    try:
        import sphinx_needs  # noqa: F401
    except ImportError:  # a missing peer is a failure, not a skip
        pytest.fail("sphinx-needs is not installed: pip install -e '.[bench]'")
    src = tmp_path_factory.mktemp("corpus")
    corpus.write(src, PAGES)
    return {v: sphinx_build(src / v, src / f"{v}-html") for v in corpus.VARIANTS}


def blocks(path: Path, drop: str = "") -> list[str]:
    """The visible text of a page's article, one entry per block (paragraph, list item,
    term, table cell, heading), whitespace folded."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    article = soup.find("article")
    assert article is not None, path
    for node in article.select(".headerlink" + (", " + drop if drop else "")):
        node.decompose()
    out = []
    for node in article.find_all(["p", "li", "dt", "th", "td", "h1", "h2", "h3", "div"]):
        if node.name == "div" and "line" not in (node.get("class") or []):
            continue
        if node.name == "li" and node.find(["p"]):
            continue  # its paragraphs are blocks of their own
        text = " ".join(node.get_text().split())
        if text:
            out.append(text)
    return out


def shown(model: corpus.Model, pieces: list[corpus.Piece]) -> str:
    """A paragraph of the model as a reader sees it."""
    out = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
        elif piece[0] == "term":
            out.append(piece[2])
        else:
            out.append(model.activities[piece[1]].name)
    return " ".join("".join(out).split())


def test_the_model_has_the_issues_proportions(model: corpus.Model) -> None:
    big = corpus.build_model(200)
    assert len(big.pages) == 200
    assert len(big.terms) == 80 and len(big.activities) == 40  # 0.4 N and 0.2 N
    words = [len(" ".join(shown(big, p) for s in page.sections for p in s.paragraphs).split())
             for page in big.pages]
    assert 250 <= sum(words) / len(words) <= 350  # ~300 words a page
    for page in big.pages:
        mentions = [p for s in page.sections for par in s.paragraphs for p in par
                    if not isinstance(p, str)]
        assert sum(m[0] == "term" for m in mentions) == 8
        assert sum(m[0] == "activity" for m in mentions) == 2
    assert corpus.build_model(PAGES).pages[3].title == model.pages[3].title  # seeded


def test_every_variant_builds_strict_without_warnings(sites: dict[str, Build]) -> None:
    for variant, build in sites.items():
        assert build.returncode == 0, f"{variant}:\n{build.stderr}"
        assert "WARNING" not in build.stderr, f"{variant}:\n{build.stderr}"
        assert "ERROR" not in build.stderr, f"{variant}:\n{build.stderr}"


def test_every_variant_uses_its_own_tools(sites: dict[str, Build], model: corpus.Model) -> None:
    ours = (sites["ours"].outdir / "p0002.html").read_text(encoding="utf-8")
    assert ours.count("policy-autolink") == 8  # the 8 terms, linked automatically
    register = (sites["ours"].outdir / "register.html").read_text(encoding="utf-8")
    assert "policy-register" in register
    peer = (sites["peer"].outdir / "register.html").read_text(encoding="utf-8")
    assert peer.count("needs_meta") or "needtable" in peer
    for activity in model.activities.values():
        assert corpus.need_id("PA_", activity.key) in peer
    plain = (sites["plain"].outdir / "definitions-1.html").read_text(encoding="utf-8")
    assert re.search(r'<dl class="[^"]*\bglossary\b', plain)


def test_the_model_text_is_in_every_variant(sites: dict[str, Build],
                                            model: corpus.Model) -> None:
    for variant, build in sites.items():
        for page in model.pages:
            text = blocks(build.outdir / f"{page.docname}.html")
            assert page.title in text, (variant, page.docname)
            expected = [shown(model, p) for s in page.sections for p in s.paragraphs]
            if page.activity is not None:
                expected += [page.activity.text, *page.activity.items,
                             " ".join(page.activity.retention_text.split())]
            missing = [e for e in expected if e not in text]
            assert not missing, (variant, page.docname, missing[:2])
        glossary = []
        for i in range(len(model.glossary)):
            glossary += blocks(build.outdir / f"definitions-{i + 1}.html")
        joined = "\n".join(glossary)
        for key, term in model.terms.items():
            assert term.name in joined and model.definitions[key] in glossary, (variant, key)
        rights = "\n".join(blocks(build.outdir / "rights.html"))
        assert all(text in rights for _, text, _ in corpus.RIGHTS), variant
        register = "\n".join(blocks(build.outdir / "register.html"))
        assert all(a.name in register for a in model.activities.values()), variant


def test_ours_and_plain_read_the_same_on_every_page(sites: dict[str, Build]) -> None:
    ours, plain = sites["ours"].outdir, sites["plain"].outdir
    names = sorted(p.name for p in plain.glob("*.html")
                   if p.name not in ("genindex.html", "search.html"))
    assert len(names) >= PAGES + 4
    for name in names:
        assert blocks(ours / name, OURS_ONLY) == blocks(plain / name), name


def test_term_links_are_the_same_in_ours_and_plain(sites: dict[str, Build]) -> None:
    def term_links(path: Path) -> list[str]:
        html = path.read_text(encoding="utf-8")
        return sorted(re.findall(r'href="definitions-\d+\.html#[^"]+"[^>]*>(?:<[^>]+>)*([^<]+)',
                                 html))

    for page in ("p0001.html", "p0007.html", "p0020.html"):
        ours = term_links(sites["ours"].outdir / page)
        assert len(ours) == 8, page
        assert ours == term_links(sites["plain"].outdir / page), page
