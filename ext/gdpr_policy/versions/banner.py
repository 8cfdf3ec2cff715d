"""Inside a Sphinx build: an archived version says so, and the current one links to what
changed.

``policy_archived_version`` (set by the archive for each released version it builds): a
banner on every page saying it is not the current version, with a link to the current
one; no search of its own (the pages are not in the current site's index either). In the
current website, the first "last updated" date of the landing page is followed by a link to
what changed since the version before, once versions are released.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from . import released

logger = logging.getLogger(__name__)

WEBSITE_BUILDERS = ("html", "dirhtml")


def no_search(app: Sphinx) -> None:
    if app.config.policy_archived_version and app.builder.format == "html":
        app.builder.search = False  # type: ignore[attr-defined]  # no index, no search page


def archived_site(app: Sphinx, config: Config) -> None:
    """Before the theme is set up: the banner, and furo's sidebar without search."""
    date = config.policy_archived_version
    if not date:
        return
    options = dict(config.html_theme_options or {})
    options["announcement"] = (
        f"This is the version of {date}, kept for the record: it is not the current "
        'privacy policy. <a href="../../index.html">Read the current version</a>.')
    config.html_theme_options = options
    if config.html_theme == "furo":  # furo's sidebar without its search box
        config.html_sidebars = {"**": ["sidebar/brand.html", "sidebar/scroll-start.html",
                                           "sidebar/navigation.html",
                                           "sidebar/scroll-end.html"]}


def link_changes(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if (app.builder.name not in WEBSITE_BUILDERS or app.config.policy_archived_version
            or docname != app.config.root_doc):
        return
    dates = released(Path(app.confdir))
    if not dates:
        return
    date = next((n for n in doctree.findall(nodes.inline)
                 if "policy-fact-last-updated" in n["classes"]), None)
    if date is None:
        return
    target, words = ((f"versions/{dates[-1]}/changes.html", "what changed") if len(dates) > 1
                     else ("versions/index.html", "all versions"))
    link = nodes.reference(words, words, refuri=target, classes=["policy-changes-link"])
    parent: Any = date.parent
    at = parent.index(date) + 1
    parent.insert(at, [nodes.Text(" ("), link, nodes.Text(")")])


def build_archive(app: Sphinx, exception: Exception | None) -> None:
    """After the website: the archive of released versions (see versions/archive.py),
    in the same process, when ``policy_versions_cache`` names where built versions are
    kept (`make html` sets it)."""
    cache = app.config.policy_versions_cache
    if exception is not None or not cache or app.builder.name != "html" \
            or app.config.policy_archived_version:
        return
    from .archive import build

    dates = build(Path(app.confdir), Path(app.outdir), Path(app.confdir, cache),
                  pdf=app.config.policy_versions_pdf)
    logger.info("versions: %s", f"{len(dates)} released version(s) in versions/" if dates
                else "none released yet (make release)")


def setup_banner(app: Sphinx) -> None:
    app.add_config_value("policy_archived_version", "", "html", types=frozenset({str}),
                         description="the date of the released version being built")
    app.add_config_value("policy_versions_cache", "", "", types=frozenset({str}),
                         description="where the archive keeps built versions ('' = no "
                                     "archive)")
    app.add_config_value("policy_versions_pdf", True, "", types=frozenset({bool}),
                         description="build each archived version's PDF")
    app.connect("build-finished", build_archive)
    app.connect("config-inited", archived_site)
    app.connect("builder-inited", no_search)
    app.connect("doctree-resolved", link_changes)
