"""The archive on the website: every released version's site, the list of versions, a
"what changed" page per version (facts, then the redline) and changes.json.

Each version is built once and kept under the cache folder, keyed by a hash of its sources
and of the toolchain (the extension's files and the versions of Sphinx and its theme); a
build with nothing changed copies the kept sites.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

from . import FOLDER, released
from .changes import Change, compare
from .redline import Section, redline, sections

SCHEMA = Path(__file__).parent / "changes.schema.json"
PACKAGES = ("sphinx", "docutils", "myst-parser", "furo", "sphinx-design", "weasyprint")
CSS = """
body{font:16px/1.5 system-ui,sans-serif;max-width:50rem;margin:0 auto;padding:1rem;color:#1b1b1b}
h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2rem}h3{font-size:1.1rem}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;padding:.4rem;text-align:left}
ins{background:#e6f4ea;text-decoration:underline}del{background:#fde8e8;text-decoration:line-through}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);
white-space:nowrap}
.note{font-weight:normal;color:#444;font-size:.9em}.material{font-weight:bold}
details.unchanged{margin:.3rem 0;color:#444}a{color:#0b57d0}
@media print{.visually-hidden{position:static;width:auto;height:auto;clip:auto}}
"""


def toolchain() -> str:
    """What a version's pages depend on besides its sources."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    for name in PACKAGES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(name.encode())
    return digest.hexdigest()


def tree_digest(folder: Path, salt: str) -> str:
    digest = hashlib.sha256(salt.encode())
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def run(command: list[str]) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"versions: {' '.join(command[2:5])}… failed:\n{done.stderr}")


def build_version(folder: Path, date: str, out: Path, pdf: bool) -> None:
    """One released version's site (and PDF), as it was published, with the banner."""
    with tempfile.TemporaryDirectory() as tmp:
        run([sys.executable, "-m", "sphinx", "-b", "html", "-E", "-q", "-c", str(folder),
             "-D", f"policy_archived_version={date}", "-d", f"{tmp}/doctrees",
             str(folder / "docs"), str(out)])
        if pdf:
            run([sys.executable, "-m", "gdpr_policy.pdf", "--quiet", "-c", str(folder),
                 "--workdir", f"{tmp}/pdf", "--site", str(out), str(folder / "docs"),
                 f"{tmp}/policy.pdf"])


def cached_site(confdir: Path, date: str, cache: Path, salt: str, pdf: bool
                ) -> tuple[Path, list[Section]]:
    """A version's site and the text its redline compares, built once per key."""
    folder = confdir / FOLDER / date
    key = tree_digest(folder, salt + ("+pdf" if pdf else ""))
    kept, text = cache / f"{date}-{key}", cache / f"{date}-{key}.sections.json"
    if not (kept / "index.html").is_file() or not text.is_file():
        for stale in cache.glob(f"{date}-*"):
            if stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
            else:
                stale.unlink()
        partial = cache / f".{date}-{key}.part"
        shutil.rmtree(partial, ignore_errors=True)
        build_version(folder, date, partial, pdf)
        text.write_text(json.dumps(sections(partial), ensure_ascii=False), encoding="utf-8")
        partial.rename(kept)
    found = [Section(title, tuple(said))
             for title, said in json.loads(text.read_text(encoding="utf-8"))]
    return kept, found


def link_or_copy(source: str, target: str) -> None:
    """A kept site is linked into the website, not copied (copied across file systems):
    the archive costs next to nothing while it does not change."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def export_of(confdir: Path, date: str) -> dict[str, Any]:
    path = confdir / FOLDER / date / "policy.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def build(confdir: Path, site: Path, cache: Path, pdf: bool = True) -> list[str]:
    """The archive into ``site/versions``; returns the dates archived."""
    out = site / FOLDER
    shutil.rmtree(out, ignore_errors=True)
    dates = released(confdir)
    if not dates:
        return []
    out.mkdir(parents=True)
    cache.mkdir(parents=True, exist_ok=True)
    salt = toolchain()
    built = {d: cached_site(confdir, d, cache, salt, pdf) for d in dates}
    sites = {d: site for d, (site, _) in built.items()}
    for date, kept in sites.items():
        shutil.copytree(kept, out / date, copy_function=link_or_copy)
    history: list[dict[str, Any]] = []
    for previous, date in itertools.pairwise(dates):
        changes = compare(export_of(confdir, previous), export_of(confdir, date))
        text = redline(built[previous][1], built[date][1])
        page = changes_page(date, previous, changes, text.html)
        (out / date / "changes.html").write_text(page, encoding="utf-8")
        if pdf:
            print_redline(out / date / "changes.html", out / date / "changes.pdf")
        history.append({"version": date, "previous": previous,
                        "changes": [c.as_json() for c in changes]})
    (out / "changes.json").write_text(json.dumps(
        {"$schema": SCHEMA.name, "versions": list(reversed(history))}, indent=1,
        ensure_ascii=False) + "\n", encoding="utf-8")
    shutil.copyfile(SCHEMA, out / SCHEMA.name)
    (out / "index.html").write_text(index_page(dates, sites, pdf), encoding="utf-8")
    return dates


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


def page(title: str, body: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
            f"{body}\n</main>\n</body>\n</html>\n")


def index_page(dates: list[str], sites: dict[str, Path], pdf: bool) -> str:
    rows = []
    for date in reversed(dates):
        pdfs = [p.name for p in sites[date].glob("*.pdf")] if pdf else []
        cells = [f'<a href="{date}/index.html">The policy as of {date}</a>',
                 f'<a href="{date}/{e(pdfs[0])}">PDF</a>' if pdfs else "—",
                 f'<a href="{date}/changes.html">What changed</a>'
                 if date != dates[0] else "first published version"]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    body = ("<h1>Earlier versions of the privacy policy</h1>\n"
            '<p><a href="../index.html">The current privacy policy</a>. Every version '
            "published, newest first, as it was published.</p>\n<table><thead><tr>"
            '<th scope="col">Version</th><th scope="col">PDF</th>'
            '<th scope="col">Changes</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table>")
    return page("Earlier versions of the privacy policy", body)


def changes_page(date: str, previous: str, changes: list[Change], text: str) -> str:
    material = [c for c in changes if c.material]
    editorial = [c for c in changes if not c.material]

    def items(found: list[Change]) -> str:
        if not found:
            return "<p>None.</p>"
        return "<ul>" + "".join(f"<li>{e(c.summary)}</li>" for c in found) + "</ul>"

    body = (f"<h1>What changed on {date}</h1>\n"
            f'<p>Changes from <a href="../{previous}/index.html">the version of {previous}'
            f'</a> to <a href="index.html">the version of {date}</a>. '
            '<a href="../index.html">All versions</a>.</p>\n'
            "<h2>Changes to what we do with your data</h2>\n"
            f'<h3 class="material">Material changes ({len(material)})</h3>{items(material)}'
            f"<h3>Other changes ({len(editorial)})</h3>{items(editorial)}\n"
            "<h2>The text, sentence by sentence</h2>\n"
            "<p>Deleted text is struck through and marked “deleted”, inserted text is "
            "underlined and marked “inserted”; unchanged sections are folded to their "
            f"title.</p>\n{text}")
    return page(f"What changed on {date}", body)


def print_redline(page_file: Path, output: Path) -> None:
    """The redline as a PDF, for the legal team's approval."""
    import weasyprint
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)
    weasyprint.HTML(filename=str(page_file), url_fetcher=fetcher).write_pdf(
        output, pdf_variant="pdf/ua-1")
