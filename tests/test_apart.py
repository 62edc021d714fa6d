"""A version not stored yet is built by a child process; the serving process only loads what the child stored."""

from __future__ import annotations

import pytest

from assistant.assistant import Assistant
from assistant.retrieval.hybrid import SearchFeatures
from assistant.searchindex import is_stored
from assistant.settings import Settings

QUESTIONS = ["昆明养老院的护理补贴，最高一个月能拿到多少？", "托育机构备案找哪个部门", "到2025年养老机构护理型床位占比要达到多少"]


def test_the_child_builds_and_the_server_loads_the_same_answers(
    local: Settings, bot: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    apart = local.model_copy(update={"build_apart": True, "vector_enabled": True})
    assert not is_stored(apart)

    def refused(*args: object, **kwargs: object) -> SearchFeatures:
        raise AssertionError("the serving process built the search index itself")

    monkeypatch.setattr(SearchFeatures, "build", refused)  # in this process only: the spawned child has its own
    served = Assistant.from_settings(apart)
    assert is_stored(apart)
    assert served.retriever.vector is not None and served.retriever.vector.healthy
    for question in QUESTIONS:
        ours, theirs = served.ask(question), bot.ask(question)
        assert (ours.answer, [c.clause_id for c in ours.citations]) == (theirs.answer, [c.clause_id for c in theirs.citations])
