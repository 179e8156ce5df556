# The two commands a newcomer needs: `make run` and `make test`. Everything else is for developers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

.PHONY: run test install install-dev install-node lint serve-prepare audit bench bench-search bench-markdown clean venv-check

run: install .secret_key serve-prepare
	@echo "Serving on http://$(HOST):$(PORT)/ (admin at http://$(HOST):$(PORT)/admin/). Stop with Ctrl-C."
	exec $(BIN)/gunicorn --config gunicorn.conf.py kb.wsgi

serve-prepare:
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py loaddemo
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py ensureadmin

# pytest ends with the ten slowest tests and, on its last line, the whole suite's wall time.
test: install-dev install-node
	$(BIN)/ruff check .
	DJANGO_SETTINGS_MODULE=kb.settings_test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest --durations=10 $(PYTEST_ARGS)

# Benchmarks: N posts (N=100000 for large), ROUNDS runs of DURATION seconds per page; see docs/benchmarks.md.
N ?= 1000
ROUNDS ?= 3
DURATION ?= 5
bench: install
	$(BIN)/python -m bench.run --posts $(N) --rounds $(ROUNDS) --duration $(DURATION)

# Search latency on 100,000 generated posts in a scratch database; PostgreSQL when DATABASE_URL says so.
# BENCH_ARGS="--posts 2000 --keep" for other sizes and to reuse the database.
bench-search: install
	DJANGO_SETTINGS_MODULE=kb.settings_test $(BIN)/python -m bench.search $(BENCH_ARGS)

# How long pathological Markdown takes to render, with the time limit in force.
bench-markdown: install
	$(BIN)/python -m bench.markdown_cost

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

install: venv-check $(VENV)/.installed-runtime
install-dev: venv-check $(VENV)/.installed-dev

# A .venv made by another Python than $(PYTHON) (say, `make run PYTHON=python3.13` after a first run
# with python3) is rebuilt rather than silently kept.
venv-check:
	@if [ -x $(BIN)/python ]; then \
	  had=$$($(BIN)/python -c 'import sys; print(sys.version_info[:2])' 2>/dev/null); \
	  want=$$($(PYTHON) -c 'import sys; print(sys.version_info[:2])'); \
	  if [ "$$had" != "$$want" ]; then \
	    echo "$(VENV) was made by Python $$had, not $(PYTHON) $$want: rebuilding it."; rm -rf $(VENV); \
	  fi; \
	fi

# From package-lock.json: the Nu HTML Checker (vnu.jar) for the HTML validity test and axe-core for the
# accessibility tests. vnu-jar's install script would download a Java runtime; Debian's is used
# instead. Without npm those tests skip locally (and fail in CI).
install-node:
	@if ! command -v npm >/dev/null; then echo "npm not found: the HTML checker and accessibility tests will skip"; \
	elif [ ! -f node_modules/.installed ] || [ package-lock.json -nt node_modules/.installed ]; then \
	  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch node_modules/.installed; fi

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=python3.x")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed-runtime

# Lighthouse scores for the home page and a post page, served by gunicorn; written to docs/audit.md.
audit: install .secret_key audit/node_modules/.installed
	$(BIN)/python audit/lighthouse_audit.py

audit/node_modules/.installed: audit/package.json audit/package-lock.json
	npm ci --prefix audit --no-audit --no-fund --loglevel=error
	touch $@

# A random secret key, kept out of git, for when DJANGO_SECRET_KEY is not set.
.secret_key: | $(BIN)/python
	@umask 077 && $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

clean:
	rm -rf $(VENV) staticfiles .pytest_cache node_modules audit/node_modules test-artifacts

# Readers, votes and two editors at once against gunicorn for LOADTEST_DURATION seconds, then every
# acknowledged write looked up; a temporary SQLite file, or with a PostgreSQL DATABASE_URL a database
# of its own beside the one it names. See docs/benchmarks.md.
LOADTEST_DURATION ?= 60
.PHONY: loadtest
loadtest: install
	$(BIN)/python -m bench.loadtest --duration $(LOADTEST_DURATION)
