"""policy.jsonld: the policy's declarations in W3C DPV (2.x), as JSON-LD RDF tools read
offline."""

from __future__ import annotations

import io
import json
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pycountry
import pytest
from conftest import ROOT, TEST_POLICY, Build, sphinx_build
from gdpr_policy import catalogue, export, jsonld
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS
from sphinx.testing.util import SphinxTestApp

DPV = Namespace("https://w3id.org/dpv#")
GDPR = Namespace("https://w3id.org/dpv/legal/eu/gdpr#")
LOC = Namespace("https://w3id.org/dpv/loc#")
PD = Namespace("https://w3id.org/dpv/pd#")
XSD_DURATION = URIRef("http://www.w3.org/2001/XMLSchema#duration")
#: Where the parsed file is taken to be published: node IRIs resolve against it.
SITE = "https://policy.example/"
VOCABULARIES = {prefix: jsonld.NAMESPACES[prefix] for prefix in ("dpv", "eu-gdpr", "pd", "loc")}
#: Special categories (Art. 9), criminal-offence data (Art. 10) and Art. 9(2) conditions.
SPECIAL_ROOT = ROOT / "tests" / "roots" / "test-jsonld-special"



def node(fragment: str, base: str = SITE) -> URIRef:
    return URIRef(f"{base}{jsonld.FILE}#{fragment}")


def parse(path: Path, base: str = SITE) -> Graph:
    """Parse as an RDF tool would, with the network shut: the context must be inline."""
    def offline(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"policy.jsonld made the parser fetch {args[:1]}")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(urllib.request, "urlopen", offline)
        patch.setattr(urllib.request.OpenerDirector, "open", offline)
        return Graph().parse(data=path.read_text(encoding="utf-8"), format="json-ld",
                             publicID=base + jsonld.FILE)


def label(graph: Graph, subject: URIRef) -> str:
    return str(graph.value(subject, RDFS.label))


def build_with_jsonld(srcdir: Path, confdir: Path, out: Path, builder: str = "html") -> Build:
    build = sphinx_build(srcdir, out, builder, confdir=confdir)
    assert build.returncode == 0, build.stderr
    return build


@pytest.fixture(scope="module")
def client_build(policy_html: Build) -> Path:
    return policy_html.outdir


@pytest.fixture(scope="module")
def client(client_build: Path) -> Graph:
    return parse(client_build / jsonld.FILE)


