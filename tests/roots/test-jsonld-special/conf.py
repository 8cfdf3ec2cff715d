# A small policy with special categories of data (Art. 9), criminal-offence data (Art. 10)
# and Art. 9(2) conditions, in blocks and in prose, for policy.jsonld's DPV terms.
extensions = ["myst_parser", "gdpr_policy"]
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence"]
language = "en"
policy_compliance_checks = False
project = "Example Clinic privacy notice"
