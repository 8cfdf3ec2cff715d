# A small policy that uses every directive and role of gdpr_policy, for the builder,
# parallel and incremental tests.
project = "Test Policy"
author = "Example BV"
copyright = "2024, Example BV"
language = "en"
extensions = ["myst_parser", "gdpr_policy"]
exclude_patterns = ["_build"]
primary_domain = "policy"
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist"]
nitpicky = True
version = release = "1.0"
