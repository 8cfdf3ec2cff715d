"""The safety net for what an editor can get wrong in the Markdown around the policy's
blocks: a misspelt directive or role name (reported with the closest name, its text
kept), HTML typed in a page (shown as text, never run), a reference inside a heading, and
a line of colons that closes nothing."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives, roles
from docutils.parsers.rst.languages import en
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from .directives import CONTEXT, Options, mend_nested_lines, policy_directives
from .domain import PolicyDomain
from .warnings import PolicyWarning, closest, quoted, warn

# -- misspelt directive and role names -----------------------------------------------------

def _known_directive(domain: PolicyDomain, name: str) -> bool:
    return (name in directives._directives or name in directives._directive_registry
            or name in en.directives or name in domain.env.domains.standard_domain.directives)


def _known_role(domain: PolicyDomain, name: str) -> bool:
    return (name in roles._roles or name in roles._role_registry or name in en.roles
            or name in domain.roles or name in domain.env.domains.standard_domain.roles)


def _policy_roles(domain: PolicyDomain) -> list[str]:
    return sorted({*domain.roles, "term"})


class UnknownDirective(SphinxDirective):
    """Stands in for a directive name nobody registered: one warning naming the closest
    policy directive, and the block's text kept as plain Markdown."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = Options()

    def run(self) -> list[nodes.Node]:
        ours = policy_directives()
        std = self.env.domains.standard_domain.directives
        # the closest policy block first; else the closest of any other (a misspelt {note})
        near = closest(self.name, ours) or closest(
            self.name, {*directives._directives, *en.directives, *std})
        hint = f"did you mean {{{near[0]}}}? " if near else ""
        warn(PolicyWarning.UNKNOWN_DIRECTIVE,
             f"unknown directive {{{self.name}}}; {hint}The policy's directives are: "
             f"{', '.join(ours)}; the text is shown as plain text",
             (self.env.current_document.docname, self.lineno))
        out: list[nodes.Node] = []
        if self.arguments:
            para = nodes.paragraph(self.arguments[0], self.arguments[0])
            self.set_source_info(para)
            out.append(para)
        mend_nested_lines(self)
        # Read the content as the block it most likely meant, so a misspelt
        # {defintions} is one warning, not one more for every {definition} inside.
        previous = self.env.temp_data.get(CONTEXT)
        if near and near[0] in ours:
            self.env.temp_data[CONTEXT] = near[0]
        try:
            return out + self.parse_content_to_nodes()
        finally:
            if previous is None:
                self.env.temp_data.pop(CONTEXT, None)
            else:
                self.env.temp_data[CONTEXT] = previous


def misspelled_directive(domain: PolicyDomain, name: str) -> type[UnknownDirective] | None:
    """The stand-in for ``name`` when no one knows it (the policy is the default domain)."""
    if ":" in name or _known_directive(domain, name):
        return None
    return UnknownDirective


