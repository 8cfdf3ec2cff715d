"""The client's glossary and rights, as readers and other tools reach them: one anchor per
term with its Art. 4 reference on EUR-Lex, registered in Sphinx's standard domain (so the
standard ``{term}`` role, the index and the object inventory find it), and the rights with
their articles and anchors."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import Build, sphinx_build
from gdpr_policy import catalogue
from sphinx.util.inventory import InventoryFile

EUR_LEX = "https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_"
TERMS = {  # slug: (the term as the policy names it, its article)
    "personal-data": ("Personal data", "Art. 4(1)"),
    "data-subject": ("Data subject", "Art. 4(1)"),
    "processing": ("Processing", "Art. 4(2)"),
    "restriction-of-processing": ("Restriction of processing", "Art. 4(3)"),
    "profiling": ("Profiling", "Art. 4(4)"),
    "pseudonymisation": ("Pseudonymisation", "Art. 4(5)"),
    "controller": ("Controller", "Art. 4(7)"),
    "processor": ("Processor", "Art. 4(8)"),
    "recipient": ("Recipient", "Art. 4(9)"),
    "third-party": ("Third party", "Art. 4(10)"),
    "consent": ("Consent", "Art. 4(11)"),
}
RIGHTS = ("access", "rectification", "erasure", "restriction", "portability", "objection",
          "withdraw-consent")


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def term_entry(definitions: str, slug: str) -> str:
    """The <dt> of one term."""
    match = re.search(rf'<dt[^>]*id="term-{slug}"[^>]*>.*?</dt>', definitions, re.S)
    assert match is not None, f"no anchor #term-{slug}"
    return match.group(0)


def test_eleven_terms_with_anchors_and_art_4_references(policy_html: Build) -> None:
    definitions = read(policy_html.outdir / "definitions.html")
    assert len(re.findall(r'<dt[^>]*id="term-', definitions)) == 11
    letters = []
    for slug, (name, article) in TERMS.items():
        entry = term_entry(definitions, slug)
        letters += re.findall(r"policy-enumerator[^>]*>([a-k])\) ", entry)
        assert re.search(rf">{re.escape(name)}\s*<", entry) or f"> {name}" in entry, entry
        assert catalogue.TERMS[slug].article == article
        number = article.removeprefix("Art. ").split("(")[0]
        link = re.search(r'<a [^>]*href="([^"]+)"[^>]*>([^<]*)</a>', entry)
        assert link is not None, entry
        assert link.groups() == (f"{EUR_LEX}{number}", f"{article} GDPR")
    assert letters == list("abcdefghijk")  # the client's lettered list, in order


def test_terms_are_in_the_standard_domain(policy_html: Build) -> None:
    inventory = InventoryFile.loads((policy_html.outdir / "objects.inv").read_bytes(), uri="")
    terms = inventory.data["std:term"]
    for slug, (name, _) in TERMS.items():
        assert terms[name].uri == f"definitions.html#term-{slug}"


def test_standard_term_role_resolves_to_the_definitions(policy_copy: Path,
                                                        tmp_path: Path) -> None:
    # An editor's page using the standard role, in every spelling the policy allows.
    (policy_copy / "terms-in-use.md").write_text(
        "---\norphan: true\n---\n\n# Terms in use\n\n"
        "{term}`Personal data`, {term}`data subjects`, {term}`CONSENT`, "
        "{std:term}`third parties`, {term}`the controller <controller>`.\n",
        encoding="utf-8")
    build = sphinx_build(policy_copy, tmp_path / "html", confdir=policy_copy)
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr, build.stderr
    page = read(build.outdir / "terms-in-use.html")
    links = re.findall(r'<a [^>]*href="definitions\.html#(term-[a-z-]+)"[^>]*>(.*?)</a>',
                       page, re.S)
    shown = [(target, re.sub(r"<[^>]+>", "", text).strip()) for target, text in links]
    assert shown == [("term-personal-data", "Personal data"),
                     ("term-data-subject", "data subjects"),
                     ("term-consent", "CONSENT"),
                     ("term-third-party", "third parties"),
                     ("term-controller", "the controller")]


def test_terms_are_linked_from_the_other_pages(policy_html: Build) -> None:
    linked: set[str] = set()
    for page in policy_html.outdir.glob("*.html"):
        if page.name in ("definitions.html", "genindex.html", "search.html"):
            continue
        linked |= set(re.findall(r'href="definitions\.html#term-([a-z-]+)"', read(page)))
    assert {"personal-data", "data-subject", "controller", "consent"} <= linked


def test_rights_render_with_articles_and_anchors(policy_html: Build) -> None:
    rights = read(policy_html.outdir / "your-rights.html")
    for key in RIGHTS:
        item = re.search(rf'<li[^>]*id="right-{key}"[^>]*>.*?</li>', rights, re.S)
        assert item is not None, f"no anchor #right-{key}"
        article = catalogue.RIGHTS[key].article
        number = article.removeprefix("Art. ").split("(")[0]
        assert f'href="{EUR_LEX}{number}"' in item.group(0)
        assert f"{article} GDPR</a>" in item.group(0)
    # §7 links to the erasure entry; "withdraw your consent" links to its right
    erasure = re.search(r'<a [^>]*href="your-rights.html#right-erasure"[^>]*>(.*?)</a>',
                        read(policy_html.outdir / "data-erasure.html"), re.S)
    assert erasure is not None
    assert "right to request the erasure" in re.sub(r"<[^>]+>", "", erasure.group(1))
    for page in ("registration.html", "facebook-integration.html"):
        assert 'href="your-rights.html#right-withdraw-consent"' in read(
            policy_html.outdir / page)
    # the client's words stay as written, the catalogue only adds the article
    assert "Right to erasure ('right to be forgotten')" in rights.translate(
        str.maketrans("‘’", "''")).replace("&#8217;", "'").replace("&#8216;", "'")
