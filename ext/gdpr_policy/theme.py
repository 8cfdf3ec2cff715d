"""The reader's side of the HTML theme: accessibility and validity fixes.

Sphinx and furo as shipped give a few markup errors that the Nu HTML checker and axe-core
report on every page. They are mended here, in the HTML builders only, and the browser tests
(tests/browser/) hold the built site to zero findings:

- the toctree caption is ``<p role="heading">`` without the required ``aria-level``
  (sphinx-doc/sphinx#14030);
- furo wraps each table in a ``div.table-wrapper`` and copies the table's ids onto it, so the
  id is on the page twice;
- furo's two ``<aside>`` drawers have no accessible name, and its search page has no ``<h1>``:
  mended in the templates beside this module (``templates/``), used with furo only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.html5 import HTML5Translator

TEMPLATES = Path(__file__).parent / "templates"
CAPTION = '<p class="caption" role="heading"'


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


def use_templates(app: Sphinx, config: Config) -> None:
    if config.html_theme == "furo" and str(TEMPLATES) not in map(str, config.templates_path):
        config.templates_path.append(str(TEMPLATES))


def setup_theme(app: Sphinx) -> None:
    app.add_node(nodes.title, override=True, html=(visit_title, depart_title))
    app.add_post_transform(UniqueTableIds)
    app.connect("config-inited", use_templates)
