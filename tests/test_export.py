"""policy.json: the policy's declarations for other tools, described by a JSON Schema.

It states what the client's text states (the legal bases among them), leaves what the text
does not state null, and says where each fact is written, relative to the source folder."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import ROOT, TEST_POLICY, Build, sphinx_build
from gdpr_policy import catalogue
from policytext import SEED

SCHEMA_FILE = ROOT / "ext" / "gdpr_policy" / "schema" / "policy.schema.json"


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def export(policy_html: Build) -> dict[str, Any]:
    assert policy_html.returncode == 0, policy_html.stderr
    return json.loads((policy_html.outdir / "policy.json").read_text(encoding="utf-8"))


def errors(validator: jsonschema.Draft202012Validator, doc: Any) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(doc)]


def by_key(items: list[dict[str, Any]], key: str = "key") -> dict[str, dict[str, Any]]:
    return {item[key]: item for item in items}


# -- the schema --------------------------------------------------------------------------


def test_policy_json_validates_against_the_schema(
        export: dict[str, Any], validator: jsonschema.Draft202012Validator,
        policy_html: Build) -> None:
    assert errors(validator, export) == []
    # the schema travels with the export, so "$schema" resolves beside it
    published = policy_html.outdir / export["$schema"]
    assert published.read_bytes() == SCHEMA_FILE.read_bytes()


def test_schema_rejects_a_guess_or_an_unknown_field(
        export: dict[str, Any], validator: jsonschema.Draft202012Validator) -> None:
    broken = copy.deepcopy(export)
    broken["activities"][0]["legal-basis"] = {"key": "legit", "name": "x",
                                              "article": "Art. 6(1)(f)", "dpv": "x",
                                              "fideslang": "x"}
    broken["activities"][1]["recipients"] = []  # "declared none" is not a thing: null
    broken["activities"][2]["retention-period"] = "7 years"
    broken["retention"][0]["source-location"]["file"] = "/home/someone/docs/x.md"
    found = "\n".join(errors(validator, broken))
    assert "$.activities[0]['legal-basis']" in found
    assert "$.activities[1].recipients" in found
    assert "retention-period" in found
    assert "$.retention[0]['source-location'].file" in found


def test_schema_enums_match_the_catalogue(schema: dict[str, Any]) -> None:
    defs = schema["$defs"]
    assert defs["right"]["properties"]["key"]["enum"] == list(catalogue.RIGHTS)
    assert defs["legal-basis"]["properties"]["key"]["enum"] == list(catalogue.BASES)


# -- the facts: what the text states, and nothing else -----------------------------------


def seed_sections() -> dict[str, str]:
    """The client's text by numbered section title ("5. Registration": its text)."""
    sections: dict[str, str] = {}
    title = ""
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if re.match(r"^\d+\. \S", line):
            title = line.strip()
            sections[title] = ""
        elif title:
            sections[title] += line + "\n"
    return sections


def basis_stated(text: str) -> str | None:
    """The legal basis a section of the client's text names, read from its own words."""
    lowered = " ".join(text.lower().split())
    if "legal basis for processing this data is consent" in lowered:
        return "consent"
    if "legitimate interest" in lowered:
        return "legitimate-interests"
    return None


def test_activities_carry_the_bases_the_text_states(export: dict[str, Any]) -> None:
    activities = by_key(export["activities"])
    bases = {key: (a["legal-basis"] or {}).get("key") for key, a in activities.items()}
    assert bases == {
        "cookies": None,
        "server-logs": None,
        "registration": "consent",
        "website-contact": "legitimate-interests",
        "facebook": "consent",
        "google-analytics": "legitimate-interests",
        "twitter": "consent",
        "legitimate-interests": "legitimate-interests",
        "service-provision": None,
        "automated-decision-making": None,
    }
    # ... and each one is what its section of the client's text says
    sections = seed_sections()
    for key, activity in activities.items():
        section = activity["source-location"]["section"]
        assert section in sections, section
        assert bases[key] == basis_stated(sections[section]), key
    registration = activities["registration"]["legal-basis"]
    assert registration == {"key": "consent", "name": "Consent", "article": "Art. 6(1)(a)",
                            "dpv": "eu-gdpr:A6-1-a", "fideslang": "Consent"}
    contact = activities["website-contact"]
    assert contact["legal-basis"]["dpv"] == "eu-gdpr:A6-1-f"
    assert contact["legitimate-interests"] == "responding to your inquiry"


def test_undeclared_fields_are_null_not_guessed(export: dict[str, Any]) -> None:
    activities = by_key(export["activities"])
    for key, activity in activities.items():
        for field, value in activity.items():
            assert value not in ("", [], {}), f"{key}.{field} is empty instead of null"
    # The text names the services but states no transfer or safeguard for them.
    for key in ("facebook", "google-analytics", "twitter"):
        assert activities[key]["transfers"] is None
        assert activities[key]["safeguard"] is None
    assert activities["facebook"]["recipients"] == ["facebook"]
    assert activities["cookies"]["recipients"] is None
    # recipients are declared once; the text states neither a country nor a safeguard
    recipients = by_key(export["recipients"])
    assert set(recipients) == {"facebook", "google-analytics", "twitter"}
    assert recipients["facebook"] == {
        **recipients["facebook"], "name": "Facebook", "role": None, "country": None,
        "country-code": None, "eea": None, "safeguard": None, "activities": ["facebook"]}
    assert recipients["twitter"]["source-location"]["file"] == "twitter-integration.md"
    assert activities["cookies"]["retention"] is None
    assert activities["website-contact"]["retention"] == ["inquiry-data"]
    controller = export["controller"]
    assert controller["name"] == "FluxDesk BV"
    assert controller["email"] == "privacy@fluxdesk.io"
    # the text gives no phone number, DPO contact or supervisory authority
    assert controller["phone"] is None
    assert controller["dpo-contact"] is None
    assert controller["supervisory-authority"] is None
    bases = by_key(export["legal-bases"])
    assert bases["consent"]["activities"] == ["registration", "facebook", "twitter"]
    assert bases["contract"]["activities"] == []


