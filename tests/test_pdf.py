"""The PDF of the policy (``make pdf`` = ``python -m gdpr_policy.pdf``), held against the
client's text and inspected the way a reviewer would: poppler (pdfinfo, pdffonts,
pdftotext; ``pdfinfo -struct-text`` for the structure tree with the text each element
holds, which is what a screen reader reads), pypdf (outline, links) and pikepdf (structure
elements, content streams)."""

from __future__ import annotations

import datetime
import html.parser
import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import pytest
from conftest import ROOT, Build, sphinx_build
from policytext import SEED, missing_sentences, normalise
from pypdf import PdfReader
from pypdf.generic import Destination

pytestmark = pytest.mark.pdf

EPOCH = 1705276800  # 2024-01-15T00:00:00Z
POPPLER = ("pdfinfo", "pdffonts", "pdftotext")


@dataclass
class Pdf:
    returncode: int
    stderr: str
    path: Path
    workdir: Path
    site: Path

    @property
    def page(self) -> Path:
        """The singlehtml page the PDF is printed from."""
        return self.workdir / "singlehtml" / "index.html"


def make_pdf(out: Path) -> Pdf:
    """What ``make pdf`` runs, into a temporary folder."""
    for tool in POPPLER:  # installed by `make system` (poppler-utils); a hard failure
        assert shutil.which(tool), f"{tool} missing: run `make system`"
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)}
    pdf, workdir, site = out / "pdf" / "policy.pdf", out / "pdf", out / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "gdpr_policy.pdf", "--quiet", "-c", str(ROOT),
         "--workdir", str(workdir), "--site", str(site), str(ROOT / "docs"), str(pdf)],
        capture_output=True, text=True, env=env, cwd=ROOT)
    return Pdf(proc.returncode, proc.stderr, pdf, workdir, site)


@pytest.fixture(scope="session")
def policy_pdf(tmp_path_factory: pytest.TempPathFactory) -> Pdf:
    built = make_pdf(tmp_path_factory.mktemp("pdf"))
    assert built.returncode == 0, built.stderr
    return built


@pytest.fixture(scope="session")
def reader(policy_pdf: Pdf) -> PdfReader:
    return PdfReader(policy_pdf.path)


def run(*cmd: str | Path) -> str:
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True,
                          check=True).stdout


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(level, title, page index) of every bookmark, in order."""
    found: list[tuple[int, str, int]] = []

    def walk(items: list, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 1)
    return found


def client_sections() -> list[str]:
    """The section titles of the client's text: "Introduction", "1. Definitions", ..."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line == "Introduction" or re.fullmatch(r"\d+\. \S.*", line)]


def controller_name() -> str:
    """The controller as declared, once, in the Markdown."""
    found = re.findall(r"^:::+\{controller\}\s+(.+)$|\{declare-controller\}`([^`<]+)`",
                       "\n".join(p.read_text() for p in (ROOT / "docs").glob("*.md")), re.M)
    found = [block or phrase for block, phrase in found]
    assert len(found) == 1
    return found[0].strip()


def body_text(path: Path, reader: PdfReader) -> str:
    """The PDF's text without the running header ("title  chapter") and the "n / N" footer,
    which sit between the lines of a sentence that runs over a page break."""
    title = outline(reader)[0][1]
    chapters = {t for _, t, _ in outline(reader)}
    pages = []
    for page in run("pdftotext", "-enc", "UTF-8", path, "-").split("\f"):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if lines and re.fullmatch(r"\d+ ?/ ?\d+", lines[-1]):
            lines.pop()
        if lines and lines[0] == title and len(pages) > 0:
            lines.pop(0)
            if lines and lines[0] in chapters:
                lines.pop(0)
        pages.append("\n".join(lines))
    return "\n".join(pages)


@dataclass
class Tag:
    """A structure element as ``pdfinfo -struct-text`` prints it: its type, and its text
    (the marked content it holds) and elements in order."""

    name: str
    parent: Tag | None = None
    children: list[Tag | str] = field(default_factory=list)

    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return re.sub(r"\s+", " ", " ".join(parts)).strip()

    def walk(self) -> Iterator[Tag]:
        for child in self.children:
            if isinstance(child, Tag):
                yield child
                yield from child.walk()

    def ancestors(self) -> list[str]:
        found, node = [], self.parent
        while node is not None:
            found.append(node.name)
            node = node.parent
        return found


