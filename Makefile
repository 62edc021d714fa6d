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
	@echo "▶ 安装依赖到 $(VENV)（首次需要几分钟；依赖不变时跳过）"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c .ci/requirements.lock -e '.[dev,bench]'
	touch $(STAMP)

run: install
	@echo "▶ 启动服务 http://$(HOST):$(PORT)/ （HOST=、PORT= 可改；页面先打开，检索索引在后台载入）"
	$(PY) -m assistant serve --host $(HOST) --port $(PORT)

index: install
	$(PY) -m assistant index

test: install browser lint typecheck pytest eval-gate audit load

lint: install
	$(VENV)/bin/ruff check assistant tests
	$(VENV)/bin/ruff format --check assistant tests

typecheck: install
	$(VENV)/bin/mypy

# The suite on every core (pytest-xdist), one test file per worker at a time: a file's module fixtures
# (a served app, a Chroma server) start once; session fixtures are built once per worker. PYTEST_ARGS= runs it serially.
PYTEST_ARGS ?= -n auto --dist loadfile

pytest: install
	$(PY) -m pytest -q $(PYTEST_ARGS)

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

# Debian's chromium and a CJK font for the browser tests (no browser download from elsewhere), only when missing.
# Says what it installs; uses sudo only when not root and says so; without either, the browser tests are skipped.
browser:
	@if command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi wqy; then exit 0; fi; \
	echo "▶ 浏览器测试需要 Debian 软件包 chromium 和 fonts-wqy-microhei，正在用 apt-get 安装"; \
	if [ "$$(id -u)" = 0 ]; then SUDO=; \
	elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; echo "  （不是 root：将运行 sudo apt-get，可能会询问密码）"; \
	else echo "  没有 root 权限也没有 sudo：跳过安装，浏览器测试将被跳过"; exit 0; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null

clean:
	rm -rf $(VENV) data eval/out