def test_retention_is_typed(export: dict[str, Any]) -> None:
    retention = by_key(export["retention"], "category")
    assert set(retention) == {"inquiry-data", "account-information", "usage-data",
                              "technical-data", "communication-data"}
    assert retention["usage-data"]["duration"] == {"amount": 7, "unit": "year",
                                                   "iso8601": "P7Y"}
    assert retention["usage-data"]["event"] is None
    assert retention["account-information"]["kind"] == "event"
    assert retention["account-information"]["event"] == "until the account is closed"
    assert retention["account-information"]["duration"] is None
    assert retention["inquiry-data"]["source-location"]["section"] == "6. Contact Via Website"


def test_terms_and_rights_are_exported(export: dict[str, Any]) -> None:
    terms = by_key(export["terms"])
    assert len(terms) == 11
    assert all(t["gdpr-art-4"] for t in terms.values())
    assert terms["consent"]["article"] == "Art. 4(11)"
    assert "data subjects" in terms["data-subject"]["forms"]
    assert terms["consent"]["definition"].startswith("Consent is any freely given")
    assert any(u["section"] == "§8" for u in terms["data-subject"]["used-in"])
    rights = by_key(export["rights"])
    assert set(rights) == {"access", "rectification", "erasure", "restriction",
                           "portability", "objection", "withdraw-consent"}
    assert rights["erasure"]["article"] == "Art. 17"
    assert rights["erasure"]["dpv"] == "eu-gdpr:A17"
    assert rights["withdraw-consent"]["dpv"] == "eu-gdpr:A7-3"
    assert rights["access"]["wording"] == "Right to access your personal data"


# -- where each fact is written ----------------------------------------------------------

DECLARED_BY = {
    "terms": lambda item: (f"{{definition}} {item['name']}",),
    "rights": lambda item: (f"{{right}} {item['key']}",),
    "data-categories": lambda item: (f"{{data-category}} {item['key']}",
                                     f"{{declare-category}}`{item['name']} <{item['key']}>`"),
    "activities": lambda item: (f"{{processing-activity}} {item['key']}",),
    "retention": lambda item: (f"{{retention}} {item['category']}",
                               f" <{item['category']}>`"),
}


def test_each_fact_names_its_file_and_line(export: dict[str, Any], policy_html: Build
                                           ) -> None:
    text = json.dumps(export)
    for machine in (str(ROOT), str(policy_html.outdir), "/tmp/", "/work/", "/home/"):
        assert machine not in text
    located = [(kind, item) for kind in DECLARED_BY for item in export[kind]]
    located.append(("controller", export["controller"]))
    for kind, item in located:
        where = item["source-location"]
        source = ROOT / "docs" / where["file"]
        assert not Path(where["file"]).is_absolute() and source.is_file(), where
        line = source.read_text(encoding="utf-8").splitlines()[where["line"] - 1]
        expected = ("{controller}", "{declare-controller}") if kind == "controller" else \
            DECLARED_BY[kind](item)
        assert any(form in line for form in expected), (kind, where, line)
        page = (policy_html.outdir / where["href"].split("#")[0]).read_text(encoding="utf-8")
        assert f'id="{where["anchor"]}"' in page


def test_test_project_export_validates(tmp_path: Path,
                                       validator: jsonschema.Draft202012Validator) -> None:
    build = sphinx_build(TEST_POLICY, tmp_path / "html")
    assert build.returncode == 0, build.stderr
    export = json.loads((build.outdir / "policy.json").read_text(encoding="utf-8"))
    assert errors(validator, export) == []
    retention = by_key(export["retention"], "category")
    assert retention["contact-data"]["reason"] == "limitation period for claims"
    assert by_key(export["terms"])["help-desk"]["article"] is None
    assert by_key(export["terms"])["help-desk"]["gdpr-art-4"] is False
    assert export["last-updated"] == "2024-03-01"


# -- the internal record of processing (docs/register.md) --------------------------------


def test_register_collects_every_activity_and_stays_internal(policy_html: Build,
                                                             export: dict[str, Any]) -> None:
    out = policy_html.outdir
    register = (out / "register.html").read_text(encoding="utf-8")
    table = register[register.index('id="processing-register"'):]
    table = table[:table.index("</table>")]
    rows = re.findall(r"<tr.*?</tr>", table, re.S)
    activities = re.findall(r'href="[a-z-]+\.html#activity-([a-z-]+)"', table)
    assert activities == [a["key"] for a in export["activities"]]
    assert len(rows) == len(activities) + 1
    assert 'id="retention-table"' in register
    text = " ".join(re.sub(r"<[^>]+>", "", register).split()).replace(" ,", ",")
    assert "Controller (Art. 30(1)(a)): FluxDesk BV, Weena 505, 3013 AL Rotterdam" in text
    # not in the navigation of any published page, and not in search
    for page in out.glob("*.html"):
        if page.name != "register.html":
            assert "register.html" not in page.read_text(encoding="utf-8"), page.name
    index = (out / "searchindex.js").read_text(encoding="utf-8")
    assert "Internal: record of processing" not in index
    assert "record" not in re.findall(r'"titleterms":\{(.*?)\}', index)[0]
