"""A synthetic privacy policy that scales with N, written three times from one text model.

- ``ours``:  this project's extension (definitions, rights, processing activities, data
  categories, retention, collected tables), defined terms linked automatically;
- ``plain``: plain Sphinx (``glossary``, field lists, typed-out tables, ``{term}``/``{ref}``);
- ``peer``:  sphinx-needs (activities and retention entries as need objects of custom types,
  ``needtable`` collecting them, ``{need}`` references).

The model holds N pages of about 300 words, 0.4·N defined terms, 0.2·N processing activities
(each with its data category and retention entry), the 9 rights, and about 8 term and 2
activity references per page in running text. Everything is drawn from one seeded random
generator, so a given N always gives the same corpus. Term names are made of invented
words that the filler text never uses: a term is mentioned exactly where the model says.

Run ``python bench/corpus.py OUTDIR --pages N`` to write OUTDIR/{ours,plain,peer}.
"""

from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20240115
GLOSSARY_PAGE = 26  # terms per glossary page: the policy letters its definitions a) to z)

# -- the text model ---------------------------------------------------------------------

SYLLABLES = ("ka", "lo", "mi", "ru", "ve", "zan", "tor", "bel", "qui", "dra", "nok", "sel",
             "fa", "gri", "hu", "jem", "pa", "xo", "wen", "yt")
TERM_NOUNS = ("record", "ledger", "profile", "token", "register", "identifier", "log",
              "archive", "feed", "extract")
ITEM_WORDS = ("name", "email address", "postal address", "telephone number", "order history",
              "device type", "login time", "invoice number", "account number", "language")
RECIPIENTS = ("our hosting provider", "our payment processor", "our auditors",
              "our support platform", "our email service provider")
PERIODS = ("7 years", "2 years", "6 months", "30 days", "until the account is closed",
           "after the contract has ended")
BASES = ("consent", "contract", "legal-obligation", "legitimate-interests")
BASIS_TEXT = {
    "consent": "Consent (Art. 6(1)(a) GDPR)",
    "contract": "Performance of a contract (Art. 6(1)(b) GDPR)",
    "legal-obligation": "Legal obligation (Art. 6(1)(c) GDPR)",
    "legitimate-interests": "Legitimate interests (Art. 6(1)(f) GDPR)",
}
BASIS_SHORT = {k: v.removesuffix(" GDPR)") + ")" for k, v in BASIS_TEXT.items()}
SOURCE_TEXT = "collected from the data subject (Art. 13)"
# The 9 rights: catalogue key, the policy's wording, the article cited.
RIGHTS = (
    ("access", "You may ask us for a copy of the information we hold about you.", "15"),
    ("rectification", "You may ask us to correct information that is wrong.", "16"),
    ("erasure", "You may ask us to delete your information.", "17"),
    ("restriction", "You may ask us to limit how we use your information.", "18"),
    ("portability", "You may ask us to send your information to another provider.", "20"),
    ("objection", "You may object to our use of your information.", "21"),
    ("automated-decisions", "You may ask for a person to review an automated decision.", "22"),
    ("withdraw-consent", "You may withdraw your consent at any time.", "7(3)"),
    ("complaint", "You may complain to the supervisory authority of your country.", "77"),
)
ARTICLE_URL = "https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_{}"

SUBJECTS = ("We", "Our team", "The company", "Each department", "Our staff", "The service")
VERBS = ("review", "store", "protect", "update", "check", "describe", "handle", "keep",
         "examine", "document", "organise", "secure")
OBJECTS = ("the information you give us", "every request we receive",
           "the settings of your account", "the messages you send", "our internal procedures",
           "the choices you make",
           "the contracts we sign", "the systems we operate", "the reports we prepare")
TAILS = ("with care", "at regular intervals", "when the law requires it", "in a secure place",
         "as described in this policy", "for the purposes stated here", "without delay",
         "on your request", "within a reasonable time")
TOPICS = ("Customer support", "Billing", "Account security", "Service updates", "Newsletters",
          "Partner programmes", "Events", "Job applications", "Surveys", "Quality control",
          "Fraud prevention", "Archiving", "Website operation", "Mobile app", "Feedback")


@dataclass
class Term:
    key: str
    name: str

    @property
    def plural(self) -> str:
        head, _, last = self.name.rpartition(" ")
        last = last + ("es" if last.endswith(("s", "x", "ch", "sh")) else "s")
        return f"{head} {last}".strip()


