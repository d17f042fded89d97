# Two commands do all set-up on a fresh machine (see README):
#   make run   - environment, database, 2021 roster, demo accounts, background worker, scheduler, server on :8000
#   make test  - the whole test suite (DATABASE_URL picks PostgreSQL, else SQLite)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test install browser setup lint messages

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

# The demo serves as a deployment does (DEBUG off: Chinese error pages, static files through
# WhiteNoise), on 127.0.0.1 over plain HTTP, with a secret key of its own kept in var/.
RUN_ENV = JGT_DEMO=1 SECRET_KEY="$$(cat var/secret_key)" SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0

var/secret_key:
	mkdir -p var
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

setup: install var/secret_key
	$(BIN)/python manage.py migrate --verbosity 0
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py setup_demo

# The background worker (imports, reports) and the scheduler (the daily calendar) run
# beside the server and stop with it.
run: setup
	trap 'kill 0' INT TERM EXIT; \
	$(RUN_ENV) $(BIN)/python manage.py db_worker --queue-name '*' --no-reload & \
	$(RUN_ENV) $(BIN)/python manage.py run_scheduler & \
	$(RUN_ENV) $(BIN)/gunicorn jiaogongti.wsgi --bind 127.0.0.1:8000 --workers 2 --threads 4 --graceful-timeout 5 --access-logfile -

test: install browser
	$(BIN)/pytest

# What CI checks before the tests: lint, formatting, and no model change without its migration.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run --verbosity 0

# After editing locale/zh_Hans/LC_MESSAGES/django.po (the compiled .mo is committed, so a
# fresh machine needs no gettext).
messages:
	msgfmt --check-format -o locale/zh_Hans/LC_MESSAGES/django.mo locale/zh_Hans/LC_MESSAGES/django.po
