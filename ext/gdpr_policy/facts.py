"""Facts about the policy itself, declared once: the controller (``{controller}``) and the
"last updated" date (front matter ``last-updated:`` of a page). ``{fact}`key``` shows them
wherever the policy states them."""

from __future__ import annotations

import datetime
import functools
from typing import Any, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform

from .directives import PolicyDirective, text
from .frontmatter import entry_key, front_matter
from .records import Controller
from .warnings import PolicyWarning, allowed_text, closest, quoted, warn

DATE_KEY = "last-updated"
VERSIONED_BUILDERS = ("epub", "latex")
#: Prefixed like the other declarations' anchors, so a heading "Controller" keeps its own.
CONTROLLER_ANCHOR = "policy-controller"
FACTS = {
    "last-updated": "the date the policy was last updated (front matter 'last-updated:')",
    "controller": "the controller's name ({controller} block)",
    "controller-email": "the controller's email address",
    "controller-address": "the controller's postal address, on one line",
}


def front_matter_line(env: BuildEnvironment, docname: str, key: str) -> int:
    """The line of ``key:`` in a page's front matter (1, the front matter's first line,
    when it is not found)."""
    return next((number for number, line in front_matter(env.doc2path(docname))
                 if entry_key(line) == key), 1)


def date_key(metadata: dict[str, object]) -> str | None:
    """The front-matter key a page gives the date under: 'last-updated', or a slip of it
    ('last_updated', 'Last-Updated'), which is reported (check_date) and still used."""
    if DATE_KEY in metadata:
        return DATE_KEY
    near = [k for k in metadata if near_date_key(str(k))]
    return near[0] if near else None


@functools.lru_cache(maxsize=256)
def near_date_key(key: str) -> bool:
    # Pages share their keys: compare each spelling once, not once per page.
    return bool(closest(key, [DATE_KEY]))


def policy_date(env: BuildEnvironment) -> tuple[datetime.date | None, tuple[str, int] | None]:
    """The declared "last updated" date and where it is declared."""
    for docname in sorted(env.metadata):
        key = date_key(env.metadata[docname])
        if key is None:
            continue
        value = env.metadata[docname][key]
        where = (docname, front_matter_line(env, docname, key))
        try:
            return datetime.date.fromisoformat(str(value).strip()), where
        except ValueError:
            return None, where
    return None, None


def long_date(date: datetime.date) -> str:
    return f"{date:%B} {date.day}, {date.year}"


def fact_values(env: BuildEnvironment) -> dict[str, str]:
    # Once per build (the index is rebuilt after reading): every page asks for the
    # controller (printing's author tag), and reading all front matter each time is
    # quadratic in pages.
    index = env.domains["policy"].index  # type: ignore[attr-defined]
    cached: dict[str, str] | None = getattr(index, "_fact_values", None)
    if cached is None:
        cached = index._fact_values = _fact_values(env)
    return cached


def _fact_values(env: BuildEnvironment) -> dict[str, str]:
    values: dict[str, str] = {}
    date, where = policy_date(env)
    if date:
        values["last-updated"] = long_date(date)
    elif where:  # not a date: reported once (check_date); shown as written meanwhile
        values["last-updated"] = str(env.metadata[where[0]][date_key(env.metadata[where[0]])])
    controller = env.domains["policy"].index.controller  # type: ignore[attr-defined]
    if controller:
        values["controller"] = controller.name
        if controller.email:
            values["controller-email"] = controller.email
        values["controller-address"] = ", ".join(controller.address)
    return values


def check_date(app: Sphinx, env: BuildEnvironment) -> None:
    declared = [d for d in sorted(env.metadata) if date_key(env.metadata[d])]
    for docname in declared:
        key = date_key(env.metadata[docname])
        if key != DATE_KEY:
            warn(PolicyWarning.UNKNOWN_KEY,
                 f"front matter {str(key)!r} is not a key the policy knows; did you mean "
                 f"{DATE_KEY!r}? (its value is used meanwhile)",
                 (docname, front_matter_line(env, docname, str(key))))
    date, where = policy_date(env)
    if where and date is None:
        warn(PolicyWarning.INVALID_VALUE,
             f"front matter '{date_key(env.metadata[where[0]])}: "
             f"{env.metadata[where[0]][date_key(env.metadata[where[0]])]}' is not a date; "
             "write it as YYYY-MM-DD, e.g. 'last-updated: 2024-01-15'", where)
    for docname in declared[1:]:
        warn(PolicyWarning.DUPLICATE,
             f"'last-updated' is declared again here; it is declared once, in "
             f"{env.doc2path(declared[0], base=False)}",
             (docname, front_matter_line(env, docname, DATE_KEY)))
    check_controllers(env)


def check_controllers(env: BuildEnvironment) -> None:
    """A policy has one controller block; a second one (under another name) is reported
    here, the same name twice by the general duplicate check."""
    domain = env.domains["policy"]
    found = [r for docname in sorted(domain.data["records"])
             for r in domain.data["records"][docname] if isinstance(r, Controller)]
    for again in found[1:]:
        if again.name == found[0].name or again.docname == found[0].docname:
            continue  # the same name: reported by the general check; same page: when read
        warn(PolicyWarning.DUPLICATE,
             f"the controller is declared twice ({quoted(again.name)} here, "
             f"{quoted(found[0].name)} at {env.doc2path(found[0].docname, base=False)}:"
             f"{found[0].lineno}); keep one {{controller}} block", (again.docname, again.lineno))


