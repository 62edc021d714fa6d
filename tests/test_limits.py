"""Bounded requests and input hygiene at the HTTP API: malformed input is a 422 in Chinese in
FastAPI's own shape, never a 500; the schema states the limits; bodies, methods and history are
bounded; the worst accepted request costs well under a second of CPU.

The app runs in-process (Starlette's TestClient: no socket) on the real knowledge base.
"""

from __future__ import annotations

import gc
import random
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jieba.posseg.char_state_tab import P as HMM_CHARS

from assistant.assistant import Assistant
from assistant.errors import InputError
from assistant.feedback import FeedbackStore
from assistant.models import AskRequest
from assistant.settings import Settings
from assistant.web import Service, create_app

JSON = {"content-type": "application/json"}
CAREGIVER = "昆明私立养老院的护工有没有补贴"
CPU_BOUND = 0.25  # seconds of CPU; measured 21–52 ms (docs/reliability.md), the target is 100 ms, the bound leaves room for a loaded CI machine


@pytest.fixture(scope="module")
def bot(settings: Settings) -> Assistant:
    return Assistant.from_settings(settings.model_copy(update={"reload_interval": 0}))


@pytest.fixture(scope="module")
def api(bot: Assistant) -> Iterator[TestClient]:
    with TestClient(create_app(bot.settings, bot), raise_server_exceptions=False) as client:
        yield client


def is_chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (r'{"question": NaN}', ["body", "question"], "问题应为文本。"),
        (r'{"question": Infinity}', ["body", "question"], "问题应为文本。"),
        (r'{"question": "\ud800护工补贴"}', ["body", "question"], "问题含有无法识别的字符，请检查输入。"),
        (
            r'{"question": "护工", "history": [{"role": "user", "content": "\udc00"}]}',
            ["body", "history", 0, "content"],
            "无法识别",
        ),
        ('{"question": 5}', ["body", "question"], "问题应为文本。"),
        ('{"question": ["护工"]}', ["body", "question"], "问题应为文本。"),
        ('{"question": null}', ["body", "question"], "问题应为文本。"),
        ("{}", ["body", "question"], "问题缺少必填项。"),
        ("[]", ["body"], "请求应为 JSON 对象。"),
        ("不是JSON", ["body", 0], "请求不是有效的 JSON。"),
        ('{"question": " \\u3000\\n"}', ["body", "question"], "请输入您的问题。"),
        ('{"question": "' + "养" * 501 + '"}', ["body", "question"], "问题太长了（501字），请精简到500字以内。"),
        ('{"question": "护工", "history": "早先问过"}', ["body", "history"], "对话历史应为列表。"),
        ('{"question": "护工", "history": [{"role": "bot", "content": "x"}]}', ["body", "history", 0, "role"], "角色取值应为"),
    ],
)
def test_malformed_input_is_a_422_in_chinese(api: TestClient, body: str, field: list[Any], message: str) -> None:
    response = api.post("/api/ask", content=body.encode(), headers=JSON)
    assert response.status_code == 422
    [error] = response.json()["detail"]  # FastAPI's validation-error array, as the schema declares
    assert set(error) == {"loc", "msg", "type"}  # the input is never echoed back
    assert error["loc"] == field
    assert message in error["msg"]


def test_a_body_that_is_not_utf8_is_a_400_in_chinese(api: TestClient) -> None:
    response = api.post("/api/ask", content=b'{"question": "\xff\xfe"}', headers=JSON)
    assert response.status_code == 400
    assert response.json() == {"detail": "请求体无法解析，应为 UTF-8 编码的 JSON。"}


def test_search_query_is_checked_like_a_question(api: TestClient) -> None:
    blank = api.get("/api/search", params={"q": "  "})
    assert blank.status_code == 422
    assert blank.json()["detail"][0]["loc"] == ["query", "q"]
    assert (
        api.get("/api/search", params={"q": "养" * 501}).json()["detail"][0]["msg"]
        == "关键词太长了（501字），请精简到500字以内。"
    )


def test_the_schema_states_the_limits_and_the_errors(api: TestClient) -> None:
    spec = api.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    question = schemas["AskRequest"]["properties"]["question"]
    assert (question["minLength"], question["maxLength"], question["pattern"]) == (1, 500, r"[^\s\x1c-\x1f\x85]")
    assert schemas["AskRequest"]["properties"]["history"]["maxItems"] == 20
    assert schemas["Turn"]["properties"]["content"]["maxLength"] == 1000
    ask = spec["paths"]["/api/ask"]["post"]["responses"]
    assert set(ask) == {"200", "400", "413", "422", "429", "503"}
    assert ask["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/HTTPValidationError")
    assert "404" in spec["paths"]["/api/search"]["get"]["responses"]
    assert "404" in spec["paths"]["/api/clauses/{clause_id}"]["get"]["responses"]


