"""The build's date without commit history: the policy's own ``last-updated:`` date.

Every date a build writes (the copyright year in the footer, the PDF's creation and
modification dates, Sphinx's own dates) comes from ``SOURCE_DATE_EPOCH``. ``make`` sets it
from the last commit; a folder without one (a tarball, a copy without ``.git``) has none,
and the date then comes from the root page's front matter (``last-updated: 2026-03-04``),
never from the clock or a fixed year. Set at ``config-inited``, before Sphinx evaluates
the copyright's ``%Y`` and corrects its year to ``SOURCE_DATE_EPOCH`` (``sphinx.config``,
priorities 795 and 800), and put back as it was when the build ends, so a process that
runs several builds (the tests, ``python -m gdpr_policy.pdf``) dates each by its own policy.
"""

from __future__ import annotations

import datetime
import os
import re
import time
from collections.abc import Sequence
from pathlib import Path

import yaml
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from .facts import date_key
from .frontmatter import entry_key, front_matter

logger = logging.getLogger(__name__)

VARIABLE = "SOURCE_DATE_EPOCH"
#: What the variable was before this build set it (None: unset), to put back.
_SAVED = "_policy_saved_source_date_epoch"


def root_page(app: Sphinx, config: Config) -> Path | None:
    """The root document's file (its suffixes are not yet normalised at config-inited)."""
    suffixes = config.source_suffix
    if isinstance(suffixes, str):
        suffixes = [suffixes]
    candidates = [*suffixes, *app.registry.source_suffix, ".md", ".rst", ".txt"]
    for suffix in dict.fromkeys(candidates):
        path = Path(app.srcdir, f"{config.root_doc}{suffix}")
        if path.is_file():
            return path
    return None


def last_updated(path: Path) -> datetime.date | None:
    """The ``last-updated:`` date of a page's front matter (or of a slip of the key, as
    facts.date_key accepts it); None when there is none or it is not a date."""
    lines = [line for _, line in front_matter(path)]
    try:
        metadata = yaml.safe_load("\n".join(lines)) if lines else None
    except yaml.YAMLError:
        metadata = None
    if not isinstance(metadata, dict):  # not YAML: its top-level "key: value" lines
        metadata = {entry_key(line): line.partition(":")[2] for line in lines if ":" in line}
    key = date_key(metadata)
    if key is None:
        return None
    value = metadata[key]
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip().strip("'\""))
    except ValueError:
        return None


def epoch_of(date: datetime.date) -> int:
    return int(datetime.datetime(date.year, date.month, date.day,
                                 tzinfo=datetime.UTC).timestamp())


def given_epoch() -> int | None:
    value = os.environ.get(VARIABLE, "").strip()
    return int(value) if re.fullmatch(r"\d+", value) else None


def dated(line: str, year: str, clock_years: set[str]) -> str:
    """A copyright line dated ``year``: its ``%Y``, and a year that can only have come
    from the clock (the leading year, or a range's end, equal to this year's), replaced."""
    line = line.replace("%Y", year)
    match = re.match(r"(\d{4})(?:-(\d{4}))?(?=$|[\s,])", line)
    if match is None:
        return line
    last = match.group(2) or match.group(1)
    if last not in clock_years or last == year:
        return line
    start = match.start(2) if match.group(2) else match.start(1)
    return line[:start] + year + line[start + 4:]


def correct_copyright(config: Config, year: str) -> None:
    clock = {str(time.localtime().tm_year), str(time.gmtime().tm_year)}
    for name in ("copyright", "epub_copyright"):
        if name not in config:
            continue
        value: str | Sequence[str] = config[name]
        if isinstance(value, str):
            config[name] = dated(value, year, clock)
        elif value:
            config[name] = type(value)(dated(line, year, clock)  # type: ignore[call-arg]
                                       for line in value)


def date_the_build(app: Sphinx, config: Config) -> None:
    """SOURCE_DATE_EPOCH from the policy's last-updated date when none is given (unset or
    empty); the copyright year from it."""
    epoch = given_epoch()
    if epoch is None:
        setattr(app, _SAVED, os.environ.get(VARIABLE))
        page = root_page(app, config)
        date = last_updated(page) if page else None
        if date is None:
            # nothing to date the build by: Sphinx's own default (an empty value would
            # stop it); facts.check_date reports a missing or malformed date
            os.environ.pop(VARIABLE, None)
            logger.info("SOURCE_DATE_EPOCH is not set and the root page declares no "
                        "'last-updated:' date")
            return
        epoch = epoch_of(date)
        os.environ[VARIABLE] = str(epoch)
    correct_copyright(config, str(time.gmtime(epoch).tm_year))


def restore(app: Sphinx, exception: Exception | None) -> None:
    """Put the variable back as it was before this build."""
    if not hasattr(app, _SAVED):
        return
    saved = getattr(app, _SAVED)
    delattr(app, _SAVED)
    if saved is None:
        os.environ.pop(VARIABLE, None)
    else:
        os.environ[VARIABLE] = saved


def setup_builddate(app: Sphinx) -> None:
    # before sphinx.config's %Y (795) and its correction to SOURCE_DATE_EPOCH (800)
    app.connect("config-inited", date_the_build, priority=790)
    app.connect("build-finished", restore, priority=999)
