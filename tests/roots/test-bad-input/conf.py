# A minimal, valid policy: each bad-input case adds one page, case.md, beside it.
extensions = ["myst_parser", "gdpr_policy"]
exclude_patterns = ["_build"]
primary_domain = "policy"
nitpicky = True
html_theme = "basic"
