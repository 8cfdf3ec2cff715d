"""The sidebar navigation rendered once per build (gdpr_policy.theme.navigation): every page is
byte for byte what furo writes without it, and the whole tree is no longer resolved and
re-parsed for each page (what made a furo build quadratic in pages)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, Build, sphinx_build
from gdpr_policy.theme import navigation

NAV_ROOT = ROOT / "tests" / "roots" / "test-navigation"
SKIP = (".buildinfo", ".doctrees", "policy.json")


def pages(build: Build) -> dict[str, str]:
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr, build.stderr
    return {p.relative_to(build.outdir).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(build.outdir.rglob("*.html"))}


def sidebar(html: str) -> str:
    return html.split('<div class="sidebar-tree">', 1)[1].split("</div>", 1)[0]


def same_site(src: Path, tmp_path: Path, confdir: Path | None = None) -> dict[str, str]:
    cached = pages(sphinx_build(src, tmp_path / "cached", confdir=confdir))
    shipped = pages(sphinx_build(src, tmp_path / "shipped", "html",
                                 "-D", "policy_navigation_cache=0", confdir=confdir))
    assert list(cached) == list(shipped)
    for name in shipped:
        assert cached[name] == shipped[name], name
    return cached


def test_every_page_is_what_furo_writes_nested_folders_hidden_and_orphan(
        tmp_path: Path) -> None:
    site = same_site(NAV_ROOT, tmp_path)
    # The test project really has the cases: marks two levels deep, in a sub-folder.
    z = sidebar(site["sub/deeper/z.html"])
    assert z.count('class="current"') == 3  # the three lists above it
    assert 'class="toctree-l3 current current-page"' in z
    assert z.count('checked=""') == 2  # both branches above it open
    assert 'href="../../a.html"' in z and 'href="#"' in z
    assert "current" not in sidebar(site["lonely.html"])  # an orphan marks nothing
    assert "current" not in sidebar(site["genindex.html"])
    assert 'href="c.html"' in sidebar(site["a.html"])  # the hidden toctree is listed


def test_the_clients_policy_is_unchanged(tmp_path: Path) -> None:
    site = same_site(ROOT / "docs", tmp_path, confdir=ROOT)
    assert 'current-page' in sidebar(site["definitions.html"])


def test_the_tree_is_rendered_once_per_folder(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import furo.navigation
    from sphinx.application import Sphinx

    parsed: list[str] = []
    original = furo.navigation.get_navigation_tree.__wrapped__

    def counting(html: str) -> str:
        parsed.append(html)
        return original(html)

    monkeypatch.setattr(furo.navigation, "get_navigation_tree", counting)
    monkeypatch.setattr("furo.get_navigation_tree", counting)
    app = Sphinx(str(NAV_ROOT), str(NAV_ROOT), str(tmp_path / "html"), str(tmp_path / "dt"),
                 "html", status=None, warning=None, freshenv=True)
    app.build()
    written = len(list((tmp_path / "html").rglob("*.html")))
    real = [h for h in parsed if h]
    # three folders (., sub, sub/deeper): three trees, instead of one per page (12)
    assert len(real) == 3, len(real)
    assert written >= 12


def test_a_page_listed_twice_is_left_to_furo() -> None:
    html = ('<ul><li class="toctree-l1"><a class="reference internal" href="a.html">A</a></li>'
            '<li class="toctree-l1"><a class="reference internal" href="a.html">A</a></li></ul>')
    tree = navigation.Tree.parse(html, {"a.html": "a"})
    assert tree.for_page("a") is None  # furo renders that page itself
    assert tree.for_page("b") == html  # not in the tree: nothing to mark