@pytest.fixture(scope="module")
def client_json(client_build: Path) -> dict[str, Any]:
    return json.loads((client_build / "policy.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def small_policy(tmp_path_factory: pytest.TempPathFactory
                ) -> dict[str, Path]:
    """tests/roots/test-policy built to html and dirhtml, and to text (no site)."""
    root = tmp_path_factory.mktemp("test-policy-jsonld")
    return {builder: build_with_jsonld(TEST_POLICY, TEST_POLICY, root / builder,
                                       builder).outdir
            for builder in ("html", "dirhtml", "text")}


@pytest.fixture(scope="module")
def special(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    out = tmp_path_factory.mktemp("test-jsonld-special") / "html"
    return parse(build_with_jsonld(SPECIAL_ROOT, SPECIAL_ROOT, out).outdir / jsonld.FILE)


# -- the client's declarations ------------------------------------------------------------


def test_context_is_inline_and_names_the_dpv_2_namespaces(client_build: Path) -> None:
    document = json.loads((client_build / jsonld.FILE).read_text(encoding="utf-8"))
    context = document["@context"]
    assert isinstance(context, dict)  # never a URL an RDF tool would have to fetch
    assert context["dpv"] == "https://w3id.org/dpv#"
    assert context["eu-gdpr"] == "https://w3id.org/dpv/legal/eu/gdpr#"
    assert all(isinstance(value, str) for value in context.values())


def test_google_analytics(client: Graph) -> None:
    activity = node("activity-google-analytics")
    assert (activity, RDF.type, DPV.Process) in client
    assert client.value(activity, DPV.hasLegalBasis) == GDPR["A6-1-f"]
    purposes = list(client.objects(activity, DPV.hasPurpose))
    assert [label(client, p) for p in purposes] == ["to analyze website traffic"]
    assert all((p, RDF.type, DPV.Purpose) in client for p in purposes)
    assert client.value(activity, DPV.hasPersonalData) == node("category-analytics-data")
    recipient = client.value(activity, DPV.hasRecipient)
    assert recipient == node("recipient-google-analytics")
    assert str(client.value(recipient, DPV.hasName)) == "Google Analytics"
    # the text states no role and no country: a plain recipient, nowhere
    assert set(client.objects(recipient, RDF.type)) == {DPV.Recipient}
    assert client.value(recipient, DPV.hasCountry) is None
    assert client.value(recipient, DPV.hasLocation) is None
    assert client.value(activity, RDFS.seeAlso) == URIRef(
        SITE + "google-analytics.html#activity-google-analytics")


def test_activities_carry_the_bases_the_text_states(client: Graph) -> None:
    assert client.value(node("activity-facebook"), DPV.hasLegalBasis) == GDPR["A6-1-a"]
    assert client.value(node("activity-registration"), DPV.hasLegalBasis) == GDPR["A6-1-a"]
    assert client.value(node("activity-website-contact"), DPV.hasLegalBasis) == GDPR["A6-1-f"]
    # cookies states no basis: none is filled in
    assert client.value(node("activity-cookies"), DPV.hasLegalBasis) is None
    assert client.value(node("activity-cookies"), DPV.hasRecipient) is None


def test_personal_data_categories(client: Graph) -> None:
    category = node("category-analytics-data")
    assert (category, RDF.type, DPV.PersonalData) in client
    assert label(client, category) == "data about your browsing behavior"
    assert client.value(category, RDFS.label).language == "en"
    items = sorted(label(client, item) for item in client.objects(category, DCTERMS.hasPart))
    assert items == ["Browser type", "IP address", "Operating system", "Website usage"]
    assert all((item, RDF.type, DPV.PersonalData) in client
               for item in client.objects(category, DCTERMS.hasPart))


def test_controller(client: Graph) -> None:
    controller = node("controller")
    assert (controller, RDF.type, DPV.DataController) in client
    assert str(client.value(controller, DPV.hasName)) == "FluxDesk BV"
    assert str(client.value(controller, DPV.hasContact)) == "privacy@fluxdesk.io"
    assert "3013 AL Rotterdam" in str(client.value(controller, DPV.hasAddress))
    # the client names no DPO and no authority: no such nodes
    assert client.value(controller, DPV.hasDataProtectionOfficer) is None
    assert client.value(node("notice"), DPV.hasAuthority) is None
    for activity in client.subjects(RDF.type, DPV.Process):
        assert client.value(activity, DPV.hasDataController) == controller


def test_retention(client: Graph) -> None:
    retention = node("retention-usage-data")
    assert (retention, RDF.type, DPV.StorageDuration) in client
    assert client.value(retention, DPV.hasPersonalData) == node("category-usage-data")
    duration = client.value(retention, DPV.hasDuration)
    assert (duration, RDF.type, DPV.TemporalDuration) in client
    value = client.value(duration, RDF.value)
    assert (str(value), value.datatype) == ("P7Y", XSD_DURATION)
    assert retention in set(client.objects(node("activity-service-provision"),
                                           DPV.hasStorageCondition))
    # a period until an event keeps the text's words
    event = client.value(node("retention-account-information"), DPV.hasDuration)
    assert (event, RDF.type, DPV.UntilEventDuration) in client
    assert client.value(event, RDF.value) == Literal("until the account is closed", lang="en")


def test_rights(client: Graph) -> None:
    rights = set(client.objects(node("notice"), DPV.hasRight))
    assert rights == {GDPR[a] for a in ("A15", "A16", "A17", "A18", "A20", "A21", "A7-3")}


def test_every_declaration_is_a_node(client: Graph, client_json: dict[str, Any]) -> None:
    """The same declarations as policy.json, each typed, and the notice lists each activity."""
    kinds = {"activities": ("activity", "key", DPV.Process),
             "data-categories": ("category", "key", DPV.PersonalData),
             "recipients": ("recipient", "key", DPV.Recipient),
             "retention": ("retention", "category", DPV.StorageDuration)}
    for name, (prefix, field, kind) in kinds.items():
        found = {s for s in client.subjects(RDF.type, kind) if "/" not in s.split("#")[1]}
        assert found == {node(f"{prefix}-{e[field]}") for e in client_json[name]}, name
    assert set(client.objects(node("notice"), DPV.hasProcess)) == {
        node(f"activity-{a['key']}") for a in client_json["activities"]}
    # every node an object points at within the file is typed: no dangling, untyped nodes
    for obj in set(client.objects()):
        if isinstance(obj, URIRef) and obj.startswith(SITE + jsonld.FILE):
            assert client.value(obj, RDF.type) is not None, obj


def used_terms(graph: Graph) -> set[str]:
    """Every DPV / EU-GDPR / LOC IRI in a graph, as a CURIE."""
    found = set()
    for triple in graph:
        for term in triple:
            for prefix, namespace in VOCABULARIES.items():
                if isinstance(term, URIRef) and term.startswith(namespace):
                    found.add(f"{prefix}:{term.removeprefix(namespace)}")
    return found


def test_every_dpv_term_used_is_verified(client: Graph, small_policy: dict[str, Path],
                                        special: Graph) -> None:
    graphs = [client, parse(small_policy["html"] / jsonld.FILE), synthetic_graph(), special]
    unverified = set().union(*map(used_terms, graphs)) - jsonld.VERIFIED_TERMS
    assert not unverified
    # no other DPV namespace slipped in (dpv-pd, ...) without being added to the check
    for graph in graphs:
        for triple in graph:
            for term in triple:
                if isinstance(term, URIRef) and term.startswith("https://w3id.org/dpv"):
                    assert any(term.startswith(ns) for ns in VOCABULARIES.values()), term


def test_export_dpv_identifiers_are_verified() -> None:
    """export.py's DPV_BASES / DPV_RIGHTS (policy.json's "dpv" fields) exist in DPV."""
    for table in (export.DPV_BASES, export.DPV_RIGHTS):
        assert set(table.values()) <= jsonld.VERIFIED_TERMS
    assert export.DPV_RIGHTS["withdraw-consent"] == "eu-gdpr:A7-3"
    assert export.DPV_RIGHTS["complaint"] == "eu-gdpr:A77"
    assert jsonld.DPV_VERSION == "2.3"
    # DPV's loc extension defines every ISO 3166-1 country; a new code needs a new check
    assert {country.alpha_2 for country in pycountry.countries} == jsonld.LOC_COUNTRIES


# -- builders -----------------------------------------------------------------------------


def test_test_policy_recipient_role_and_builders(small_policy: dict[str, Path]) -> None:
    html = parse(small_policy["html"] / jsonld.FILE)
    mailer = node("recipient-mailer")
    assert set(html.objects(mailer, RDF.type)) == {DPV.DataProcessor}
    assert str(html.value(mailer, DPV.hasName)) == "Mailer Ltd"
    assert html.value(node("activity-newsletter"), DPV.hasRecipient) == mailer
    reason = html.value(node("retention-contact-data"), RDFS.comment)
    assert str(reason) == "limitation period for claims"
    # dirhtml: the same nodes and facts; only the pages they link to differ
    dirhtml = parse(small_policy["dirhtml"] / jsonld.FILE)
    def facts(graph: Graph) -> set[tuple[Any, ...]]:
        return {t for t in graph if t[1] != RDFS.seeAlso}

    assert facts(dirhtml) == facts(html)
    assert dirhtml.value(mailer, RDFS.seeAlso) == URIRef(SITE + "newsletter/#recipient-mailer")
    # a print builder publishes no site, so no policy.jsonld (as policy.json)
    assert not (small_policy["text"] / jsonld.FILE).exists()


@pytest.fixture
def small_policy_app(tmp_path: Path) -> Iterator[SphinxTestApp]:
    src = tmp_path / "test-policy"
    shutil.copytree(TEST_POLICY, src, ignore=shutil.ignore_patterns("_build"))
    app = SphinxTestApp("html", srcdir=src, freshenv=True, status=io.StringIO(),
                        warning=io.StringIO())
    try:
        yield app
    finally:
        app.cleanup()


def test_write_jsonld_in_process(small_policy_app: SphinxTestApp) -> None:
    """The writer called directly after an in-process build, as build-finished calls it."""
    app = small_policy_app
    app.build()
    out = Path(app.outdir) / jsonld.FILE
    out.unlink(missing_ok=True)
    jsonld.write_jsonld(app, RuntimeError("the build failed"))
    assert not out.exists()
    jsonld.write_jsonld(app, None)
    graph = parse(out)
    assert graph.value(node("activity-support"), DPV.hasLegalBasis) == GDPR["A6-1-f"]
    assert (out.read_text(encoding="utf-8")
            == jsonld.dump(jsonld.jsonld_document(export.policy_document(app), language="en")))
    # with html_baseurl the IRIs are the published site's, wherever the file is read
    app.config.html_baseurl = "https://example.org/privacy"
    jsonld.write_jsonld(app, None)
    graph = parse(out, base="file:///elsewhere/")
    assert (node("activity-support", base="https://example.org/privacy/"), RDF.type,
            DPV.Process) in graph


def test_setup_jsonld_is_registered(small_policy_app: SphinxTestApp) -> None:
    small_policy_app.build()
    assert (Path(small_policy_app.outdir) / jsonld.FILE).exists()


# -- what the text does not say (documents made up to reach every branch) -----------------


def declaration(key: str, anchor: str, page: str = "p.html") -> dict[str, Any]:
    return {"key": key, "source-location": {"href": f"{page}#{anchor}"}}


def synthetic_policy() -> dict[str, Any]:
    controller = {"name": "Example BV", "address": None, "email": None, "phone": "+31 10 1",
                  "web": "https://example.org/contact", "dpo-contact": "dpo@example.org",
                  "supervisory-authority": "Autoriteit Persoonsgegevens",
                  "source-location": {"href": "#policy-controller"}}  # dirhtml root page
    recipients = [
        {**declaration("cloud", "recipient-cloud"), "name": "Cloud Inc. (USA)",
         "role": "processor", "country": "USA", "country-code": "US"},
        {**declaration("partner", "recipient-partner"), "name": "Partner SA",
         "role": "joint-controller", "country": "EU", "country-code": None},
        {**declaration("bank", "recipient-bank"), "name": "Bank AG", "role": "controller",
         "country": None, "country-code": None},
    ]
    activity = {**declaration("shop", "activity-shop"), "name": "Shop",
                "purposes": ["selling"], "data-categories": ["orders", "undeclared"],
                "legal-basis": {"dpv": export.DPV_BASES["contract"]},
                "recipients": ["cloud", "partner", "bank", "undeclared"],
                "retention": ["orders", "undeclared"]}
    bare = {**declaration("bare", "activity-bare"), "name": "Bare", "purposes": None,
            "data-categories": None, "legal-basis": None, "recipients": None,
            "retention": None}
    categories = [{**declaration("orders", "category-orders"), "name": "Orders",
                   "items": ["order number"], "part-of": "customer"},
                  {**declaration("customer", "category-customer"), "name": "Customer data",
                   "items": [], "part-of": None}]
    retention = [{"category": "orders", "period": "6 months", "kind": "duration",
                  "duration": {"iso8601": "P6M"}, "event": None, "reason": None,
                  "source-location": {"href": "p.html#retention-orders"}}]
    rights = [{"dpv": value} for value in export.DPV_RIGHTS.values()]
    return {"title": "T", "last-updated": None, "controller": controller, "rights": rights,
            "activities": [activity, bare], "data-categories": categories,
            "recipients": recipients, "retention": retention}


def synthetic_graph(base: str | None = None) -> Graph:
    text = jsonld.dump(jsonld.jsonld_document(synthetic_policy(), language="en", base=base))
    return Graph().parse(data=text, format="json-ld", publicID=SITE + jsonld.FILE)


def test_roles_countries_and_joint_controllers() -> None:
    g = synthetic_graph()
    assert set(g.objects(node("recipient-cloud"), RDF.type)) == {DPV.DataProcessor}
    assert g.value(node("recipient-cloud"), DPV.hasCountry) == LOC.US
    partner, bank = node("recipient-partner"), node("recipient-bank")
    assert set(g.objects(partner, RDF.type)) == {DPV.Recipient, DPV.DataController}
    assert set(g.objects(bank, RDF.type)) == {DPV.Recipient, DPV.DataController}
    # "EU" is a place the text states, not a country: its words, as a location
    place = g.value(partner, DPV.hasLocation)
    assert (place, RDF.type, DPV.Location) in g and label(g, place) == "EU"
    assert g.value(bank, DPV.hasCountry) is None and g.value(bank, DPV.hasLocation) is None
    # the joint controllers are a group: the controller and the joint-controller recipient
    group = g.value(node("activity-shop"), DPV.hasJointDataControllers)
    assert (group, RDF.type, DPV.JointDataControllers) in g
    assert set(g.objects(group, DPV.hasDataController)) == {node("controller"), partner}


def test_only_declared_facts() -> None:
    g = synthetic_graph()
    shop = node("activity-shop")
    assert g.value(shop, DPV.hasLegalBasis) == GDPR["A6-1-b"]
    assert set(g.objects(shop, DPV.hasPersonalData)) == {node("category-orders")}
    assert len(set(g.objects(shop, DPV.hasRecipient))) == 3  # not the undeclared one
    assert set(g.objects(shop, DPV.hasStorageCondition)) == {node("retention-orders")}
    assert g.value(node("category-orders"), DCTERMS.isPartOf) == node("category-customer")
    bare = node("activity-bare")
    assert set(g.predicate_objects(bare)) - {(RDF.type, DPV.Process)} <= {
        (RDFS.label, Literal("Bare", lang="en")),
        (DPV.hasDataController, node("controller")),
        (RDFS.seeAlso, URIRef(SITE + "p.html#activity-bare"))}
    assert g.value(node("notice"), DCTERMS.modified) is None
    controller = node("controller")
    assert g.value(controller, DPV.hasAddress) is None
    assert {str(c) for c in g.objects(controller, DPV.hasContact)} == {
        "+31 10 1", "https://example.org/contact"}
    dpo = g.value(controller, DPV.hasDataProtectionOfficer)
    assert (dpo, RDF.type, DPV.DataProtectionOfficer) in g
    assert str(g.value(dpo, DPV.hasContact)) == "dpo@example.org"
    authority = g.value(node("notice"), DPV.hasAuthority)
    assert label(g, authority) == "Autoriteit Persoonsgegevens"
    # a fact declared on a dirhtml root page links the site root, never this file
    assert g.value(controller, RDFS.seeAlso) == URIRef(SITE + "#policy-controller")


def test_html_baseurl_makes_the_iris_absolute() -> None:
    g = synthetic_graph(base="https://fluxdesk.example/privacy/")
    shop = node("activity-shop", base="https://fluxdesk.example/privacy/")
    assert (shop, RDF.type, DPV.Process) in g
    assert (node("activity-shop"), RDF.type, DPV.Process) not in g


# -- special categories (Art. 9), criminal-offence data (Art. 10), Art. 9(2) conditions ----


def test_special_categories_are_typed_with_dpv_terms(special: Graph) -> None:
    def types(key: str) -> set[URIRef]:
        return set(special.objects(node(f"category-{key}"), RDF.type))

    # declared (`:special: health` on words that do not show it) and named by its words
    assert types("visit-notes") == {DPV.PersonalData, DPV.SpecialCategoryPersonalData,
                                    PD.MedicalHealth}
    assert types("medical-history") == types("visit-notes")
    assert types("dna-sample") == {DPV.PersonalData, DPV.SpecialCategoryPersonalData,
                                   PD.Genetic}
    # religious or philosophical beliefs: no one PD concept covers both, the class only
    assert types("religion") == {DPV.PersonalData, DPV.SpecialCategoryPersonalData}
    # Art. 10 data is no Art. 9 special category (nor is pd:Criminal one in DPV)
    assert types("criminal-record") == {DPV.PersonalData, DPV.SensitivePersonalData,
                                        PD.Criminal}
    assert types("contact") == {DPV.PersonalData}
    # the items stay the policy's words, plain personal data
    assert all(set(special.objects(item, RDF.type)) == {DPV.PersonalData}
               for item in special.objects(node("category-contact"), DCTERMS.hasPart))


def test_art_9_2_condition_beside_the_art_6_basis(special: Graph) -> None:
    def bases(key: str) -> set[URIRef]:
        return set(special.objects(node(f"activity-{key}"), DPV.hasLegalBasis))

    assert bases("treatment") == {GDPR["A6-1-b"], GDPR["A9-2-h"]}  # :condition: health-care
    assert bases("testing") == {GDPR["A6-1-a"], GDPR["A9-2-a"]}  # {declare-condition}
    # no Art. 6 basis stated: the condition alone, none filled in
    assert bases("membership") == {GDPR["A9-2-d"]}
    # no condition stated: none filled in (Art. 10 data has none under Art. 9(2))
    assert bases("screening") == {GDPR["A6-1-c"]}


def test_client_policy_has_no_special_category(client: Graph,
                                              client_json: dict[str, Any]) -> None:
    assert not any(c["special-category"] for c in client_json["data-categories"])
    special_types = {DPV.SpecialCategoryPersonalData, DPV.SensitivePersonalData}
    assert not any(o in special_types or str(o).startswith(str(PD))
                   for o in client.objects(None, RDF.type))
    art_9 = {GDPR[f"A9-2-{letter}"] for letter in "abcdefghij"}
    assert not set(client.objects(None, DPV.hasLegalBasis)) & art_9


def test_every_special_kind_and_condition_has_its_dpv_terms() -> None:
    assert set(jsonld.SPECIAL_TYPES) == set(catalogue.SPECIAL)
    for key, types in jsonld.SPECIAL_TYPES.items():
        assert set(types) <= jsonld.VERIFIED_TERMS, key
        art_9 = catalogue.SPECIAL[key].article == "Art. 9(1)"
        assert (jsonld.SPECIAL_CATEGORY in types) == art_9, key
    # each condition is the EU-GDPR concept of its own letter of Art. 9(2)
    assert set(jsonld.DPV_CONDITIONS) == set(catalogue.CONDITIONS)
    for key, term in jsonld.DPV_CONDITIONS.items():
        letter = catalogue.CONDITIONS[key].article.removeprefix("Art. 9(2)(").rstrip(")")
        assert term == f"eu-gdpr:A9-2-{letter}" and term in jsonld.VERIFIED_TERMS, key
    # a document without the fields (policy.json of schema 2) gives no special triple
    g = synthetic_graph()
    assert not set(g.subjects(RDF.type, DPV.SpecialCategoryPersonalData))
