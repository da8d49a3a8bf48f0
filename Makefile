# The two commands a newcomer needs are `make run` and `make test`; the rest serve them and CI.
VENV := .venv
PYTHON := $(VENV)/bin/python
# The interpreter that creates .venv; Debian's own python3 will do (with python3-venv installed).
PYTHON3 := python3
UV_VERSION := 0.13.8
export UV_PYTHON_DOWNLOADS := never
DEV := DJANGO_DEBUG=1

.PHONY: install run test lint format

install: $(VENV)/.installed

# Debian's python3 refuses `pip install` outside a virtual environment (PEP 668), so .venv is a
# plain venv with its own pip, and uv goes into it. A .venv without pip (made by `uv sync` or by a
# failed venv) is rebuilt. The sync is exact, yet keeps pip and uv although uv.lock lists neither:
# uv leaves a venv's seed packages alone unless uv created the venv.
$(VENV)/.installed: pyproject.toml uv.lock
	@test -x $(VENV)/bin/pip || $(PYTHON3) -c "import ensurepip" 2>/dev/null || { \
	  echo "make install: $(PYTHON3) has no ensurepip, so it cannot create $(VENV):" \
	    "apt-get install python3-venv (as root)" >&2; exit 1; }
	test -x $(VENV)/bin/pip || $(PYTHON3) -m venv --clear $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(VENV)/bin/uv sync --frozen
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