@dataclass
class Activity:
    key: str
    name: str
    purpose: str
    basis: str
    category: str  # key of its data category (also the key of its retention entry)
    category_name: str
    items: tuple[str, ...]
    period: str
    recipients: str
    text: str  # the policy's wording about this activity
    retention_text: str
    docname: str = ""
    page_title: str = ""

    @property
    def retained(self) -> str:
        """How a sentence reads the period ("for 7 years", "until ...")."""
        return self.period if not self.period[0].isdigit() else f"for {self.period}"

    @property
    def category_label(self) -> str:
        return f"{self.category_name} ({', '.join(self.items)})"


# A piece of running text: plain words, a term mention (term key, form shown) or an
# activity reference (activity key).
Piece = str | tuple[str, str, str]


@dataclass
class Section:
    title: str
    paragraphs: list[list[Piece]]


@dataclass
class Page:
    docname: str
    title: str
    sections: list[Section]
    activity: Activity | None = None


@dataclass
class Model:
    pages: list[Page]
    terms: dict[str, Term]
    definitions: dict[str, str]
    activities: dict[str, Activity]
    glossary: list[list[str]] = field(default_factory=list)  # term keys per glossary page


def pseudo_words(rng: random.Random, count: int) -> list[str]:
    """Invented words, unique, that no English filler sentence contains."""
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3))))
        if word not in seen:
            seen.add(word)
            out.append(word)
    return out


def sentence(rng: random.Random) -> str:
    subject, verb = rng.choice(SUBJECTS), rng.choice(VERBS)
    verb = verb if subject == "We" else verb + "s"
    return f"{subject} {verb} {rng.choice(OBJECTS)} {rng.choice(TAILS)}."


def filler(rng: random.Random, words: int) -> str:
    out: list[str] = []
    while sum(len(s.split()) for s in out) < words:
        out.append(sentence(rng))
    return " ".join(out)


def build_model(pages: int, seed: int = SEED) -> Model:
    rng = random.Random(seed)
    n_terms = max(2, round(0.4 * pages))
    n_acts = max(1, round(0.2 * pages))
    words = iter(pseudo_words(rng, n_terms + 3 * n_acts + 8))

    terms: dict[str, Term] = {}
    definitions: dict[str, str] = {}
    for i in range(n_terms):
        shape = i % 4  # one, two (most) or three words: the matcher sees n-grams of 1-3
        word = next(words)
        name = (word.capitalize() if shape == 0
                else f"{word.capitalize()} {rng.choice(TERM_NOUNS)}" if shape in (1, 2)
                else f"{word.capitalize()} {next(words)} {rng.choice(TERM_NOUNS)}")
        key = name.lower().replace(" ", "-")
        terms[key] = Term(key, name)
        definitions[key] = filler(rng, 25)

    activities: dict[str, Activity] = {}
    for _ in range(n_acts):
        act_word, cat_word = next(words), next(words)
        name = f"{act_word.capitalize()} {rng.choice(TOPICS).lower()}"
        key = name.lower().replace(" ", "-")
        category = f"{cat_word}-data"
        activities[key] = Activity(
            key=key, name=name, purpose=f"running the {act_word} service",
            basis=rng.choice(BASES), category=category,
            category_name=f"{cat_word.capitalize()} data",
            items=tuple(rng.sample(ITEM_WORDS, 3)), period=rng.choice(PERIODS),
            recipients=rng.choice(RECIPIENTS), text=filler(rng, 40),
            retention_text=f"We keep {cat_word} data no longer than needed. " + filler(rng, 10))

    glossary = [list(terms)[i:i + GLOSSARY_PAGE] for i in range(0, n_terms, GLOSSARY_PAGE)]
    term_keys = list(terms)
    act_keys = list(activities)
    hosted = iter(act_keys)
    page_list: list[Page] = []
    for number in range(1, pages + 1):
        docname = f"p{number:04d}"
        title = f"{number}. {rng.choice(TOPICS)}"
        # 2 sections x 3 paragraphs x ~50 words; 8 distinct terms and 2 activities spread
        # over the 6 paragraphs.
        mentions: list[Piece] = []
        for key in rng.sample(term_keys, min(8, len(term_keys))):
            form = (terms[key].plural if rng.random() < 0.3 else terms[key].name).lower()
            mentions.append(("term", key, form))
        mentions += [("activity", rng.choice(act_keys), "") for _ in range(2)]
        rng.shuffle(mentions)
        slots: list[list[Piece]] = [[] for _ in range(6)]
        for i, mention in enumerate(mentions):
            slots[i % 6].append(mention)
        paragraphs: list[list[Piece]] = []
        for slot in slots:
            pieces: list[Piece] = [filler(rng, 15)]
            for mention in slot:
                kind = mention[0]
                lead = ("This applies to the" if kind == "term"
                        else "See also the processing activity")
                pieces += [f" {lead} ", mention, ". " + filler(rng, 8)]
            paragraphs.append(pieces)
        sections = [Section(f"{rng.choice(TOPICS)} in practice", paragraphs[:3]),
                    Section("How we apply this", paragraphs[3:])]
        page = Page(docname, title, sections)
        activity = next(hosted, None) if number % 5 == 1 or pages < 5 else None
        if activity is not None:
            page.activity = activities[activity]
            page.activity.docname, page.activity.page_title = docname, title
        page_list.append(page)
    # Any activity left over (very small N) goes on the last page... as its own page.
    for key in hosted:
        act = activities[key]
        number = len(page_list) + 1
        docname, title = f"p{number:04d}", f"{number}. {act.name}"
        act.docname, act.page_title = docname, title
        page_list.append(Page(docname, title, [], act))
    return Model(page_list, terms, definitions, activities, glossary)


