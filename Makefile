# Family E-Card. `make run` serves the demo; `make test` runs every test tier.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_E2E := $(PY) -m pytest -q -p no:cacheprovider

.PHONY: run test test-unit test-ui test-e2e test-stock lint bench screens install clean

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
	$(MAKE) --no-print-directory test-unit test-ui test-e2e test-stock

test-unit: $(VENV)/.installed-dev
	$(PY) -m pytest -q tests/unit

# NiceGUI's User fixture and sync Playwright must not share a pytest process.
test-ui: $(VENV)/.installed-dev
	$(PY) -m pytest -q -p nicegui.testing.user_plugin tests/ui

test-e2e: $(VENV)/.installed-dev
	$(PYTEST_E2E) tests/e2e

# The app on NiceGUI as it ships (STOCK_NICEGUI=1: every speed-up of app/web/speedups off, the fixes on; tests of a
# speed-up itself are skipped). The whole UI tier takes about twice as long that way, so a representative part of it:
# login, page events after the login ended, the e-card, My and a binding step (its errors, its next page, typing kept
# on the server); and in a browser: logging in with taps before the connection (to the home page), the e-card
# screen, and a new person's way through registration, real name and the home page.
WHO := tests/ui/test_binding_pages_who.py
STOCK_UI := tests/ui/test_login.py tests/ui/test_page_events_after_login_ends.py tests/ui/test_ecard_pages.py \
	tests/ui/test_pages_my.py $(WHO)::test_who_empty_form_lists_every_problem \
	$(WHO)::test_valid_parent_goes_to_documents $(WHO)::test_typed_name_is_kept_on_the_server
STOCK_E2E := tests/e2e/test_early_taps.py tests/e2e/test_ecard_screen.py \
	tests/e2e/test_journeys.py::test_new_person_registers_and_activates_e_voucher
test-stock: $(VENV)/.installed-dev
	STOCK_NICEGUI=1 $(PY) -m pytest -q -p nicegui.testing.user_plugin $(STOCK_UI)
	STOCK_NICEGUI=1 $(PYTEST_E2E) $(STOCK_E2E)

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
