# FluxDesk privacy policy: build, check and test.
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
# Reproducible output: dates come from the last commit, not from the clock.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1705276800)
export SOURCE_DATE_EPOCH

.PHONY: all html pdf check test live bench lint clean venv system

all: html

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,live]"
	touch $@

venv: $(STAMP)

html: $(STAMP)
	$(SPHINX) -b html $(STRICT) $(SPHINXOPTS) -c . -d $(BUILD)/doctrees docs $(BUILD)/html

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check ext tests conf.py

clean:
	rm -rf $(BUILD)
