"""The search index: defined terms kept across incremental builds, the policy's objects
linked to their declarations.

Sphinx reloads ``searchindex.js`` before an incremental build but not its index entries
(sphinx-doc/sphinx#12599, open): the entries of every page that is not rewritten, the
glossary terms among them, drop out of search until the next clean build. Before the
index is written, the entries of those pages are taken back from the previous index, so
an incremental build writes the same search index as a clean one. Words that no page
uses any more (left behind as empty lists by Sphinx's pruning) are dropped as well.

It also writes the ``policy`` domain's objects (rights, data categories, recipients,
processing activities) into the index so that each result links to its declaration.
Sphinx's ``IndexBuilder.get_objects`` assumes an object is shown by its target name: it
shortens an anchor ``<type>-<name>`` to ``-`` (and ``<name>`` to ``""``), and
``searchtools.js`` rebuilds it from the *shown* name, so "Usage data" (key ``usage-data``,
anchor ``category-usage-data``) linked to ``#category-Usage data``, which no page has. It
also escapes the shown name for HTML, which ``searchtools.js`` escapes again when it shows
it: the reader saw ``&#x27;``. Here each policy object is written with its full anchor and
its plain name plus the section it stands in ("Right of access — 8. Your Rights"), in one
part (no ``.`` prefix split) so the script shows exactly that.
"""

from __future__ import annotations

from collections.abc import Callable
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


#: One object as the search index holds it: (page, type index, priority, anchor, name).
SearchObject = tuple[int, int, int, str, str]


def search_title(domain: Any, kind: str, key: str, name: str) -> str:
    """What a result shows: the object's name and the section it is declared in."""
    record = domain.index.by_kind[kind].get(key)
    section = domain.section_title(record) if record is not None else ""
    return f"{name} — {section}" if section and section != name else name


def policy_objects(indexer: Any, domain: Any, fn2index: dict[str, int]
                   ) -> list[SearchObject]:
    """The policy's objects, each with its full anchor and its plain title."""
    found = []
    for key, name, kind, docname, anchor, prio in sorted(domain.get_objects()):
        if docname not in fn2index or prio < 0 or not anchor:
            continue
        typeindex = indexer._objtypes.get((domain.name, kind))
        if typeindex is None:  # Sphinx saw none of this kind: register it as Sphinx does
            typeindex = indexer._objtypes[domain.name, kind] = len(indexer._objtypes)
            otype = domain.object_types.get(kind)
            label = str(domain.get_type_name(otype)) if otype else kind
            indexer._objnames[typeindex] = (domain.name, kind, label)
        # "" and "-" are the only anchors searchtools.js rewrites: any other is kept as is
        found.append((fn2index[docname], typeindex, prio, anchor,
                      search_title(domain, kind, key, name)))
    return found


def mend_objects(app: Sphinx) -> list[Any]:
    """``html-collect-pages``: the index is frozen after it; its policy objects are then
    written by :func:`policy_objects` instead of Sphinx's ``get_objects``."""
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None or not getattr(app.builder, "indexer_dumps_unicode", False):
        return []  # no searchtools.js reads this index (a pickle or JSON builder)
    if not all(hasattr(indexer, a) for a in ("_objtypes", "_objnames", "get_objects")):
        return []  # another Sphinx than the one this mends (9.0): leave its index alone
    domain = app.env.domains["policy"]
    sphinx_objects: Callable[[dict[str, int]], dict[str, list[SearchObject]]] = (
        indexer.get_objects)

    def get_objects(fn2index: dict[str, int]) -> dict[str, list[SearchObject]]:
        objects = sphinx_objects(fn2index)  # every domain's, numbering the types
        ours = {i for (name, _), i in indexer._objtypes.items() if name == domain.name}
        for prefix in list(objects):
            objects[prefix] = [o for o in objects[prefix] if o[1] not in ours]
            if not objects[prefix]:
                del objects[prefix]
        found = policy_objects(indexer, domain, fn2index)
        if found:
            objects.setdefault("", []).extend(found)
        return objects

    indexer.get_objects = get_objects
    return []


def setup_searchindex(app: Sphinx) -> None:
    app.connect("html-collect-pages", mend_objects)
    app.connect("html-collect-pages", restore_index_entries)
