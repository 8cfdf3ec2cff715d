extensions = ["myst_parser", "gdpr_policy.theme.navigation"]
root_doc = "index"
source_suffix = {".md": "markdown"}
html_theme = "furo"
html_title = "Navigation"
