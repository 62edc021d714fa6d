"""The LangChain retriever: the hybrid search as langchain Documents, composable in LCEL chains."""

from __future__ import annotations

import asyncio

import pytest
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import RunnableLambda, RunnablePassthrough

from assistant.integrations import ClauseRetriever, format_docs
from assistant.knowledge import KnowledgeBase
from assistant.lexicon import Lexicon
from assistant.retrieval.hybrid import HybridRetriever
from assistant.settings import Settings

CAREGIVER = "km-2022-plan:三.八.19"
QUESTION = "昆明民办养老机构护理员有什么补贴？"


@pytest.fixture(scope="module")
def retriever(hybrid: HybridRetriever, kb: KnowledgeBase, lexicon: Lexicon) -> ClauseRetriever:
    """Lexical-only hybrid search: no Chroma needed."""
    return ClauseRetriever(hybrid=hybrid, lexicon=lexicon, kb=kb, k=3)


def test_documents_carry_clause_text_and_citation_metadata(retriever: ClauseRetriever, kb: KnowledgeBase) -> None:
    docs = retriever.invoke(QUESTION)
    assert len(docs) == 3
    top = docs[0]
    assert top.id == CAREGIVER
    assert top.page_content == kb.clause(CAREGIVER).text
    assert "每人每月50至150元的护理补助" in top.page_content
    score = top.metadata["score"]
    assert top.metadata == {
        "clause_id": CAREGIVER,
        "doc_id": "km-2022-plan",
        "doc_title": "昆明市促进养老托育服务体系发展整体解决方案",
        "label": "三、（八）19",
        "region": "昆明市",
        "issue_date": "2022-11-29",
        "score": score,
        "departments": ["市人力资源社会保障局", "市民政局", "市卫生健康委"],
    }
    scores = [d.metadata["score"] for d in docs]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0


def test_composes_with_a_runnable_lambda(retriever: ClauseRetriever) -> None:
    chain = retriever | RunnableLambda(format_docs)
    context = chain.invoke(QUESTION)
    first = context.split("\n\n")[0]
    assert first.startswith("[1]《昆明市促进养老托育服务体系发展整体解决方案》三、（八）19\n完善就业薪酬激励政策。")
    assert context.count("\n\n[") == 2  # three numbered clauses


def test_feeds_a_prompt_in_a_rag_chain(retriever: ClauseRetriever) -> None:
    prompt = ChatPromptTemplate.from_messages([("system", "只根据以下条款回答：\n{context}"), ("human", "{question}")])
    chain = {"context": retriever | format_docs, "question": RunnablePassthrough()} | prompt
    messages = chain.invoke(QUESTION).to_messages()
    assert "《昆明市促进养老托育服务体系发展整体解决方案》三、（八）19" in messages[0].content
    assert messages[1].content == QUESTION


def test_async_and_batch(retriever: ClauseRetriever) -> None:
    docs = asyncio.run(retriever.ainvoke(QUESTION))
    assert docs[0].metadata["clause_id"] == CAREGIVER
    batched = retriever.batch([QUESTION, "红塔区社区养老服务设施配建"])
    assert [b[0].metadata["clause_id"] for b in batched] == [CAREGIVER, "yx-2023-plan:三.六.第2段"]


def test_k_and_filters(retriever: ClauseRetriever) -> None:
    assert len(retriever.invoke(QUESTION)) == 3
    one = retriever.model_copy(update={"k": 1})
    assert [d.id for d in one.invoke(QUESTION)] == [CAREGIVER]
    assert [d.id for d in retriever.invoke(QUESTION, k=1)] == [CAREGIVER]  # a per-call k overrides the field
    assert len(asyncio.run(retriever.ainvoke(QUESTION, k=5))) == 5
    provincial = retriever.model_copy(update={"regions": ["云南省"]})
    docs = provincial.invoke(QUESTION)
    assert docs and {d.metadata["region"] for d in docs} == {"云南省"}
    yuxi = retriever.model_copy(update={"doc_ids": ["yx-2023-plan"]})
    assert {d.metadata["doc_id"] for d in yuxi.invoke("老年大学")} == {"yx-2023-plan"}


def test_blank_question_returns_nothing(retriever: ClauseRetriever) -> None:
    assert retriever.invoke("   ") == []


def test_invalid_k_is_rejected(retriever: ClauseRetriever, kb: KnowledgeBase, lexicon: Lexicon) -> None:
    with pytest.raises(ValueError, match="greater than or equal to 1"):
        ClauseRetriever(hybrid=retriever.hybrid, lexicon=lexicon, kb=kb, k=0)
    with pytest.raises(ValueError, match="greater than or equal to 1"):
        retriever.invoke(QUESTION, k=0)


def test_from_settings_uses_the_app_search_with_vectors(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """End to end as the app loads it: knowledge base, Chroma index (embedded), hybrid search."""
    from chromadb.api.types import DefaultEmbeddingFunction

    def no_default_embedding(*args: object, **kwargs: object) -> None:
        raise AssertionError("Chroma's default (ONNX, downloaded) embedding function must never run")

    monkeypatch.setattr(DefaultEmbeddingFunction, "__call__", no_default_embedding)
    retriever = ClauseRetriever.from_settings(settings, k=2)
    assert retriever.hybrid.vector is not None
    assert retriever.k == 2
    docs = retriever.invoke("民办养老机构护理员护理补助")
    assert [d.metadata["clause_id"] for d in docs[:1]] == [CAREGIVER]
    assert len(docs) == 2
