"""The evaluation harness: scoring of single cases, the quote check, the regression gate."""

from __future__ import annotations

from assistant.evaluation import TOLERANCE, gate, misquotes, quotations, score_case
from assistant.knowledge import KnowledgeBase
from assistant.models import Answer, Citation, EvalCase


def _answer(kb: KnowledgeBase, text: str, clause_id: str, answered: bool = True) -> Answer:
    clause = kb.clause(clause_id)
    citation = Citation.of(clause, kb.meta(clause))
    return Answer(answer=text, answered=answered, citations=[citation], confidence=0.9, searched_query="q")


CASE = EvalCase(
    id="amount-x",
    category="amount",
    question="昆明私立养老院的护工有补贴吗",
    answerable=True,
    gold_clause_ids=["km-2022-plan:三.八.19"],
    key_facts=[["50至150元", "50-150元"]],
)


def test_a_faithful_answer_scores_clean(kb: KnowledgeBase) -> None:
    text = "每人每月50至150元。依据《昆明市促进养老托育服务体系发展整体解决方案》三、（八）19（2022年11月29日印发）：“对取得养老护理职业资格证书……按照不同等级分别给予每人每月50至150元的护理补助。”"
    result = score_case(kb, CASE, ["km-2022-plan:三.八.19"], _answer(kb, text, "km-2022-plan:三.八.19"), 5.0)
    assert (result.rank, result.key_facts_ok, result.gold_cited, result.citation_precision) == (1, True, True, 1.0)
    assert result.unsupported == [] and result.misquoted == [] and not result.failed


def test_an_altered_number_and_an_invented_quote_are_caught(kb: KnowledgeBase) -> None:
    text = (
        "每人每月200元。依据《昆明市促进养老托育服务体系发展整体解决方案》三、（八）19：“对取得证书的护工每人每月给予200元补助。”"
    )
    result = score_case(kb, CASE, ["km-2022-plan:三.八.19"], _answer(kb, text, "km-2022-plan:三.八.19"), 5.0)
    assert result.unsupported == ["200"]
    assert result.misquoted == ["对取得证书的护工每人每月给予200元补助"]
    assert result.failed and result.missing_facts == [["50至150元", "50-150元"]]


def test_quotations_skip_titles_and_keep_nested_quotes() -> None:
    text = "依据《玉溪市“一老一小”整体解决方案》三、（六）第3段：“建立“三社联动”机制……到2025年。”另据《X》一：“乙。”"
    assert quotations(text) == ["建立“三社联动”机制……到2025年。", "乙。"]


def test_misquotes_checks_each_piece_between_ellipses(kb: KnowledgeBase) -> None:
    ok = "依据：“对取得养老护理职业资格证书……按照不同等级分别给予每人每月50至150元的护理补助。”"
    assert misquotes(_answer(kb, ok, "km-2022-plan:三.八.19")) == []


def test_gate_allows_the_tolerance_and_no_new_violations() -> None:
    base = {"overall": {"hit_at_1": 0.86, "false_abstention_rate": 0.02, "number_violations": 0, "quote_violations": 0}}
    same = {
        "overall": {
            "hit_at_1": 0.86 - TOLERANCE / 2,
            "false_abstention_rate": 0.02,
            "number_violations": 0,
            "quote_violations": 0,
        }
    }
    worse = {"overall": {"hit_at_1": 0.80, "false_abstention_rate": 0.06, "number_violations": 1, "quote_violations": 0}}
    assert gate(same, base) == []
    assert [p.split(":")[0] for p in gate(worse, base)] == ["hit_at_1", "false_abstention_rate", "number_violations"]


def test_a_quote_across_a_line_break_of_the_clause_is_verbatim() -> None:
    from datetime import date

    from assistant.evaluation import misquotes
    from assistant.models import Answer, Citation

    clause = Citation(
        clause_id="d:六",
        doc_id="d",
        doc_title="t",
        label="第六条",
        region="昭通市",
        issue_date=date(2025, 6, 5),
        departments=[],
        text="养老机构应当于每年5月31日前提交下列材料：\n（一）申请书；\n（二）自评报告。",
    )
    quoted = Answer(
        answer="依据：“养老机构应当于每年5月31日前提交下列材料：（一）申请书；”",
        answered=True,
        citations=[clause],
        confidence=1.0,
        searched_query="",
    )
    assert misquotes(quoted) == []
    wrong = quoted.model_copy(update={"answer": "依据：“养老机构应当于每年6月30日前提交下列材料：”"})
    assert misquotes(wrong) == ["养老机构应当于每年6月30日前提交下列材料:"]
