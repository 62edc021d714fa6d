"""LangChain's standard retriever suite (`langchain-tests`) on ClauseRetriever, offline.

The retriever is built on the shared lexical hybrid search (no Chroma). The suite builds it from
`retriever_constructor(**retriever_constructor_params)` and calls `invoke(query, k=…)`.
"""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.retrievers import BaseRetriever
from langchain_tests.integration_tests import RetrieversIntegrationTests

from assistant.integrations import ClauseRetriever
from assistant.knowledge import KnowledgeBase
from assistant.lexicon import Lexicon
from assistant.retrieval.hybrid import HybridRetriever


class TestClauseRetrieverStandard(RetrieversIntegrationTests):
    """Constructor `k`, per-call `k`, invoke and ainvoke return Documents, no standard test overridden."""

    @pytest.fixture(autouse=True)
    def _search(self, hybrid: HybridRetriever, kb: KnowledgeBase, lexicon: Lexicon) -> None:
        # Properties cannot request fixtures; this autouse fixture runs before the suite's `retriever` fixture.
        self.parts = {"hybrid": hybrid, "kb": kb, "lexicon": lexicon}

    @property
    def retriever_constructor(self) -> type[BaseRetriever]:
        return ClauseRetriever

    @property
    def retriever_constructor_params(self) -> dict[str, Any]:
        return {**self.parts, "k": 2}

    @property
    def retriever_query_example(self) -> str:
        return "昆明民办养老机构护理员有什么补贴？"
