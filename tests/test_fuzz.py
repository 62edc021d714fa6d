"""Property-based fuzzing (hypothesis): whatever text and history come in, the library raises nothing
but InputError, and the HTTP API never answers 5xx. Bounded: 100 examples a property, no deadline,
a fixed seed (derandomize) so a CI failure reproduces; the whole file runs in well under 30 s.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.assistant import Assistant
from assistant.errors import InputError
from assistant.models import Answer, Turn
from assistant.web import create_app

BOUNDED = settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

# Pieces of real questions, so that many examples reach retrieval and answering rather than a decline.
WORDS = ["昆明", "玉溪", "云南", "养老", "托育", "补贴", "护理员", "每人每月", "多少", "民办", "机构", "床位",
         "那", "呢", "它", "这个项目", "2023年", "50至150元", "？", "，", "。", " ", "\n", "（", "）", "<script>", "[C1]"]  # fmt: skip
ANY_CHAR = st.characters(codec=None)  # every code point, lone surrogates included
TEXT = st.one_of(
    st.text(ANY_CHAR, max_size=600),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(ANY_CHAR, max_size=3)), max_size=120).map("".join),
)
SAFE_TEXT = st.text(st.characters(codec="utf-8"), max_size=300) | TEXT.filter(lambda t: t.encode("utf-8", "ignore").decode() == t)
TURNS = st.lists(
    st.builds(Turn, role=st.sampled_from(["user", "assistant"]), content=SAFE_TEXT.map(lambda t: t[:1000])), max_size=8
)


@BOUNDED
@given(question=TEXT, history=TURNS)
def test_ask_raises_only_input_errors(bot: Assistant, question: str, history: list[Turn]) -> None:
    try:
        answer = bot.ask(question, history=history)
    except InputError as e:
        assert str(e)  # a sentence the user can act on
        return
    assert isinstance(answer, Answer) and answer.answer


# -- the HTTP API -------------------------------------------------------------------------------
JSON_SCALAR = st.none() | st.booleans() | st.integers() | st.floats() | TEXT
JSON_VALUE = st.recursive(
    JSON_SCALAR, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4), max_leaves=12
)
RAW_TURN = st.fixed_dictionaries(
    {"role": st.sampled_from(["user", "assistant", "system"]) | JSON_VALUE, "content": TEXT | JSON_VALUE},
    optional={"citations": st.lists(TEXT, max_size=3) | JSON_VALUE},
)
ASK_BODY = (
    st.fixed_dictionaries(
        {"question": TEXT | JSON_VALUE}, optional={"history": st.lists(RAW_TURN, max_size=6) | JSON_VALUE, "extra": JSON_VALUE}
    )
    | JSON_VALUE
)


@pytest.fixture(scope="module")
def api(bot: Assistant) -> Iterator[TestClient]:
    with TestClient(create_app(bot.settings, bot), raise_server_exceptions=False) as client:
        yield client


def encoded(body: Any) -> bytes:
    """JSON as a client would send it; NaN, Infinity and lone surrogates (as \\ud800 escapes) included."""
    return json.dumps(body, ensure_ascii=True).encode()


@BOUNDED
@given(body=ASK_BODY)
def test_ask_api_never_answers_5xx(api: TestClient, body: Any) -> None:
    response = api.post("/api/ask", content=encoded(body), headers={"Content-Type": "application/json"})
    assert response.status_code < 500, response.text


@BOUNDED
@given(body=st.binary(max_size=2000))
def test_ask_api_never_answers_5xx_to_raw_bytes(api: TestClient, body: bytes) -> None:
    response = api.post("/api/ask", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code < 500, response.text


@BOUNDED
@given(
    q=st.text(st.characters(codec="utf-8"), max_size=600) | TEXT.filter(lambda t: "\x00" not in t),
    k=st.none() | st.integers() | TEXT,
)
def test_search_api_never_answers_5xx(api: TestClient, q: str, k: Any) -> None:
    params = {"q": q.encode("utf-8", "surrogatepass").decode("utf-8", "replace")}
    if k is not None:
        params["k"] = str(k)
    response = api.get("/api/search", params=params)
    assert response.status_code < 500, response.text
