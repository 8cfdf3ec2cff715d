"""Browser tests: the built policy in headless Chromium (marker ``browser``)."""
