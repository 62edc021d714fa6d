# Two commands do everything on a fresh machine with Python 3.11+ and make:
#   make run    install and serve the assistant on http://127.0.0.1:7860 (the index is built or
#               updated in the background while the page is already served)
#   make test   install (plus Debian's chromium for the browser test), lint, type-check,
#               run the test suite and the evaluation gate
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 7860

.PHONY: install run serve index test lint typecheck pytest eval-gate eval bench browser audit load clean

install: $(STAMP)

$(STAMP): pyproject.toml .ci/requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c .ci/requirements.lock -e '.[dev,bench]'
	touch $(STAMP)

run: install
	$(PY) -m assistant serve --host $(HOST) --port $(PORT)

index: install
	$(PY) -m assistant index

test: install browser lint typecheck pytest eval-gate audit load

lint: install
	$(VENV)/bin/ruff check assistant tests
	$(VENV)/bin/ruff format --check assistant tests

typecheck: install
	$(VENV)/bin/mypy

pytest: install
	$(PY) -m pytest -q

eval-gate: install
	$(PY) -m assistant eval --baseline eval/baseline.json --out eval/out

eval: install
	$(PY) -m assistant eval --out eval/out

bench: install
	$(PY) -m assistant bench

# 2,000 mixed requests at 32 concurrent against `serve` on 127.0.0.1 (~20 s; bounded by the script).
load: install
	$(PY) tests/load.py

# pip-audit over .ci/requirements.lock; skips with a message (exit 0) where pypi.org cannot audit.
audit: install
	$(PY) .ci/audit.py

# Debian's chromium for the browser test (no browser download from elsewhere).
browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi wqy; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; \
	fi

clean:
	rm -rf $(VENV) data eval/out
