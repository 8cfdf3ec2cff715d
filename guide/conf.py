"""The authoring guide: how the legal team writes the privacy policy.

A Sphinx project of its own (``make guide`` builds it into _build/guide), loading the same
extension as the policy, so its worked examples are real and checked, yet never become
facts of the published policy, its navigation or its PDF.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "Writing the FluxDesk privacy policy"
author = "FluxDesk BV"
_epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0")) or None
copyright = time.strftime("%Y", time.gmtime(_epoch)) + ", FluxDesk BV"
language = "en"

extensions = ["myst_parser", "gdpr_policy", "guide_tables"]
root_doc = "index"
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "_ext"]
primary_domain = "policy"
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = "Authoring guide"
html_show_sourcelink = False
html_copy_source = False
html_static_path = ["_static"]
html_css_files = ["guide.css"]

# Prose about terms should not turn every "consent" into a link to the examples.
policy_autolink_terms = False
nitpicky = True
