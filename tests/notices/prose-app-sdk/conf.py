extensions = ["myst_parser", "gdpr_policy"]
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
policy_compliance_checks = True
primary_domain = "policy"
