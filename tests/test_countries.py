"""The country model: EEA membership, the adequacy table, names and codes, and reading where a
recipient says it is."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest
from gdpr_policy import countries
from gdpr_policy.countries import ADEQUACY, EEA, Country, Mention, describe, lookup, places_in

EU_MEMBERS = {
    *("Austria", "Belgium", "Bulgaria", "Croatia", "Cyprus", "Czechia", "Denmark", "Estonia"),
    *("Finland", "France", "Germany", "Greece", "Hungary", "Ireland", "Italy", "Latvia"),
    *("Lithuania", "Luxembourg", "Malta", "Netherlands", "Poland", "Portugal", "Romania"),
    *("Slovakia", "Slovenia", "Spain", "Sweden"),
}
EEA_EFTA = {"Iceland", "Liechtenstein", "Norway"}


def codes(mentions: list[Mention]) -> list[str | None]:
    return [m.country.code if m.country else None for m in mentions]


# --- The EEA -------------------------------------------------------------------------------


def test_eea_is_the_27_member_states_and_three_efta_states() -> None:
    assert len(EU_MEMBERS) == 27
    members = {lookup(name) for name in EU_MEMBERS | EEA_EFTA}
    assert None not in members
    assert {c.code for c in members if c} == EEA
    assert len(EEA) == 30


@pytest.mark.parametrize("name", sorted(EU_MEMBERS | EEA_EFTA))
def test_every_eea_member_is_inside(name: str) -> None:
    country = lookup(name)
    assert country is not None
    assert countries.in_eea(country.code)
    assert describe(country) == "inside the EEA"
    assert countries.adequacy(country.code) is None


@pytest.mark.parametrize("code", ["GB", "CH", "US", "CN", "IN", "TR"])
def test_neighbours_and_others_are_outside(code: str) -> None:
    assert not countries.in_eea(code)


# --- Adequacy ------------------------------------------------------------------------------

ADEQUATE = {
    *("AD", "AR", "CA", "FO", "GG", "IL", "IM", "JP", "JE", "NZ", "KR", "CH", "GB", "UY"),
    "US",
}


def test_every_country_on_the_reference_list_has_a_decision() -> None:
    assert set(ADEQUACY) >= ADEQUATE
    # Brazil was added in January 2026, after the reference list was written.
    assert set(ADEQUACY) - ADEQUATE == {"BR"}


@pytest.mark.parametrize("code", sorted(ADEQUACY))
def test_each_decision_is_cited_in_full(code: str) -> None:
    entry = ADEQUACY[code]
    assert code not in EEA
    assert lookup(code) is not None
    assert entry.source.startswith("https://eur-lex.europa.eu/")
    assert date.fromisoformat(entry.date) <= date.today()
    assert re.search(r"\d{4}/\d+", entry.decision), entry.decision
    assert entry.decision.startswith("Commission ")


@pytest.mark.parametrize(
    ("code", "number", "adopted"),
    [
        ("US", "2023/1795", "2023-07-10"),
        ("JP", "2019/419", "2019-01-23"),
        ("KR", "2022/254", "2021-12-17"),
        ("CH", "2000/518", "2000-07-26"),
        ("CA", "2002/2/EC", "2001-12-20"),
        ("BR", "2026/179", "2026-01-26"),
    ],
)
def test_decision_numbers_and_dates(code: str, number: str, adopted: str) -> None:
    assert number in ADEQUACY[code].decision
    assert ADEQUACY[code].date == adopted


def test_the_uk_decision_is_the_2025_renewal() -> None:
    entry = ADEQUACY["GB"]
    assert "2021/1772" in entry.decision
    assert "2025/2574" in entry.decision
    assert entry.date == "2025-12-19"
    assert entry.source.endswith("/2025/2574/oj")


def test_only_the_united_states_is_limited_to_certified_organisations() -> None:
    assert [code for code, entry in ADEQUACY.items() if entry.certified_only] == ["US"]
    us = ADEQUACY["US"]
    assert "Data Privacy Framework" in us.scope
    assert "certified" in us.scope


def test_partial_decisions_say_what_they_cover() -> None:
    assert "PIPEDA" in ADEQUACY["CA"].scope
    assert "private-sector" in ADEQUACY["JP"].scope
    assert ADEQUACY["CH"].scope == ""
    assert ADEQUACY["GB"].scope == ""


def test_the_commission_list_is_cited() -> None:
    assert countries.ADEQUACY_LIST_SOURCE.startswith("https://commission.europa.eu/")
    assert "adequacy-decisions" in countries.ADEQUACY_LIST_SOURCE


def test_describe_outside_the_eea() -> None:
    uk, us, china, canada = (lookup(c) for c in ("GB", "US", "CN", "CA"))
    assert uk and us and china and canada
    assert describe(uk).startswith("outside the EEA, with an adequacy decision (")
    assert "2025-12-19" in describe(uk)
    assert describe(us).startswith("outside the EEA, adequacy only for DPF-certified")
    assert "2023/1795" in describe(us)
    assert describe(china) == "outside the EEA, no adequacy decision"
    assert "PIPEDA" in describe(canada)


# --- Names and codes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("DE", "DE"),
        ("DEU", "DE"),
        ("US", "US"),
        ("USA", "US"),
        ("U.S.", "US"),
        ("U.S.A.", "US"),
        ("United States", "US"),
        ("the United States", "US"),
        ("United States of America", "US"),
        ("UK", "GB"),
        ("U.K.", "GB"),
        ("Great Britain", "GB"),
        ("Britain", "GB"),
        ("England", "GB"),
        ("Scotland", "GB"),
        ("Wales", "GB"),
        ("Northern Ireland", "GB"),
        ("Holland", "NL"),
        ("The Netherlands", "NL"),
        ("the netherlands", "NL"),
        ("South Korea", "KR"),
        ("Korea", "KR"),
        ("Republic of Korea", "KR"),
        ("Czech Republic", "CZ"),
        ("Turkey", "TR"),
        ("Türkiye", "TR"),
        ("Russia", "RU"),
        ("Vietnam", "VN"),
        ("Iran", "IR"),
        ("Taiwan", "TW"),
        ("Bolivia", "BO"),
        ("Venezuela", "VE"),
        ("Tanzania", "TZ"),
        ("Moldova", "MD"),
        ("Syria", "SY"),
        ("Laos", "LA"),
        ("  switzerland  ", "CH"),
        ("Isle  of   Man", "IM"),
        ("Faroe Islands", "FO"),
    ],
)
def test_lookup(text: str, code: str) -> None:
    country = lookup(text)
    assert country is not None, text
    assert country.code == code


@pytest.mark.parametrize(
    ("code", "name"),
    [("US", "United States"), ("GB", "United Kingdom"), ("KR", "Republic of Korea")],
)
def test_names_a_reader_knows(code: str, name: str) -> None:
    assert lookup(code) == Country(code, name)


@pytest.mark.parametrize(
    "text", ["in", "is", "it", "no", "at", "be", "us", "usa", "de", "America", "", "Narnia"]
)
def test_lookup_refuses_words_and_lower_case_codes(text: str) -> None:
    assert lookup(text) is None


@pytest.mark.parametrize("code", ["IN", "IS", "IT", "NO", "AT", "BE"])
def test_the_same_letters_in_upper_case_are_codes(code: str) -> None:
    country = lookup(code)
    assert country is not None
    assert country.code == code


def test_english_words_in_running_text_are_not_countries() -> None:
    text = (
        "Our staff is in the office; it is no secret that the data is stored in our systems "
        "and at rest it is encrypted. Write to us, be brief."
    )
    assert places_in(text) == []


# --- Where a recipient says it is ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "phrase", "place"),
    [
        ("Stripe, Inc. (USA)", "US", "(USA)", "USA"),
        ("Acme Ltd (United Kingdom)", "GB", "(United Kingdom)", "United Kingdom"),
        ("Payments by Stripe (United States)", "US", "(United States)", "United States"),
        ("(San Francisco, United States)", "US", "(San Francisco, United States)", "United States"),
        ("We use Hetzner Online GmbH (Germany)", "DE", "(Germany)", "Germany"),
        ("Mailgun Technologies, Inc., USA", "US", "USA", "USA"),
        ("Support is based in India.", "IN", "based in India", "India"),
        ("based in Dublin, Ireland", "IE", "based in Dublin, Ireland", "Ireland"),
        (
            "Google LLC, headquartered in Mountain View, California, USA, runs the analytics.",
            "US",
            "headquartered in Mountain View, California, USA",
            "USA",
        ),
        ("a company located in Switzerland", "CH", "located in Switzerland", "Switzerland"),
        ("hosted in the United States", "US", "hosted in the United States", "United States"),
        ("established in the Netherlands", "NL", "established in the Netherlands", "Netherlands"),
        ("registered in England and Wales", "GB", "registered in England", "England"),
        (
            "with servers in Frankfurt, Germany",
            "DE",
            "with servers in Frankfurt, Germany",
            "Germany",
        ),
        ("Data is stored in the U.S. We also", "US", "stored in the U.S.", "U.S."),
    ],
)
def test_places_in(text: str, code: str, phrase: str, place: str) -> None:
    country = lookup(code)
    assert places_in(text) == [Mention(country, phrase, place)]


def test_switzerland_has_an_adequacy_decision() -> None:
    [mention] = places_in("The processor is located in Switzerland.")
    assert mention.country is not None
    assert not countries.in_eea(mention.country.code)
    assert countries.adequacy(mention.country.code) is ADEQUACY["CH"]
    assert describe(mention.country).startswith("outside the EEA, with an adequacy decision")


def test_hetzner_is_inside_the_eea() -> None:
    [mention] = places_in("We use Hetzner Online GmbH (Germany)")
    assert mention.country is not None
    assert countries.in_eea(mention.country.code)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("based in Springfield", "Springfield"),
        ("located in Narnia", "Narnia"),
        ("based in California", "California"),
        ("based in San Francisco, CA", "San Francisco, CA"),  # CA: California, not Canada
        ("based in Atlanta, Georgia", "Atlanta, Georgia"),  # the state, not the country
    ],
)
def test_an_unknown_place_is_reported_without_a_country(text: str, place: str) -> None:
    assert places_in(text) == [Mention(None, text, place)]


@pytest.mark.parametrize(
    "text",
    [
        "Acme (payments)",
        "Hosting (our hosting provider)",
        "Stripe (Inc.)",
        "BambooHR (HR)",  # a department, not Croatia
        "data stored in encrypted form",
        "processed in accordance with the contract",
        "Acme, marketing",
    ],
)
def test_words_that_state_no_place_give_nothing(text: str) -> None:
    assert places_in(text) == []


def test_several_places_in_one_phrase() -> None:
    assert codes(places_in("Data is hosted in Ireland and the United States.")) == ["IE", "US"]
    assert codes(places_in("stored in Germany, France and the US")) == ["DE", "FR", "US"]
    assert codes(places_in("based in Berlin and the United States")) == [None, "US"]


def test_mentions_come_in_the_order_of_the_text() -> None:
    text = "Acme Ltd (United Kingdom), with servers in Frankfurt, Germany"
    assert codes(places_in(text)) == ["GB", "DE"]


def test_names_written_with_connectors() -> None:
    assert codes(places_in("incorporated in Bosnia and Herzegovina")) == ["BA"]
    assert codes(places_in("located in the Isle of Man")) == ["IM"]
    assert codes(places_in("based in Jersey City, New Jersey, USA")) == ["US"]


def test_negation_is_left_to_the_caller() -> None:
    # "not stored outside the EU" states no place; "stored in the EU" names a region.
    assert places_in("Data is not stored outside the EU.") == []
    assert places_in("Data is stored in the EU.") == [Mention(None, "stored in the EU", "EU")]


# --- The bottom layer ----------------------------------------------------------------------


def test_imports_nothing_from_the_extension() -> None:
    source = Path(countries.__file__).read_text(encoding="utf-8")
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, "relative import"
            imported.add((node.module or "").split(".")[0])
        elif isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
    assert "gdpr_policy" not in imported
    assert imported <= {"__future__", "functools", "re", "typing", "pycountry"}
