"""Print the policy to PDF: ``python -m gdpr_policy.pdf SOURCEDIR OUTPUT.pdf``.

1. a strict ``singlehtml`` build of the policy (its own output and doctree folders), the
   page ``printing.py`` prepares for print;
2. WeasyPrint renders that page with its print stylesheet as a tagged PDF (PDF/UA-1),
   fonts embedded, reading nothing but local files; its tags for the contents list are
   mended before the file is written (``tag_contents``): WeasyPrint tags every list as a
   list, and the contents are a table of contents (TOC, one TOCI per entry);
3. with ``--site DIR`` the PDF is copied into the website, where the "Download PDF" link
   (``{download-pdf}``) points.

Any Sphinx warning or any ERROR from WeasyPrint fails the run (exit status 1). Dates come
from ``SOURCE_DATE_EPOCH``, so two runs give byte-identical files.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util.docutils import docutils_namespace, patch_docutils

PDF_VARIANT = "pdf/ua-1"


class Collect(logging.Handler):
    """Keeps WeasyPrint's messages so the run can report them and fail on errors."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def lines(self, level: int) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= level]


@contextlib.contextmanager
def collected(name: str) -> Iterator[Collect]:
    """The logger's messages go to a Collect only, not to a root handler that an imported
    package may have set up (a11y-pygments calls logging.basicConfig on import)."""
    collect, logger = Collect(), logging.getLogger(name)
    saved = logger.propagate, logger.level
    logger.addHandler(collect)
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    try:
        yield collect
    finally:
        logger.removeHandler(collect)
        logger.propagate, logger.level = saved


def build_page(srcdir: Path, confdir: Path, workdir: Path, quiet: bool) -> tuple[Path, str]:
    """The strict singlehtml build; returns the page and the PDF's name in the site."""
    outdir, doctrees = workdir / "singlehtml", workdir / "doctrees"
    try:
        # as sphinx-build runs it: docutils.conf read, directives registered for this build only
        with patch_docutils(confdir), docutils_namespace():
            app = Sphinx(srcdir, confdir, outdir, doctrees, "singlehtml",
                         confoverrides={"nitpicky": True},
                         status=None if quiet else sys.stdout,
                         warning=sys.stderr, freshenv=True, warningiserror=True)
            app.build(force_all=True)
    except SphinxError as error:  # a bad folder or conf.py: the message, not a traceback
        raise SystemExit(f"pdf: {error}") from error
    if app.statuscode:
        raise SystemExit("pdf: the singlehtml build failed (see the warnings above)")
    return outdir / "index.html", app.config.policy_pdf_name


# -- the contents list in the structure tree ---------------------------------------------
#
# WeasyPrint (70) maps HTML elements to structure types by tag name only (ul/ol/dl -> L,
# li -> LI, with an LBody inside when the item has no marker; nav -> NonStruct); nothing
# in the HTML or CSS makes it write TOC or TOCI. So the list in the contents' <nav>
# (printing.py writes it) is found in the structure tree by its links, in order, and its
# elements are renamed: L -> TOC, LI -> TOCI, LBody -> Reference (a TOCI holds Lbl,
# Reference, NonStruct, P or TOC: ISO 32000-1, 14.8.4.3). All three are standard structure
# types, so no RoleMap entry is needed (nor written). The renaming is done by WeasyPrint's
# ``finisher`` hook, on its own objects, before it writes the file: no second pass over the
# written PDF (pikepdf is only a test dependency), nothing else changes, and the output
# stays byte-identical across runs.

CONTENTS_LINKS = "policy-print-contents"  # the class of printing.py's <nav>


def contents_targets(root: Element) -> list[str]:
    """The anchors the printed contents link to, in order (``#x`` -> ``x``)."""
    for nav in root.iter("nav"):
        if CONTENTS_LINKS in (nav.get("class") or "").split():
            return [a.get("href", "")[1:] for a in nav.iter("a")
                    if a.get("href", "").startswith("#")]
    return []


def _resolve(pdf: Any, value: Any) -> Any:
    """The object that a reference (``b"12 0 R"``) in WeasyPrint's PDF stands for."""
    if isinstance(value, bytes) and value.endswith(b" R"):
        return pdf.objects[int(value.split()[0])]
    return None


def _kids(pdf: Any, element: dict) -> list[dict]:
    kids = element.get("K", ())
    found = [_resolve(pdf, kid) for kid in (kids if isinstance(kids, list) else [kids])]
    return [kid for kid in found if isinstance(kid, dict)]


def _elements(pdf: Any, element: dict) -> Iterator[dict]:
    """The structure elements below ``element``, in reading order."""
    for kid in _kids(pdf, element):
        if kid.get("Type") == "/StructElem":
            yield kid
            yield from _elements(pdf, kid)