def structure(path: Path) -> Tag:
    """The structure tree with its text (poppler: ``pdfinfo -struct-text``)."""
    root = Tag("(root)")
    stack: list[tuple[int, Tag]] = [(-1, root)]
    for line in run("pdfinfo", "-struct-text", path).splitlines():
        if not line.strip():
            continue
        depth, item = len(line) - len(line.lstrip(" ")), line.strip()
        while stack[-1][0] >= depth:
            stack.pop()
        parent = stack[-1][1]
        if item.startswith('"') and item.endswith('"'):
            parent.children.append(item[1:-1])
        elif not item.startswith("Object "):  # an annotation (a link's OBJR)
            tag = Tag(item.split()[0], parent)
            parent.children.append(tag)
            stack.append((depth, tag))
    return root


def struct_kids(element: pikepdf.Object) -> list[pikepdf.Object]:
    """The structure elements directly inside ``element`` (pikepdf)."""
    kids = element.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]
    return [k for k in kids if isinstance(k, pikepdf.Dictionary) and k.get("/S") is not None]


def struct_walk(element: pikepdf.Object) -> Iterator[pikepdf.Object]:
    for kid in struct_kids(element):
        yield kid
        yield from struct_walk(kid)


def figures_without_alt(reader: PdfReader) -> int:
    """Figures in the structure tree that have no alternative text."""
    missing = 0
    stack = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop().get_object()
        if node.get("/S") == "/Figure" and not str(node.get("/Alt", "")).strip():
            missing += 1
        kids = node.get("/K")
        kids = kids if isinstance(kids, list) else [kids] if kids is not None else []
        stack += [k for k in kids if isinstance(k.get_object(), dict)]
    return missing


# -- the build -------------------------------------------------------------------------------


def test_pdf_builds_without_renderer_errors(policy_pdf: Pdf) -> None:
    assert "ERROR" not in policy_pdf.stderr
    assert "WARNING" not in policy_pdf.stderr  # the singlehtml build is strict too
    assert policy_pdf.path.read_bytes().startswith(b"%PDF-1.7")


def test_two_builds_are_byte_identical(policy_pdf: Pdf, tmp_path: Path) -> None:
    again = make_pdf(tmp_path)  # another folder, same SOURCE_DATE_EPOCH
    assert again.returncode == 0, again.stderr
    assert again.path.read_bytes() == policy_pdf.path.read_bytes()


# -- the document ------------------------------------------------------------------------------


def test_a4_pages_and_more_than_one(policy_pdf: Pdf) -> None:
    info = run("pdfinfo", policy_pdf.path)
    assert int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1]) > 1
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info, re.M)


def test_a_bookmark_for_each_section_of_the_client(reader: PdfReader) -> None:
    marks = outline(reader)
    top = [title for level, title, _ in marks if level == 1]
    sections = client_sections()
    assert len(sections) == 16  # Introduction and §1-§16 without §12
    assert [t for t in top if t in sections] == sections
    assert top[0] == "Privacy Policy"
    assert "Contents" in top


def test_each_defined_term_is_a_bookmark_under_definitions(reader: PdfReader) -> None:
    marks = outline(reader)
    start = next(i for i, (_, t, _) in enumerate(marks) if t == "1. Definitions")
    terms = []
    for level, title, _ in marks[start + 1:]:
        if level == 1:
            break
        terms.append(title)
    assert len(terms) == 11
    assert terms[0].startswith("a) Personal data") and terms[-1].startswith("k) Consent")


def test_bookmarks_point_at_their_headings(policy_pdf: Pdf, reader: PdfReader) -> None:
    for level, title, index in outline(reader):
        if level == 1 and title != "Contents":
            page = run("pdftotext", "-f", index + 1, "-l", index + 1, policy_pdf.path, "-")
            assert title in page.splitlines(), (title, index + 1)


def test_contents_lists_every_chapter_with_its_page(policy_pdf: Pdf,
                                                     reader: PdfReader) -> None:
    """Each entry reads "title page", as the structure tree holds it."""
    toc = next(t for t in structure(policy_pdf.path).walk() if t.name == "TOC")
    listed = [re.fullmatch(r"(.+) (\d+)", item.text()).groups()
              for item in toc.children if isinstance(item, Tag)]
    chapters = [(t, i + 1) for level, t, i in outline(reader)
                if level == 1 and t not in ("Privacy Policy", "Contents")]
    assert [(t, int(n)) for t, n in listed] == chapters
    layout = run("pdftotext", "-layout", "-f", 1, "-l", 1, policy_pdf.path, "-")
    for title, number in chapters:  # title and number on one line, the number at its end
        assert re.search(rf"^\s*{re.escape(title)}\s+{number}$", layout, re.M), title


