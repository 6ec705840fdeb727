# Pameran — the two README commands (`make run`, `make test`) plus developer helpers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Where `make run` listens: `make run PORT=8001 HOST=0.0.0.0`.
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-postgres coverage bench fmt lint messages lock clean

# The versions the suite runs against (requirements-test.lock), then the checkout in
# place (`pip install -e .`), checked by pip against the same pins.
$(STAMP): pyproject.toml requirements-test.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-test.lock -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/pameran bootstrap
	$(BIN)/pameran serve --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(BIN)/pytest

# The whole suite with PostgreSQL as the main database (PAMERAN_TEST_DATABASE_URL).
test-postgres: $(STAMP)
	$(BIN)/pytest --ignore=tests/e2e

# The fast suite under coverage.py, `pameran` subprocesses included (pyproject's
# [tool.coverage]); fails under the floor there. Data and report in var/coverage.
coverage: $(STAMP)
	rm -rf var/coverage && mkdir -p var/coverage
	$(BIN)/coverage run -m pytest -q --ignore=tests/e2e
	$(BIN)/coverage combine -q
	$(BIN)/coverage report

bench: $(STAMP)
	$(BIN)/python -m tests.perf.bench_render
	$(BIN)/python -m tests.perf.bench_campaign
	$(BIN)/python -m tests.perf.bench_pages
	$(BIN)/python -m tests.perf.bench_images
	$(BIN)/python -m tests.perf.bench_upload
	$(BIN)/python -m tests.perf.bench_topology

fmt: $(STAMP)
	$(BIN)/ruff format app tests migrations scripts
	$(BIN)/ruff check --fix app tests migrations scripts

lint: $(STAMP)
	$(BIN)/ruff check app tests migrations scripts
	$(BIN)/ruff format --check app tests migrations scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

# Extract UI strings, update the catalogs and compile them (the .mo files are committed).
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -o locale/messages.pot --no-location --sort-output \
		$(foreach k,N_ DomainError NotFound Conflict Invalid TooLarge Unsupported NotAuthenticated Forbidden Throttled Unavailable OperationError BundleError BackupError ExportError,-k $(k)) .
	$(BIN)/pybabel update -i locale/messages.pot -d locale -D messages --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d locale -D messages

# Re-pin requirements.lock (what the app needs: the Dockerfile installs it) and
# requirements-test.lock (plus the test tools: make and CI install it) after a
# dependency changed in pyproject.toml. Pins that still fit are kept;
# `make lock LOCK_FLAGS=--upgrade` moves everything to the newest that fits.
UV_VERSION := 0.13.9
LOCK_FLAGS ?=
UV_COMPILE = $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 \
	--custom-compile-command 'make lock' --quiet $(LOCK_FLAGS)
lock: $(STAMP)
	$(BIN)/pip install --quiet uv==$(UV_VERSION)
	$(UV_COMPILE) -o requirements.lock
	$(UV_COMPILE) --extra test -c requirements.lock -o requirements-test.lock

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
