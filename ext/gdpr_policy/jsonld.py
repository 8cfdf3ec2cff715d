"""``policy.jsonld``: the policy's declarations in the W3C Data Privacy Vocabulary (DPV), as
JSON-LD that RDF tools read offline (the ``@context`` is inline, never a remote URL).

It is written from the same document as ``policy.json`` (``export.policy_document``), so the
two never disagree, and like it states only what the text declares: a field the policy leaves
undeclared gives no triple, and nothing is mapped onto a DPV concept the text does not name
(the data items stay the policy's words; a category gets a ``pd:`` concept only as the
special category, Art. 9(1), or criminal-offence data, Art. 10, that policy.json gives it).

The model, one node per declaration, each with an IRI relative to the site
(``policy.jsonld#activity-cookies``; ``@base`` is ``html_baseurl`` when that is set) made from
the declaration's key, so the triples are the same for the html and dirhtml builders and
across builds, and ``rdfs:seeAlso`` links the page where the text declares it:

- ``#notice`` a ``dpv:PrivacyNotice``: the title, ``dct:modified`` (the last-updated date),
  ``dpv:hasDataController``, ``dpv:hasRight`` (the ``eu-gdpr`` right concepts),
  ``dpv:hasAuthority`` (the supervisory authority the policy names) and ``dpv:hasProcess``
  for each activity;
- ``#controller`` a ``dpv:DataController``: ``dpv:hasName``, ``dpv:hasAddress``,
  ``dpv:hasContact`` (email, phone, web) and ``dpv:hasDataProtectionOfficer``;
- ``#activity-KEY`` a ``dpv:Process`` (DPV 2 marks ``dpv:PersonalDataHandling`` "sunset" and
  names ``dpv:Process`` as its replacement): ``dpv:hasPurpose`` (one ``dpv:Purpose`` per
  purpose, labelled with the policy's wording), ``dpv:hasLegalBasis`` (``eu-gdpr:A6-1-x``,
  and beside it ``eu-gdpr:A9-2-x`` when the text states an Art. 9(2) condition),
  ``dpv:hasPersonalData``, ``dpv:hasRecipient``, ``dpv:hasDataController``,
  ``dpv:hasStorageCondition`` (the retention entries it lists) and, with a recipient the text
  calls a joint controller, ``dpv:hasJointDataControllers`` (a ``dpv:JointDataControllers``
  group whose members are the controller and that recipient: DPV's JointDataControllers is
  the group, never one company);
- ``#category-KEY`` a ``dpv:PersonalData`` labelled with its name, ``dct:hasPart`` one
  ``dpv:PersonalData`` per item, ``dct:isPartOf`` the broader category the text puts it in;
  a special category (declared ``:special:`` or named by its words, ``records.special_of``)
  is also a ``dpv:SpecialCategoryPersonalData`` and the ``pd:`` concept of its kind
  (``SPECIAL_TYPES``); criminal-offence data (Art. 10, which is no Art. 9 special category,
  and which DPV does not put under ``dpv:SpecialCategoryPersonalData``) is a
  ``dpv:SensitivePersonalData`` and ``pd:Criminal``;
- ``#recipient-KEY`` typed by the role the text states: ``dpv:DataProcessor`` (a subclass of
  ``dpv:Recipient``), ``dpv:Recipient`` + ``dpv:DataController`` (controller, joint
  controller), else ``dpv:Recipient``; ``dpv:hasName``, and where the text states a country
  ``dpv:hasCountry`` with the DPV ``loc:`` concept (or ``dpv:hasLocation`` with the place as
  written when it is not a country);
- ``#retention-CATEGORY`` a ``dpv:StorageDuration`` (a ``dpv:StorageCondition``) about
  ``dpv:hasPersonalData`` the category, ``dpv:hasDuration`` a ``dpv:TemporalDuration`` whose
  ``rdf:value`` is the ``xsd:duration`` (``P7Y``) or a ``dpv:UntilEventDuration`` whose
  ``rdf:value`` is the event as written (DPV's example E0050).

Verification: every DPV, EU-GDPR, PD and LOC identifier used here (``VERIFIED_TERMS``) was
checked to be defined, with status "accepted" (A6-1-a, A9-2-a, A22: "modified", i.e.
current; none is "sunset"), in the released DPV 2.3 files of https://github.com/w3c/dpv
(folder ``2.3/``, the newest release in the snapshot read, commit f01a55c3c098 of
2026-02-28; ``2.3/dpv/dpv.ttl`` states ``owl:versionInfo "2.3"``, ``dct:modified
"2026-02-25"``; ``2.3/pd/pd.ttl`` and ``2.3/legal/eu/gdpr/eu-gdpr.ttl`` also state "2.3"):
on 2026-12-01, and the special-category, PD and Art. 9(2) terms on 2026-12-08 in the same
commit. The DPV concepts used are also in DPV 2.2. Re-check when DPV publishes a new
release (2.4 was announced for July 2026).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sphinx.application import Sphinx

from .export import BUILDERS, policy_document

DPV_VERSION = "2.3"
DPV_VERIFIED = "2026-12-01"
#: Where the identifiers were checked: the w3c/dpv repository, its released ``2.3/`` files.
DPV_SOURCE = "https://github.com/w3c/dpv/tree/f01a55c3c0983e35cdfdf80593ece3353faba7b8/2.3"

FILE = "policy.jsonld"

NAMESPACES = {
    "dpv": "https://w3id.org/dpv#",
    "eu-gdpr": "https://w3id.org/dpv/legal/eu/gdpr#",
    "pd": "https://w3id.org/dpv/pd#",
    "loc": "https://w3id.org/dpv/loc#",
    "dct": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

#: ISO 3166-1 alpha-2 codes defined as ``dpv:Country`` in 2.3/loc/modules/locations.ttl
#: (``loc:XX``): all 249, the same set as pycountry's.
LOC_COUNTRIES: frozenset[str] = frozenset({
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
})

#: Every DPV, EU-GDPR, PD and LOC term this module (or export.py's DPV_BASES / DPV_RIGHTS)
#: may write, each checked in the DPV 2.3 release files named beside it (paths under 2.3/;
#: each module is also merged into dpv/dpv.ttl, pd/pd.ttl or legal/eu/gdpr/eu-gdpr.ttl).
VERIFIED_TERMS: frozenset[str] = frozenset({
    # dpv/modules/process.ttl
    "dpv:Process", "dpv:hasProcess",
    # dpv/modules/purposes.ttl
    "dpv:Purpose", "dpv:hasPurpose",
    # dpv/modules/legal_basis.ttl
    "dpv:hasLegalBasis",
    # dpv/modules/personal_data.ttl (SpecialCategoryPersonalData: "accepted", not sunset;
    # its source GDPR Art. 9(1); a subclass of SensitivePersonalData)
    "dpv:PersonalData", "dpv:hasPersonalData", "dpv:SpecialCategoryPersonalData",
    "dpv:SensitivePersonalData",
    # dpv/modules/entities.ttl
    "dpv:hasName", "dpv:hasAddress", "dpv:hasContact",
    # dpv/modules/entities_legalrole.ttl (dpv:hasRecipient also in dpv/modules/rights.ttl)
    "dpv:DataController", "dpv:DataProcessor", "dpv:Recipient", "dpv:JointDataControllers",
    "dpv:DataProtectionOfficer", "dpv:hasDataController", "dpv:hasRecipient",
    "dpv:hasJointDataControllers", "dpv:hasDataProtectionOfficer",
    # dpv/modules/entities_authority.ttl
    "dpv:DataProtectionAuthority", "dpv:hasAuthority",
    # dpv/modules/jurisdiction.ttl
    "dpv:hasCountry", "dpv:Location", "dpv:hasLocation",
    # dpv/modules/processing_context.ttl
    "dpv:StorageDuration", "dpv:hasStorageCondition",
    # dpv/modules/context.ttl
    "dpv:TemporalDuration", "dpv:UntilEventDuration", "dpv:hasDuration",
    # dpv/modules/rights.ttl
    "dpv:hasRight",
    # dpv/modules/notice.ttl (also organisational_measures.ttl)
    "dpv:PrivacyNotice",
    # legal/eu/gdpr/modules/legal_basis.ttl: Art. 6(1)(a)-(f)
    "eu-gdpr:A6-1-a", "eu-gdpr:A6-1-b", "eu-gdpr:A6-1-c", "eu-gdpr:A6-1-d", "eu-gdpr:A6-1-e",
    "eu-gdpr:A6-1-f",
    # legal/eu/gdpr/modules/legal_basis_special.ttl: Art. 9(2)(a)-(j)
    *(f"eu-gdpr:A9-2-{letter}" for letter in "abcdefghij"),
    # pd/modules/extended.ttl (pd/pd.ttl states owl:versionInfo "2.3")
    "pd:Ethnicity", "pd:PoliticalOpinion", "pd:TradeUnionMembership", "pd:Genetic",
    "pd:Biometric", "pd:MedicalHealth", "pd:Sexual", "pd:Criminal",
    # legal/eu/gdpr/modules/rights.ttl: Arts. 7(3), 15-18, 20-22, 77
    "eu-gdpr:A7-3", "eu-gdpr:A15", "eu-gdpr:A16", "eu-gdpr:A17", "eu-gdpr:A18", "eu-gdpr:A20",
    "eu-gdpr:A21", "eu-gdpr:A22", "eu-gdpr:A77",
    # loc/modules/locations.ttl
    *(f"loc:{code}" for code in LOC_COUNTRIES),
})

#: The Art. 9(2) conditions (catalogue.CONDITIONS) -> EU-GDPR's legal basis for each letter.
DPV_CONDITIONS = {
    "explicit-consent": "eu-gdpr:A9-2-a",
    "employment": "eu-gdpr:A9-2-b",
    "vital-interests": "eu-gdpr:A9-2-c",
    "not-for-profit": "eu-gdpr:A9-2-d",
    "made-public": "eu-gdpr:A9-2-e",
    "legal-claims": "eu-gdpr:A9-2-f",
    "substantial-public-interest": "eu-gdpr:A9-2-g",
    "health-care": "eu-gdpr:A9-2-h",
    "public-health": "eu-gdpr:A9-2-i",
    "research": "eu-gdpr:A9-2-j",
}

#: A special kind (catalogue.SPECIAL) -> the DPV types a category of it has besides
#: dpv:PersonalData. The pd: concept is the one that covers the whole kind, never a narrower
#: one that would say more than the text: pd:Ethnicity is the concept DPV puts pd:Race and
#: pd:EthnicOrigin under; pd:MedicalHealth (health, medical conditions or health care) is the
#: top of DPV's health branch, over pd:Health; pd:Sexual (sexuality and sexual history) covers
#: sex life and orientation; pd:Criminal is over pd:CriminalOffence and pd:CriminalConviction.
#: "Religious or philosophical beliefs" has no such concept (pd:ReligiousBelief and
#: pd:PhilosophicalBelief are two; their broader pd:KnowledgeBelief also holds technical
#: knowledge): the special-category class only.
SPECIAL_CATEGORY = "dpv:SpecialCategoryPersonalData"
SPECIAL_TYPES = {
    "racial-ethnic-origin": [SPECIAL_CATEGORY, "pd:Ethnicity"],
    "political-opinions": [SPECIAL_CATEGORY, "pd:PoliticalOpinion"],
    "religious-beliefs": [SPECIAL_CATEGORY],
    "trade-union": [SPECIAL_CATEGORY, "pd:TradeUnionMembership"],
    "genetic": [SPECIAL_CATEGORY, "pd:Genetic"],
    "biometric": [SPECIAL_CATEGORY, "pd:Biometric"],
    "health": [SPECIAL_CATEGORY, "pd:MedicalHealth"],
    "sex-life": [SPECIAL_CATEGORY, "pd:Sexual"],
    "criminal": ["dpv:SensitivePersonalData", "pd:Criminal"],
}

#: What the text may call a recipient (catalogue.RECIPIENT_ROLES) -> its DPV types.
ROLE_TYPES = {
    "processor": ["dpv:DataProcessor"],
    "controller": ["dpv:Recipient", "dpv:DataController"],
    "joint-controller": ["dpv:Recipient", "dpv:DataController"],
}


def iri(*parts: str) -> str:
    """A node of this file: ``policy.jsonld#activity-cookies``, ``...#activity-x/purpose-1``.

    Keys are slugs, so "/" (escaped if a key ever held one) never makes two nodes one."""
    return FILE + "#" + "/".join(quote(part, safe="-._~") for part in parts)


def ref(node_iri: str) -> dict[str, str]:
    return {"@id": node_iri}


def page(href: str) -> dict[str, str]:
    """The page that declares a fact. A dirhtml root page's href is "#anchor", which would
    resolve to this file: it is the site root, "./"."""
    return ref("./" + href if not href or href.startswith("#") else href)


class Writer:
    def __init__(self, policy: dict[str, Any], language: str | None) -> None:
        self.policy = policy
        self.language = language.replace("_", "-") if language else None

    def text(self, value: str) -> Any:
        """The policy's own wording, tagged with its language."""
        return {"@value": value, "@language": self.language} if self.language else value

    def keys(self, name: str, field: str = "key") -> set[str]:
        return {entry[field] for entry in self.policy.get(name) or ()}

    def notice(self, activities: list[dict[str, Any]]) -> dict[str, Any]:
        policy = self.policy
        node: dict[str, Any] = {"@id": iri("notice"), "@type": "dpv:PrivacyNotice"}
        if policy.get("title"):
            node["rdfs:label"] = self.text(policy["title"])
        if policy.get("last-updated"):
            node["dct:modified"] = {"@value": policy["last-updated"], "@type": "xsd:date"}
        controller = policy.get("controller")
        if controller:
            node["dpv:hasDataController"] = ref(iri("controller"))
            if controller.get("supervisory-authority"):
                node["dpv:hasAuthority"] = {
                    "@id": iri("supervisory-authority"), "@type": "dpv:DataProtectionAuthority",
                    "rdfs:label": controller["supervisory-authority"]}
        if policy.get("rights"):
            node["dpv:hasRight"] = [ref(right["dpv"]) for right in policy["rights"]]
        if activities:
            node["dpv:hasProcess"] = [ref(iri("activity-" + a["key"])) for a in activities]
        return node

    def controller(self, c: dict[str, Any]) -> dict[str, Any]:
        node: dict[str, Any] = {"@id": iri("controller"), "@type": "dpv:DataController"}
        if c["name"]:
            node["dpv:hasName"] = c["name"]
        if c.get("address"):
            node["dpv:hasAddress"] = ", ".join(c["address"])
        contacts = [c[field] for field in ("email", "phone", "web") if c.get(field)]
        if contacts:
            node["dpv:hasContact"] = contacts
        if c.get("dpo-contact"):
            node["dpv:hasDataProtectionOfficer"] = {
                "@id": iri("controller", "dpo"), "@type": "dpv:DataProtectionOfficer",
                "dpv:hasContact": c["dpo-contact"]}
        node["rdfs:seeAlso"] = page(c["source-location"]["href"])
        return node

    def activity(self, a: dict[str, Any]) -> dict[str, Any]:
        key = a["key"]
        node: dict[str, Any] = {"@id": iri("activity-" + key), "@type": "dpv:Process",
                                "rdfs:label": self.text(a["name"])}
        if a.get("purposes"):
            node["dpv:hasPurpose"] = [
                {"@id": iri("activity-" + key, f"purpose-{n}"), "@type": "dpv:Purpose",
                 "rdfs:label": self.text(purpose)}
                for n, purpose in enumerate(a["purposes"], start=1)]
        bases = [a["legal-basis"]["dpv"]] if a.get("legal-basis") else []
        condition = (a.get("special-condition") or {}).get("key")
        if condition in DPV_CONDITIONS:  # Art. 9(2), beside the Art. 6 basis
            bases.append(DPV_CONDITIONS[condition])
        if bases:
            node["dpv:hasLegalBasis"] = (ref(bases[0]) if len(bases) == 1
                                         else [ref(basis) for basis in bases])
        # only declarations that exist: a dangling key gives no untyped node
        categories = self.keys("data-categories")
        data = [ref(iri("category-" + k)) for k in a.get("data-categories") or ()
                if k in categories]
        if data:
            node["dpv:hasPersonalData"] = data
        declared = {r["key"]: r for r in self.policy.get("recipients") or ()}
        recipients = [declared[k] for k in a.get("recipients") or () if k in declared]
        if recipients:
            node["dpv:hasRecipient"] = [ref(iri("recipient-" + r["key"])) for r in recipients]
        controller = self.policy.get("controller")
        if controller:
            node["dpv:hasDataController"] = ref(iri("controller"))
        joint = [r for r in recipients if r.get("role") == "joint-controller"]
        if joint:
            members = [ref(iri("controller"))] if controller else []
            members += [ref(iri("recipient-" + r["key"])) for r in joint]
            node["dpv:hasJointDataControllers"] = {
                "@id": iri("activity-" + key, "joint-controllers"),
                "@type": "dpv:JointDataControllers", "dpv:hasDataController": members}
        retained = self.keys("retention", "category")
        storage = [ref(iri("retention-" + k)) for k in a.get("retention") or () if k in retained]
        if storage:
            node["dpv:hasStorageCondition"] = storage
        node["rdfs:seeAlso"] = page(a["source-location"]["href"])
        return node

    def category(self, c: dict[str, Any]) -> dict[str, Any]:
        key = c["key"]
        special = (c.get("special-category") or {}).get("key")
        types = ["dpv:PersonalData", *SPECIAL_TYPES.get(special or "", [])]
        node: dict[str, Any] = {"@id": iri("category-" + key),
                                "@type": types[0] if len(types) == 1 else types}
        if c["name"]:  # a category named only through its items has no label of its own
            node["rdfs:label"] = self.text(c["name"])
        if c.get("items"):
            node["dct:hasPart"] = [
                {"@id": iri("category-" + key, f"item-{n}"), "@type": "dpv:PersonalData",
                 "rdfs:label": self.text(item)}
                for n, item in enumerate(c["items"], start=1)]
        if c.get("part-of") and c["part-of"] in self.keys("data-categories"):
            node["dct:isPartOf"] = ref(iri("category-" + c["part-of"]))
        node["rdfs:seeAlso"] = page(c["source-location"]["href"])
        return node

    def recipient(self, r: dict[str, Any]) -> dict[str, Any]:
        key = r["key"]
        types = ROLE_TYPES.get(r.get("role") or "", ["dpv:Recipient"])
        node: dict[str, Any] = {"@id": iri("recipient-" + key),
                                "@type": types[0] if len(types) == 1 else types,
                                "dpv:hasName": r["name"]}
        code = r.get("country-code")
        if code and f"loc:{code}" in VERIFIED_TERMS:
            node["dpv:hasCountry"] = ref(f"loc:{code}")
        elif r.get("country"):  # a place the text states that is no country ("EU", a city)
            node["dpv:hasLocation"] = {"@id": iri("recipient-" + key, "location"),
                                       "@type": "dpv:Location",
                                       "rdfs:label": self.text(r["country"])}
        node["rdfs:seeAlso"] = page(r["source-location"]["href"])
        return node

    def retention(self, r: dict[str, Any]) -> dict[str, Any]:
        key = r["category"]
        duration: dict[str, Any] = {"@id": iri("retention-" + key, "duration")}
        if r.get("duration"):
            duration["@type"] = "dpv:TemporalDuration"
            duration["rdf:value"] = {"@value": r["duration"]["iso8601"], "@type": "xsd:duration"}
        elif r.get("kind") == "event":
            duration["@type"] = "dpv:UntilEventDuration"
            duration["rdf:value"] = self.text(r.get("event") or r["period"])
        else:  # a period in a unit ISO 8601 has no designator for: its words, untyped
            duration["@type"] = "dpv:TemporalDuration"
            duration["rdf:value"] = self.text(r["period"])
        node: dict[str, Any] = {"@id": iri("retention-" + key), "@type": "dpv:StorageDuration"}
        if key in self.keys("data-categories"):
            node["dpv:hasPersonalData"] = ref(iri("category-" + key))
        node["dpv:hasDuration"] = duration
        if r.get("reason"):
            node["rdfs:comment"] = self.text(r["reason"])
        node["rdfs:seeAlso"] = page(r["source-location"]["href"])
        return node

    def graph(self) -> list[dict[str, Any]]:
        policy = self.policy
        activities = list(policy.get("activities") or ())
        nodes = [self.notice(activities)]
        if policy.get("controller"):
            nodes.append(self.controller(policy["controller"]))
        nodes += [self.activity(a) for a in activities]
        nodes += [self.category(c) for c in policy.get("data-categories") or ()]
        nodes += [self.recipient(r) for r in policy.get("recipients") or ()]
        nodes += [self.retention(r) for r in policy.get("retention") or ()]
        return nodes


