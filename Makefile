# Paddock — every command a developer or an operator needs. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) backend/manage.py
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: help setup lock run frontend test lint fmt bench worker beat migrate demo replay

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

$(UV):
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv

$(VENV)/.synced: requirements/dev.txt pyproject.toml | $(UV)
	@UV=$$(command -v uv || echo $(HOME)/.local/bin/uv); \
	  [ -x $(VENV)/bin/python ] || $$UV venv --quiet -p 3.11 $(VENV); \
	  $$UV pip sync --quiet -p $(VENV) requirements/dev.txt && \
	  $$UV pip install --quiet -p $(VENV) --no-deps -e .
	@touch $@

setup: $(VENV)/.synced ## Install uv (with pip, when missing) and the pinned Python packages into .venv
	@if [ -f frontend/package.json ]; then $(MAKE) --no-print-directory frontend-deps; fi

frontend-deps:
	@cd frontend && { [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error; }

lock: ## Re-pin requirements/*.txt from pyproject.toml (no download addresses recorded)
	$(UV) pip compile pyproject.toml --universal --no-header -p 3.11 -o requirements/base.txt
	$(UV) pip compile pyproject.toml --extra dev --universal --no-header -p 3.11 -o requirements/dev.txt

frontend: setup ## Build the web app into frontend/dist (served by Django)
	@if [ -f frontend/package.json ]; then cd frontend && npm run --silent build; fi

migrate: setup
	@mkdir -p var
	$(MANAGE) migrate --no-input

# Links in emails point at the address `make run` serves (override with SITE_URL=...).
SITE_URL ?= http://$(HOST):$(PORT)
demo run: export SITE_URL := $(SITE_URL)
# Local runs write each email to var/emails/ and print one line per email with its link.
demo run: export EMAIL_BACKEND ?= backend.common.mailfiles.EmailBackend

demo: migrate ## Load the demo season (players, races, rounds, leagues)
	$(MANAGE) load_demo

run: setup frontend demo ## Start Paddock with demo data on http://$(HOST):$(PORT) (SQLite, eager Celery)
	@echo "Paddock on $(SITE_URL)/  (admin: operator@paddock.local / paddock-demo)"
	DJANGO_DEBUG=1 $(MANAGE) runserver $(HOST):$(PORT)

test: setup frontend ## Run the whole test suite (real PostgreSQL and Redis when they answer)
	@source .ci/services.sh && $(PY) -m pytest -p no:cacheprovider -n 2 $(PYTEST_ARGS)

lint: setup ## ruff, mypy and import-linter (and the web app's type check)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy backend scoring importers bench replay
	$(VENV)/bin/lint-imports
	@if [ -f frontend/package.json ]; then cd frontend && npm run --silent lint; fi

fmt: setup ## Format and auto-fix the Python code
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: setup ## Run the benchmarks in bench/ and print their tables
	@source .ci/services.sh && $(PY) -m bench

worker: setup ## Start a Celery worker on both queues, emails and settlement (needs REDIS_URL)
	$(VENV)/bin/celery -A backend.config worker -Q celery,settlement --loglevel=info --concurrency=2

beat: setup ## Start Celery beat, the periodic scheduler (needs REDIS_URL)
	$(VENV)/bin/celery -A backend.config beat --loglevel=info --schedule=var/celerybeat-schedule

REPLAY_ARGS ?=
replay: setup ## Replay a season on recorded feeds against the production shape, then check it (docs/replay.md)
	@source .ci/services.sh && $(PY) -m replay $(REPLAY_ARGS)
