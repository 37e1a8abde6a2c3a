# Family E-Card. `make run` serves the demo; `make test` runs every test tier.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_E2E := $(PY) -m pytest -q -p no:cacheprovider

.PHONY: run test test-unit test-ui test-e2e lint bench screens install clean

$(VENV)/.installed: requirements.txt
	bash scripts/make-venv.sh "$(PYTHON)" "$(VENV)"
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

run: $(VENV)/.installed
	DEMO_MODE=true $(PY) -m app.cli migrate
	DEMO_MODE=true $(PY) -m app.cli load-demo
	DEMO_MODE=true $(PY) main.py

test: $(VENV)/.installed-dev
	bash scripts/install-system-deps.sh
	$(MAKE) --no-print-directory test-unit test-ui test-e2e

test-unit: $(VENV)/.installed-dev
	$(PY) -m pytest -q tests/unit

# NiceGUI's User fixture and sync Playwright must not share a pytest process.
test-ui: $(VENV)/.installed-dev
	$(PY) -m pytest -q -p nicegui.testing.user_plugin tests/ui

test-e2e: $(VENV)/.installed-dev
	$(PYTEST_E2E) tests/e2e

# Screenshots of every page at 390x844 in the three text sizes, for review (test-results/screens/, not committed):
# the first screens the e2e tier measures, and every other page.
screens: $(VENV)/.installed-dev
	bash scripts/install-system-deps.sh
	FEC_SCREENS=1 $(PYTEST_E2E) tests/e2e/test_first_screen.py

# Performance targets (DESIGN.md §7); results go to bench/results.md.
bench: $(VENV)/.installed-dev
	bash scripts/install-system-deps.sh
	$(PY) -m bench

lint: $(VENV)/.installed-dev
	$(PY) -m ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-results
