# Schakel: two commands on a fresh machine with Python 3.11.
#   make run   set up everything and run the demo (SQLite, synthetic data, demo accounts)
#   make test  set up and run the whole suite (lint, types, migrations, pytest incl. browser)
.DEFAULT_GOAL := help
.PHONY: help run test lint format typecheck messages totp clean

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check --quiet
PORT ?= 8000

help:
	@echo "make run    - install, migrate, load reference + demo data, serve on http://127.0.0.1:$(PORT)/"
	@echo "make test   - install test tools and run ruff, mypy, makemigrations --check and pytest"
	@echo "make totp   - print the current code of the demo TOTP seed"

$(VENV)/bin/python:
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.base-installed: requirements/base.txt | $(VENV)/bin/python
	$(PIP) install --require-hashes --no-deps -r requirements/base.txt
	touch $@

$(VENV)/.dev-installed: requirements/dev.txt | $(VENV)/bin/python
	$(PIP) install --require-hashes --no-deps -r requirements/dev.txt
	touch $(VENV)/.base-installed $@

run: $(VENV)/.base-installed
	PORT=$(PORT) ./scripts/run-demo.sh

test: $(VENV)/.dev-installed
	./scripts/test.sh

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check --fix . && $(VENV)/bin/ruff format .

typecheck: $(VENV)/.dev-installed
	$(VENV)/bin/mypy .

messages: $(VENV)/.dev-installed
	for lang in en pl ro bg uk; do $(PY) manage.py makemessages -l $$lang --no-obsolete --ignore=.venv --ignore=var --ignore=tests --ignore=bench --ignore=matching --ignore=scripts; done
	$(PY) manage.py compilemessages --ignore=.venv

totp: $(VENV)/.base-installed
	SCHAKEL_ENVIRONMENT=demo $(PY) manage.py demo_totp

clean:
	rm -rf var/test var/static
