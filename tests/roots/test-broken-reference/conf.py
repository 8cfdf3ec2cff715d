extensions = ["myst_parser", "gdpr_policy"]
exclude_patterns = ["_build"]
