"""Retention periods as values: parsed, found in running text, and compared by meaning."""

from __future__ import annotations

import pytest
from gdpr_policy import periods
from gdpr_policy.periods import Period


def p(value: str) -> Period:
    parsed = periods.parse(value)
    assert parsed is not None, value
    return parsed


def only(sentence: str) -> periods.Statement:
    found = periods.statements(sentence)
    assert len(found) == 1, (sentence, found)
    return found[0]


# -- parse -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "amount", "unit", "start", "maximum"), [
    ("7 years", 7, "year", "", False),
    ("for 7 years", 7, "year", "", False),
    ("for a period of 14 months", 14, "month", "", False),
    ("14 months after collection", 14, "month", "collection", False),
    ("14 months from the date of collection", 14, "month", "collection", False),
    ("up to 2 years", 2, "year", "", True),
    ("within 30 days", 30, "day", "", True),
    ("two years", 2, "year", "", False),
    ("fourteen months", 14, "month", "", False),
    ("twelve months", 12, "month", "", False),
    ("a year", 1, "year", "", False),
    ("one year", 1, "year", "", False),
    ("a month", 1, "month", "", False),
    ("6 weeks", 6, "week", "", False),
    ("thirty days", 30, "day", "", False),
    ("ninety days", 90, "day", "", False),
    ("hundred days", 100, "day", "", False),
    ("twenty-four months", 24, "month", "", False),
    ("ten (10) years", 10, "year", "", False),
    ("7 years.", 7, "year", "", False),
    ("2 years after the end of the contract", 2, "year", "end of contract", False),
])
def test_parse_durations(value: str, amount: int, unit: str, start: str,
                         maximum: bool) -> None:
    period = p(value)
    assert (period.amount, period.unit, period.start, period.event, period.maximum) == \
        (amount, unit, start, "", maximum)
    assert period.text == value.rstrip(".")


@pytest.mark.parametrize(("value", "event"), [
    ("until the account is closed", "account closed"),
    ("until you close your account", "close account"),
    ("after the inquiry has been addressed", "inquiry addressed"),
    ("as long as your account exists", "while account exists"),
    ("when you close your account", "close account"),
    ("once the contract ends", "contract ends"),
    ("at the end of the contract", "end of contract"),
])
def test_parse_events(value: str, event: str) -> None:
    period = p(value)
    assert (period.amount, period.unit, period.start, period.event) == (None, None, "", event)


@pytest.mark.parametrize("value", [
    "", "7", "forever", "cookies", "for more than 2 years", "14 years ago", "upon request",
    "once a year",
])
def test_parse_not_a_period(value: str) -> None:
    assert periods.parse(value) is None


# -- statements ------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "action", "phrase"), [
    ("The data are deleted after 14 months.", "delete", "after 14 months"),
    ("We keep them for 14 months.", "keep", "for 14 months"),
    ("They are stored for a period of 14 months.", "keep", "for a period of 14 months"),
    ("Logs are erased 14 months after collection.", "delete", "14 months after collection"),
    ("Invoices are retained for ten years as tax law requires.", "keep", "for ten years"),
    ("Your data are deleted when you close your account.", "delete",
     "when you close your account"),
    ("We keep your data until the account is closed.", "keep", "until the account is closed"),
    ("Records are purged within 30 days.", "delete", "within 30 days"),
    ("Backups are held for 6 weeks.", "keep", "for 6 weeks"),
    ("Data are anonymised once the contract ends.", "delete", "once the contract ends"),
    ("After 14 months, the data are deleted.", "delete", "After 14 months"),
    ("When you close your account, we delete your data.", "delete",
     "When you close your account"),
    ("We keep your name, email address and phone number for 2 years.", "keep", "for 2 years"),
    ("Logs are kept 30 days.", "keep", "30 days"),
])
def test_statements(sentence: str, action: str, phrase: str) -> None:
    found = only(sentence)
    assert (found.action, found.default) == (action, False)
    assert sentence[found.start:found.end] == phrase == found.period.text
    assert periods.same(found.period, p(phrase))


@pytest.mark.parametrize("sentence", [
    "Cookies are stored when you visit our site.",
    "We store your data after you sign up.",
    "We were founded 14 years ago.",
    "You must be over 16 years old.",
    "We respond within one month.",
    "We will respond to your request to delete your data within one month.",
    "For 2 years we have offered this service.",
    "We store cookies, and for 2 years we have offered this service.",
    "We do not keep your data for 2 years.",
    "We keep your data for more than 2 years.",
    "We delete your account if you have not logged in for more than 2 years.",
    "Data are deleted once a year.",
    "Data are deleted upon request.",
    "We retain your personal data for as long as necessary to fulfil the purposes for which "
    "it was collected.",
    "Data are deleted when no longer needed.",
])
def test_not_statements(sentence: str) -> None:
    assert periods.statements(sentence) == []


