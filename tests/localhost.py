"""Helpers for tests that run servers on 127.0.0.1: a free port, a `chroma run`, stopping a subprocess."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate a server subprocess, killing it when it does not end within 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def assistant_serve(port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """`python -m assistant serve` on 127.0.0.1:`port` in a subprocess, its output appended to `log`."""
    with log.open("ab") as out:  # the child keeps its own handle
        return subprocess.Popen(
            [sys.executable, "-m", "assistant", "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=Path(__file__).resolve().parent.parent,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def chroma_run(root: Path, port: int, timeout: float = 30.0) -> subprocess.Popen[bytes]:
    """`chroma run` on 127.0.0.1:`port` with its store in root/db, once it answers its heartbeat.

    Skips the test when the chroma CLI is not installed next to this Python.
    """
    executable = Path(sys.executable).parent / "chroma"
    if not executable.exists():
        pytest.skip(f"no chroma CLI next to {sys.executable}")
    log = root / f"chroma-{port}.log"
    with log.open("ab") as out:
        process = subprocess.Popen(
            [str(executable), "run", "--path", str(root / "db"), "--host", "127.0.0.1", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/api/v2/heartbeat"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"chroma run exited with {process.returncode}:\n{log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return process
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    stop(process)
    pytest.fail(f"chroma run did not answer {url} within {timeout:.0f} s:\n{log.read_text(errors='replace')[-2000:]}")
