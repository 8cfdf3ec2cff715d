# A small policy in the form an earlier release wrote: ':recipients:' names recipients by
# free phrases, separated by ';'. tests/test_migrate.py builds it (it fails), runs
# `python -m gdpr_policy.migrate` on a copy, and builds that (it passes, same sentences).
project = "Migrate Recipients"
extensions = ["myst_parser", "gdpr_policy"]
exclude_patterns = ["_build"]
primary_domain = "policy"
myst_enable_extensions = ["colon_fence"]
nitpicky = True
html_theme = "basic"
