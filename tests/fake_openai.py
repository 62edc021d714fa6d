"""A scripted OpenAI-compatible chat server for tests: stdlib only, on 127.0.0.1, a free port.

    with FakeOpenAI() as server:
        server.reply("答案[C1]")                 # next /v1/chat/completions answer
        server.reply("", delay=2.0)             # slower than the client's timeout
        server.reply("", status=500)            # an HTTP error
        ... ChatOpenAI(base_url=server.url, ...) ...
        server.requests                          # the JSON bodies received

Replies are used in order; with none left the server answers 500. Streaming requests
(`"stream": true`) get server-sent events, a few characters per chunk.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

CHUNK_CHARS = 4


@dataclass
class Reply:
    """One scripted response."""

    text: str
    status: int = 200
    delay: float = 0.0


class FakeOpenAI:
    """The server; a context manager that starts and stops it."""

    def __init__(self) -> None:
        self.replies: deque[Reply] = deque()
        self.requests: list[dict[str, Any]] = []
        self.stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        """The base URL to give an OpenAI client."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def reply(self, text: str, status: int = 200, delay: float = 0.0) -> None:
        """Queue the next response."""
        self.replies.append(Reply(text, status, delay))

    def next_reply(self) -> Reply:
        """The next scripted response (500 when none is left)."""
        return self.replies.popleft() if self.replies else Reply("no reply scripted", status=500)

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()  # wakes handlers sleeping in a slow reply
        self._server.shutdown()
        self._server.server_close()


def _handler(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            if self.path != "/v1/chat/completions":
                return self._json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})
            fake.requests.append(body)
            reply = fake.next_reply()
            if reply.delay and fake.stopping.wait(reply.delay):
                return
            try:
                if reply.status != 200:
                    self._json(reply.status, {"error": {"message": reply.text, "type": "server_error"}})
                elif body.get("stream"):
                    self._sse(reply.text, body.get("model", "fake"))
                else:
                    self._json(200, _completion(reply.text, body.get("model", "fake")))
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout)

        def _json(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _sse(self, text: str, model: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Connection", "close")
            self.end_headers()
            self._event(_chunk({"role": "assistant", "content": ""}, model))
            for start in range(0, len(text), CHUNK_CHARS):
                self._event(_chunk({"content": text[start : start + CHUNK_CHARS]}, model))
            self._event(_chunk({}, model, finish="stop"))
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
            self.close_connection = True

        def _event(self, payload: dict[str, Any]) -> None:
            self.wfile.write(f"data: {json.dumps(payload, ensure_ascii=False)}\n\n".encode())
            self.wfile.flush()

    return Handler


def _completion(text: str, model: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _chunk(delta: dict[str, str], model: str, finish: str | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
