"""Countries for transfer checks: where a recipient is, whether that is inside the EEA, and
whether the European Commission has found the country adequate (GDPR Art. 45).

This is the bottom layer of the extension and imports nothing from it. ISO 3166-1 codes and
names come from ``pycountry``; a small alias table adds the names people write ("UK",
"Holland", "South Korea"). Two- and three-letter codes are read only in upper case, so the
words "in", "is", "it", "no", "at", "be" and "us" are never taken for a country.

``ADEQUACY`` was checked on 2026-12-01 with the project's search tool, against each
decision's text on EUR-Lex (its ``source``, or consolidated and Official Journal copies of it),
Implementing Decision (EU) 2016/2295 (which amended the eleven pre-GDPR decisions and names
them), and the Commission's adequacy page (``ADEQUACY_LIST_SOURCE``) and press release of 19
December 2025 on the UK renewal. Where a fact rests on a secondary source it says so at the
entry. Re-check when the Commission adopts, renews, suspends or repeals a decision.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

import pycountry

__all__ = [
    "ADEQUACY",
    "ADEQUACY_LIST_SOURCE",
    "EEA",
    "Adequacy",
    "Country",
    "Mention",
    "adequacy",
    "describe",
    "in_eea",
    "lookup",
    "places_in",
]


class Country(NamedTuple):
    code: str  # ISO 3166-1 alpha-2
    name: str  # a short English name a reader knows


class Adequacy(NamedTuple):
    decision: str
    date: str  # ISO date of adoption
    source: str  # the decision on EUR-Lex
    scope: str  # what the decision covers, in plain words; "" for the whole country
    certified_only: bool = False  # only organisations on a certification list are covered


class Mention(NamedTuple):
    country: Country | None  # None: a place the module does not know; ask, never guess
    phrase: str  # the words that state the place: "(USA)", "based in India"
    place: str  # the place as written: "USA", "India", "Springfield"


# The 27 EU member states and the three EEA EFTA states. Greece is GR in ISO 3166 (the EU
# writes EL).
EEA: frozenset[str] = frozenset(
    {
        *("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE"),
        *("IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"),
        *("IS", "LI", "NO"),
    }
)

ADEQUACY_LIST_SOURCE = (
    "https://commission.europa.eu/law/law-topic/data-protection/"
    "international-dimension-data-protection/adequacy-decisions_en"
)

_CELEX = "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:"
_ELI = "https://eur-lex.europa.eu/eli/dec_impl/"

# Decisions under Directive 95/46/EC stay in force under the GDPR (Art. 45(9)); the
# Commission's first review (COM(2024) 7, 15 January 2024) confirmed the eleven older ones.
# Secondary sources report that the list also holds the European Patent Organisation (July
# 2025): an international organisation, not a country, so it is not here.
ADEQUACY: dict[str, Adequacy] = {
    "AD": Adequacy("Commission Decision 2010/625/EU", "2010-10-19", _CELEX + "32010D0625", ""),
    "AR": Adequacy("Commission Decision 2003/490/EC", "2003-06-30", _CELEX + "32003D0490", ""),
    # Brazil was added after the catalogue's reference list was written (adopted 26 Jan 2026,
    # OJ L 2026/179 of 28 Jan 2026, read on EUR-Lex). Its scope follows the decision's title
    # and summaries of Art. 1; the article itself was not read.
    "BR": Adequacy(
        "Commission Implementing Decision (EU) 2026/179",
        "2026-01-26",
        _ELI + "2026/179/oj",
        "recipients subject to Brazil's General Data Protection Law (LGPD)",
    ),
    "CA": Adequacy(
        "Commission Decision 2002/2/EC",
        "2001-12-20",
        _CELEX + "32002D0002",
        "commercial organisations subject to the Personal Information Protection and"
        " Electronic Documents Act (PIPEDA)",
    ),
    "CH": Adequacy("Commission Decision 2000/518/EC", "2000-07-26", _CELEX + "32000D0518", ""),
    "FO": Adequacy(
        "Commission Decision 2010/146/EU",
        "2010-03-05",
        _CELEX + "32010D0146",
        "recipients subject to the Faroese Act on Processing of Personal Data (not Danish"
        " State authorities in the islands)",
    ),
    # UK: Implementing Decision (EU) 2021/1772 of 28 June 2021, extended in June 2025 to 27
    # Dec 2025, then renewed on 19 Dec 2025 until 27 Dec 2031 (Commission press release of that
    # day); the renewal also ended the exclusion of data for UK immigration control. The
    # renewal's number, 2025/2574 (OJ of 23.12.2025), is taken from a published transcript of
    # its EUR-Lex page: the page itself was not reached. Likewise unverified: the number of
    # the June 2025 extension, reported as (EU) 2025/1226.
    "GB": Adequacy(
        "Commission Implementing Decision (EU) 2021/1772, as renewed by Implementing Decision"
        " (EU) 2025/2574",
        "2025-12-19",
        _ELI + "2025/2574/oj",
        "",
    ),
    "GG": Adequacy("Commission Decision 2003/821/EC", "2003-11-21", _CELEX + "32003D0821", ""),
    "IL": Adequacy(
        "Commission Decision 2011/61/EU",
        "2011-01-31",
        _CELEX + "32011D0061",
        "automated transfers, or manual ones whose data are then processed automatically in Israel",
    ),
    "IM": Adequacy("Commission Decision 2004/411/EC", "2004-04-28", _CELEX + "32004D0411", ""),
    "JE": Adequacy("Commission Decision 2008/393/EC", "2008-05-08", _CELEX + "32008D0393", ""),
    "JP": Adequacy(
        "Commission Implementing Decision (EU) 2019/419",
        "2019-01-23",
        _ELI + "2019/419/oj",
        "private-sector businesses subject to the Act on the Protection of Personal Information"
        " (APPI) and its Supplementary Rules",
    ),
    # Korea's exclusions as the Luxembourg supervisory authority (CNPD) summarises Art. 1; the
    # article itself was not read.
    "KR": Adequacy(
        "Commission Implementing Decision (EU) 2022/254",
        "2021-12-17",
        _ELI + "2022/254/oj",
        "recipients subject to the Personal Information Protection Act (PIPA); not credit"
        " data sent to bodies the Financial Services Commission supervises, nor data sent to"
        " religious organisations or political parties",
    ),
    "NZ": Adequacy(
        "Commission Implementing Decision 2013/65/EU", "2012-12-19", _CELEX + "32013D0065", ""
    ),
    # The DPF stands (General Court, T-553/23 Latombe, 3 Sep 2025, action dismissed); the
    # appeal, C-703/25 P, was last reported pending (August 2026).
    "US": Adequacy(
        "Commission Implementing Decision (EU) 2023/1795",
        "2023-07-10",
        _ELI + "2023/1795/oj",
        "only organisations certified under the EU-US Data Privacy Framework, on the DPF List"
        " kept by the US Department of Commerce; others need another transfer tool",
        certified_only=True,
    ),
    "UY": Adequacy(
        "Commission Implementing Decision 2012/484/EU",
        "2012-08-21",
        _ELI + "2012/484/oj",
        "automated processing of personal data",
    ),
}

# Names people write that pycountry does not hold. "America" is left out on purpose: it
# names two continents as often as one country.
_ALIASES: dict[str, tuple[str, ...]] = {
    "GB": ("UK", "Great Britain", "Britain", "England", "Scotland", "Wales", "Northern Ireland"),
    "NL": ("Holland",),
    "KR": ("Korea", "Republic of Korea"),
    "TR": ("Turkey", "Turkiye"),
    "RU": ("Russia",),
    "AE": ("UAE", "Emirates"),
    "CD": ("DR Congo", "DRC"),
    "CI": ("Ivory Coast",),
    "CV": ("Cape Verde",),
    "SZ": ("Swaziland",),
    "MK": ("Macedonia",),
    "MM": ("Burma",),
    "BN": ("Brunei",),
    "PS": ("Palestine",),
    "FM": ("Micronesia",),
    "VA": ("Vatican", "Vatican City"),
    "MO": ("Macau",),
    "FO": ("Faeroe Islands", "Faroes"),
}

# Display names where pycountry's ("Korea, Republic of", "Russian Federation") read badly.
_DISPLAY = {
    "KR": "Republic of Korea",
    "RU": "Russia",
    "CD": "Democratic Republic of the Congo",
    "PS": "Palestine",
    "FM": "Micronesia",
    "VG": "British Virgin Islands",
    "VI": "US Virgin Islands",
    "VA": "Holy See",
    "FK": "Falkland Islands",
    "BN": "Brunei",
}

# Country names that are also the names of US states: in running text they are not read.
_AMBIGUOUS = frozenset({"georgia"})


def _clean(text: str) -> str:
    """Without dots, extra spaces or a leading "the": "the U.S." -> "US"."""
    words = text.replace(".", "").replace("’", "'").split()
    if words and words[0].casefold() == "the":
        words = words[1:]
    return " ".join(words)


def _names(record: object) -> list[str]:
    names = [getattr(record, f, "") for f in ("name", "common_name", "official_name")]
    name = names[0]
    head, _, tail = name.partition(", ")
    if tail and (tail.endswith((" of", " of the")) or " " not in tail):
        names.append(f"{tail} {head}")  # "Korea, Republic of" -> "Republic of Korea"
    names.append(re.sub(r"\s*\([^)]*\)", "", name))  # "Holy See (Vatican City State)"
    return [n for n in names if n]


def _build() -> tuple[dict[str, Country], dict[str, str], dict[str, str]]:
    countries: dict[str, Country] = {}
    codes: dict[str, str] = {}  # upper-case codes and short aliases
    names: dict[str, str] = {}  # case-folded names
    for record in pycountry.countries:
        code = record.alpha_2
        display = _DISPLAY.get(code) or getattr(record, "common_name", "") or record.name
        countries[code] = Country(code, display)
        codes[code] = codes[record.alpha_3] = code
        for name in [*_names(record), display, *_ALIASES.get(code, ())]:
            bare = _clean(name)
            if len(bare.replace(" ", "")) <= 3:
                codes.setdefault(bare.replace(" ", "").upper(), code)
            else:
                names.setdefault(bare.casefold(), code)
    return countries, codes, names


_COUNTRIES, _CODES, _NAMES = _build()


def lookup(text: str) -> Country | None:
    """The country the whole of ``text`` names: an upper-case code ("DE", "USA") or a name or
    alias in any case ("germany", "the Netherlands", "U.K."); None if it names none."""
    bare = _clean(text)
    if len(bare.replace(" ", "")) <= 3:
        # Codes count only in upper case: "in", "is", "no", "us" are English words.
        code = _CODES.get(bare.replace(" ", "")) if bare.isupper() else None
    else:
        code = _NAMES.get(bare.casefold())
    return _COUNTRIES[code] if code else None


def in_eea(code: str) -> bool:
    return code.upper() in EEA


def adequacy(code: str) -> Adequacy | None:
    return ADEQUACY.get(code.upper())


def describe(country: Country) -> str:
    """Where ``country`` stands for a transfer, in words for a report."""
    if in_eea(country.code):
        return "inside the EEA"
    found = adequacy(country.code)
    if found is None:
        return "outside the EEA, no adequacy decision"
    cited = f"({found.decision}, {found.date})"
    if found.certified_only:
        return f"outside the EEA, adequacy only for DPF-certified organisations {cited}"
    covering = f", covering {found.scope}" if found.scope else ""
    return f"outside the EEA, with an adequacy decision {cited}{covering}"


# --- Reading places in a recipient's own words ---------------------------------------------

_LOCATIVE = re.compile(
    r"\b(?:(?:based|located|headquartered|established|incorporated|registered|seated"
    r"|situated|domiciled|hosted|stored|processed)\s+(?:with)?in"
    r"|(?:with\s+)?servers?\s+(?:located\s+)?in)"
    r"\s+",
    re.IGNORECASE,
)
_PARENTHESIS = re.compile(r"\(([^()]*)\)")
# A company form just before a comma: "Inc., USA", "GmbH, Germany", "S.A., Spain".
_COMPANY_FORM = re.compile(
    r"(?:\b(?:Inc|LLC|Ltd|Limited|GmbH|AG|SA|SAS|SARL|BV|NV|Corp|Corporation|Co|plc|PLC|LLP"
    r"|LP|Pte|Pty|KK|AB|AS|ASA|Oy|ApS|SRL|Srl|SpA|SE|SL)\.?|\b(?:[A-Z]\.){2,})\s*$"
)
# A place ends where its clause or sentence does; a dot ends it only before a space or the end,
# so "U.S.A." stays whole.
_PLACE_END = re.compile(r"[;:()\[\]\n!?]|\.(?=\s|$)")
_WORD = re.compile(r"[^\s,]+")
_CONNECTORS = frozenset({"of", "and", "or", "the", "da", "de", "du", "la", "et", "del"})
_LIST = frozenset({"and", "or"})


class _Place(NamedTuple):
    start: int  # where the first part of the place begins
    end: int  # where the stated place ends (the country's part, if one was found)
    place: str
    country: Country | None


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or bool(re.match(r"[a-z]{1,2}'[A-Z]", word))  # "d'Ivoire"


def _run(words: list[re.Match[str]]) -> tuple[list[re.Match[str]], bool]:
    """The leading proper-noun words ("the United States of America"), and whether they are
    all the words there are. Place names are capitalised; a lower-case word ends them."""
    i = 1 if words and words[0].group().casefold() == "the" else 0
    run: list[re.Match[str]] = []
    while i < len(words):
        if _capitalised(words[i].group()):
            run.append(words[i])
            i += 1
            continue
        j = i
        while j < len(words) and words[j].group() in _CONNECTORS:
            j += 1
        if not (run and i < j < len(words) and _capitalised(words[j].group())):
            break
        run.extend(words[i:j])  # "Bosnia and Herzegovina", "Isle of Man"
        i = j
    return run, i == len(words)


def _country_in_text(name: str) -> Country | None:
    """Like ``lookup``, but stricter for prose: a bare two-letter code is not a country here
    ("Mountain View, CA" is California, "(HR)" is a department), only "US"/"UK" are."""
    bare = _clean(name).replace(" ", "")
    if len(bare) == 2 and bare not in ("US", "UK"):
        return None
    if _clean(name).casefold() in _AMBIGUOUS:
        return None
    return lookup(name)


def _word_end(text: str, word: re.Match[str]) -> int:
    """Where ``word`` ends, with the last dot of an abbreviation that the sentence's full stop
    swallowed ("U.S.", "D.C.")."""
    end = word.end()
    dotted = re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word.group())
    return end + 1 if dotted and text[end : end + 1] == "." else end


def _country_in_run(text: str, run: list[re.Match[str]]) -> tuple[Country, int, int] | None:
    """The country the run's first words name, how many words that takes and where the name
    ends: the longest name that ends before a connector ("England" in "England and Wales")."""
    cuts = [len(run)] + [k for k in range(len(run) - 1, 0, -1) if run[k].group() in _CONNECTORS]
    for cut in cuts:
        last = run[cut - 1]
        if last.group() in _CONNECTORS:
            continue
        end = _word_end(text, last)
        country = _country_in_text(text[run[0].start() : end])
        if country:
            return country, cut, end
    return None


def _read_places(text: str, start: int) -> list[_Place]:
    """The places written from ``start``, up to where the clause ends. Comma-separated parts
    narrow down ("Mountain View, California, USA": the country decides); "and"/"or" list
    places ("Ireland and the United States"); each country is read once."""
    stop = _PLACE_END.search(text, start)
    end = stop.start() if stop else len(text)
    places: list[_Place] = []
    pending: tuple[int, int] | None = None  # unknown parts waiting for their country

    def emit(first: int, last: int, country: Country | None) -> None:
        nonlocal pending
        # The place is named by its own words ("Ireland"); the phrase starts at the parts
        # read before it ("Dublin, Ireland").
        name = _clean_place(text[first:last])
        first = pending[0] if pending else first
        pending = None
        if country is None or all(country != place.country for place in places):
            places.append(_Place(first, last, name, country))

    pos = start
    for _ in range(8):
        comma = text.find(",", pos, end)
        words, whole = _run(list(_WORD.finditer(text, pos, end if comma == -1 else comma)))
        if not words:
            break
        i = 0
        while i < len(words):
            named = _country_in_run(text, words[i:])
            if named:
                country, taken, name_end = named
                emit(words[i].start(), name_end, country)
                i += taken
            else:
                ends = [k for k in range(i + 1, len(words)) if words[k].group() in _LIST]
                j = ends[0] if ends else len(words)
                pending = (
                    pending[0] if pending else words[i].start(),
                    _word_end(text, words[j - 1]),
                )
                if j < len(words):  # "Berlin and ...": a place of its own, not part of the next
                    emit(*pending, None)
                i = j
            while i < len(words) and words[i].group() in _CONNECTORS:
                i += 1
        if not whole or comma == -1:
            break
        pos = comma + 1
    if pending:
        emit(*pending, None)
    return places


def _clean_place(place: str) -> str:
    return re.sub(r"^the\s+", "", place, flags=re.IGNORECASE)


def places_in(text: str) -> list[Mention]:
    """Where ``text`` (a recipient's own description) says the recipient is.

    Read: a parenthesis that is a country, whole or in its last comma-separated part
    ("Stripe, Inc. (USA)", "(San Francisco, United States)"); a country after a company name
    and a comma ("Mailgun Technologies, Inc., USA"); and a locative phrase ("based in X",
    "hosted in the X", "with servers in X", X possibly "City, Country"). A locative phrase
    whose place is not a known country gives ``country=None``, so the caller asks rather than
    guesses; a parenthesis or comma that is not a country gives nothing. Negation is not
    read: what is stated is returned. Mentions are in the order of the text.
    """
    found: list[tuple[int, int, Mention]] = []

    def add(start: int, end: int, mention: Mention) -> None:
        if all(end <= s or start >= e for s, e, _ in found):
            found.append((start, end, mention))

    for match in _PARENTHESIS.finditer(text):
        content = match.group(1).strip()
        last = content.rpartition(",")[2].strip()
        for part in dict.fromkeys((content, last)):
            country = _country_in_text(part)
            if country:
                mention = Mention(country, match.group(), _clean_place(part))
                add(match.start(1), match.end(1), mention)
                break
    for match in _LOCATIVE.finditer(text):
        for place in _read_places(text, match.end()):
            phrase = text[match.start() : place.end]
            add(place.start, place.end, Mention(place.country, phrase, place.place))
    # Commas from the right, so "Inc., USA" is read from the comma nearest the country.
    for comma in reversed([m.start() for m in re.finditer(",", text)]):
        places = _read_places(text, comma + 1)
        if not places or places[0].country is None:
            continue
        place = places[0]
        at_end = not text[place.end :].strip(" .)]")
        if at_end or _COMPANY_FORM.search(text, 0, comma):
            phrase = text[place.start : place.end]
            add(place.start, place.end, Mention(place.country, phrase, place.place))
    return [mention for _, _, mention in sorted(found, key=lambda item: item[0])]


# --- Where a recipient is, from everything its declaration states ---------------------------

#: The EU or the EEA named as a whole: inside the EEA, not a country of its own.
EEA_AREA = Country("EU", "the EU/EEA")
_AREA = re.compile(r"\b(?:the\s+)?(?:European Union|European Economic Area|EU|EEA)\b")
#: "Stripe Payments Europe, Limited": a European entity named as such.
_EUROPE_IN_NAME = re.compile(r"\bEurope\b")
_NEGATED = re.compile(r"\b(?:not|never|no|neither|nor|outside)\b|n't\b", re.IGNORECASE)
_CLAUSE = re.compile(r"[.;:!?]\s")


@functools.cache
def _names_pattern() -> re.Pattern[str]:
    """Every country name, compiled on first use (a build that reads no recipient's
    country never pays for it)."""
    names = sorted((n for n in _NAMES if n not in _AMBIGUOUS), key=len, reverse=True)
    alternatives = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    return re.compile(rf"\b(?:{alternatives})\b|\b(?:USA|US|UK|U\.S\.A?\.?|U\.K\.)(?!\w)",
                      re.IGNORECASE)


def _negated(text: str, at: int) -> bool:
    """A negation earlier in the clause: "never stored in the United States"."""
    clause = max((m.end() for m in _CLAUSE.finditer(text, 0, at)), default=0)
    return bool(_NEGATED.search(text, clause, at))


_PREPOSITION = re.compile(r"\b(?:in|to|from|within|into)\s+(?:the\s+)?$", re.IGNORECASE)


def _countries_named(text: str, anywhere: bool) -> list[Mention]:
    """Known countries or the EU/EEA written in ``text`` as whole names, not negated:
    anywhere in a name ("Google Ireland Limited"), after "in", "to", "from" in prose ("data
    centres in the USA"; a person called Jordan is not a country)."""
    found: list[Mention] = []
    for match in _AREA.finditer(text):
        if not _negated(text, match.start()):
            found.append(Mention(EEA_AREA, match.group(), match.group()))
    for match in _names_pattern().finditer(text):
        if not anywhere and not _PREPOSITION.search(text, 0, match.start()):
            continue
        word = match.group()
        if word.isupper() is False and len(word) <= 4 and word.lower() in ("us", "uk"):
            continue  # the English "us"
        country = lookup(word)
        if country and not _negated(text, match.start()):
            found.append(Mention(country, word, _clean_place(word)))
    return found


def stated_places(name: str, country: str, text: str) -> list[Mention]:
    """Where a recipient's declaration says it is: its ``:country:``, then places in its
    name and its text (negated ones left out), each country once. A place that is not a
    known country comes with ``country=None`` and only when no country is stated at all."""
    mentions: list[Mention] = []
    if country:
        area = _AREA.fullmatch(country.strip())
        mentions.append(Mention(EEA_AREA if area else lookup(country), country, country))
    for words, anywhere in ((name, True), (text, False)):
        for mention in places_in(words):
            at = words.find(mention.phrase)
            if not _negated(words, max(at, 0)):
                mentions.append(mention)
        mentions += _countries_named(words, anywhere)
    if _EUROPE_IN_NAME.search(name):
        mentions.append(Mention(EEA_AREA, "Europe", "Europe"))
    known: dict[str, Mention] = {}
    for mention in mentions:
        if mention.country is not None:
            known.setdefault(mention.country.code, mention)
    if known:
        return list(known.values())
    return [m for m in mentions if m.country is None][:1]


def in_eea_or_area(country: Country) -> bool:
    return country is EEA_AREA or in_eea(country.code)