def test_contents_are_tagged_toc_and_toci_under_a_heading(policy_pdf: Pdf) -> None:
    """A TOC of TOCI (WeasyPrint tags it L/LI/LBody; pdf.py retags it), each entry one
    link, after a "Contents" heading; the types are standard, so the RoleMap (if any) must
    not remap them."""
    with pikepdf.open(policy_pdf.path) as pdf:
        tree = pdf.Root.StructTreeRoot
        elements = list(struct_walk(tree))
        tocs = [e for e in elements if e.S == "/TOC"]
        assert len(tocs) == 1
        items = struct_kids(tocs[0])
        assert len(items) == 16 and all(i.S == "/TOCI" for i in items)
        for item in items:
            # a TOCI holds Lbl, Reference, NonStruct, P or TOC (ISO 32000-1, 14.8.4.3)
            assert {str(k.S) for k in struct_kids(item)} <= {"/Lbl", "/Reference",
                                                             "/NonStruct", "/P", "/TOC"}
            links = [e for e in struct_walk(item) if e.S == "/Link"]
            assert len(links) == 1
            annots = [k.Obj for k in links[0].K if isinstance(k, pikepdf.Dictionary)
                      and k.get("/Type") == "/OBJR"]
            assert len(annots) == 1 and annots[0].Subtype == "/Link" and "/Dest" in annots[0]
        assert not [e for e in struct_walk(tocs[0]) if e.S in ("/L", "/LI", "/LBody")]
        role_map = tree.get("/RoleMap") or {}
        assert not {"/TOC", "/TOCI", "/Reference", "/L", "/LI", "/H2"} & set(role_map.keys())
    # the heading that precedes it, and what a screen reader reads in it
    toc = next(t for t in structure(policy_pdf.path).walk() if t.name == "TOC")
    siblings = [c for c in toc.parent.children if isinstance(c, Tag)]
    heading = siblings[siblings.index(toc) - 1]
    assert re.fullmatch(r"H[1-6]?", heading.name) and heading.text() == "Contents"


def test_contents_leaders_are_artifacts(policy_pdf: Pdf) -> None:
    """The dot leaders are drawn (a pattern fill, on the contents page) as artifacts: no
    structure element holds a run of dots, and they are not text at all."""
    for tag in structure(policy_pdf.path).walk():
        assert not re.search(r"(\.\s*){3,}", "".join(
            c for c in tag.children if isinstance(c, str))), (tag.name, tag.ancestors())
    first = run("pdftotext", "-f", 1, "-l", 1, policy_pdf.path, "-")
    assert not re.search(r"(\.\s*){3,}", first)
    with pikepdf.open(policy_pdf.path) as pdf:
        marks, pattern_fills = [], 0
        for operands, operator in pikepdf.parse_content_stream(pdf.pages[0]):
            op = str(operator)
            if op in ("BDC", "BMC"):
                marks.append(str(operands[0]))
            elif op == "EMC":
                marks.pop()
            elif op == "scn" and operands and isinstance(operands[-1], pikepdf.Name):
                assert "/Artifact" in marks  # a pattern (the leader) painted as an artifact
                pattern_fills += 1
    assert pattern_fills >= 16  # one leader an entry


def test_title_block_is_a_paragraph_not_a_list(policy_pdf: Pdf) -> None:
    tree = structure(policy_pdf.path)
    block = next(t for t in tree.walk() if "Controller:" in t.children)  # the label
    while block.name not in ("P", "Div", "Sect") and block.parent is not None:
        block = block.parent
    assert block.name == "P", block.name
    assert not {"L", "LI", "LBody", "Lbl"} & set(block.ancestors())
    assert block.text() == "Controller: " + controller_name() + ", Weena 505, 3013 AL " \
        "Rotterdam, The Netherlands"


def test_title_block_names_controller_and_date_from_their_sources(policy_pdf: Pdf) -> None:
    first = normalise(run("pdftotext", "-f", 1, "-l", 1, policy_pdf.path, "-"))
    date = re.search(r"^last-updated:\s*(\S+)", (ROOT / "docs" / "index.md").read_text(), re.M)[1]
    shown = datetime.date.fromisoformat(date)
    assert first.startswith("Privacy Policy Controller: " + controller_name())
    # the date: the client's own line of the opening page, in its place (after the
    # highlights), on the title page
    line = f"Last updated: {shown:%B} {shown.day}, {shown.year}"
    assert first.count(line) == 1
    assert first.index("No Data Selling") < first.index(line) < first.index("Contents")