# -- rendering: what differs between the variants ---------------------------------------

INTRO = ("This privacy policy explains how we process personal information. It is a "
         "synthetic text, generated to measure how the publishing tools scale.")
CONTROLLER = ("Example Controller BV", "Example Street 1", "1000 AA Amsterdam", "The Netherlands")
CONTROLLER_EMAIL = "privacy@example.org"

COMMON_CONF = '''"""Benchmark corpus ({variant}): generated by bench/corpus.py, do not edit."""

import os

project = "Synthetic privacy policy"
author = "Example Controller BV"
copyright = "2024, Example Controller BV"
language = "en"
extensions = {extensions!r}
root_doc = "index"
source_suffix = {{".md": "markdown"}}
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
html_theme = "furo"
html_title = "Synthetic privacy policy"
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None

# POLICY_BENCH_NAV=furo builds with furo's navigation as shipped (one whole navigation
# tree rendered per page); anything else with the policy's navigation cache, which the
# policy extension turns on and the other variants load on their own, so all three
# variants always build the same sidebar.
_CACHED_NAV = os.environ.get("POLICY_BENCH_NAV", "cached") != "furo"
'''

CONF = {
    "ours": COMMON_CONF.format(variant="ours", extensions=[
        "myst_parser", "sphinx_design", "gdpr_policy"]) + '''primary_domain = "policy"
policy_navigation_cache = _CACHED_NAV
''',
    "plain": COMMON_CONF.format(variant="plain", extensions=[
        "myst_parser", "sphinx_design"]) + '''if _CACHED_NAV:
    extensions.append("gdpr_policy.theme.navigation")
''',
    "peer": COMMON_CONF.format(variant="peer", extensions=[
        "myst_parser", "sphinx_design", "sphinx_needs"]) + '''if _CACHED_NAV:
    extensions.append("gdpr_policy.theme.navigation")

needs_types = [
    {"directive": "activity", "title": "Processing activity", "prefix": "PA_",
     "color": "#BFD8D2", "style": "node"},
    {"directive": "retention-period", "title": "Retention period", "prefix": "RT_",
     "color": "#FEDCD2", "style": "node"},
]
needs_fields = {
    "purpose": {"description": "the purpose of the processing", "nullable": True},
    "categories": {"description": "the personal data processed", "nullable": True},
    "basis": {"description": "the legal basis", "nullable": True},
    "retention": {"description": "how long the data are kept", "nullable": True},
    "recipients": {"description": "who receives the data", "nullable": True},
    "source": {"description": "where the data come from", "nullable": True},
    "period": {"description": "the retention period", "nullable": True},
}
needs_role_need_template = "{{ title }}"
needs_role_need_max_title_length = -1
needs_table_style = "TABLE"
needs_id_regex = "^[A-Z0-9_]{3,}"
''',
}


def need_id(prefix: str, key: str) -> str:
    return prefix + key.upper().replace("-", "_")


