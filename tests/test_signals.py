"""`python -m assistant serve` survives clients that hang up: a broken pipe is an error, not a kill.

The CLI restores the default SIGPIPE action so that `… | head` ends quietly; with that action a
write to a socket whose client has gone kills the process. The server is started as a user
starts it (the CLI in a subprocess, 127.0.0.1, a free port), lexical-only for a quick start.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from localhost import assistant_serve, free_port, stop

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory, seed_data: Callable[[Path], Path]
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """`python -m assistant serve` in a subprocess on a data directory with the search index stored; terminated at teardown."""
    root = tmp_path_factory.mktemp("serve")
    seed_data(root / "data")
    port = free_port()
    env = os.environ | {
        "ASSISTANT_DATA_DIR": str(root / "data"),
        "ASSISTANT_VECTOR_ENABLED": "false",
        "ASSISTANT_RELOAD_INTERVAL": "0",
    }
    process = assistant_serve(port, env, root / "server.log")
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (root / "server.log").read_text(errors="replace")[-2000:]
            assert time.monotonic() < deadline, "serve did not answer /healthz within 60 s"
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        yield process, url
    finally:
        stop(process)


def hang_up_mid_stream(url: str) -> None:
    """Open the streamed result of a question (server-sent events) and close the socket at once."""
    event = httpx.post(url + "/gradio_api/call/ask", json={"data": ["护工补贴", []]}, timeout=10).json()["event_id"]
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(f"GET /gradio_api/call/ask/{event} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        sock.recv(64)  # the stream has started


def test_serve_survives_clients_hanging_up_mid_stream(served: tuple[subprocess.Popen[bytes], str]) -> None:
    process, url = served
    for _ in range(10):
        hang_up_mid_stream(url)
    os.kill(process.pid, signal.SIGPIPE)  # what the kernel sends on a write to a closed socket
    time.sleep(0.5)
    assert process.poll() is None, "the server died"
    health = httpx.get(url + "/healthz", timeout=10)
    assert health.status_code == 200
    answer = httpx.post(url + "/api/ask", json={"question": "昆明私立养老院的护工有没有补贴"}, timeout=20).json()
    assert "50至150元" in answer["answer"]


def test_other_commands_end_quietly_in_a_closed_pipe() -> None:
    """`python -m assistant lexicon | head -1`: ended by the default SIGPIPE action, no traceback."""
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant", "lexicon"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().strip()
    process.stdout.close()  # like `head -1` after its line
    errors = process.stderr.read().decode()
    assert process.wait(timeout=30) in (0, -signal.SIGPIPE)
    assert "Traceback" not in errors and "BrokenPipeError" not in errors