def test_last_updated_only_where_the_client_puts_it(policy_pdf: Pdf, reader: PdfReader) -> None:
    """The client's text says "last updated" twice (the opening page's line, the closing
    statement of §16); the print adds no third."""
    sources = "\n".join(p.read_text() for p in sorted((ROOT / "docs").glob("*.md")))
    assert len(re.findall(r"last updated", sources, re.I)) == 2
    pages = [normalise(p) for p in run("pdftotext", policy_pdf.path, "-").split("\f")]
    found = [(i, m) for i, page in enumerate(pages)
             for m in re.findall(r"last updated\S*\s+\S+", page, re.I)]
    last = next(i for level, t, i in outline(reader) if t.startswith("16."))
    assert [(i, m.split()[0]) for i, m in found] == [(0, "Last"), (last, "last")], found
    assert "This privacy policy was last updated on" in pages[last]


def test_running_header_and_page_numbers(policy_pdf: Pdf, reader: PdfReader) -> None:
    count = len(reader.pages)
    for number in range(2, count + 1):
        lines = [line.strip() for line in
                 run("pdftotext", "-f", number, "-l", number, policy_pdf.path, "-").splitlines()
                 if line.strip()]
        assert lines[0] == "Privacy Policy", number  # the header, on every page but the first
        assert re.fullmatch(rf"{number} ?/ ?{count}", lines[-1]), lines[-1]


def test_running_header_names_the_chapter_in_force_at_the_top(policy_pdf: Pdf,
                                                              reader: PdfReader) -> None:
    """The header names the chapter the page opens in: the one whose heading opens the
    page, else the last one begun before it, never one that only begins lower down."""
    chapters = [(t, i) for level, t, i in outline(reader)
                if level == 1 and t not in ("Privacy Policy", "Contents")]
    opens_mid_chapter_before_another = 0
    for number in range(2, len(reader.pages) + 1):
        page = run("pdftotext", "-layout", "-f", number, "-l", number, policy_pdf.path, "-")
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        header = re.split(r"\s{2,}", lines[0])
        begun_here = [t for t, i in chapters if i == number - 1]
        begun_before = [t for t, i in chapters if i < number - 1]
        if begun_here and lines[1] == begun_here[0]:
            expected = [begun_here[0]]
        else:
            expected = begun_before[-1:]
            opens_mid_chapter_before_another += bool(begun_here)
        assert header == ["Privacy Policy", *expected], (number, header, lines[1])
    assert opens_mid_chapter_before_another  # the case string(x, first) gets wrong


def test_every_sentence_of_the_client_is_extractable(policy_pdf: Pdf,
                                                     reader: PdfReader) -> None:
    missing = missing_sentences(body_text(policy_pdf.path, reader))
    assert not missing, "\n".join(missing)


def test_no_theme_furniture_and_no_popups(policy_pdf: Pdf, reader: PdfReader) -> None:
    text = normalise(body_text(policy_pdf.path, reader))
    for furniture in ("Skip to content", "Back to top", "Made with", "Copyright", "Search",
                      "Download PDF", "On this page", "¶"):
        assert furniture not in text
    # each definition is printed once, where it is defined (no hidden popup copies)
    assert text.count("Personal data means any information relating to") == 1


def test_internal_pages_are_left_out(policy_pdf: Pdf, reader: PdfReader) -> None:
    text = normalise(body_text(policy_pdf.path, reader))
    marks = {t for _, t, _ in outline(reader)}
    orphans = [p for p in (ROOT / "docs").glob("*.md")
               if re.match(r"---\s*\n(?:.*\n)*?orphan:\s*true", p.read_text())]
    for page in orphans:
        title = re.search(r"^# (.+)$", page.read_text(), re.M)[1].strip()
        assert title not in marks and title not in text, page.name


# -- quality ----------------------------------------------------------------------------------


def test_metadata_and_language(reader: PdfReader) -> None:
    meta = reader.metadata
    assert meta.title == "FluxDesk Privacy Policy"
    assert meta.author == controller_name()
    assert meta.subject
    assert meta.creation_date == datetime.datetime.fromtimestamp(EPOCH, datetime.UTC)
    assert reader.trailer["/Root"]["/Lang"] == "en"
    xmp = reader.xmp_metadata
    assert xmp is not None and controller_name() in xmp.dc_creator


