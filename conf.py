"""Sphinx configuration of FluxDesk's privacy policy.

The policy's text and facts live in docs/ (Markdown); this file only sets up the build.
"""

project = "FluxDesk Privacy Policy"
author = "FluxDesk BV"
# The year of the build's date, never the clock's: SOURCE_DATE_EPOCH (the last commit),
# else the policy's own last-updated date (the extension fills in %Y).
copyright = "%Y, FluxDesk BV"
language = "en"
# version/release: left unset; the extension takes the policy's last-updated date from the
# landing page's front matter (EPUB needs a version), so the date is typed once.

extensions = [
    "myst_parser",
    "sphinx_design",
    "gdpr_policy",
]

root_doc = "index"
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "README.md"]
primary_domain = "policy"

myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = "FluxDesk Privacy Policy"
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
html_static_path: list[str] = []

# The published build is strict (-W -n): every reference must resolve.
nitpicky = True

# -- Compliance checks (GDPR Art. 13/14) -------------------------------------------------
# Off here, so findings never block publishing; `make check` turns them on
# (-D policy_compliance_checks=1) and fails while an error finding is open.
policy_compliance_checks = False
# Findings the legal team has accepted, each with why and who, e.g.
#   {"check": "requirement", "key": "cookies", "reason": "...", "accepted_by": "name, date"}
# A waived finding stays in the report, marked waived. Findings on the client's own policy
# are results for the legal team: never waive them to make the build quiet.
policy_waivers: list[dict[str, str]] = []