class ControllerDirective(PolicyDirective):
    """The controller's identity: ``{controller} Name`` with the address lines as content."""

    declares = 'who the controller is: name, postal address and contact details'

    known_options: ClassVar = {"email": text, "phone": text, "web": text, "dpo": text,
                               "authority": text}
    option_help: ClassVar = {
        "email": "the controller's email address (shown as a mail link)",
        "phone": "the controller's telephone number",
        "web": "the address of the controller's contact form or website (shown as a link)",
        "dpo": "how to reach the data protection officer, when the policy names one",
        "authority": "the supervisory authority the policy names",
    }
    example_argument = "Example Company BV"

    def run(self) -> list[nodes.Node]:
        options = self.checked_options()
        name = self.argument("controller's name")
        lines = tuple(" ".join(line.split()) for line in self.content if line.strip())
        # Art. 13(1)(a) asks for contact details: an address, an email address, a phone
        # number or a contact form each is one.
        if not lines and not any(options.get(k) for k in ("email", "phone", "web")):
            self.warn(PolicyWarning.EMPTY,
                      "give the controller's contact details: the postal address as the "
                      "block's text (one line per address line), or ':email:', ':phone:' "
                      "or ':web:'")
        block = nodes.line_block(classes=["policy-controller"])
        self.set_source_info(block)
        docname = self.env.current_document.docname
        first = next((r for r in self.domain.records_of(docname)
                      if isinstance(r, Controller)), None)
        if first is not None:
            self.warn(PolicyWarning.DUPLICATE,
                      f"the controller is declared twice on this page (first at line "
                      f"{first.lineno}); keep one {{controller}} block")
        elif self.in_place():
            self.target(block, CONTROLLER_ANCHOR)
        for value in (name, *lines):
            if value:
                block += nodes.line(value, value)
        email = options.get("email", "")
        if email:
            line = nodes.line()
            line += nodes.reference(email, email, refuri=f"mailto:{email}")
            block += line
        if options.get("phone"):
            block += nodes.line(options["phone"], options["phone"])
        web = options.get("web", "")
        if web:
            line = nodes.line()
            uri = web if "://" in web else f"https://{web}"
            line += nodes.reference(web, web, refuri=uri)
            block += line
        if not name or not block["ids"]:
            return [block]
        self.domain.add(docname, Controller(
            docname, self.lineno, CONTROLLER_ANCHOR, name, lines, email, options.get("phone", ""),
            web, options.get("dpo", ""), options.get("authority", "")))
        return [block]


class ShowFacts(SphinxPostTransform):
    """Replaces each ``{fact}`` with the declared value (before references are resolved)."""

    default_priority = 7

    def run(self, **kwargs: Any) -> None:
        values: dict[str, str] | None = None
        for node in list(self.document.findall(addnodes.pending_xref)):
            if node.get("refdomain") != "policy" or node.get("reftype") != "fact":
                continue
            if values is None:
                values = fact_values(self.env)
            key = node["reftarget"].strip()
            if key in values:
                node.replace_self(nodes.inline(values[key], values[key],
                                               classes=["policy-fact", f"policy-fact-{key}"]))
            elif key in FACTS:
                warn(PolicyWarning.UNKNOWN_FACT,
                     f"{{fact}} {key!r} is not declared: it is {FACTS[key]}", node)
                node.replace_self(nodes.inline(key, key, classes=["policy-fact-missing"]))
            else:
                warn(PolicyWarning.UNKNOWN_FACT,
                     f"unknown {{fact}} {key!r}; {allowed_text(key, FACTS)}", node)
                node.replace_self(nodes.inline(key, key, classes=["policy-fact-missing"]))


def date_as_version(app: Sphinx) -> None:
    """A policy's version is its last-updated date: EPUB requires a version and LaTeX
    prints it, so it is read from the root page's front matter rather than typed twice.
    Only for those builders: as a config value it would make every date edit a full
    rebuild of the website."""
    config = app.config
    if config.version or config.release or app.builder.name not in VERSIONED_BUILDERS:
        return
    for _, line in front_matter(app.env.doc2path(config.root_doc)):
        value = line.partition(":")[2].strip().strip("'\"")
        if entry_key(line) == DATE_KEY and value:
            app.builder.policy_version = value  # type: ignore[attr-defined]
            show_version(app, app.builder)
            return


def show_version(app: Sphinx, builder: Any) -> None:
    version = getattr(builder, "policy_version", "")
    if version:
        app.config.version = app.config.release = version


def forget_version(app: Sphinx, env: BuildEnvironment) -> None:
    """The saved environment keeps the configuration as given: a derived version saved
    with it would read as a changed configuration, and a full rebuild, next time."""
    if getattr(app.builder, "policy_version", ""):
        app.config.version = app.config.release = ""


def setup_facts(app: Sphinx) -> None:
    # before EPUB's own check of the version (builder-inited, priority 500)
    app.connect("builder-inited", date_as_version, priority=400)
    app.connect("env-updated", forget_version, priority=999)
    app.connect("write-started", show_version)
    app.add_directive("controller", ControllerDirective)
    app.add_post_transform(ShowFacts)
    app.connect("env-check-consistency", check_date)
