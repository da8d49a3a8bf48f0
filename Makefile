# The two commands a newcomer needs are `make run` and `make test`; the rest serve them and CI.
VENV := .venv
PYTHON := $(VENV)/bin/python
UV_VERSION := 0.13.8
export UV_PYTHON_DOWNLOADS := never
DEV := DJANGO_DEBUG=1

.PHONY: install run test lint format

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml uv.lock
	python3 -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	python3 -m uv sync --frozen
	touch $@

run: install
	$(DEV) $(PYTHON) manage.py migrate --noinput
	$(DEV) $(PYTHON) manage.py import_seeds
	$(DEV) $(PYTHON) manage.py runserver 127.0.0.1:8000

test: install
	$(PYTHON) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(DEV) $(PYTHON) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Backups. No `install` prerequisite: a cron job must never start installing packages.
# Run with the site's environment (DATABASE_URL, DJANGO_SECRET_KEY …); see README "Backups".
.PHONY: backup restore

backup:
	$(PYTHON) manage.py backup_database

restore:
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/<snapshot> [YES=1]" >&2; exit 2; }
	$(PYTHON) manage.py restore_database "$(FILE)" $(if $(YES),--yes)
