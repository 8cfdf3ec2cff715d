"""``policy.json``: every declaration of the policy as one JSON document, with its source
file and line, for other tools (Art. 30 registers, fideslang, W3C DPV mappings).

The shape is described by ``schema/policy.schema.json``, written beside it. Keys are those
of the GDPR catalogue (gdpr-reference.md). What the policy does not declare is ``null``:
the export states what the text states and guesses nothing.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from . import catalogue, countries
from .domain import PolicyDomain
from .facts import policy_date
from .records import (
    Activity,
    Category,
    Controller,
    Recipient,
    Record,
    Retention,
    Right,
    Term,
    main_place,
    special_of,
)

SCHEMA = Path(__file__).parent / "schema" / "policy.schema.json"
SCHEMA_VERSION = 3
#: Builders whose output is the published site (singlehtml and epub are print routes).
BUILDERS = ("html", "dirhtml")

#: W3C DPV, EU GDPR extension (https://w3id.org/dpv/legal/eu/gdpr#): one concept per
#: point of Art. 6(1), and one per right, named after its article.
DPV_BASES = {key: "eu-gdpr:A6-1-" + entry.article[-2] for key, entry in
             catalogue.BASES.items()}
DPV_RIGHTS = {key: "eu-gdpr:A" + entry.article.removeprefix("Art. ").replace("(", "-")
              .rstrip(")") for key, entry in catalogue.RIGHTS.items()}
#: fideslang ``LegalBasisForProcessingEnum`` (privacy declarations).
FIDESLANG_BASES = {
    "consent": "Consent",
    "contract": "Contract",
    "legal-obligation": "Legal obligations",
    "vital-interests": "Vital interests",
    "public-task": "Public interest",
    "legitimate-interests": "Legitimate interests",
}
#: ISO 8601 designators of the duration units a retention period may use.
ISO_UNITS = {"day": "D", "week": "W", "month": "M", "year": "Y"}


def declared(value: Any) -> Any:
    """An undeclared field (empty text, empty list) is ``null``, never a guess."""
    if isinstance(value, tuple | list):
        return list(value) if value else None
    return value if value not in ("", None) else None


class Exporter:
    def __init__(self, app: Sphinx) -> None:
        self.env: BuildEnvironment = app.env
        self.builder = app.builder
        self.domain: PolicyDomain = app.env.domains["policy"]  # type: ignore[assignment]
        self.index = self.domain.index
        self.files: dict[str, str] = {}

    def file(self, docname: str) -> str:
        """A page's source file, relative to the source folder (each page once)."""
        found = self.files.get(docname)
        if found is None:
            found = self.files[docname] = self.env.doc2path(docname, base=False).as_posix()
        return found

    def href(self, docname: str, anchor: str = "") -> str:
        uri = self.builder.get_target_uri(docname)
        return f"{uri}#{anchor}" if anchor else uri

    def place(self, record: Record) -> dict[str, Any]:
        """Where the declaration is written (relative to the source folder) and shown."""
        return {"file": self.file(record.docname),
                "line": record.lineno,
                "section": self.domain.section_title(record),
                "anchor": record.anchor,
                "href": self.href(record.docname, record.anchor)}

    def controller(self, c: Controller | None) -> dict[str, Any] | None:
        if c is None:
            return None
        return {"name": declared(c.name), "address": declared(c.address),
                "email": declared(c.email),
                "phone": declared(c.phone), "web": declared(c.web), "dpo-contact": declared(c.dpo),
                "supervisory-authority": declared(c.authority),
                "source-location": self.place(c)}

    def term(self, t: Term) -> dict[str, Any]:
        home = (t.docname, self.domain.section_anchor(t))  # the definition's own section
        used = [{"file": self.file(docname), "section": label,
                 "href": self.href(docname, anchor)}
                for docname, anchor, label in self.domain.usage.get(t.key, [])
                if (docname, anchor) != home]
        return {"key": t.key, "name": t.name, "forms": list(t.forms),
                "definition": t.text, "article": declared(t.article),
                "eur-lex": catalogue.article_url(t.article) if t.article else None,
                "gdpr-art-4": t.key in catalogue.TERMS, "used-in": used,
                "source-location": self.place(t)}

    def right(self, r: Right) -> dict[str, Any]:
        entry = catalogue.RIGHTS[r.key]
        return {"key": r.key, "name": entry.name, "article": entry.article,
                "eur-lex": catalogue.article_url(entry.article), "dpv": DPV_RIGHTS[r.key],
                "wording": r.text, "source-location": self.place(r)}

    def category(self, c: Category) -> dict[str, Any]:
        special = special_of(c)
        return {"key": c.key, "name": declared(c.name), "items": list(c.items),
                "part-of": declared(c.part_of),
                "special-category": {"key": special.key, "name": special.name,
                                     "article": special.article,
                                     "declared": bool(c.special)} if special else None,
                "activities": [a.key for a in self.index.activities.values()
                               if c.key in a.categories],
                "source-location": self.place(c)}

    def recipient(self, r: Recipient) -> dict[str, Any]:
        """As declared; ``country-code`` and ``eea`` are read from the country the text
        states (null when it states none, or names a place that is not a country)."""
        place = main_place(r)
        country = place.country if place else None
        return {"key": r.key, "name": r.name, "role": declared(r.role),
                "country": declared(r.country or (place.place if place else "")),
                "country-code": country.code if country and country.code != "EU" else None,
                "eea": countries.in_eea_or_area(country) if country else None,
                "safeguard": declared(r.safeguard),
                "activities": [a.key for a in self.index.activities.values()
                               if r.key in a.recipients],
                "source-location": self.place(r)}

    @staticmethod
    def basis(key: str) -> dict[str, Any] | None:
        entry = catalogue.BASES.get(key)
        if entry is None:
            return None
        return {"key": key, "name": entry.name, "article": entry.article,
                "dpv": DPV_BASES[key], "fideslang": FIDESLANG_BASES[key]}

    @staticmethod
    def condition(key: str) -> dict[str, Any] | None:
        entry = catalogue.CONDITIONS.get(key)
        if entry is None:
            return None
        return {"key": key, "name": entry.name, "article": entry.article,
                "eur-lex": catalogue.article_url(entry.article)}

    def activity(self, a: Activity) -> dict[str, Any]:
        return {
            "key": a.key, "name": a.name,
            "purposes": declared(a.purposes),
            "data-categories": declared(a.categories),
            "legal-basis": self.basis(a.basis),
            "legitimate-interests": declared(a.interest),
            "recipients": declared(a.recipients),
            "transfers": declared(a.transfers),
            "safeguard": declared(a.safeguard),
            "retention": declared(a.retention),
            "data-source": declared(a.source),
            "data-origin": declared(a.origin),
            "special-condition": self.condition(a.condition),
            "requirement": declared(a.required),
            "consequences": declared(a.consequences),
            "automated-decisions": declared(a.automated),
            "logic": declared(a.logic),
            "significance": declared(a.significance),
            "envisaged-consequences": declared(a.envisaged),
            "source-location": self.place(a),
        }

    def retention(self, r: Retention) -> dict[str, Any]:
        duration = None
        if r.kind == "duration" and r.amount is not None and r.unit in ISO_UNITS:
            duration = {"amount": r.amount, "unit": r.unit,
                        "iso8601": f"P{r.amount}{ISO_UNITS[r.unit]}"}
        return {"category": r.key, "period": r.period, "kind": r.kind,
                "duration": duration, "event": r.period if r.kind == "event" else None,
                "phrase": r.phrase, "reason": declared(r.reason),
                "source-location": self.place(r)}

    def document(self, title: str) -> dict[str, Any]:
        index = self.index
        date, _ = policy_date(self.env)
        bases = []
        for key in catalogue.BASES:
            entry = self.basis(key)
            assert entry is not None
            entry["activities"] = [a.key for a in index.activities.values() if a.basis == key]
            bases.append(entry)
        return {
            "$schema": SCHEMA.name,
            "schema-version": SCHEMA_VERSION,
            "title": title,
            "last-updated": date.isoformat() if date else None,
            "controller": self.controller(index.controller),
            "terms": [self.term(t) for t in index.terms.values()],
            "rights": [self.right(r) for r in index.rights.values()],
            "data-categories": [self.category(c) for c in index.categories.values()],
            "recipients": [self.recipient(r) for r in index.recipients.values()],
            "activities": [self.activity(a) for a in index.activities.values()],
            "legal-bases": bases,
            "retention": [self.retention(r) for r in index.retention.values()],
        }


def policy_document(app: Sphinx) -> dict[str, Any]:
    return Exporter(app).document(app.config.project)


def dump(document: dict[str, Any]) -> str:
    """The export as JSON with one declaration a line: a change to one fact is a one-line
    diff, and json's C encoder writes it (with ``indent`` it falls back to Python)."""
    def compact(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    fields = []
    for name, value in document.items():
        if isinstance(value, list) and value:
            entries = ",\n".join(f"    {compact(entry)}" for entry in value)
            fields.append(f"  {compact(name)}: [\n{entries}\n  ]")
        else:
            fields.append(f"  {compact(name)}: {compact(value)}")
    return "{\n" + ",\n".join(fields) + "\n}\n"


def write_export(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in BUILDERS:
        return
    out = Path(app.outdir)
    (out / "policy.json").write_text(dump(policy_document(app)), encoding="utf-8")
    shutil.copyfile(SCHEMA, out / SCHEMA.name)


def setup_export(app: Sphinx) -> None:
    app.connect("build-finished", write_export)
