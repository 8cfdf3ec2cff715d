"""Every builder writes the policy: html, dirhtml, singlehtml, epub, latex, text, gettext.

Each build of the test project (tests/roots/test-policy, which uses every directive and
role of the extension over seven pages) is strict (-W -n) and must be free of warnings;
each output is then read for the facts it has to carry."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, TEST_POLICY, Build, sphinx_build

BUILDERS = ("html", "dirhtml", "singlehtml", "epub", "latex", "text", "gettext")
TERMS = ("personal-data", "data-subject", "consent", "help-desk")
EUR_LEX = "https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_"


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Build]:
    """One strict build of the test project per builder, shared by the tests below."""
    root = tmp_path_factory.mktemp("builders")
    return {name: sphinx_build(TEST_POLICY, root / name, name) for name in BUILDERS}


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def text_of(markup: str) -> str:
    """Visible text of HTML, one space between words (none before a comma)."""
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())
    return text.replace(" ,", ",").replace(" .", ".")


@pytest.mark.parametrize("builder", BUILDERS)
def test_builder_is_strict_and_silent(builds: dict[str, Build], builder: str) -> None:
    build = builds[builder]
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr and "ERROR" not in build.stderr, build.stderr


def test_html(builds: dict[str, Build]) -> None:
    out = builds["html"].outdir
    definitions = read(out / "definitions.html")
    for slug in TERMS:
        assert f'id="term-{slug}"' in definitions
    assert f'href="{EUR_LEX}4"' in definitions
    assert "Art. 4(11) GDPR" in definitions
    # the lettered list of the glossary, in the order written
    assert re.findall(r"policy-enumerator[^>]*>([a-d])\) ", definitions) == list("abcd")
    # back-links: Data subject is used in the introduction, §3 and §5
    entry = definitions[definitions.index('id="term-data-subject"'):]
    usage = text_of(entry[:entry.index("</dd>")])
    assert "Used in Test Policy, §3, §5" in usage
    # the internal register mentions the help desk too, but back-links lead only to the
    # published policy
    entry = definitions[definitions.index('id="term-help-desk"'):]
    assert text_of(entry[:entry.index("</dd>")]).endswith("Used in §4")
    assert "register.html" not in definitions
    assert 'href="definitions.html#term-help-desk"' in read(out / "register.html")
    rights = read(out / "rights.html")
    assert 'id="right-erasure"' in rights and f'href="{EUR_LEX}17"' in rights
    assert "Art. 7(3) GDPR" in rights
    assert 'href="definitions.html#term-data-subject"' in rights  # {term} on another page
    assert 'href="newsletter.html#category-contact-data"' in rights  # {category}
    assert 'href="newsletter.html#activity-newsletter"' in rights  # {activity}
    assert "kept for 2 years" in text_of(rights)  # {retention}
    newsletter = read(out / "newsletter.html")
    assert 'id="activity-newsletter"' in newsletter and 'id="retention-contact-data"' in newsletter
    assert f'href="{EUR_LEX}6"' in newsletter  # {basis}
    assert "consent (Art. 6(1)(a) GDPR)" in text_of(newsletter)
    assert 'href="rights.html#right-withdraw-consent"' in newsletter  # {right}
    retention = read(out / "retention.html")
    table = retention[retention.index('id="retention-table"'):]
    rows = [text_of(r) for r in re.findall(r"<tr.*?</tr>", table, re.S)]
    assert rows[1:3] == [
        "Contact data (Name, Email address) 2 years duration limitation period for claims "
        "3. Newsletter",
        "Ticket data (ticket number, message content) until the ticket is closed event — "
        "4. Support"]
    assert "as of March 1, 2024" in text_of(retention)  # {fact}
    index = text_of(read(out / "index.html"))
    assert "last updated on March 1, 2024 by Example BV" in index
    controller = text_of(read(out / "controller.html"))
    assert "Example BV Examplestraat 1 1000 AA Amsterdam The Netherlands" in controller
    register = text_of(read(out / "register.html"))
    assert "Newsletter sending our newsletter Contact data (Name, Email address) Consent " \
           "(Art. 6(1)(a)) Mailer Ltd not stated for 2 years" in register
    assert (out / "policy.json").is_file()


def test_dirhtml(builds: dict[str, Build]) -> None:
    out = builds["dirhtml"].outdir
    rights = read(out / "rights" / "index.html")
    assert 'href="../definitions/#term-data-subject"' in rights
    assert 'href="../newsletter/#retention-contact-data"' in rights
    assert 'id="term-help-desk"' in read(out / "definitions" / "index.html")
    assert '"href": "newsletter/#activity-newsletter"' in read(out / "policy.json")


def test_singlehtml(builds: dict[str, Build]) -> None:
    page = read(builds["singlehtml"].outdir / "index.html")
    for slug in TERMS:
        assert f'id="term-{slug}"' in page
    # every link to a term, right or fact leads to an anchor of the one page (no
    # "#document-x#term-y", sphinx-doc/sphinx#14221)
    targets = re.findall(r'href="([^"]*#(?:term|right|retention|category|activity)-[^"]*)"',
                         page)
    ids = set(re.findall(r'id="([^"]+)"', page))
    assert len(targets) > 20
    assert [t for t in targets if not t.startswith("#") or t[1:] not in ids] == []
    assert 'id="retention-table"' in page and "limitation period for claims" in page
    assert "Internal: record of processing" not in page  # orphan: not in the print route
    assert not (builds["singlehtml"].outdir / "policy.json").exists()


def test_epub(builds: dict[str, Build]) -> None:
    out = builds["epub"].outdir
    (book,) = out.glob("*.epub")
    with zipfile.ZipFile(book) as epub:
        names = epub.namelist()
        definitions = epub.read("definitions.xhtml").decode("utf-8")
        rights = epub.read("rights.xhtml").decode("utf-8")
        retention = epub.read("retention.xhtml").decode("utf-8")
    assert "policy.json" not in names
    assert 'id="term-consent"' in definitions and "Art. 4(11) GDPR" in definitions
    assert 'href="definitions.xhtml#term-data-subject"' in rights
    assert 'id="right-erasure"' in rights
    assert "limitation period for claims" in retention


def test_latex(builds: dict[str, Build]) -> None:
    (tex,) = builds["latex"].outdir.glob("*.tex")
    source = read(tex)
    for slug in TERMS:
        assert rf"\label{{\detokenize{{definitions:term-{slug}}}}}" in source
    assert r"\hyperref[\detokenize{definitions:term-data-subject}]" in source
    assert r"\label{\detokenize{rights:right-erasure}}" in source
    assert r"\sphinxhref{https://eur-lex.europa.eu/eli/reg/2016/679/oj\#art\_17}" \
           r"{Art. 17 GDPR}" in source
    assert r"\hyperref[\detokenize{newsletter:retention-contact-data}]" in source
    assert "limitation period for claims" in source and "March 1, 2024" in source
    assert "Internal: record of processing" not in source
    # every link in the document has its label: none leads nowhere in the PDF
    links = set(re.findall(r"\\hyperref\[\\detokenize\{([^}]*)\}\]", source))
    assert {"rights:right-erasure", "newsletter:activity-newsletter",
            "newsletter:category-contact-data", "newsletter:retention-contact-data"} <= links
    assert latex_links_without_label(source) == set()


def test_text(builds: dict[str, Build]) -> None:
    out = builds["text"].outdir
    definitions = read(out / "definitions.txt")
    assert "a) Personal data Art. 4(1) GDPR" in definitions
    assert "d) Help desk\n" in definitions
    rights = read(out / "rights.txt")
    assert "Right to erasure of your data Art. 17 GDPR" in rights
    retention = read(out / "retention.txt")
    rows = [line for line in retention.splitlines() if line.startswith("| ")]
    cells = [[c.strip() for c in row.strip("|").split("|")] for row in rows]
    assert cells[0] == ["Data category", "Retention period", "Type", "Legal reason",
                        "Declared in"]
    first = [c for c in cells[1]]
    assert first[1:] == ["2 years", "duration", "limitation period for", "3. Newsletter"]
    assert any(row[1] == "until the ticket is" and row[2] == "event" for row in cells)
    # no column is so narrow that words are cut (the table was one letter wide once)
    assert all(len(line) < 140 for line in retention.splitlines())
    assert "Contact data: 2 years" in read(out / "newsletter.txt")  # at a glance


def test_gettext(builds: dict[str, Build]) -> None:
    out = builds["gettext"].outdir
    msgids = {}
    for pot in out.glob("*.pot"):
        msgids[pot.stem] = re.findall(r'^msgid "(.+)"$', read(pot), re.M)
    assert "Personal data means any information relating to an identified natural person." \
        in msgids["definitions"]
    assert "Right to erasure of your data" in msgids["rights"]
    assert "If you subscribe to our newsletter, we process:" in msgids["newsletter"]
    # the "at a glance" lines translate too, label and all
    assert "Legal basis: Consent (Art. 6(1)(a) GDPR)" in msgids["newsletter"]
    assert "Examplestraat 1" in msgids["controller"]


# -- the client's policy through the other builders (html: test_foundation) ---------------


def latex_links_without_label(source: str) -> set[str]:
    links = set(re.findall(r"\\hyperref\[\\detokenize\{([^}]*)\}\]", source))
    labels = set(re.findall(r"\\label\{\\detokenize\{([^}]*)\}\}", source))
    return links - labels


@pytest.mark.parametrize("builder",
                         ["dirhtml", "singlehtml", "epub", "latex", "text", "gettext"])
def test_client_policy_builds_with(builder: str, tmp_path: Path) -> None:
    build = sphinx_build(ROOT / "docs", tmp_path / builder, builder, confdir=ROOT)
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr, build.stderr
    out = build.outdir
    if builder == "dirhtml":
        assert 'id="term-personal-data"' in read(out / "definitions" / "index.html")
    elif builder == "singlehtml":
        page = read(out / "index.html")
        assert page.count('id="term-') == 11 and 'id="right-erasure"' in page
        assert "Internal: record of processing" not in page  # the register stays out
    elif builder == "epub":
        (book,) = out.glob("*.epub")
        with zipfile.ZipFile(book) as epub:
            assert 'id="term-personal-data"' in epub.read("definitions.xhtml").decode()
    elif builder == "latex":
        (tex,) = out.glob("*.tex")
        source = read(tex)
        assert r"\label{\detokenize{your-rights:right-erasure}}" in source
        assert latex_links_without_label(source) == set()
        assert "Internal: record of processing" not in source
    elif builder == "text":
        assert "Right to erasure ('right to be forgotten') Art. 17 GDPR" in read(
            out / "your-rights.txt")
        assert "k) Consent Art. 4(11) GDPR" in read(out / "definitions.txt")
    else:
        pot = read(out / "legitimate-interests.pot")
        assert 'msgid "We may process your personal data for our legitimate interests, ' \
               'such as:"' in pot