@pytest.mark.parametrize(
    ("method", "path", "allow"), [("GET", "/api/ask", "POST"), ("DELETE", "/healthz", "GET"), ("PUT", "/api/search", "GET")]
)
def test_undeclared_methods_answer_405(api: TestClient, method: str, path: str, allow: str) -> None:
    response = api.request(method, path)
    assert response.status_code == 405
    assert response.headers["allow"] == allow
    assert response.json() == {"detail": "该地址不支持此请求方法。"}


def test_bodies_over_64_kb_answer_413_declared_or_streamed(api: TestClient) -> None:
    declared = api.post("/api/ask", content=b'{"question": "' + b"a" * 70_000 + b'"}', headers=JSON)
    assert declared.status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield b'{"question": "'
        for _ in range(30):
            yield "养".encode() * 1000
        yield b'"}'

    streamed = api.post("/api/ask", content=chunks(), headers=JSON)
    assert streamed.status_code == 413
    assert declared.json() == streamed.json() == {"detail": "请求内容过大（超过64KB），请精简问题或对话历史。"}


def test_history_is_bounded_per_turn_in_turns_and_in_all(api: TestClient, settings: Settings) -> None:
    turn = {"role": "user", "content": CAREGIVER}
    too_many = api.post("/api/ask", json={"question": "那玉溪呢？", "history": [turn] * 21})
    assert too_many.json()["detail"][0]["msg"] == "对话历史太多了，最多20项。"
    too_long = api.post("/api/ask", json={"question": "那玉溪呢？", "history": [{"role": "user", "content": "养" * 1001}]})
    assert too_long.json()["detail"][0]["msg"] == "内容太长了（1001字），请精简到1000字以内。"
    # Over 8,000 characters in all: the oldest turns are dropped, the recent one still carries the topic.
    filler = [{"role": "assistant", "content": "养" * 1000}] * 12
    answer = api.post("/api/ask", json={"question": "那玉溪呢？", "history": [*filler, turn]}).json()
    assert "玉溪" in answer["searched_query"] and "护工" in answer["searched_query"]
    kept = AskRequest.limited(settings).model_validate({"question": "那玉溪呢？", "history": [*filler, turn]}).history
    assert len(kept) == 8 and sum(len(t.content) for t in kept) <= 8000


def test_page_and_gradio_client_input_is_checked_the_same_way(bot: Assistant, tmp_path: Any) -> None:
    service = Service(bot.settings, bot, FeedbackStore(tmp_path / "f.sqlite3"))
    with pytest.raises(InputError, match="问题含有无法识别的字符"):
        service.request("\ud800护工", [])
    with pytest.raises(InputError, match="内容太长了"):
        service.request(CAREGIVER, [{"role": "assistant", "content": "养" * 1001}])


# -- cost ------------------------------------------------------------------------------------
def worst_inputs(settings: Settings) -> dict[str, tuple[str, list[dict[str, str]]]]:
    """The costliest requests the limits accept: the longest question of characters the POS
    tagger's HMM has never seen (or of random common ones), and the longest history of them."""
    rng = random.Random(12)
    rare = [chr(c) for c in range(0x4E00, 0x9FD6) if chr(c) not in HMM_CHARS]
    common = [c for c in HMM_CHARS if "\u4e00" <= c <= "\u9fd5"]

    def text(n: int, pool: list[str]) -> str:
        return "".join(rng.choice(pool) for _ in range(n))

    n, turn = settings.max_question_chars, settings.max_turn_chars
    turns = settings.max_history_chars // turn
    mixed = "".join(a + b for a, b in zip(text(n, rare), text(n, common), strict=True))[:n]
    return {
        "rare question": (text(n, rare), []),
        "common question": (text(n, common), []),
        "mixed question": (mixed, []),
        "rare history, follow-up": ("那玉溪呢？", [{"role": "user", "content": text(turn, rare)} for _ in range(turns)]),
        "common history, rare question": (text(n, rare), [{"role": "user", "content": text(turn, common)} for _ in range(turns)]),
    }


def test_the_worst_accepted_request_stays_within_the_cpu_bound(bot: Assistant) -> None:
    bot.ask(CAREGIVER)  # warm
    model = AskRequest.limited(bot.settings)
    costs = {}
    for name, (question, history) in worst_inputs(bot.settings).items():
        request = model.model_validate({"question": question, "history": history})  # accepted by the API's limits
        runs = []
        for _ in range(3):  # the best of three, each after a collection: the request's work, not a GC pause of the suite's heap
            gc.collect()
            started = time.process_time()
            bot.ask(request.question, request.history)
            runs.append(time.process_time() - started)
        costs[name] = min(runs)
    print("\nCPU per request:", {k: f"{v * 1000:.0f} ms" for k, v in costs.items()})
    assert max(costs.values()) < CPU_BOUND, costs
