"""Keeps the defined terms in the search index across incremental builds.

Sphinx reloads ``searchindex.js`` before an incremental build but not its index entries
(sphinx-doc/sphinx#12599, open): the entries of every page that is not rewritten, the
glossary terms among them, drop out of search until the next clean build. Before the
index is written, the entries of those pages are taken back from the previous index, so
an incremental build writes the same search index as a clean one. Words that no page
uses any more (left behind as empty lists by Sphinx's pruning) are dropped as well.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

#: The IndexBuilder attributes (Sphinx 9.0) this reads and mends.
INTERNALS = ("_mapping", "_title_mapping", "_index_entries", "_titles")
Entry = tuple[str, str, str]  # (entry, anchor, "main" or "")


def previous_entries(path: Path, fmt: Any) -> dict[str, list[Entry]]:
    """docname -> index entries, as the previous search index holds them."""
    try:
        with open(path, encoding="utf-8") as stream:
            frozen = fmt.load(stream)
        docnames = frozen["docnames"]
        found: dict[str, list[Entry]] = {}
        for entry, places in frozen.get("indexentries", {}).items():
            for doc, target_id, main in places:
                found.setdefault(docnames[doc], []).append(
                    (entry, target_id, "main" if main else ""))
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return {}  # no usable previous index: Sphinx warns itself when it matters
    return {docname: sorted(entries) for docname, entries in found.items()}


def restore_index_entries(app: Sphinx) -> list[Any]:
    """``html-collect-pages``: runs after every page is written, before the index is."""
    builder = app.builder
    indexer = getattr(builder, "indexer", None)
    if indexer is None or not getattr(builder, "indexer_dumps_unicode", False):
        return []
    if not all(hasattr(indexer, a) for a in INTERNALS):
        return []  # another Sphinx than the one this mends (9.0): leave its index alone
    for mapping in (indexer._mapping, indexer._title_mapping):
        for word in [w for w, docs in mapping.items() if not docs]:
            del mapping[word]
    current = indexer._index_entries
    kept = [d for d in indexer._titles if d not in current and d in app.env.all_docs]
    if not kept:
        return []
    path = Path(builder.outdir) / builder.searchindex_filename
    previous = previous_entries(path, builder.indexer_format)
    for docname in kept:
        # Entries are stored lower-cased; the index lower-cases them anyway.
        current[docname] = previous.get(docname, [])
    return []


def setup_searchindex(app: Sphinx) -> None:
    app.connect("html-collect-pages", restore_index_entries)