class Writer:
    """Renders the model for one variant."""

    def __init__(self, variant: str, model: Model) -> None:
        self.v = variant
        self.m = model

    # running text
    def piece(self, piece: Piece) -> str:
        if isinstance(piece, str):
            return piece
        kind, key, form = piece
        if kind == "term":
            if self.v == "ours":
                return form  # written as plain words: the extension links it
            return f"{{term}}`{form} <{self.m.terms[key].name}>`"
        if self.v == "ours":
            return f"{{activity}}`{key}`"
        if self.v == "plain":
            return f"{{ref}}`activity-{key}`"
        return f"{{need}}`{need_id('PA_', key)}`"

    def paragraph(self, pieces: list[Piece]) -> str:
        return "".join(self.piece(p) for p in pieces)

    # pages
    def index(self) -> str:
        toc = [f"definitions-{i + 1}" for i in range(len(self.m.glossary))]
        toc += ["rights", "register"] + [p.docname for p in self.m.pages]
        if self.v == "ours":
            controller = (f":::{{controller}} {CONTROLLER[0]}\n:email: {CONTROLLER_EMAIL}\n\n"
                          + "\n".join(CONTROLLER[1:]) + "\n:::\n")
        else:
            # a reST line block: the node the extension's {controller} block makes
            controller = ("```{eval-rst}\n| " + "\n| ".join(CONTROLLER)
                          + f"\n| {CONTROLLER_EMAIL}\n```\n")
        return (f"# Privacy policy\n\n{INTRO}\n\n## Who is responsible\n\nThe controller is:\n\n"
                f"{controller}\n```{{toctree}}\n:caption: The policy\n:maxdepth: 1\n\n"
                + "\n".join(toc) + "\n```\n")

    def glossary(self, number: int, keys: list[str]) -> str:
        head = (f"# Definitions, part {number}\n\n"
                "In this policy, the following words have the meaning given here.\n\n")
        if self.v == "ours":
            body = "".join(f":::{{definition}} {self.m.terms[k].name}\n"
                           f"{self.m.definitions[k]}\n:::\n\n" for k in keys)
            return head + f"::::{{definitions}}\n\n{body}::::\n"
        body = "".join(f"{self.m.terms[k].name}\n   {self.m.definitions[k]}\n\n" for k in keys)
        return head + f":::{{glossary}}\n{body.rstrip()}\n:::\n"

    def rights(self) -> str:
        head = "# Your rights\n\nAs a data subject, you have the following rights:\n\n"
        if self.v == "ours":
            body = "".join(f":::{{right}} {key}\n{text}\n:::\n\n" for key, text, _ in RIGHTS)
            return head + f"::::{{rights}}\n\n{body}::::\n"
        return head + "".join(
            f"- {text} [Art. {art} GDPR]({ARTICLE_URL.format(art.split('(')[0])})\n"
            for _, text, art in RIGHTS)

    def register(self) -> str:
        head = ("# Register of processing activities\n\n"
                "Every processing activity of this policy, collected in one table.\n\n")
        tail = "## Retention periods\n\nHow long we keep each kind of personal data.\n\n"
        acts = list(self.m.activities.values())
        if self.v == "ours":
            return head + ":::{processing-register}\n:::\n\n" + tail + ":::{retention-table}\n:::\n"
        if self.v == "peer":
            return (head + ":::{needtable}\n:types: activity\n:style: table\n"
                    ":columns: id;title;purpose;categories;basis;recipients;retention;source\n"
                    ":::\n\n" + tail + ":::{needtable}\n:types: retention-period\n"
                    ":style: table\n:columns: id;title;period\n:::\n")
        rows = []
        for a in acts:
            cells = [f"{{ref}}`activity-{a.key}`", a.purpose,
                     f"{{ref}}`{a.category_label} <category-{a.category}>`",
                     BASIS_SHORT[a.basis], a.recipients, "not stated",
                     f"{{ref}}`{a.retained} <retention-{a.category}>`", SOURCE_TEXT]
            rows.append("* - " + "\n  - ".join(cells))
        register = ("```{list-table}\n:header-rows: 1\n\n* - Activity\n  - Purposes\n"
                    "  - Personal data\n  - Legal basis\n  - Recipients\n  - Transfers\n"
                    "  - Retention\n  - Source\n" + "\n".join(rows) + "\n```\n\n")
        rows = []
        for a in sorted(acts, key=lambda a: a.category):
            kind = "duration" if a.period[0].isdigit() else "event"
            cells = [f"{{ref}}`{a.category_label} <category-{a.category}>`", a.period, kind,
                     "—", f"{{ref}}`{a.name} <retention-{a.category}>`"]
            rows.append("* - " + "\n  - ".join(cells))
        table = ("```{list-table}\n:header-rows: 1\n\n* - Data category\n  - Retention period\n"
                 "  - Type\n  - Legal reason\n  - Declared in\n" + "\n".join(rows) + "\n```\n")
        return head + register + tail + table

    def activity(self, a: Activity) -> str:
        items = "".join(f"- {item}\n" for item in a.items)
        if self.v == "ours":
            return (f"## {a.name}\n\n::::{{processing-activity}} {a.key}\n:name: {a.name}\n"
                    f":purpose: {a.purpose}\n:categories: {a.category}\n:basis: {a.basis}\n"
                    f":retention: {a.category}\n"
                    f":source: data-subject\n\n{a.text}\n\n"
                    f":::{{recipient}} {a.key}-recipient\n:name: {a.recipients}\n:::\n\n"
                    f":::{{data-category}} {a.category}\n:name: {a.category_name}\n{items}:::\n\n"
                    f":::{{retention}} {a.category}\n:period: {a.period}\n\n{a.retention_text}\n"
                    ":::\n::::\n\n")
        if self.v == "plain":
            # the same summary as ours shows "at a glance", written by hand
            shown_period = a.retained.removeprefix("for ")
            return (f"(activity-{a.key})=\n## {a.name}\n\n- **Purpose**: {a.purpose}\n"
                    f"- **Personal data**: {{ref}}`{a.category_name} <category-{a.category}>`"
                    f": {{ref}}`{shown_period} <retention-{a.category}>`\n"
                    f"- **Legal basis**: {BASIS_TEXT[a.basis]}\n"
                    f"- **Recipients**: {a.recipients}\n\n{a.text}\n\n"
                    f"(category-{a.category})=\n{items}\n"
                    f"(retention-{a.category})=\n{a.retention_text}\n\n")
        return (f"## {a.name}\n\n:::{{activity}} {a.name}\n:id: {need_id('PA_', a.key)}\n"
                f":purpose: {a.purpose}\n:categories: {a.category_label}\n"
                f":basis: {BASIS_TEXT[a.basis]}\n:retention: {a.retained}\n"
                f":recipients: {a.recipients}\n:source: {SOURCE_TEXT}\n\n{a.text}\n\n{items}"
                f":::\n\n:::{{retention-period}} {a.category_name}\n"
                f":id: {need_id('RT_', a.category)}\n:period: {a.period}\n\n"
                f"{a.retention_text}\n:::\n\n")

    def page(self, page: Page) -> str:
        out = [f"# {page.title}\n\n"]
        if page.activity is not None:
            out.append(self.activity(page.activity))
        for section in page.sections:
            out.append(f"## {section.title}\n\n")
            out += [self.paragraph(p) + "\n\n" for p in section.paragraphs]
        return "".join(out)

    def files(self) -> dict[str, str]:
        files = {"conf.py": CONF[self.v], "index.md": self.index(),
                 "rights.md": self.rights(), "register.md": self.register()}
        for i, keys in enumerate(self.m.glossary):
            files[f"definitions-{i + 1}.md"] = self.glossary(i + 1, keys)
        for page in self.m.pages:
            files[f"{page.docname}.md"] = self.page(page)
        return files


VARIANTS = ("ours", "plain", "peer")


def write(outdir: Path, pages: int, variants: tuple[str, ...] = VARIANTS) -> Model:
    """Write the corpus for each variant into outdir/<variant>/ (replaced if present)."""
    model = build_model(pages)
    for variant in variants:
        target = outdir / variant
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        for name, text in Writer(variant, model).files().items():
            (target / name).write_text(text, encoding="utf-8")
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--pages", type=int, default=20)
    args = parser.parse_args()
    model = write(args.outdir, args.pages)
    print(f"{len(model.pages)} pages, {len(model.terms)} terms, "
          f"{len(model.activities)} activities -> {args.outdir}/{{{','.join(VARIANTS)}}}")


if __name__ == "__main__":
    main()
