# A small policy that gives everything GDPR Art. 13/14 asks and contradicts nothing: every
# compliance check passes on it. Tests add one defect at a time to see the exit status.
extensions = ["myst_parser", "gdpr_policy"]
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence"]
policy_compliance_checks = True
