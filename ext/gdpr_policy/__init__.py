"""gdpr_policy: a Sphinx extension for publishing a GDPR privacy notice.

Each legal concept is a module of its own; this file only wires them up.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from .activities import setup_activities
from .builddate import setup_builddate
from .categories import setup_categories
from .compliance import setup_compliance
from .consistency import setup_consistency
from .definitions import setup_definitions
from .dependents import pages_to_rewrite
from .domain import PolicyDomain
from .export import setup_export
from .facts import setup_facts
from .inline import setup_inline
from .jsonld import setup_jsonld
from .latexanchors import setup_latex_anchors
from .mentions import setup_mentions
from .popups import setup_popups
from .printing import setup_printing
from .recipients import setup_recipients
from .retention import setup_retention
from .rights import setup_rights
from .searchindex import setup_searchindex
from .sourcefiles import setup_sourcefiles
from .staleoutput import setup_staleoutput
from .tables import placeholder
from .theme import setup_theme
from .version import __version__
from .versions.banner import setup_banner

STATIC = Path(__file__).parent / "static"


def configure(app: Sphinx, config: Config) -> None:
    # app.add_static_dir is 9.1+; on 9.0 the folder joins html_static_path.
    if str(STATIC) not in map(str, config.html_static_path):
        config.html_static_path.append(str(STATIC))
    # The policy directives are written as ::: fences; without colon_fence MyST would
    # print them as raw text and a strict build would still pass.
    # {right}, {category}, {recipient} … are the policy domain's roles: a notice's conf.py
    # need not say so (Sphinx's default primary domain is Python's).
    if config.primary_domain == "py":
        config.primary_domain = "policy"
    if "myst_parser" in config.extensions:
        enabled = set(getattr(config, "myst_enable_extensions", ()) or ())
        if "colon_fence" not in enabled:
            config.myst_enable_extensions = sorted(enabled | {"colon_fence"})


def rebuild(app: Sphinx, env: Any) -> list[str]:
    """After reading: rebuild the lookups and name the pages showing a changed fact."""
    domain: PolicyDomain = env.domains["policy"]
    domain.rebuild()
    return sorted(pages_to_rewrite(domain) & env.found_docs)


def source_version() -> int:
    """The environment Sphinx keeps between builds depends on this extension's code (the
    catalogue, the directives): a change to any of its files starts a build afresh, so an
    incremental build (``make live``) never shows pages read by older code."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".json", ".html"):
            digest.update(path.read_bytes())
    return int(digest.hexdigest()[:12], 16)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_domain(PolicyDomain)
    setup_sourcefiles(app)
    setup_staleoutput(app)
    setup_definitions(app)
    setup_rights(app)
    setup_facts(app)
    setup_builddate(app)
    setup_mentions(app)
    setup_popups(app)
    setup_categories(app)
    setup_retention(app)
    setup_recipients(app)
    setup_activities(app)
    setup_inline(app)
    setup_consistency(app)
    setup_export(app)
    setup_jsonld(app)
    setup_printing(app)
    setup_compliance(app)
    setup_searchindex(app)
    setup_latex_anchors(app)
    setup_theme(app)
    setup_banner(app)
    app.setup_extension("gdpr_policy.theme.navigation")  # the sidebar, rendered once per build
    app.add_node(placeholder)
    app.connect("config-inited", configure)
    app.connect("env-updated", rebuild)
    app.add_css_file("policy.css")
    app.add_js_file("policy.js", defer="defer")
    return {
        "version": __version__,
        "env_version": source_version(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
