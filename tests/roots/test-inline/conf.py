# A notice written as prose, every fact declared on its own words ({declare-…} roles).
extensions = ["myst_parser", "gdpr_policy"]
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
policy_compliance_checks = False
project = "Praktijk Zeeduin privacy notice"
copyright = "2026, Praktijk Zeeduin B.V."
