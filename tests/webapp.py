"""The web app under uvicorn in a thread on 127.0.0.1 (a free port), for the web and browser tests.

    running = start(settings, bot)   # returns once it accepts requests
    httpx.get(running.url + "/healthz")
    running.stop()                   # ends open page and gradio_client heartbeats, then the server

Started once per test run by the `web_app` fixture in conftest.py.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from localhost import free_port

from assistant.assistant import Assistant
from assistant.settings import Settings
from assistant.web import WebServer, create_app

TOKEN = "t0ken"  # the admin token of the served app


@dataclass
class Running:
    """A served app: its URL, settings and the service behind it."""

    url: str
    settings: Settings
    bot: Assistant
    server: WebServer
    thread: threading.Thread

    def stop(self) -> None:
        """Shut the server down; fails if it does not stop within 10 s."""
        self.server.should_exit = True
        self.thread.join(10)
        assert not self.thread.is_alive(), "web app did not stop within 10 s"


def start(settings: Settings, bot: Assistant) -> Running:
    """The app under uvicorn in a daemon thread; returns once it accepts requests."""
    port = free_port()
    server = WebServer(create_app(settings, bot), host="127.0.0.1", port=port, log_level="warning")
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "web app did not start"
        time.sleep(0.05)
    return Running(f"http://127.0.0.1:{port}", settings, bot, server, thread)
