# One page with the compliance checks on: tests/test_accuracy.py writes index.md for each
# case (the controller, rights and the rest are left out; only the findings a case is
# about are read).
extensions = ["myst_parser", "gdpr_policy"]
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence"]
policy_compliance_checks = True
