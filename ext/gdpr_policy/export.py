"""``policy.json``: every declaration of the policy as one JSON document, with its source
file and line, for other tools (Art. 30 registers, fideslang, W3C DPV mappings).

The shape is described by ``schema/policy.schema.json``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from . import catalogue
from .domain import PolicyDomain
from .facts import policy_date
from .records import Record

SCHEMA = Path(__file__).parent / "schema" / "policy.schema.json"
HIDDEN = ("docname", "lineno", "anchor")


def place(app: Sphinx, record: Record) -> dict[str, Any]:
    return {"file": app.env.doc2path(record.docname, base=False).as_posix(),
            "line": record.lineno, "anchor": record.anchor}


def as_dict(app: Sphinx, record: Record) -> dict[str, Any]:
    data = {k.replace("_", "-"): (list(v) if isinstance(v, tuple) else v)
            for k, v in record._asdict().items() if k not in HIDDEN}
    data["source-location"] = place(app, record)
    return data


def policy_document(app: Sphinx) -> dict[str, Any]:
    domain: PolicyDomain = app.env.domains["policy"]  # type: ignore[assignment]
    index = domain.index
    date, _ = policy_date(app.env)
    controller = index.controller
    activities = []
    for activity in index.activities.values():
        data = as_dict(app, activity)
        basis = catalogue.BASES.get(activity.basis)
        data["basis"] = ({"key": basis.key, "name": basis.name, "article": basis.article}
                         if basis else None)
        activities.append(data)
    rights = []
    for right in index.rights.values():
        data = as_dict(app, right)
        data["article"] = catalogue.RIGHTS[right.key].article
        rights.append(data)
    return {
        "$schema": "policy.schema.json",
        "title": app.config.project,
        "last-updated": date.isoformat() if date else None,
        "controller": as_dict(app, controller) if controller else None,
        "terms": [as_dict(app, t) for t in index.terms.values()],
        "rights": rights,
        "data-categories": [as_dict(app, c) for c in index.categories.values()],
        "activities": activities,
        "legal-bases": [e._asdict() for e in catalogue.BASES.values()],
        "retention": [as_dict(app, r) for r in index.retention.values()],
    }


def write_export(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir) / "policy.json"
    text = json.dumps(policy_document(app), indent=2, ensure_ascii=False, sort_keys=False)
    out.write_text(text + "\n", encoding="utf-8")


def setup_export(app: Sphinx) -> None:
    app.connect("build-finished", write_export)
