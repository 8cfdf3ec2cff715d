extensions = ["myst_parser", "gdpr_policy.navigation"]
root_doc = "index"
source_suffix = {".md": "markdown"}
html_theme = "furo"
html_title = "Navigation"
