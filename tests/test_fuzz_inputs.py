"""Property-based: whatever an editor types into a policy block or role (random keys,
option values, arguments, bodies, nesting), the build never crashes and every warning it
gives says where (file and line).

Each example is one page added to the small valid policy of tests/roots/test-bad-input,
built in-process with Sphinx's test application.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
from pathlib import Path

from conftest import ROOT
from gdpr_policy import catalogue
from gdpr_policy.domain import PolicyDomain
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors
from test_bad_input import registered

PROJECT = ROOT / "tests" / "roots" / "test-bad-input"


DIRECTIVES = registered()
ROLES = sorted({*PolicyDomain.roles, "term"})
PROBLEM = re.compile(r"\b(?:WARNING|ERROR|CRITICAL|SEVERE):")
LOCATED = re.compile(r"^\S+?\.md:(?P<line>\d+)?: (?:WARNING|ERROR|CRITICAL|SEVERE):")

# What editors paste: markup, quotes, fences, separators, other scripts, long runs.
TRICKY = ["<script>alert(1)</script>", '"onmouseover=alert(1)', "`", "``", "{", "}", ":",
          "::", ":::", "::::", ";", ",", "<", ">", "<key>", "*", "_", "#", "\\", "|",
          "---", "[x](javascript:alert(1))", "données", "соnsent", "7 yrs", "-1 years",
          "0 days", "forever", "until", "7 years", "\u200b", "\t", "x" * 300, "", " "]
KEYS = [*catalogue.RIGHTS, *catalogue.BASES, *catalogue.SOURCES, "account-information",
        "registration", "personal data", "data subjects", "last-updated", "controller"]
chars = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00")
word = st.one_of(st.sampled_from(TRICKY), st.sampled_from(KEYS), st.text(chars, max_size=12))
value = st.lists(word, max_size=5).map(" ".join)
role_name = st.sampled_from(["term", "right", "category", "retention", "activity", "basis",
                             "fact", "rigth"])
inline_role = st.tuples(role_name, value).map(lambda r: f"{{{r[0]}}}`{r[1].replace('`', '')}`")
line = st.one_of(
    st.lists(st.one_of(word, inline_role), max_size=8).map(" ".join),
    st.lists(word, max_size=4).map(lambda w: "## " + " ".join(w)),  # a heading inside
    st.lists(word, max_size=4).map(lambda w: "- " + " ".join(w)),  # a list item
)
body = st.lists(line, max_size=4).map("\n".join)
front_matter = st.one_of(
    st.just(""),
    st.tuples(st.sampled_from(["last-updated", "last_updated", "orphan", "title"]), value)
    .map(lambda kv: f"---\n{kv[0]}: {kv[1].replace(':', ' ')}\n---\n\n"),
)

# Random each run (new inputs every time); a failure prints the falsifying input and a
# @reproduce_failure blob (print_blob), so a CI failure can be replayed exactly.
settings.register_profile("policy", max_examples=30, deadline=None, database=None,
                          print_blob=True, suppress_health_check=[HealthCheck.too_slow,
                                                 HealthCheck.data_too_large])
FUZZ = settings.get_profile("policy")


@st.composite
def block(draw: st.DrawFn, depth: int = 0) -> str:
    """One policy block with random options, argument and body, perhaps another inside."""
    name = draw(st.sampled_from(sorted(DIRECTIVES)))
    known = list(DIRECTIVES[name].known_options)
    fence = ":" * (5 - depth)
    lines = [f"{fence}{{{name}}} {draw(value)}".rstrip()]
    for option in draw(st.lists(st.sampled_from([*known, "bogus", "basis", "period"]),
                                max_size=4)):
        lines.append(f":{option}: {draw(value)}".rstrip())
    lines += ["", draw(body)]
    if depth < 2 and draw(st.booleans()):
        lines += ["", draw(block(depth + 1))]
    lines += [fence, ""]
    return "\n".join(lines)


@st.composite
def role(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(ROLES))
    target = draw(value).replace("`", "'")
    if draw(st.booleans()):
        target = f"{draw(value).replace('`', '')} <{target}>"
    return f"{{{name}}}`{target}`"


def build(page: str | bytes) -> str:
    """Build the policy with ``page`` added as case.md (text, or the bytes of a file in
    any state); the warnings it printed."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        shutil.copytree(PROJECT, src)
        if isinstance(page, bytes):
            (src / "case.md").write_bytes(page)
        else:
            (src / "case.md").write_text(page, encoding="utf-8")
        warnings = io.StringIO()
        app = SphinxTestApp("html", srcdir=src, freshenv=True, status=io.StringIO(),
                            warning=warnings)
        try:
            app.build()  # a crash raises here and fails the test
        finally:
            app.cleanup()
        return strip_colors(warnings.getvalue())


def assert_located(warnings: str, page: str | bytes) -> None:
    assert "Traceback" not in warnings, warnings
    for text in warnings.splitlines():
        if not PROBLEM.search(text):
            continue
        found = LOCATED.match(text)
        assert found, f"a warning without a file:\n{text}\n--- page ---\n{page}"
        if "[policy." in text:
            assert found["line"], f"a policy warning without a line:\n{text}\n{page}"


@FUZZ
@given(blocks=st.lists(block(), min_size=1, max_size=2), top=front_matter)
def test_random_blocks_never_crash_and_every_warning_is_located(blocks: list[str],
                                                                top: str) -> None:
    page = top + "# Fuzz\n\n" + "\n".join(blocks)
    assert_located(build(page), page)


@FUZZ
@given(roles=st.lists(role(), min_size=1, max_size=4), heading=st.booleans())
def test_random_roles_never_crash_and_every_warning_is_located(roles: list[str],
                                                               heading: bool) -> None:
    text = " and ".join(roles)
    page = (f"# Fuzz {roles[0]}\n\n" if heading else "# Fuzz\n\n") + f"Some {text} here.\n"
    assert_located(build(page), page)


#: A file as an editor's tools may leave it: other encodings, a byte-order mark, CRLF line
#: ends, stray control bytes, cut multi-byte characters; around text and blocks.
PIECES = [b"\xef\xbb\xbf", b"\r\n", b"\r", b"\xff", b"\xfe\xff", b"\xe9", b"\xc3",
          b"\x80\x81", b"\x00", b"\x1b[31m", "données ".encode("latin-1"), b"---\n",
          b":::{retention} x\n:period: 7 years\n:::\n", b"# Title\n", b"\n\n", b"text "]


@FUZZ
@given(parts=st.lists(st.one_of(st.sampled_from(PIECES), st.binary(max_size=40)),
                      min_size=1, max_size=12))
def test_random_bytes_never_crash_and_every_warning_is_located(parts: list[bytes]) -> None:
    page = b"# Fuzz\n\n" + b"".join(parts) + b"\n"
    assert_located(build(page), repr(page))


def test_the_property_can_fail() -> None:
    # the checker itself: a warning without a location is caught
    try:
        assert_located("WARNING: something went wrong [policy.x]", "")
    except AssertionError:
        return
    raise AssertionError("an unlocated warning went unnoticed")