def test_all_fonts_embedded_and_free(policy_pdf: Pdf) -> None:
    rows = run("pdffonts", policy_pdf.path).splitlines()[2:]
    assert rows
    for row in rows:
        name, emb = row.split()[0], row.split()[-5]
        assert emb == "yes", row
        assert "Liberation" in name, row  # fonts-liberation: `make fonts`


def test_tagged_pdf_ua(policy_pdf: Pdf, reader: PdfReader) -> None:
    assert re.search(r"^Tagged:\s+yes", run("pdfinfo", policy_pdf.path), re.M)
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    assert "pdfuaid" in reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert figures_without_alt(reader) == 0


def test_every_image_has_alt_text(policy_pdf: Pdf) -> None:
    page = policy_pdf.page.read_text(encoding="utf-8")
    images = re.findall(r"<img\b[^>]*>", page)
    assert all(re.search(r'\balt="[^"]+"', img) for img in images), images


def test_alt_text_check_finds_a_figure_without_alt() -> None:
    import weasyprint

    icon = ("data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' width='8' height='8'>"
            "<rect width='8' height='8'/></svg>")
    found = []
    for alt in ("", ' alt="A square"'):
        data = weasyprint.HTML(string=f'<html lang="en"><p>x<img src="{icon}"{alt}></p>'
                               ).write_pdf(pdf_variant="pdf/ua-1")
        found.append(figures_without_alt(PdfReader(io.BytesIO(data))))
    assert found == [1, 0]


# -- links ------------------------------------------------------------------------------------


def link_annotations(reader: PdfReader) -> list[dict]:
    links = []
    for page in reader.pages:
        for annot in page.get("/Annots", []) or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link":
                links.append(annot)
    return links


def test_internal_links_resolve_to_destinations(reader: PdfReader) -> None:
    names = reader.named_destinations
    internal = [a for a in link_annotations(reader) if "/Dest" in a]
    targets = {str(a["/Dest"]) for a in internal}
    assert len(internal) >= 40
    assert all(t in names and isinstance(names[t], Destination) for t in targets), \
        sorted(targets - set(names))
    # terms, rights and sections all link inside the document
    assert {"term-personal-data", "term-consent", "definitions"} <= targets
    assert any(t.startswith("right-") for t in targets), sorted(targets)


def test_external_links_are_only_the_policys_own(reader: PdfReader) -> None:
    uris = {str(a["/A"]["/URI"]) for a in link_annotations(reader) if "/A" in a}
    for uri in uris:
        assert uri.startswith(("https://eur-lex.europa.eu/", "mailto:")), uri