def misspelled_role(domain: PolicyDomain, name: str) -> Callable[..., Any] | None:
    """A role function for an unknown role name: one warning, the text kept."""
    if ":" in name or _known_role(domain, name):
        return None

    def unknown_role(typ: str, rawtext: str, text: str, lineno: int, inliner: Any,
                     options: dict[str, Any] | None = None, content: Sequence[str] = ()
                     ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        allowed = _policy_roles(domain)
        std = domain.env.domains.standard_domain.roles
        near = closest(name, allowed) or closest(name, {*roles._roles, *en.roles, *std})
        hint = f"did you mean {{{near[0]}}}? " if near else ""
        warn(PolicyWarning.UNKNOWN_ROLE,
             f"unknown role {{{name}}}; {hint}The policy's roles are: "
             f"{', '.join(allowed)}; the text is shown as plain text",
             (domain.env.current_document.docname, lineno))
        shown = re.sub(r"\s*<[^<>]*>$", "", text) or text  # "title <key>" shows the title
        return [nodes.inline(rawtext, shown, classes=["policy-unknown-role"])], []

    return unknown_role


# -- raw HTML is shown as text -------------------------------------------------------------

class ShowRawHtmlAsText(SphinxTransform):
    """HTML typed in the Markdown (``<script>``, ``<b onmouseover=…>``) is shown as the
    characters typed, never passed to the page: the editors write text, not markup."""

    default_priority = 200

    def apply(self, **kwargs: Any) -> None:
        for raw in list(self.document.findall(nodes.raw)):
            # only what was typed in a page (it has a line); extensions' own HTML is theirs
            if "html" not in raw.get("format", "").split() or not raw.line:
                continue
            typed = raw.astext()
            if "<!--" in typed:
                typed = without_comments(typed, raw)
                if not typed.strip():
                    raw.parent.remove(raw)
                    continue
            if isinstance(raw.parent, nodes.TextElement):
                raw.replace_self(nodes.Text(typed))
            else:
                para = nodes.paragraph(typed, typed, classes=["policy-typed-html"])
                para.source, para.line = raw.source, raw.line
                raw.replace_self(para)


COMMENT = re.compile(r"<!--.*?-->", re.S)


def without_comments(typed: str, raw: nodes.raw) -> str:
    """An HTML comment is a note to other editors: never published, and a block written
    inside it is not run. One never closed hides everything after it: it is reported and
    shown as typed."""
    kept = COMMENT.sub("", typed)
    if "<!--" in kept:
        warn(PolicyWarning.UNCLOSED,
             "this comment ('<!--') is never closed ('-->'), so it would hide the rest of "
             "the page; it is shown as text: close it where the note ends", raw)
        return typed
    return kept


class RefuseExternalResources(SphinxTransform):
    """An image (or any file) loaded from another site would make every reader's browser
    contact that site: a privacy notice must not. Reported, and shown as a link instead
    (a link is only followed when a reader chooses to)."""

    default_priority = 212

    def apply(self, **kwargs: Any) -> None:
        for image in list(self.document.findall(nodes.image)):
            uri = str(image.get("uri", ""))
            if not EXTERNAL.match(uri):
                continue
            warn(PolicyWarning.EXTERNAL_RESOURCE,
                 f"the image {quoted(uri)} would be loaded from another site, which tells "
                 "that site about every reader; put the file in the project (e.g. next to "
                 "the page) and refer to it by its name, or link to it instead", image)
            alt = str(image.get("alt", "")) or uri
            link = nodes.reference(alt, alt, refuri=uri)
            if isinstance(image.parent, nodes.TextElement):
                image.replace_self(link)
            else:
                para = nodes.paragraph("", "", link)
                para.source, para.line = image.source, image.line
                image.replace_self(para)


#: An address on another site: a scheme ("https:", "data:" aside) or "//host".
EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:(?!/?$)(?<!data:)|//)", re.I)


def conf_place(app: Sphinx, name: str) -> str:
    """conf.py's path and the line that sets ``name``, as a warning's location."""
    conf = Path(app.confdir, "conf.py")
    try:
        lines = conf.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    setting = re.compile(rf"^\s*{re.escape(name)}\b\s*(?::[^=]*)?[+]?=")
    line = next((n for n, text in enumerate(lines, 1) if setting.match(text)), 0)
    return f"{conf}:{line}" if line else str(conf)


def check_theme_resources(app: Sphinx) -> None:
    """Stylesheets, scripts, a logo or an icon set in conf.py from another site."""
    config = app.config
    for name in ("html_css_files", "html_js_files"):
        for entry in getattr(config, name, None) or ():
            uri = entry[0] if isinstance(entry, tuple | list) else entry
            if isinstance(uri, str) and EXTERNAL.match(uri) and not uri.startswith("data:"):
                warn(PolicyWarning.EXTERNAL_RESOURCE,
                     f"{name} loads {quoted(uri)} from another site in every page; keep the "
                     "file in the project instead", conf_place(app, name))
    for name in ("html_logo", "html_favicon"):
        uri = getattr(config, name, None)
        if isinstance(uri, str) and EXTERNAL.match(uri) and not uri.startswith("data:"):
            warn(PolicyWarning.EXTERNAL_RESOURCE,
                 f"{name} loads {quoted(uri)} from another site in every page; keep the "
                 "file in the project instead", conf_place(app, name))


class UnnestLinks(SphinxTransform):
    """A reference inside the text of a link ("[see {term}`consent`](…)") would be a link
    inside a link, which HTML does not allow: reported, and shown as its words."""

    default_priority = 211

    def apply(self, **kwargs: Any) -> None:
        for link in list(self.document.findall(nodes.reference)):
            for inner in list(link.findall(addnodes.pending_xref)):
                words = inner.astext()
                warn(PolicyWarning.NESTING,
                     f"the link {quoted(link.astext())} holds a reference to "
                     f"{quoted(inner.get('reftarget', words))}: a link cannot hold another "
                     "link; put the reference outside the link's text", link)
                inner.replace_self(nodes.inline(words, words))


class UnlinkHeadings(SphinxTransform):
    """A reference inside a heading (``## About {term}`consent` ``) is reported and shown
    as its words: headings are copied into the contents, the navigation and the PDF's
    bookmarks, where a link cannot work, and a heading is a link target itself."""

    default_priority = 210

    def apply(self, **kwargs: Any) -> None:
        for title in list(self.document.findall(nodes.title)):
            if not isinstance(title.parent, nodes.section):
                continue
            for ref in list(title.findall(addnodes.pending_xref)):
                role = ref.get("reftype", "")
                role = role if ref.get("refdomain") in ("policy", "std") else \
                    f"{ref.get('refdomain')}:{role}"
                words = ref.astext()
                warn(PolicyWarning.HEADING_REFERENCE,
                     f"the heading {quoted(title.astext())} holds a {{{role}}} reference to "
                     f"{quoted(ref.get('reftarget', words))}; headings are not linked (they "
                     "appear in the contents and the PDF bookmarks): write the words without "
                     "the role, and link them in the text below", title)
                ref.replace_self(nodes.inline(words, words))


class ReportStrayFences(SphinxTransform):
    """A line of colons with no block to close opens a nameless block instead (MyST reads
    it as a "div"), which silently wraps the rest of the page: report it."""

    default_priority = 205

    def apply(self, **kwargs: Any) -> None:
        for div in self.document.findall(nodes.container):
            if div.get("is_div") and not div["classes"] and not div["ids"]:
                warn(PolicyWarning.UNCLOSED,
                     "this line of colons closes no block (the one above is already "
                     "closed), so it opens a nameless one; remove it, or check the colons "
                     "above: a block holding others needs more colons than they have", div)


def setup_markup(app: Sphinx) -> None:
    PolicyDomain.misspelled = (misspelled_directive, misspelled_role)
    app.add_transform(ShowRawHtmlAsText)
    app.add_transform(ReportStrayFences)
    app.add_transform(UnlinkHeadings)
    app.add_transform(RefuseExternalResources)
    app.add_transform(UnnestLinks)
    app.connect("builder-inited", check_theme_resources)
