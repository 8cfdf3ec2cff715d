"""The "Download PDF" link: ``{download-pdf}`Download PDF``` on a page.

In the website (``html``, ``dirhtml``) it links to the copy of the PDF that
``python -m gdpr_policy.pdf --site`` puts at the site's root, under ``policy_pdf_name``.
Every other output leaves it out (with its paragraph, when that holds nothing else): the
single page the PDF is printed from, so the PDF never offers itself, and latex, epub, text.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import SphinxRole
from sphinx.util.osutil import relative_uri

WEBSITE_BUILDERS = ("html", "dirhtml")
DEFAULT_LABEL = "Download PDF"


class pdf_download(nodes.Inline, nodes.TextElement):
    """Where the link to the PDF goes; resolved (or dropped) per builder."""


class DownloadPdfRole(SphinxRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        label = " ".join(self.text.split()) or DEFAULT_LABEL
        node = pdf_download(self.rawtext, label)
        self.set_source_info(node)
        return [node], []


def default_name(app: Sphinx, config: Config) -> None:
    """``Example Privacy Policy`` -> ``example-privacy-policy.pdf`` unless set."""
    if not config.policy_pdf_name:
        config.policy_pdf_name = f"{nodes.make_id(config.project) or 'policy'}.pdf"


def place_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(pdf_download)):
        if app.builder.name in WEBSITE_BUILDERS:
            uri = relative_uri(app.builder.get_target_uri(docname), app.config.policy_pdf_name)
            link = nodes.reference(node.rawsource, node.astext(), refuri=uri,
                                   classes=["policy-pdf-download"])
            node.replace_self(link)
            continue
        parent = node.parent
        parent.remove(node)
        if isinstance(parent, nodes.paragraph) and not parent.astext().strip():
            parent.parent.remove(parent)


def setup_pdflink(app: Sphinx) -> None:
    app.add_config_value("policy_pdf_name", "", "html", types=frozenset({str}),
                         description="file name of the PDF inside the website")
    app.add_role("download-pdf", DownloadPdfRole())
    app.add_node(pdf_download)
    app.connect("config-inited", default_name)
    app.connect("doctree-resolved", place_links)