class Anchors(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"])
        if tag == "a" and (a.get("href") or "").startswith("#"):
            self.hrefs.append(a["href"])


def test_singlehtml_links_are_mended(policy_pdf: Pdf) -> None:
    # sphinx-doc/sphinx#14221: singlehtml writes "#document-x#term-y"
    page = policy_pdf.page.read_text(encoding="utf-8")
    article = page[page.index("<article"):page.index("</article>")]
    anchors = Anchors()
    anchors.feed(article)
    assert not [h for h in anchors.hrefs if h.count("#") > 1]
    assert len(anchors.ids) == len(set(anchors.ids))
    full = Anchors()
    full.feed(page)
    ids = set(full.ids)
    assert [h for h in anchors.hrefs if h != "#" and h[1:] not in ids] == []


# -- the website offers the PDF ----------------------------------------------------------------


def test_landing_page_links_the_copy_in_the_site(policy_html: Build, policy_pdf: Pdf) -> None:
    index = (policy_html.outdir / "index.html").read_text(encoding="utf-8")
    link = re.search(r'<a class="[^"]*policy-pdf-download[^"]*" href="([^"]+)">Download PDF</a>',
                     index)
    assert link, "no Download PDF link on the landing page"
    # the name conf.py gives the PDF (make pdf writes it into a folder under that name)
    import runpy

    from docutils.nodes import make_id

    project = runpy.run_path(str(ROOT / "conf.py"))["project"]
    assert link[1] == f"{make_id(project)}.pdf"
    copy = policy_pdf.site / link[1]
    assert copy.read_bytes() == policy_pdf.path.read_bytes()
    assert "Download PDF" not in policy_pdf.page.read_text(encoding="utf-8")


def test_other_outputs_leave_the_link_out(tmp_path: Path) -> None:
    built = sphinx_build(ROOT / "docs", tmp_path / "text", "text", confdir=ROOT)
    assert built.returncode == 0, built.stderr
    index = (tmp_path / "text" / "index.txt").read_text(encoding="utf-8")
    assert "Download PDF" not in index
    assert "Last updated: January 15, 2024" in index  # its neighbour is still there


# -- failures ---------------------------------------------------------------------------------


def test_a_missing_stylesheet_fails_and_writes_nothing(tmp_path: Path) -> None:
    from gdpr_policy.pdf import render

    page = tmp_path / "index.html"
    page.write_text('<html lang="en"><link rel="stylesheet" href="_static/gone.css"><p>x</p>')
    errors = render(page, tmp_path / "out.pdf")
    assert errors and "gone.css" in errors[0]
    assert not (tmp_path / "out.pdf").exists()


def test_the_renderer_never_fetches_from_the_network(tmp_path: Path) -> None:
    from gdpr_policy.pdf import render

    page = tmp_path / "index.html"
    page.write_text('<html lang="en"><link rel="stylesheet" href="https://fonts.example/a.css">'
                    "<p>x</p>")
    errors = render(page, tmp_path / "out.pdf")
    assert errors and "fonts.example" in errors[0]


def test_the_renderers_errors_fail_the_run(tmp_path: Path) -> None:
    """PDF/UA demands alt text and a language; a link must have its anchor."""
    from gdpr_policy.pdf import render

    icon = "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' width='8' height='8'/>"
    cases = {
        "no alt": (f'<html lang="en"><p><img src="{icon}"></p>', "alt"),
        "no language": ("<html><p>x</p>", "lang"),
        "dangling link": ('<html lang="en"><p><a href="#nowhere">x</a></p>', "nowhere"),
    }
    for name, (markup, hint) in cases.items():
        page = tmp_path / f"{name}.html"
        page.write_text(markup)
        errors = render(page, tmp_path / f"{name}.pdf")
        assert any(hint in e for e in errors), (name, errors)
        assert not (tmp_path / f"{name}.pdf").exists()


def test_contents_that_cannot_be_tagged_fail_the_run(tmp_path: Path) -> None:
    """pdf.py finds the contents' list by its links; if it cannot (here: no list, or an
    entry with two links), the run fails rather than print an untagged contents list."""
    from gdpr_policy.pdf import render

    body = '<h2 id="a">A</h2><p>a</p><h2 id="b">B</h2><p>b</p>'
    cases = {
        "tagged": ('<li><a href="#a">A</a></li><li><a href="#b">B</a></li>', True),
        "no list": ('<p><a href="#a">A</a> <a href="#b">B</a></p>', False),
        "two links": ('<li><a href="#a">A</a> <a href="#b">B</a></li><li>B</li>', False),
    }
    for name, (entries, ok) in cases.items():
        listing = f"<ul>{entries}</ul>" if entries.startswith("<li>") else entries
        page = tmp_path / f"{name}.html"
        page.write_text(f'<html lang="en"><title>t</title><nav class="policy-print-contents">'
                        f"<h2>Contents</h2>{listing}</nav>{body}")
        errors = render(page, tmp_path / f"{name}.pdf")
        assert (not errors) == ok, (name, errors)
        assert (tmp_path / f"{name}.pdf").exists() == ok
        if ok:
            tree = structure(tmp_path / f"{name}.pdf")
            assert [t.name for t in tree.walk() if t.name.startswith("TOC")] == \
                ["TOC", "TOCI", "TOCI"]
        else:
            assert any("contents" in e for e in errors), errors


def test_a_warning_in_the_policy_fails_the_pdf_with_file_and_line(tmp_path: Path) -> None:
    src = ROOT / "tests" / "roots" / "test-broken-reference"
    proc = subprocess.run(
        [sys.executable, "-m", "gdpr_policy.pdf", "--quiet", "--workdir", str(tmp_path / "w"),
         str(src), str(tmp_path / "out.pdf")],
        capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)})
    assert proc.returncode != 0
    assert re.search(r"index\.md:9: WARNING: .*\[policy\.unknown_term\]", proc.stderr), proc.stderr
    assert not (tmp_path / "out.pdf").exists()


def test_each_link_is_one_annotation(reader: PdfReader) -> None:
    seen = set()
    for number, page in enumerate(reader.pages):
        for annot in page.get("/Annots", []) or []:
            annot = annot.get_object()
            key = (number, tuple(round(float(x), 1) for x in annot["/Rect"]),
                   str(annot.get("/Dest") or annot.get("/A", {}).get("/URI")))
            assert key not in seen, key
            seen.add(key)
