"""Recipients (Art. 4(9), Art. 13(1)(e)): ``{recipient} key`` declares one recipient or
category of recipients once, with its name as the text gives it and, where the text says
so, its role, country and transfer safeguard. Activities name recipients by key in
``:recipients:``; a recipient declared inside an activity is tied to it. The
``{recipients-table}`` collects every recipient into one table.
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import catalogue
from .directives import CONTEXT, PolicyDirective, text
from .records import Recipient, Reference, recipient_places
from .tables import joined, placeholder, table, xref

#: Keys of the recipients declared inside the activity being read (its own ties).
NESTED = "policy:nested-recipients"


class RecipientDirective(PolicyDirective):
    """Someone the data are disclosed to: name, role, country, safeguard, as stated."""

    declares = "a recipient (or category of recipients): its name, role, country and safeguard"
    known_options: ClassVar = {"name": text, "role": text, "country": text, "safeguard": text}
    option_help: ClassVar = {
        "name": "the recipient's name (or category of recipients) as the text gives it: "
                "'Stripe, Inc. (USA)', 'our hosting provider'",
        "role": "only when the text says it: " + ", ".join(catalogue.RECIPIENT_ROLES),
        "country": "the country the recipient is in, as the text states it (a country "
                   "written in the name, 'Stripe, Inc. (USA)', is found without it)",
        "safeguard": "the adequacy decision or safeguard a transfer relies on, as the text "
                     "states it",
    }
    choices: ClassVar = {"role": tuple(catalogue.RECIPIENT_ROLES)}
    example_argument = "payment-provider"

    def run(self) -> list[nodes.Node]:
        options = self.checked_options()
        placed = self.in_place()
        key = self.key("recipient's key")
        enclosing = self.env.temp_data.get(CONTEXT)
        body = self.parse_children()
        box = nodes.container("", *body, classes=["policy-recipient"])
        self.set_source_info(box)
        role = options.get("role", "")
        if role and not self.check_key("recipient role", role, catalogue.RECIPIENT_ROLES,
                                       "role"):
            role = ""
        if not placed or not key or self.declared_here(Recipient, key):
            return [box]
        if enclosing == "processing-activity":
            self.env.temp_data.setdefault(NESTED, []).append(key)
        anchor = self.anchor("recipient", key)
        self.target(box, anchor)
        docname = self.env.current_document.docname
        words = " ".join(" ".join(n.astext().split()) for n in body)
        self.domain.add(docname, Recipient(
            docname, self.lineno, anchor, key, options.get("name") or key, role,
            options.get("country", ""), options.get("safeguard", ""), words))
        return [box]


class RecipientsTableDirective(PolicyDirective):
    """Every recipient of the policy, in one table."""

    declares = "a table of every recipient of the policy (generated)"

    def run(self) -> list[nodes.Node]:
        self.checked_options()
        if not self.in_place():
            return self.parse_children()
        words = self.content_as_text("collects the recipients of every page by itself")
        docname = self.env.current_document.docname
        for kind in ("recipient", "activity"):
            self.domain.add_reference(Reference(docname, self.lineno, kind, "*", "", ""))
        node = placeholder(what="recipients-table")
        self.set_source_info(node)
        return [*words, node]


class FillRecipientsTable(SphinxPostTransform):
    default_priority = 7  # before references are resolved: the table holds references

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(placeholder)):
            if node["what"] != "recipients-table":
                continue
            index = self.env.domains["policy"].index  # type: ignore[attr-defined]
            rows = []
            for key, r in index.recipients.items():
                users = [a.key for a in index.activities.values() if key in a.recipients]
                used = [xref("activity", a, node) for a in users]
                stated = r.country or ", ".join(m.place for m in recipient_places(r))
                rows.append((
                    [xref("recipient", key, node)],
                    [nodes.Text(catalogue.RECIPIENT_ROLES[r.role].word if r.role
                                else "not stated")],
                    [nodes.Text(stated or "not stated")],
                    [nodes.Text(r.safeguard or "not stated")],
                    joined(used, ", ") or [nodes.Text("—")],
                ))
            node.replace_self(table(
                ["Recipient", "Role", "Country", "Safeguard", "Processing activities"],
                rows, "policy-recipients-table", "No recipient is declared.",
                ids=["recipients-table"]))


def setup_recipients(app: Sphinx) -> None:
    app.add_directive("recipient", RecipientDirective)
    app.add_directive("recipients-table", RecipientsTableDirective)
    app.add_post_transform(FillRecipientsTable)

