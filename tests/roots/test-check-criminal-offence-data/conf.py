# A minimal policy for the compliance check 'criminal-offence-data': trigger.md makes the check report
# a finding (each expected one is marked by a "% expect: <check>" line just above it);
# satisfy.md gives what the check asks for. The test builds one page at a time.
extensions = ["myst_parser", "gdpr_policy"]
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence"]
policy_compliance_checks = True
