"""The web app end to end: the page's named endpoints via gradio_client, the HTTP API, escaping, gaps.

One server per test run (the `web_app` fixture: uvicorn in a thread, 127.0.0.1, a free port) with the real knowledge base.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"  # gradio_client otherwise asks huggingface.co about "agent harnesses"

import httpx
import huggingface_hub.constants
import pytest
from gradio_client import Client
from langchain_core.language_models import FakeListChatModel
from pydantic import TypeAdapter
from webapp import TOKEN, Running

from assistant.answering.llm import LLMAnswerer
from assistant.assistant import Assistant
from assistant.feedback import FeedbackStore
from assistant.models import Answer, Citation, Clause
from assistant.web import (
    FRIENDLY_ERROR,
    AccessDenied,
    ClauseOut,
    SearchItem,
    Service,
    chat_turn,
)
from assistant.webcards import plain_answer, render_answer, render_conversation
from assistant.webviews import brief, render_hits, render_tree, spoken_row

TODAY = date(2026, 11, 23)
CAREGIVER = "昆明私立养老院的护工有没有补贴"
CAREGIVER_CLAUSE = "km-2022-plan:三.八.19"
INJECTION = "<script>alert(1)</script><img src=x onerror=alert(1)>护理补贴"


@pytest.fixture(scope="module")
def http(web_app: Running) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=web_app.url, timeout=20) as client:
        yield client


@pytest.fixture(scope="module")
def client(web_app: Running) -> Client:
    huggingface_hub.constants.HF_HUB_OFFLINE = True  # in case huggingface_hub was imported before the env var was set
    return Client(web_app.url + "/", verbose=False)


# -- gradio_client ---------------------------------------------------------------------------
def test_named_ask_endpoint_answers_with_a_citation(client: Client) -> None:
    answer = Answer.model_validate(client.predict(CAREGIVER, [], api_name="/ask"))
    assert answer.answered
    assert "50至150元" in answer.answer
    assert "km-2022-plan" in [c.doc_id for c in answer.citations]


def test_named_search_endpoint_ranks_the_clause_first(client: Client) -> None:
    items = TypeAdapter(list[SearchItem]).validate_python(client.predict("护理补助", 5, "", "", api_name="/search"))
    assert items[0].clause_id == CAREGIVER_CLAUSE
    assert "护理补助" in items[0].matched


def test_named_ask_endpoint_reports_an_empty_question_as_a_sentence(client: Client) -> None:
    with pytest.raises(Exception, match="请输入您的问题"):
        client.predict("  ", [], api_name="/ask")


# -- HTTP API --------------------------------------------------------------------------------
def test_api_ask_returns_an_answer(http: httpx.Client) -> None:
    response = http.post("/api/ask", json={"question": CAREGIVER})
    assert response.status_code == 200
    answer = Answer.model_validate(response.json())
    assert "50至150元" in answer.answer
    assert answer.citations[0].clause_id == CAREGIVER_CLAUSE


def test_api_ask_uses_the_history_for_follow_ups(http: httpx.Client) -> None:
    history = [{"role": "user", "content": CAREGIVER}, {"role": "assistant", "content": "每人每月50至150元。"}]
    answer = Answer.model_validate(http.post("/api/ask", json={"question": "那玉溪呢？", "history": history}).json())
    assert "玉溪" in answer.searched_query


@pytest.mark.parametrize(("question", "message"), [("", "请输入您的问题"), ("养" * 501, "问题太长了（501字）")])
def test_api_ask_rejects_empty_and_too_long_questions(http: httpx.Client, question: str, message: str) -> None:
    response = http.post("/api/ask", json={"question": question})
    assert response.status_code == 422
    assert message in response.json()["detail"][0]["msg"]


def test_api_search_filters_by_region_and_document(http: httpx.Client) -> None:
    adapter = TypeAdapter(list[SearchItem])
    kunming = adapter.validate_python(http.get("/api/search", params={"q": "护理补助", "k": 5, "region": "昆明市"}).json())
    assert kunming[0].clause_id == CAREGIVER_CLAUSE
    assert {i.region for i in kunming} == {"昆明市"}
    yuxi = adapter.validate_python(http.get("/api/search", params={"q": "护理补助", "doc": "yx-2023-plan"}).json())
    assert yuxi and {i.doc_id for i in yuxi} == {"yx-2023-plan"}
    assert http.get("/api/search", params={"q": "护理补助", "doc": "nope"}).status_code == 404


def test_api_clause_and_unknown_clause(http: httpx.Client) -> None:
    clause = ClauseOut.model_validate(http.get(f"/api/clauses/{CAREGIVER_CLAUSE}").json())
    assert clause.citation == "《昆明市促进养老托育服务体系发展整体解决方案》三、（八）19"
    assert "50至150元" in clause.text
    missing = http.get("/api/clauses/km-2022-plan:九.九.99")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "没有编号为 km-2022-plan:九.九.99 的条款。"


def test_health_and_openapi_docs(http: httpx.Client) -> None:
    health = http.get("/healthz").json()
    assert health["components"] == {"lexical": "ok", "vector": "ok", "feedback": "ok", "llm": "off"}
    assert {k: health[k] for k in ("status", "documents", "clauses", "llm", "failed_documents")} == {
        "status": "ok",
        "documents": 4,
        "clauses": 265,
        "llm": False,
        "failed_documents": [],
    }
    assert len(health["knowledge_version"]) == 12
    paths = http.get("/openapi.json").json()["paths"]
    assert {"/api/ask", "/api/search", "/api/clauses/{clause_id}", "/healthz"} <= set(paths)
    assert http.get("/docs").status_code == 200


def test_page_is_served(http: httpx.Client) -> None:
    page = http.get("/")
    assert page.status_code == 200
    assert "云南养老托育政策问答" in page.text
    assert http.get("/desk/").status_code == 200 and http.get("/admin/").status_code == 200
    assert http.get("/desk", follow_redirects=False).headers["location"] == "/desk/"


# -- gaps --------------------------------------------------------------------------------------
def test_declined_question_appears_in_gaps_only_with_the_token(http: httpx.Client) -> None:
    for _ in range(2):
        assert http.post("/api/ask", json={"question": "北京的养老补贴"}).json()["answered"] is False
    assert http.get("/api/gaps").status_code == 403
    assert http.get("/api/gaps", headers={"Authorization": "Bearer wrong"}).status_code == 403
    gaps = http.get("/api/gaps", headers={"Authorization": f"Bearer {TOKEN}"}).json()
    beijing = next(g for g in gaps if g["question"] == "北京的养老补贴")
    assert beijing["count"] >= 2
    assert beijing["reasons"] == "未能回答"
    assert beijing["last_asked"].startswith(str(date.today().year))
    csv_text = http.get("/api/gaps.csv", headers={"Authorization": f"Bearer {TOKEN}"}).text
    assert csv_text.splitlines()[0] == "问题,原因,次数,最近提问,用户意见"
    assert "北京的养老补贴" in csv_text


def test_gaps_need_the_token_and_an_enabled_maintenance(web_app: Running, tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "f.sqlite3")
    service = Service(web_app.settings, web_app.bot, store)
    with pytest.raises(AccessDenied, match="口令不正确"):
        service.gaps("")
    assert service.gaps(TOKEN) == []
    closed = Service(web_app.settings.model_copy(update={"admin_token": None}), web_app.bot, store)
    with pytest.raises(AccessDenied, match="未启用"):
        closed.gaps(TOKEN)


def test_feedback_store_groups_resolves_and_reopens(tmp_path: Path) -> None:
    now = [datetime(2026, 11, 23, 9, 0)]
    store = FeedbackStore(tmp_path / "f.sqlite3", clock=lambda: now[0])
    declined = Answer(answer="没有找到", answered=False, citations=[], confidence=0.0, searched_query="")
    weak = declined.model_copy(update={"answered": True, "confidence": 0.3})
    strong = declined.model_copy(update={"answered": True, "confidence": 0.9})
    assert store.record_question("北京的养老补贴", declined)
    assert store.record_question("北京的养老补贴？", declined)  # same question, other punctuation
    assert store.record_question("高龄津贴怎么申请", weak)
    assert not store.record_question(CAREGIVER, strong)
    feedback_id = store.record_feedback("托育补贴", "……", -1)
    store.add_comment(feedback_id, "没说金额")
    store.record_feedback(CAREGIVER, "……", 1)
    rows = [g.row() for g in store.gaps()]
    assert rows == [
        ["北京的养老补贴？", "未能回答", 2, "2026-11-23 09:00:00", ""],
        ["高龄津贴怎么申请", "依据不足", 1, "2026-11-23 09:00:00", ""],
        ["托育补贴", "用户点踩", 1, "2026-11-23 09:00:00", "没说金额"],
    ]
    now[0] += timedelta(minutes=1)
    store.resolve("北京的养老补贴")
    assert [g.question for g in store.gaps()] == ["高龄津贴怎么申请", "托育补贴"]
    now[0] += timedelta(minutes=1)
    store.record_question("北京的养老补贴", declined)  # asked again after it was resolved
    assert store.gaps()[0].row()[:4] == ["北京的养老补贴", "未能回答", 1, "2026-11-23 09:02:00"]  # newest first among equals
    assert store.export_csv().count("\n") == 4


# -- rendering and the chat turn ---------------------------------------------------------------
def test_markup_in_questions_and_documents_is_shown_as_text(web_app: Running, tmp_path: Path) -> None:
    service = Service(web_app.settings, web_app.bot, FeedbackStore(tmp_path / "f.sqlite3"))
    entries = list(chat_turn(service, INJECTION, []))[-1]
    page = render_conversation(entries)
    citation = Citation(
        clause_id='x"><img src=x onerror=alert(1)>',
        doc_id="d",
        doc_title="<b>标题</b>",
        label="一、",
        region="昆明市",
        issue_date=TODAY,
        departments=["<i>局</i>"],
        text=INJECTION + "每人每月50至150元",
    )
    answer = Answer(
        answer=INJECTION + "每人每月50至150元",
        answered=True,
        citations=[citation],
        confidence=0.9,
        searched_query="",
        lead="每人每月50至150元",
    )
    page += render_answer(answer, {"d": "<b>短</b>"}, understood=INJECTION)
    page += render_conversation([{"role": "assistant", "text": "", "html": "", "copy": INJECTION, "done": True}] * 2)
    clause = Clause(
        id="d:1", doc_id="d", kind="item", label="1", title=INJECTION, path=[], text=INJECTION, span=(0, 1), content_hash="h"
    )
    page += render_hits([(clause, ["<img"])], {"d": "<b>文件</b>"}, {"d:1": INJECTION})
    for raw in ("<script", "<img", "onerror=alert(1)>", "<b>", "<i>"):
        assert raw not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert '<mark class="fact">每人每月50至150元</mark>' in page


def test_answer_card_leads_cites_short_titles_and_marks_only_the_answer_figures(web_app: Running) -> None:
    answer = web_app.bot.ask(CAREGIVER).model_copy(update={"notices": ["省级文件与市级文件的规定不同。"]})
    titles = {d.meta.id: d.meta.display_title for d in web_app.bot.kb.documents}
    page = render_answer(answer, titles)
    notice = '<div class="notice" role="note">省级文件与市级文件的规定不同。</div>'
    assert page.index(notice) < page.index('<p class="lead">') < page.index('<details class="quote">')  # notices first
    assert '<p class="lead">有，<mark class="fact">每人每月50至150元</mark>。</p>' in page
    assert (
        '依据：<span class="cite">《昆明市养老托育整体解决方案（2022）》三、（八）19<span class="date">（2022年11月29日印发）'
        in page
    )
    assert page.count("<mark") == 2  # the figure in the lead and in the quote; no date, no other number
    assert 'href="?clause=km-2022-plan%3A%E4%B8%89.%E5%85%AB.19"' in page
    assert '<a class="tel" href="tel:12345">12345</a>' in page
    copied = plain_answer(answer, titles)
    assert "<" not in copied and copied.endswith(
        "出处：《昆明市养老托育整体解决方案（2022）》三、（八）19（2022年11月29日印发）\n以正式文件为准。"
    )


def test_a_table_row_is_read_out_as_a_sentence(web_app: Running) -> None:
    row = web_app.bot.clause("yx-2023-plan:二.四.表.序号4")
    assert spoken_row(row) == "养老机构护理型养老床位占比，2020年12.3%，2023年30%，2025年55%（约束性）"


def test_a_long_line_is_cut_at_a_pause_to_be_said_in_one_breath() -> None:
    assert brief("每人每月50至150元。") == "每人每月50至150元"
    long = "对纳入特困供养范围的高龄老年人家庭，" * 3 + "逐步实施居家适老化改造。"
    assert brief(long, 40) == "对纳入特困供养范围的高龄老年人家庭，对纳入特困供养范围的高龄老年人家庭……"


def test_desk_reply_lines_read_aloud_in_one_line(web_app: Running, tmp_path: Path) -> None:
    service = Service(web_app.settings, web_app.bot, FeedbackStore(tmp_path / "f.sqlite3"))
    said, exact = service.reply_lines(web_app.bot.clause(CAREGIVER_CLAUSE), CAREGIVER)
    assert said == "每人每月50至150元（《昆明市养老托育整体解决方案（2022）》三、（八）19）"
    assert exact.startswith("《昆明市养老托育整体解决方案（2022）》三、（八）19：“对取得养老护理职业资格证书")
    said, _ = service.reply_lines(web_app.bot.clause("yx-2023-plan:二.四.表.序号4"), "护理型床位占比")
    assert "：" not in said.split("（《")[0] and "2025年55%" in said  # a sentence, not 分类：…；单位：…
    for clause_id in ("yx-2023-plan:附件2.序号8", "yx-2023-plan:附件2.序号30"):  # long task rows: said once, in one breath
        said, _ = service.reply_lines(web_app.bot.clause(clause_id), "居家适老化改造")
        assert len(said.split("（《")[0]) <= 60 + len("……") and said.count("按照每年不低于200户") <= 1


def test_desk_token_guards_the_desk_only_when_it_is_protected(web_app: Running, tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "f.sqlite3")
    Service(web_app.settings, web_app.bot, store).admit_desk("")  # open desk: no token needed
    guarded = web_app.settings.model_copy(update={"desk_protected": True, "desk_token": "d35k"})
    Service(guarded, web_app.bot, store).admit_desk("d35k")
    with pytest.raises(AccessDenied, match="坐席口令不正确"):
        Service(guarded, web_app.bot, store).admit_desk(TOKEN)  # the admin token is not the desk's
    closed = guarded.model_copy(update={"desk_token": None})
    with pytest.raises(AccessDenied, match="未启用"):
        Service(closed, web_app.bot, store).admit_desk("d35k")


def test_document_tree_shows_validity_and_opens_the_linked_clause(web_app: Running) -> None:
    page = render_tree(web_app.bot.kb.document("km-2022-plan"), CAREGIVER_CLAUSE, TODAY)
    assert '<span class="status in">现行有效</span>' in page
    assert page.count('class="leaf focus" open') == 1
    assert page.count('<details class="sec" open>') == 2  # 三、 and 三、（八）


def test_chat_turn_streams_in_llm_mode(web_app: Running, tmp_path: Path) -> None:
    text = "取得养老护理职业资格证书、在民办养老机构从事养老护理的人员，按等级每人每月可领50至150元护理补助[C1]。"
    # A new Assistant on the shared one's parts: setting `answerer` on a copy would change the shared one.
    llm = LLMAnswerer(web_app.settings, chat_model=FakeListChatModel(responses=[text]))
    bot = Assistant(web_app.settings, web_app.bot.kb, web_app.bot.lexicon, web_app.bot.retriever, llm)
    service = Service(web_app.settings, bot, FeedbackStore(tmp_path / "f.sqlite3"))
    steps = [step[-1]["html"] for step in chat_turn(service, CAREGIVER, [])]
    assert "正在查找" in steps[0]
    assert len(steps) > len(text) // 2  # one update per streamed character, then the final answer
    assert (
        steps[5]
        == '<div class="answer draft"><p class="text">取得养老护</p><p class="note">正在生成，完成后将与原文核对…</p></div>'
    )
    assert "按等级" in steps[-2] and "[C1]" not in steps[-2]  # markers are dropped while streaming
    assert '<details class="quote">' in steps[-1]


def test_chat_turn_turns_unexpected_errors_into_one_sentence(
    web_app: Running, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    class Broken:
        def stream(self, question: str, history: list[object]) -> Iterator[str]:
            raise RuntimeError("database on fire")
            yield ""

    service = Service(web_app.settings, web_app.bot, FeedbackStore(tmp_path / "f.sqlite3"))
    service.bot = Broken()  # type: ignore[assignment]
    html = list(chat_turn(service, CAREGIVER, []))[-1][-1]["html"]
    assert FRIENDLY_ERROR in html
    assert "database on fire" not in html
    assert "database on fire" in caplog.text


def test_csv_export_defuses_formulas(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "f.sqlite3")
    declined = Answer(answer="没有", answered=False, citations=[], confidence=0.0, searched_query="=HYPERLINK(1)")
    store.record_question("=HYPERLINK(1)", declined)
    assert "'=HYPERLINK(1)" in store.export_csv()
