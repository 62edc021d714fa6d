"""schemathesis against the served app's /openapi.json: every generated request to /api/* and /healthz
keeps the contract (status codes, content types and bodies as declared; no 5xx; a valid schema).

The app runs under uvicorn on 127.0.0.1 with a data directory of its own; schemathesis runs as its
CLI in a subprocess, bounded: 20 examples per operation, a fixed seed, no example database, a time
limit. Every operation is checked: the two that broke it (/api/gaps.csv declared text/plain, and
Clause.span served as a tuple schema that is not valid OpenAPI 3.1) were fixed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from webapp import TOKEN, Running, start

from assistant.assistant import Assistant

pytestmark = pytest.mark.server

SECONDS = 120  # a run takes ~10 s on the 2-core development machine


@pytest.fixture(scope="module")
def served(bot: Assistant, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """The app on its own data directory: the generated questions fill a gaps store of their own."""
    settings = bot.settings.model_copy(update={"data_dir": tmp_path_factory.mktemp("contract"), "admin_token": TOKEN})
    running = start(settings, bot)
    yield running
    running.stop()


def schemathesis(served: Running, report_dir: Path, *selection: str) -> subprocess.CompletedProcess[str]:
    command = [
        *(sys.executable, "-m", "schemathesis.cli", "run", f"{served.url}/openapi.json", *selection),
        *("--checks", "all", "--max-examples", "20", "--seed", "12", "--generation-database", "none"),
        *("--header", f"Authorization: Bearer {TOKEN}", "--request-timeout", "10"),
        *("--report", "junit", "--report-dir", str(report_dir), "--no-color"),
    ]
    started = time.monotonic()
    run = subprocess.run(command, capture_output=True, text=True, timeout=SECONDS, cwd=report_dir)
    print(f"\nschemathesis {' '.join(selection)}: {time.monotonic() - started:.1f} s\n{run.stdout[-1500:]}")
    return run


def test_the_api_keeps_its_openapi_contract(served: Running, tmp_path: Path) -> None:
    # Not the upload: it writes into the knowledge folder (tests/test_console.py adds and removes on a copy).
    run = schemathesis(served, tmp_path, "--include-path-regex", "^/(api/|healthz$)", "--exclude-path", "/api/admin/documents")
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "7 selected / 8 total" in run.stdout and "generated" in run.stdout  # every /api/* operation but the upload, /healthz
