"""Building blocks for the collected tables (retention table, processing register):
standard docutils tables, so every builder writes them."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes


class placeholder(nodes.General, nodes.Element):
    """Stands where a collected table goes until every page has been read."""


def xref(kind: str, key: str, near: nodes.Element, title: str = "") -> addnodes.pending_xref:
    """A reference resolved like the ``{kind}`` role, shown with ``title`` if given."""
    ref = addnodes.pending_xref("", nodes.inline(title or key, title or key),
                                refdomain="policy", reftype=kind, reftarget=key,
                                refexplicit=bool(title), refwarn=True)
    ref.source, ref.line = near.source, near.line
    return ref


def table(headers: list[str], rows: list[tuple[list[nodes.Node], ...]], cls: str,
          empty: str, ids: list[str] | None = None) -> nodes.Element:
    if not rows:
        return nodes.paragraph(empty, empty, classes=[cls, "policy-generated"])
    group = nodes.tgroup(cols=len(headers))
    group += [nodes.colspec(colwidth=w) for w in widths(headers, rows)]
    head = nodes.thead()
    head += row_of([[nodes.Text(h)] for h in headers])
    body = nodes.tbody()
    for cells in rows:
        body += row_of(list(cells))
    group += [head, body]
    result = nodes.table("", group, classes=[cls, "policy-generated"], ids=ids or [])
    wrapper = nodes.container("", result, classes=["policy-table-wrapper", "policy-generated"])
    return wrapper


def widths(headers: list[str], rows: list[tuple[list[nodes.Node], ...]],
           widest: int = 24) -> list[int]:
    """Column widths in characters, from the content: the text builder wraps cells to
    them (HTML and LaTeX size columns themselves). No column is narrower than its longest
    word, so no word is broken."""
    out = []
    for i, header in enumerate(headers):
        texts = [header] + ["".join(n.astext() for n in row[i]) for row in rows]
        longest_word = max(len(w) for t in texts for w in (t.split() or [""]))
        out.append(max(longest_word, min(max(len(t) for t in texts), widest), 3))
    return out


def row_of(cells: list[list[nodes.Node]]) -> nodes.row:
    row = nodes.row()
    for content in cells:
        entry = nodes.entry()
        entry += nodes.paragraph("", "", *content)
        row += entry
    return row


def joined(parts: list[nodes.Node], sep: str = "; ") -> list[nodes.Node]:
    """Nodes with a separator between them."""
    out: list[nodes.Node] = []
    for i, part in enumerate(parts):
        if i:
            out.append(nodes.Text(sep))
        out.append(part)
    return out
