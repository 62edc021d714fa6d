"""The LLM call has one deadline for the whole request: a server trickling bytes cannot hold it.

The server below (raw sockets on 127.0.0.1) sends a byte every 50 ms forever: during the status
line and headers, during a JSON body, or as an endless event stream. Each read succeeds, so only a
deadline on the whole call ends it; the test checks that the client closes the connection by then
and that the extractive answer is given with the usual notice.
"""

from __future__ import annotations

import select
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from assistant.answering.extractive import ExtractiveAnswerer
from assistant.answering.llm import UNAVAILABLE_NOTICE, LLMAnswerer
from assistant.assistant import Assistant
from assistant.models import Answer

pytestmark = pytest.mark.server

DEADLINE = 1.0
BOUND = 3.0  # generous wall-clock bound for a 1 s deadline on a loaded CI machine
TICK = 0.05
QUESTION = "昆明民办养老机构护理员有什么补贴？"

HEADERS = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
SSE_HEADERS = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\r\n"
SSE_EVENT = (
    b'data: {"id":"x","object":"chat.completion.chunk","created":0,"model":"m",'
    b'"choices":[{"index":0,"delta":{"content":"\\u5403"},"finish_reason":null}]}\n\n'
)


class Trickler:
    """Accepts one connection at a time, reads the request, then trickles `payload` byte by byte."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.closed_after: list[float] = []  # seconds from the request to the client closing
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}/v1"

    def __enter__(self) -> Trickler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._sock.close()
        self._thread.join(5)

    def _payload(self) -> Iterator[bytes]:
        if self.mode == "headers":
            yield from (HEADERS[i : i + 1] for i in range(len(HEADERS) - 2))  # never the blank line
            return
        yield SSE_HEADERS if self.mode == "stream" else HEADERS
        unit = SSE_EVENT if self.mode == "stream" else b" "
        while True:
            yield from (unit[i : i + 1] for i in range(len(unit)))

    def _serve(self) -> None:
        self._sock.settimeout(0.1)
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except (TimeoutError, OSError):
                continue
            with conn:
                self._trickle(conn)

    def _trickle(self, conn: socket.socket) -> None:
        conn.recv(1 << 20)  # the request (small enough to come in one read)
        start = time.monotonic()
        for byte in self._payload():
            readable, _, _ = select.select([conn], [], [], TICK)
            try:
                if readable and not conn.recv(1 << 16):
                    break  # the client closed the connection
                conn.sendall(byte)
            except OSError:
                break
            if self._stop.is_set():
                return
        self.closed_after.append(time.monotonic() - start)


def answerer(bot: Assistant, server: Trickler) -> LLMAnswerer:
    settings = bot.settings.model_copy(
        update={"llm_base_url": server.url, "llm_model": "fake", "llm_timeout": 5.0, "llm_deadline": DEADLINE}
    )
    return LLMAnswerer(settings)


@pytest.mark.parametrize("mode", ["headers", "body", "stream"])
def test_a_trickling_llm_is_cut_off_at_the_deadline(bot: Assistant, mode: str) -> None:
    ctx = bot.prepare(QUESTION)
    extractive = ExtractiveAnswerer().answer(ctx)
    with Trickler(mode) as server:
        llm = answerer(bot, server)
        assert llm.chat_model is not None  # the client built (langchain-openai imported) before the clock starts
        started = time.monotonic()
        if mode == "stream":
            *chunks, answer = list(llm.stream(ctx))
            assert all(isinstance(c, str) for c in chunks)  # the trickled characters, then the fallback
        else:
            answer = llm.answer(ctx)
        elapsed = time.monotonic() - started
        deadline_passed = time.monotonic() + 2 * BOUND  # the server's thread may be starved on a loaded machine
        while not server.closed_after and time.monotonic() < deadline_passed:
            time.sleep(TICK)
    assert isinstance(answer, Answer)
    assert elapsed < BOUND
    # the connection ended with the deadline (the headers alone would take 4 s to trickle; a body, forever)
    assert server.closed_after and server.closed_after[0] < DEADLINE + 1.0
    assert answer.answer == extractive.answer
    assert answer.notices == [UNAVAILABLE_NOTICE, *extractive.notices]
