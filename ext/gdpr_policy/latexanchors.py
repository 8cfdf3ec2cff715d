"""Anchors of declarations in LaTeX output.

The LaTeX writer writes a ``\\label`` only for targets, sections, terms and a few other
nodes; the ids of a container (an activity, a data category, a retention entry), a list
item (a right) or a line block (the controller) are dropped, so every ``{right}``,
``{activity}``, ``{category}``, ``{recipient}`` or ``{retention}`` link in the PDF would
lead nowhere. Here
each such id gets a target node of its own, which the writer does label.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

#: Nodes the LaTeX writer labels itself.
LABELLED = (nodes.section, nodes.target, nodes.term, nodes.table, nodes.figure,
            nodes.literal_block, nodes.footnote, nodes.citation, nodes.title)
PREFIXES = ("right-", "activity-", "category-", "retention-", "recipient-",
            "policy-controller")


class LabelDeclarations(SphinxPostTransform):
    default_priority = 30
    builders = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(nodes.Element)):
            if isinstance(node, LABELLED) or node.parent is None:
                continue
            ids = [i for i in node["ids"] if i.startswith(PREFIXES)]
            if not ids:
                continue
            target = nodes.target("", "", ids=ids)
            if isinstance(node, nodes.list_item):
                node.insert(0, target)  # a list holds only its items
            else:
                node.parent.insert(node.parent.index(node), target)
            node["ids"] = [i for i in node["ids"] if i not in ids]


def setup_latex_anchors(app: Sphinx) -> None:
    app.add_post_transform(LabelDeclarations)
