# The README's verbs. Each target bootstraps .venv from requirements.txt when needed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run serve test lint format migrations-check install mutation

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# Production: gunicorn (gunicorn.conf.py), DEBUG off, hashed and compressed static
# files served by whitenoise. Needs SECRET_KEY and ALLOWED_HOSTS (see README,
# "Production"); run `manage.py migrate` once per deploy, not per server.
serve: $(STAMP)
	@test -n "$$SECRET_KEY" || { echo "make serve: SECRET_KEY is not set; see README, Production." >&2; exit 1; }
	@test -n "$$ALLOWED_HOSTS" || { echo "make serve: ALLOWED_HOSTS is not set; see README, Production." >&2; exit 1; }
	DEBUG=false $(BIN)/python manage.py collectstatic --no-input --verbosity 0
	DEBUG=false $(BIN)/python manage.py check --deploy --fail-level ERROR
	DEBUG=false exec $(BIN)/gunicorn --config gunicorn.conf.py heaven.wsgi

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: $(STAMP)
	$(BIN)/python manage.py makemigrations --check --dry-run

# Mutation testing of the rules that protect readers and writers (bench/mutation.py):
# long, so not part of CI. MODULES="heaven/folding.py" runs only those.
mutation: $(STAMP)
	nice -n 15 $(BIN)/python bench/mutation.py $(MODULES)
