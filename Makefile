# Two commands for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-sqlite test-postgres lint format schema messages lock bench clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

# The demo runs with its own production-like settings (DEBUG off, demo secrets).
demo: $(STAMP)
	DJANGO_SETTINGS_MODULE=sporbar.settings.demo $(BIN)/sporbar migrate --no-input
	DJANGO_SETTINGS_MODULE=sporbar.settings.demo $(BIN)/sporbar demo

# axe-core for the browser tests' accessibility checks, from the npm registry (package-lock.json).
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# The whole suite on SQLite, and on PostgreSQL too when TEST_DATABASE_URL names one.
test: $(STAMP)
	@sh scripts/check-system.sh
	$(MAKE) test-sqlite
	@if [ -n "$$TEST_DATABASE_URL" ]; then $(MAKE) test-postgres; else echo "TEST_DATABASE_URL is not set: skipped the PostgreSQL run."; fi

test-sqlite: $(STAMP) $(NODE_STAMP)
	env -u DATABASE_URL $(BIN)/pytest -q

test-postgres: $(STAMP) $(NODE_STAMP)
	DATABASE_URL="$$TEST_DATABASE_URL" $(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The OpenAPI schema is checked in; a test fails when code and schema drift apart.
schema: $(STAMP)
	env -u DATABASE_URL $(BIN)/sporbar spectacular --file docs/openapi.yaml --validate

# All interface text, collected in one catalogue (Danish is the source language).
messages: $(STAMP)
	cd sporbar && ../$(BIN)/django-admin makemessages -l da --settings=sporbar.settings.base --pythonpath=..

lock:
	$(PYTHON) -m venv /tmp/sporbar-lock && /tmp/sporbar-lock/bin/pip install --quiet -r requirements/dev.in
	/tmp/sporbar-lock/bin/pip freeze | grep -v '^-e' > requirements.txt

bench: $(STAMP)
	$(BIN)/python benchmarks/keyfigures.py
	$(BIN)/python benchmarks/search.py
	$(BIN)/python benchmarks/investment.py
	$(BIN)/python benchmarks/ffb_import.py

clean:
	rm -rf $(VENV) node_modules sporbar.sqlite3 staticfiles
