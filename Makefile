# SPBE Registry: the two set-up commands.
#   make demo   install into .venv, create and seed the demo database, serve it on 127.0.0.1:8000
#   make test   install into .venv, then lint and run the whole suite on SQLite and PostgreSQL
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-sqlite test-postgres lint install graphviz

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "SPBE Registry needs Python 3.11 or newer (found " + sys.version.split()[0] + "); set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

# Graphviz's `dot` renders diagrams. Installed with the system package manager when we may;
# otherwise a clear message says how.
graphviz:
	@if command -v dot >/dev/null 2>&1; then exit 0; fi; \
	echo "Graphviz 'dot' not found: installing the 'graphviz' package ..."; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get install -y -qq graphviz >/dev/null || (apt-get update -qq && apt-get install -y -qq graphviz >/dev/null); \
	elif command -v sudo >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then \
	  sudo apt-get install -y -qq graphviz >/dev/null; \
	elif command -v brew >/dev/null 2>&1; then brew install graphviz; \
	elif command -v dnf >/dev/null 2>&1; then sudo dnf install -y graphviz; \
	fi; \
	command -v dot >/dev/null 2>&1 || { echo "Please install Graphviz (https://graphviz.org/download/) so that 'dot' is on PATH."; exit 1; }

demo: $(STAMP)
	@$(MAKE) --no-print-directory graphviz || echo "Continuing without Graphviz: diagrams will be DOT only."
	$(BIN)/spbe demo

lint: $(STAMP)
	$(BIN)/ruff check registry models tests visualize benchmarks
	$(BIN)/ruff format --check registry models tests visualize benchmarks

test-sqlite: $(STAMP)
	$(BIN)/python -m pytest -q --engine sqlite

test-postgres: $(STAMP)
	$(BIN)/python -m pytest -q --engine postgres

test: $(STAMP) graphviz lint
	$(BIN)/python -m pytest -q --engine sqlite
	$(BIN)/python -m pytest -q --engine postgres
