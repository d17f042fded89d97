# Two commands do all set-up on a fresh machine (see README):
#   make run   - environment, database, 2021 roster, demo accounts, background worker, scheduler, server on :8000
#   make test  - the whole test suite (DATABASE_URL picks PostgreSQL, else SQLite)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test install browser setup lint

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

install: $(BIN)/.installed

# Browser tests drive Debian's Chromium, never a downloaded browser.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

setup: install
	$(BIN)/python manage.py migrate --verbosity 0
	$(BIN)/python manage.py setup_demo

# The background worker (imports, reports) and the scheduler (the daily calendar) run
# beside the server and stop with it.
run: setup
	trap 'kill 0' INT TERM EXIT; \
	DEBUG=1 $(BIN)/python manage.py db_worker --queue-name '*' --no-reload & \
	DEBUG=1 $(BIN)/python manage.py run_scheduler & \
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install browser
	$(BIN)/pytest

# What CI checks before the tests: lint, formatting, and no model change without its migration.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run --verbosity 0