def context(base: str | None = None) -> dict[str, Any]:
    """The inline ``@context``: prefixes only (every value says whether it is an IRI)."""
    found: dict[str, Any] = {"@base": base} if base else {}
    return {**found, **NAMESPACES}


def jsonld_document(policy: dict[str, Any], *, language: str | None = None,
                    base: str | None = None) -> dict[str, Any]:
    """``policy.json``'s document (``export.policy_document``) as DPV JSON-LD."""
    return {"@context": context(base), "@graph": Writer(policy, language).graph()}


def dump(document: dict[str, Any]) -> str:
    """One node a line, as policy.json: a change to one declaration is a one-line diff."""
    head = json.dumps(document["@context"], ensure_ascii=False, indent=2).replace("\n", "\n  ")
    nodes = ",\n".join("    " + json.dumps(node, ensure_ascii=False)
                       for node in document["@graph"])
    return f'{{\n  "@context": {head},\n  "@graph": [\n{nodes}\n  ]\n}}\n'


def site_base(app: Sphinx) -> str | None:
    """``html_baseurl`` as the folder holding policy.jsonld (Sphinx joins it with "/")."""
    url = getattr(app.config, "html_baseurl", "") or ""
    return url.rstrip("/") + "/" if url else None


def write_jsonld(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in BUILDERS:
        return
    document = jsonld_document(policy_document(app), language=app.config.language,
                               base=site_base(app))
    (Path(app.outdir) / FILE).write_text(dump(document), encoding="utf-8")


def setup_jsonld(app: Sphinx) -> None:
    app.connect("build-finished", write_jsonld)
