"""A page deleted from the sources leaves the published site too.

Sphinx forgets a removed document but leaves the page it wrote for it in the output folder,
so a deleted section stayed online after an incremental build. Its output file is removed
when Sphinx notices the removal. (``make html`` builds into an emptied folder.)
"""

from __future__ import annotations

import contextlib
from collections.abc import Set
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment


def remove_pages(app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str],
                 removed: Set[str]) -> list[str]:
    outfile = getattr(app.builder, "get_outfilename", None)
    if outfile is None or app.builder.format != "html":
        return []
    sources = Path(app.outdir, "_sources")
    link_suffix = getattr(app.config, "html_sourcelink_suffix", ".txt") or ""
    for docname in removed:
        page = Path(outfile(docname))
        page.unlink(missing_ok=True)
        for suffix in app.config.source_suffix:  # the copy of its source (html_copy_source)
            name = docname + (suffix if not docname.endswith(suffix) else "")
            Path(sources, name + (link_suffix if not name.endswith(link_suffix) else "")
                 ).unlink(missing_ok=True)
        # dirhtml writes page/index.html: the folder goes when nothing else is in it
        if page.name == "index.html" and page.parent != Path(app.outdir):
            with contextlib.suppress(OSError):
                page.parent.rmdir()
    return []


def setup_staleoutput(app: Sphinx) -> None:
    app.connect("env-get-outdated", remove_pages)