def test_two_statements_in_one_sentence() -> None:
    found = periods.statements("We keep invoices for 10 years and delete logs after 30 days.")
    assert [(s.action, periods.describe(s.period)) for s in found] == \
        [("keep", "10 years"), ("delete", "30 days")]


def test_list_items_are_clauses() -> None:
    found = periods.statements("• Account data - retained until the account is closed "
                               "• Usage data (login times, logs) - retained for 7 years")
    assert [periods.describe(s.period) for s in found] == ["until account closed", "7 years"]


@pytest.mark.parametrize("sentence", [
    "We do not keep your data for more than 2 years.",
    "Your data are not retained longer than 2 years.",
    "No personal data is stored for more than 2 years.",
])
def test_negated_limit_is_a_maximum(sentence: str) -> None:
    found = only(sentence)
    assert found.action == "keep"
    assert found.period.maximum
    assert periods.same(found.period, p("2 years"))


def test_default_rule() -> None:
    sentence = ("Unless stated otherwise above, we delete all personal data 2 years after the "
                "end of the contract.")
    found = only(sentence)
    assert found.default
    assert found.action == "delete"
    assert (found.period.amount, found.period.unit, found.period.start) == \
        (2, "year", "end of contract")
    assert sentence[found.start:found.end] == "2 years after the end of the contract"


@pytest.mark.parametrize("sentence", [
    "Where no other period is stated, we delete personal data after 2 years.",
    "Unless otherwise specified, data are deleted after 2 years.",
    "Unless otherwise noted, data are deleted after 2 years.",
    "Unless otherwise indicated, data are deleted after 2 years.",
    "In all other cases, data are deleted after 2 years.",
    "Otherwise, data are deleted after 2 years.",
    "By default, data are deleted after 2 years.",
])
def test_default_markers(sentence: str) -> None:
    assert only(sentence).default


# -- same and compare ------------------------------------------------------------------------

def test_the_issues_list_is_one_period() -> None:
    sentences = ["The data are deleted after 14 months.", "We keep them for 14 months.",
                 "They are stored for a period of 14 months.",
                 "Logs are erased 14 months after collection."]
    found = [only(s).period for s in sentences]
    found += [p("14 months after collection"), p("for 14 months"), p("fourteen months")]
    for a in found:
        for b in found:
            assert periods.same(a, b), (a, b)
            assert periods.compare(a, b) == 0


@pytest.mark.parametrize(("a", "b"), [
    ("12 months", "1 year"), ("1 year", "365 days"), ("12 months", "365 days"),
    ("twelve months", "a year"), ("2 years", "24 months"), ("1 month", "30 days"),
    ("6 weeks", "42 days"), ("within 30 days", "30 days"), ("up to 2 years", "2 years"),
    ("for 14 months", "14 months after collection"),
    ("14 months after collection", "14 months from the date of collection"),
    ("until the account is closed", "when you close your account"),
    ("until the account is closed", "after account closure"),
    ("until the account is closed", "until your account is terminated"),
    ("once the contract ends", "at the end of the contract"),
    ("as long as your account exists", "until the account is closed"),
    ("after the inquiry has been addressed", "once your inquiry is addressed"),
])
def test_same(a: str, b: str) -> None:
    assert periods.same(p(a), p(b))
    assert periods.same(p(b), p(a))


@pytest.mark.parametrize(("a", "b"), [
    ("14 months", "1 year"), ("1 year", "360 days"), ("52 weeks", "1 year"),
    ("7 years", "until the account is closed"),
    ("until the account is closed", "until the account is deleted"),
    ("until the account is closed", "once the contract ends"),
    ("14 months after collection", "14 months after the end of the contract"),
])
def test_different(a: str, b: str) -> None:
    assert not periods.same(p(a), p(b))


@pytest.mark.parametrize(("a", "b", "order"), [
    ("14 months", "1 year", 1), ("1 year", "14 months", -1), ("12 months", "1 year", 0),
    ("30 days", "1 month", 0), ("32 days", "1 month", 1), ("6 weeks", "2 months", -1),
    ("400 days", "1 year", 1), ("10 years", "7 years", 1),
    ("14 months after collection", "2 years", -1),
    ("7 years", "until the account is closed", None),
    ("until the account is closed", "until the account is deleted", None),
    ("14 months after collection", "14 months after the end of the contract", None),
])
def test_compare(a: str, b: str, order: int | None) -> None:
    assert periods.compare(p(a), p(b)) == order


@pytest.mark.parametrize(("value", "plain"), [
    ("14 months after collection", "14 months (after collection)"),
    ("a year", "1 year"),
    ("within 30 days", "up to 30 days"),
    ("until the account is closed", "until account closed"),
    ("as long as your account exists", "while account exists"),
])
def test_describe(value: str, plain: str) -> None:
    assert periods.describe(p(value)) == plain
