# A privacy policy (conf.py names it): build, check and test.
# `make` builds the publication (HTML and PDF); `make test` runs the tests.
# Each target sets up what it needs: a local .venv with the project installed, refreshed
# when pyproject.toml changes, and the Debian packages listed in APT_PACKAGES.

PYTHON     ?= python3
VENV       := .venv
BIN        := $(VENV)/bin
STAMP      := $(VENV)/.installed
BUILD      := _build
SPHINX     := $(BIN)/sphinx-build
# Strict: warnings fail the build (all of them are reported first), broken references too.
STRICT     := -W --keep-going -n -E
SPHINXOPTS ?=
# Reproducible output: dates come from the last commit, not from the clock. Without commit
# history (a copy without .git, a tarball) none is passed, and the build takes its date
# from the policy's own 'last-updated:' (gdpr_policy.builddate), never a fixed year.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(strip $(SOURCE_DATE_EPOCH)),)
export SOURCE_DATE_EPOCH
else
unexport SOURCE_DATE_EPOCH
endif

# Debian packages: a free font embedded in the PDF, poppler for the PDF tests, chromium
# for the browser tests. Installed once when missing (these machines run as root).
PDF_APT_PACKAGES := fonts-liberation
APT_PACKAGES := $(PDF_APT_PACKAGES) poppler-utils chromium
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all html pdf check test live guide bench lint clean venv system fonts node release migrate

all: html pdf

$(STAMP): pyproject.toml
	@echo "setting up $(VENV) with everything pyproject.toml lists (the first time takes a few minutes)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,live,bench]"
	touch $@

venv: $(STAMP)

# Into an emptied folder: a page deleted from docs/ never stays online. Then the archive of
# released versions (versions/): each version's site and PDF, built once and kept in
# $(BUILD)/versions-cache while its sources and the toolchain stay the same.
html: $(STAMP) fonts
	rm -rf $(BUILD)/html
	$(SPHINX) -b html $(STRICT) -q -D policy_versions_cache=$(BUILD)/versions-cache \
	  $(SPHINXOPTS) -c . -d $(BUILD)/doctrees docs $(BUILD)/html
	@echo "html: $$(ls $(BUILD)/html/*.html | wc -l) pages in $(BUILD)/html, no warning"

# Freeze the policy as released: versions/<last-updated>/ (commit it). Refused while the
# policy has authoring errors, or when its date was not moved on since the last release.
release: $(STAMP)
	$(BIN)/python -m gdpr_policy.versions -c . release docs

# Rewrite, in place, pages written in a form an earlier release replaced (recipients named by
# phrase in ':recipients:', now declared once with {recipient}); no sentence changes, each
# change printed as file:line. DOCS=path for another folder; `python -m gdpr_policy.migrate
# --check docs` only reports (exit 1 when something would change).
migrate: $(STAMP)
	$(BIN)/python -m gdpr_policy.migrate $(or $(DOCS),docs)

# Debian packages, installed only when one is missing.
define apt_install
@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
if [ -n "$$missing" ]; then \
  echo "installing:$$missing"; \
  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
fi
endef

system:
	$(call apt_install,$(APT_PACKAGES))

# Printing the PDF needs only the font; the browser and poppler are for the tests.
fonts:
	$(call apt_install,$(PDF_APT_PACKAGES))

# The PDF: a strict singlehtml build (its own folders under _build/pdf/) printed by
# WeasyPrint; any warning or renderer ERROR fails it. A copy goes into the website, where
# the landing page's "Download PDF" link points.
pdf: $(STAMP) fonts
	$(BIN)/python -m gdpr_policy.pdf --quiet -c . --workdir $(BUILD)/pdf --site $(BUILD)/html docs \
	  $(BUILD)/pdf/

# GDPR Art. 13/14 compliance checks: each finding a warning policy.<check> with file and
# line; _build/compliance/report.json and compliance-report.html (beside a checked copy of
# the policy it links into). Fails while an error finding is open (not waived in conf.py)
# or the policy has an authoring error. Findings never block `make html` / `make pdf`.
check: $(STAMP)
	$(SPHINX) -b html -n -E --keep-going -D policy_compliance_checks=1 $(SPHINXOPTS) \
	  -c . -d $(BUILD)/doctrees-check docs $(BUILD)/compliance

# Live preview for editors: http://127.0.0.1:8000 (LIVE_PORT=8001 to change), rebuilt on
# every save in docs/, the extension (catalogue, stylesheets, templates) or conf.py.
# Each rebuild reads only the pages that changed (and rewrites those that show a changed
# fact); a change to the extension's code starts afresh. Warnings are printed with
# file:line but do not stop the preview; `make html` stays clean and strict.
live: $(STAMP)
	$(BIN)/sphinx-autobuild --host 127.0.0.1 --port $(or $(LIVE_PORT),8000) \
	  --watch ext/gdpr_policy --watch conf.py \
	  --re-ignore '(__pycache__|\.pyc$$|\.egg-info|\.swp$$|~$$|\.#)' \
	  -b html -n $(SPHINXOPTS) -c . -d $(BUILD)/live-doctrees docs $(BUILD)/live

# The authoring guide (guide/): a project of its own, so its worked examples never become
# facts of the policy; built strict like the policy, into _build/guide.
guide: $(STAMP)
	$(SPHINX) -b html $(STRICT) $(SPHINXOPTS) -c guide -d $(BUILD)/guide-doctrees guide $(BUILD)/guide

bench: $(STAMP)
	$(BIN)/python bench/run.py $(if $(PAGES),--pages $(PAGES)) --workdir $(BUILD)/bench \
	  --json $(BUILD)/bench/results.json

# npm tools for the browser tests (axe-core, the Nu HTML checker), as pinned in
# package-lock.json; reinstalled when the lock changes. vnu-jar's postinstall would download
# a Java runtime: it is skipped, the machine's java runs the checker.
node:
	@need=""; command -v npm >/dev/null || need="nodejs npm"; \
	command -v java >/dev/null || need="$$need default-jre-headless"; \
	if [ -n "$$need" ]; then echo "installing: $$need"; $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$need; fi
	@[ node_modules/.installed -nt package-lock.json ] || { \
	  npm ci --ignore-scripts --no-audit --no-fund && touch node_modules/.installed; }

test: $(STAMP) system node
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check ext tests conf.py

clean:
	rm -rf $(BUILD)
