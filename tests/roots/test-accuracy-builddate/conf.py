# A small policy laid out as the project is (conf.py beside docs/), so that `make` runs on
# it: tests/test_builddate.py copies it into a folder without commit history and checks
# that the build is dated by the policy's own last-updated date.
project = "Builddate Test Policy"
author = "Example BV"
copyright = "%Y, Example BV"
language = "en"
extensions = ["myst_parser", "gdpr_policy"]
root_doc = "index"
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
primary_domain = "policy"
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
nitpicky = True
