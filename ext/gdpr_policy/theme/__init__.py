"""The reader's side of the HTML theme: accessibility and validity fixes.

Sphinx and furo as shipped give a few markup errors that the Nu HTML checker and axe-core
report on every page. They are mended here, in the HTML builders only, and the browser tests
(tests/browser/) hold the built site to zero findings:

- the toctree caption is ``<p role="heading">`` without the required ``aria-level``
  (sphinx-doc/sphinx#14030);
- furo wraps each table in a ``div.table-wrapper`` and copies the table's ids onto it, so the
  id is on the page twice;
- furo's two ``<aside>`` drawers have no accessible name, and its search page has no ``<h1>``:
  mended in the templates beside this module (``templates/``), used with furo only;
- a reference written with its own text (``{right}`withdraw your consent <withdraw-consent>```)
  comes out as inline code (``<code class="xref ...">``): it is made plain text, so every
  policy link reads as an ordinary link;
- without ``html_favicon`` every page makes the browser ask for ``/favicon.ico``, a 404:
  the extension's neutral icon (``static/favicon.svg``) is linked from every page, and
  ``static/favicon.ico`` is copied to the site's root for what the browser shows without a
  page of ours (the PDF in its viewer, ``policy.json``);
- furo offers "On this page" (a column, on narrow windows a drawer behind a header button)
  for a page whose contents hold a single entry: a drawer with one link. Such a page is
  treated as furo treats a page without sections (``furo_hide_toc``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.html5 import HTML5Translator

TEMPLATES = Path(__file__).parent.parent / "templates"
STATIC = Path(__file__).parent.parent / "static"
FAVICON = STATIC / "favicon.svg"
ROOT_ICON = STATIC / "favicon.ico"
CAPTION = '<p class="caption" role="heading"'
TOC_LINK = re.compile(r"<a\b")


def visit_title(self: HTML5Translator, node: nodes.title) -> None:
    # The translator's own visit_title (whatever class the builder uses), then the caption
    # of a toctree gets its level: the heading sits right below the page's <h1>.
    type(self).visit_title(self, node)
    if isinstance(node.parent, addnodes.compact_paragraph) and node.parent.get("toctree"):
        for i in range(len(self.body) - 1, max(len(self.body) - 4, -1), -1):
            if self.body[i].startswith(CAPTION) and "aria-level" not in self.body[i]:
                self.body[i] = self.body[i].replace(CAPTION, CAPTION + ' aria-level="2"', 1)
                break


def depart_title(self: HTML5Translator, node: nodes.title) -> None:
    type(self).depart_title(self, node)


class UniqueTableIds(SphinxPostTransform):
    """Keep a table's ids on the table only, not also on furo's wrapper around it."""

    default_priority = 600  # after furo's wrapping transform (500)
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for wrapper in self.document.findall(nodes.container):
            if "table-wrapper" not in wrapper["classes"]:
                continue
            inner = {i for child in wrapper.findall(nodes.table) for i in child["ids"]}
            wrapper["ids"] = [i for i in wrapper["ids"] if i not in inner]


class PlainReferenceText(SphinxPostTransform):
    """The text of a resolved policy reference as plain text, not inline code: XRefRole
    wraps an explicit title in a ``literal`` node, which the HTML writer prints as
    ``<code>`` (in the theme's code style, inside the link)."""

    default_priority = 600  # after the references are resolved (10)
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for ref in self.document.findall(nodes.reference):
            for code in list(ref.findall(nodes.literal)):
                if "xref" in code["classes"] and "policy" in code["classes"]:
                    code.replace_self(nodes.inline(code.astext(), code.astext(),
                                                   classes=code["classes"]))


def use_favicon(app: Sphinx, config: Config) -> None:
    """The extension's icon when conf.py names none (a path; Sphinx copies it). The .ico
    copies are for browsers only: an EPUB has no media type for them and leaves them out."""
    # New lists, not appended to: an unset option's value is Sphinx's shared default.
    if not config.html_favicon:
        config.html_favicon = str(FAVICON)
        if str(ROOT_ICON) not in map(str, config.html_extra_path):
            config.html_extra_path = [*config.html_extra_path, str(ROOT_ICON)]
    excluded = list(getattr(config, "epub_exclude_files", None) or ())
    missing = [name for name in (ROOT_ICON.name, f"_static/{ROOT_ICON.name}")
               if name not in excluded]
    if missing:
        config.epub_exclude_files = [*excluded, *missing]


def hide_short_toc(app: Sphinx, pagename: str, templatename: str,
                   context: dict[str, Any], doctree: Any) -> None:
    """furo's "On this page" only for a page with two entries or more besides its title."""
    if app.config.html_theme != "furo" or context.get("furo_hide_toc", True):
        return
    if len(TOC_LINK.findall(context.get("toc") or "")) <= 2:  # the page's title and one
        context["furo_hide_toc"] = True


def use_templates(app: Sphinx, config: Config) -> None:
    if config.html_theme == "furo" and str(TEMPLATES) not in map(str, config.templates_path):
        config.templates_path.append(str(TEMPLATES))


def setup_theme(app: Sphinx) -> None:
    app.add_node(nodes.title, override=True, html=(visit_title, depart_title))
    app.add_post_transform(UniqueTableIds)
    app.add_post_transform(PlainReferenceText)
    app.connect("config-inited", use_templates)
    app.connect("config-inited", use_favicon)
    app.connect("html-page-context", hide_short_toc, priority=900)  # after furo's (500)