def _link_targets(pdf: Any, element: dict) -> list[str]:
    """Where the links inside a structure element lead (their annotations' /Dest)."""
    found = []
    for kid in _kids(pdf, element):
        if kid.get("Type") == "/OBJR":
            dest = _resolve(pdf, kid.get("Obj")).get("Dest")
            if dest is not None:
                found.append(str(getattr(dest, "string", dest)))
        elif kid.get("Type") == "/StructElem":
            found += _link_targets(pdf, kid)
    return found


def tag_contents(pdf: Any, targets: list[str]) -> bool:
    """Retag the list(s) whose items are the contents' links, one link an item, in order
    (a page break may cut the list in two). False if they are not all found."""
    root = _resolve(pdf, pdf.catalog.get("StructTreeRoot"))
    if root is None:
        return not targets
    position = 0
    for element in list(_elements(pdf, root)):
        if element.get("S") != "/L" or position == len(targets):
            continue
        items = _kids(pdf, element)
        expected = [[target] for target in targets[position:position + len(items)]]
        if not items or any(item.get("S") != "/LI" for item in items) \
                or [_link_targets(pdf, item) for item in items] != expected:
            continue
        element["S"] = "/TOC"
        for item in items:
            item["S"] = "/TOCI"
            for part in _kids(pdf, item):
                if part.get("S") == "/LBody":
                    part["S"] = "/Reference"
        position += len(items)
    return position == len(targets)


#: The number of pages of each PDF written in this run (for the summary line).
PAGES: dict[Path, int] = {}


def render(page: Path, output: Path, verbose: bool = False) -> list[str]:
    """Render ``page`` to ``output``; returns WeasyPrint's errors (nothing written then)."""
    problems: list[str] = []
    # the font subsetter logs each font it subsets at INFO: not a person's business
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    with collected("weasyprint") as collect:
        import weasyprint
        from weasyprint.urls import FatalURLFetchingError, URLFetcher

        # Local files only, and a file that cannot be read stops the run: the PDF never
        # depends on the network, and never silently lacks a stylesheet or an image.
        fetcher = URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)
        try:
            source = weasyprint.HTML(filename=str(page), url_fetcher=fetcher)
            targets = contents_targets(source.etree_element)

            def finish(document: Any, pdf: Any) -> None:
                PAGES[output] = len(document.pages)
                if "StructTreeRoot" in pdf.catalog and not tag_contents(pdf, targets):
                    problems.append("the contents list was not found in the structure tree "
                                    "(one link an item, in the contents' order): not "
                                    "tagged as TOC/TOCI")

            data = source.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=True,
                                    finisher=finish)
        except FatalURLFetchingError as error:
            return [f"{error} ({error.__cause__})"]
    if verbose:
        for line in collect.lines(logging.WARNING):
            print(f"weasyprint: {line}", file=sys.stderr)
    errors = collect.lines(logging.ERROR) + problems
    if errors:
        return errors
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".part")
    partial.write_bytes(data)
    partial.replace(output)
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gdpr_policy.pdf", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("srcdir", type=Path, help="the policy's pages (docs/)")
    parser.add_argument("output",
                        help="the PDF to write, or a folder (ending in '/') to write it into "
                             "under the name conf.py gives it (policy_pdf_name; by default "
                             "from the project)")
    parser.add_argument("-c", "--confdir", type=Path, help="folder of conf.py (default: srcdir)")
    parser.add_argument("--workdir", type=Path,
                        help="folder for the singlehtml build (default: beside the PDF)")
    parser.add_argument("--site", type=Path,
                        help="website folder to copy the PDF into (for the Download link)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no Sphinx progress")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="also show WeasyPrint's warnings (mostly screen CSS it skips)")
    args = parser.parse_args(argv)
    if not os.environ.get("SOURCE_DATE_EPOCH"):
        print("pdf: SOURCE_DATE_EPOCH is not set; the PDF is dated by the policy's "
              "'last-updated' date", file=sys.stderr)
    folder = args.output.endswith(("/", os.sep)) or Path(args.output).is_dir()
    args.output = Path(args.output)
    workdir = args.workdir or (args.output if folder else args.output.parent)
    page, site_name = build_page(args.srcdir, args.confdir or args.srcdir, workdir, args.quiet)
    if folder:
        args.output = args.output / site_name
    print("pdf: printing with WeasyPrint (the first run on a machine also builds its font "
          "cache)", flush=True)
    errors = render(page, args.output, args.verbose)
    for error in errors:
        print(f"pdf: ERROR from WeasyPrint: {error}", file=sys.stderr)
    if errors:
        return 1
    size = args.output.stat().st_size
    print(f"pdf: {args.output} ({PAGES.get(args.output, 0)} pages, {size // 1024} kB)")
    if args.site:
        args.site.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(args.output, args.site / site_name)
        print(f"pdf: copied to {args.site / site_name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
