# Stemme: the two commands a newcomer needs are `make run` and `make test` (see README.md).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_CHILDREN ?= 300
DEMO_SEED ?= 1
# make run: a local demo. DEBUG on so Django serves helpful errors; never use it in production.
RUN_ENV := STEMME_DEBUG=1 DJANGO_SETTINGS_MODULE=config.settings

.PHONY: run serve test venv lint format messages vendor bench clean-data

$(BIN)/python:
	@scripts/system-deps.sh venv
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Stemme needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-base: requirements/base.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/base.lock
	@touch $@

$(VENV)/.installed-test: requirements/test.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/test.lock
	@touch $@ $(VENV)/.installed-base

venv: $(VENV)/.installed-base

## make run: install, migrate, load demo data once, start Stemme at http://127.0.0.1:8000 and
## its task worker (scripts/run.py: Ctrl-C stops both)
run: $(VENV)/.installed-base
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput -v 0
	$(RUN_ENV) $(BIN)/python manage.py seed_demo --if-empty --children $(DEMO_CHILDREN) --seed $(DEMO_SEED)
	$(RUN_ENV) $(BIN)/python scripts/run.py --address 127.0.0.1:8000

## make serve: production settings under gunicorn (needs STEMME_SECRET_KEY and DATABASE_URL, and
## `manage.py migrate` run first; docs/deploy.md)
serve: $(VENV)/.installed-base
	@scripts/serve.sh

## make test: install test dependencies (Chromium and gettext too), lint, and run every suite
test: $(VENV)/.installed-test
	@scripts/system-deps.sh test
	@scripts/test.sh

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make messages: extract UI strings into the Danish catalogue and compile it
messages: $(VENV)/.installed-base
	$(RUN_ENV) $(BIN)/python manage.py makemessages -l da --no-location --no-obsolete --ignore=.venv --ignore=tests
	msgfmt -o locale/da/LC_MESSAGES/django.mo locale/da/LC_MESSAGES/django.po

## make vendor: refresh the vendored front-end files from the npm registry (versions in vendor.json)
vendor:
	scripts/vendor.sh

## make bench: the benchmark scripts in bench/
bench: $(VENV)/.installed-base
	$(BIN)/python bench/seed_demo.py
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/deadlines.py
	$(BIN)/python bench/readability.py

clean-data:
	rm -rf data
