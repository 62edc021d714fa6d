"""Lexical scoring, fusion and the structural rerank on the real corpus, with exact clause ids.

The hybrid retriever runs without its vector part here (vector=None), which is also how the
app degrades when Chroma is switched off, so every ranking below is deterministic.
"""

from __future__ import annotations

import dataclasses
import math

import bm25s
import numpy as np
import pytest

from assistant.knowledge import KnowledgeBase
from assistant.lexicon import Lexicon
from assistant.models import Clause
from assistant.query import Query, analyse
from assistant.retrieval.base import Hit
from assistant.retrieval.hybrid import HybridRetriever, SearchResult
from assistant.retrieval.lexical import LexicalRetriever, SparseBM25, clause_document
from assistant.tuning import DEFAULT


def run(hybrid: HybridRetriever, lexicon: Lexicon, question: str, k: int = 5, **filters: list[str]) -> SearchResult:
    return hybrid.run(analyse(question, lexicon), k, **filters)


def ids(result: SearchResult) -> list[str]:
    return [hit.clause_id for hit in result.hits]


def rank(result: SearchResult, clause_id: str) -> int:
    return ids(result).index(clause_id)


# -- region ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("topic", "anywhere", "kunming"),
    [
        ("医养结合机构建设", "yx-2023-plan:三.七.第2段", "km-2022-plan:三.三.6"),
        ("老年大学", "yx-2023-plan:三.八.第1段", "km-2022-plan:三.四.8"),
        ("社区养老服务设施配建", "yx-2023-plan:三.六.第2段", "km-2022-plan:三.二.5"),
    ],
    ids=["medical-care", "elder-university", "community-facilities"],
)
def test_naming_kunming_ranks_the_kunming_plan_first(
    hybrid: HybridRetriever, lexicon: Lexicon, topic: str, anywhere: str, kunming: str
) -> None:
    assert ids(run(hybrid, lexicon, topic))[0] == anywhere
    result = run(hybrid, lexicon, "昆明" + topic)
    assert result.query.regions == ["昆明市"]
    assert ids(result)[0] == kunming
    assert result.hits[0].signals["region"] == 1.3


def test_a_yuxi_clause_is_demoted_for_a_kunming_question(hybrid: HybridRetriever, lexicon: Lexicon) -> None:
    yuxi = "yx-2023-plan:三.七.第2段"
    result = run(hybrid, lexicon, "昆明医养结合机构建设", k=40)
    demoted = result.hits[rank(result, yuxi)]
    assert demoted.signals["region"] == 0.35
    assert rank(result, yuxi) > 3
    # Provincial documents apply in Kunming too: kept close to neutral.
    assert result.hits[rank(result, "yn-2021-opinions:三.十二")].signals["region"] == 0.95


def test_a_county_name_maps_to_its_city(hybrid: HybridRetriever, lexicon: Lexicon) -> None:
    result = run(hybrid, lexicon, "红塔区社区养老服务设施配建")
    assert result.query.regions == ["玉溪市"]
    assert ids(result)[0] == "yx-2023-plan:三.六.第2段"
    assert all(hybrid.kb.clause(i).doc_id == "yx-2023-plan" for i in ids(result)[:3])
    # The same topic asked for Kunming prefers the Kunming clause.
    assert ids(run(hybrid, lexicon, "昆明社区养老服务设施配建"))[0] == "km-2022-plan:三.二.5"


# -- intent ---------------------------------------------------------------------------------
def without_intents(query: Query) -> Query:
    return dataclasses.replace(query, intents=[])


def test_amount_question_prefers_the_clause_with_an_amount(hybrid: HybridRetriever, lexicon: Lexicon) -> None:
    query = analyse("昆明养老院的护理补贴，最高一个月能拿到多少？", lexicon)
    assert query.intents == ["amount"]
    top = hybrid.run(query, 5).hits[0]
    assert top.clause_id == "km-2022-plan:三.八.19"
    assert "50至150元" in hybrid.kb.clause(top.clause_id).text
    assert top.signals["intent"] == 1.3
    # Same words without the amount intent: the clause loses its intent boost and its first place.
    plain = hybrid.run(without_intents(query), 5)
    caregiver = next(h for h in plain.hits if h.clause_id == top.clause_id)
    assert caregiver.signals["intent"] == 1.0
    assert ids(plain)[0] != top.clause_id


def test_department_question_prefers_a_responsibility_list(hybrid: HybridRetriever, lexicon: Lexicon) -> None:
    query = analyse("玉溪老年大学建设归哪个部门管？", lexicon)
    assert query.intents == ["department"]
    top = hybrid.run(query, 5).hits[0]
    assert top.clause_id == "yx-2023-plan:附件2.序号18"
    assert hybrid.kb.clause(top.clause_id).departments
    assert top.signals["intent"] == 1.25
    assert ids(hybrid.run(without_intents(query), 5))[0] == "yx-2023-plan:三.八.第1段"


def test_table_question_ranks_table_rows(hybrid: HybridRetriever, lexicon: Lexicon) -> None:
    result = run(hybrid, lexicon, "玉溪有哪些托育项目")
    assert result.query.intents == ["table"]
    clauses = [hybrid.kb.clause(i) for i in ids(result)]
    # Rows of annex 3 (the project list): nursery projects or their subtotal.
    assert all(c.is_table and c.label.startswith("附件3") for c in clauses)
    assert all(c.columns.get("类别") == "托育" or c.title.startswith("托育项目小计") for c in clauses)
    assert all(hit.signals["intent"] == 1.3 for hit in result.hits)
    every = run(hybrid, lexicon, "玉溪有哪些托育项目", k=40).hits
    prose = [h for h in every if not hybrid.kb.clause(h.clause_id).is_table]
    assert prose and all(h.signals["intent"] == 0.9 for h in prose)


def test_how_many_question_prefers_a_number_next_to_what_it_counts(hybrid: HybridRetriever, lexicon: Lexicon) -> None:
    result = run(hybrid, lexicon, "昆明十四五期间要培养多少护工？", k=10)
    hits = {h.clause_id: h for h in result.hits}
    # 培养养老护理员12000名: the number stands next to the official word for 护工
    assert hits["km-2022-plan:二.第1段"].signals["counted"] == 1.3
    # a planning clause that names 十四五 but counts no caregivers gets no boost
    assert hits["km-2022-plan:三.六.14"].signals["counted"] == 1.0


def test_a_character_in_brackets_is_indexed_both_ways(kb: KnowledgeBase, lexicon: Lexicon) -> None:
    document = clause_document(kb.clause("yx-2023-plan:附件8.序号4"))
    assert "抵（质）押" in document
    assert {"抵押", "质押"} <= set(lexicon.words_of(document))


def test_a_document_named_by_its_year_gets_the_year_boost(hybrid: HybridRetriever, lexicon: Lexicon) -> None:
    result = run(hybrid, lexicon, "乡镇养老机构，2021年意见和2024年行动方案的目标各是多少？", k=10)
    hits = {h.clause_id: h for h in result.hits}
    assert hits["yn-2021-opinions:二.八"].signals["year"] == 1.15  # 2021 is the year of the opinions, not in the clause
    assert hits["yn-2024-action:一.二"].signals["year"] == 1.15  # 2024 is in the plan's title


def test_parts_of_a_compound_word_weigh_less(hybrid: HybridRetriever, lexicon: Lexicon) -> None:
    words, _ = hybrid.lexical.weighted_terms(analyse("十四五期间", lexicon))
    assert words["十四五"] == 1.0
    assert words["十四"] == 0.5 and words["四五"] == 0.5


def test_a_year_still_ahead_demotes_background_figures(hybrid: HybridRetriever, lexicon: Lexicon) -> None:
    # 千人托位数达1.2个 (the 2021 situation) must not answer a question about the 2025 target
    result = run(hybrid, lexicon, "昆明 千人托位数 2025")
    assert ids(result)[0] == "km-2022-plan:二.第2段"
    background = next(h for h in result.hits if h.clause_id == "km-2022-plan:一.一.第3段")
    assert background.signals["kind"] == 0.6


def test_a_project_name_does_not_answer_a_question_that_is_not_about_projects(hybrid: HybridRetriever, lexicon: Lexicon) -> None:
    # 托儿所 occurs once, in the name 新平宝贝佳托儿所项目; the rule on fire safety is what is asked
    result = run(hybrid, lexicon, "托儿所消防检查没通过还能开吗", k=10)
    assert ids(result)[0].startswith("yn-2021-opinions:")
    project = next(h for h in result.hits if h.clause_id == "yx-2023-plan:附件3.序号48")
    assert project.signals["kind"] == 0.7
    # asked about projects, the same row is not demoted
    asked = run(hybrid, lexicon, "新平托儿所项目建在哪", k=3)
    assert ids(asked)[0] == "yx-2023-plan:附件3.序号48" and asked.hits[0].signals["kind"] == 1.0


def test_a_near_tie_is_led_by_the_clause_covering_more_of_the_question(hybrid: HybridRetriever, lexicon: Lexicon) -> None:
    result = run(hybrid, lexicon, "乡镇老年学校覆盖面省里和玉溪要求有什么不同", k=5)
    # 玉溪 三.八.第1段 scores a little higher; the provincial clause also has 乡镇, so it leads
    assert ids(result)[:2] == ["yn-2021-opinions:三.十一", "yx-2023-plan:三.八.第1段"]
    assert result.hits[0].score < result.hits[1].score
    # the parts of a term no document uses do not count here either: 生育 and 津贴 promote nothing
    assert ids(run(hybrid, lexicon, "生育津贴怎么申领"))[0] == "km-2022-plan:三.一.1"


def test_the_parts_of_a_term_the_documents_never_use_do_not_cover_it(hybrid: HybridRetriever, lexicon: Lexicon) -> None:
    coverage = run(hybrid, lexicon, "生育津贴怎么申领").coverage
    assert "生育津贴" in coverage.specific_words
    assert coverage.matched_specific == []  # 生育 and 津贴 apart are not 生育津贴
    assert "比例" not in run(hybrid, lexicon, "医保门诊报销比例是多少").coverage.specific_words  # a measure, not a subject
    # a word jieba merely glues together is covered by its parts
    assert {"银行", "贷款"} <= set(run(hybrid, lexicon, "玉溪养老院找银行贷款政府有啥支持").coverage.matched_specific)


# -- coverage -------------------------------------------------------------------------------
def test_coverage_names_places_outside_the_documents(hybrid: HybridRetriever, lexicon: Lexicon) -> None:
    result = run(hybrid, lexicon, "北京的养老院补贴多少")
    assert result.coverage.out_of_scope_places == ["北京市"]
    assert result.query.regions == []


def test_greeting_is_flagged_and_matches_nothing(hybrid: HybridRetriever, lexicon: Lexicon) -> None:
    result = run(hybrid, lexicon, "你好")
    assert result.query.greeting
    assert result.hits == []
    assert result.coverage.share == 0.0 and result.coverage.top_bm25 == 0.0


def test_unrelated_topic_has_low_share(hybrid: HybridRetriever, lexicon: Lexicon) -> None:
    unrelated = run(hybrid, lexicon, "高铁票怎么改签").coverage
    assert unrelated.specific_words == ["高铁", "票", "改签"]
    assert unrelated.matched_specific == [] and unrelated.share == 0.0
    related = run(hybrid, lexicon, "民办养老机构护理员护理补助").coverage
    assert related.share == 1.0
    assert related.matched_specific == ["民办", "民办养老机构", "护理员", "补助", "护理补助"]


# -- filters --------------------------------------------------------------------------------
def test_region_and_document_filters(hybrid: HybridRetriever, lexicon: Lexicon) -> None:
    result = run(hybrid, lexicon, "老年大学", regions=["昆明市"])
    assert ids(result)[0] == "km-2022-plan:三.四.8"
    assert {hybrid.kb.meta(hybrid.kb.clause(i)).region for i in ids(result)} == {"昆明市"}
    only = run(hybrid, lexicon, "老年大学", doc_ids=["yx-2023-plan"])
    assert {hybrid.kb.clause(i).doc_id for i in ids(only)} == {"yx-2023-plan"}


def test_region_filter_applies_before_the_candidate_cut(hybrid: HybridRetriever, lexicon: Lexicon) -> None:
    query = analyse("养老项目总投资", lexicon)
    bm25 = hybrid.lexical.score_all(query)
    kunming = [c.id for i, c in enumerate(hybrid.clauses) if bm25[i] > 0 and hybrid.kb.meta(c).region == "昆明市"]
    assert len(kunming) > 10  # plenty of Kunming clauses match the words
    result = hybrid.run(query, 10, regions=["昆明市"])
    assert len(result.hits) == 10
    assert set(ids(result)) <= set(kunming)


# -- retrievers without the vector part -------------------------------------------------------
def test_hybrid_works_without_vectors(kb: KnowledgeBase, lexicon: Lexicon) -> None:
    retriever = HybridRetriever(kb, lexicon, None)
    hits = retriever.search(analyse("民办养老机构护理员护理补助", lexicon), 3)
    assert hits[0].clause_id == "km-2022-plan:三.八.19"
    assert len(hits) == 3
    assert all("vector" not in h.signals for h in hits)
    assert hits[0].signals["lexical"] == 1.0  # normalised by the best BM25 score
    assert {"护理补助", "民办养老机构", "护理员"} <= set(hits[0].matched)


def test_lexical_retriever(hybrid: HybridRetriever, lexicon: Lexicon) -> None:
    lexical: LexicalRetriever = hybrid.lexical
    hits = lexical.search(analyse("普惠性托位", lexicon), 3)
    assert [h.clause_id for h in hits] == [
        "yx-2023-plan:二.四.表.序号10",
        "yx-2023-plan:附件1.序号10",
        "km-2022-plan:二.第2段",
    ]
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert "普惠性托位" in hits[0].matched
    assert lexical.search(analyse("高铁票", lexicon), 5) == []


def test_user_words_weigh_more_than_expansions(hybrid: HybridRetriever, lexicon: Lexicon) -> None:
    words, bigrams = hybrid.lexical.weighted_terms(analyse("护工补贴", lexicon))
    assert words["补贴"] == 1.0
    assert words["护工"] == 0.6  # an everyday word with official terms: between the two
    assert words["养老护理员"] == 0.4 and words["补助"] == 0.4
    assert bigrams == {"护工": 1.0, "工补": 1.0, "补贴": 1.0}


# -- BM25 against a reference implementation --------------------------------------------------
TOY = [["养老", "护理员", "补贴"], ["托育", "补贴", "补贴"], ["养老", "床位"], ["托育", "机构", "托位", "普惠"]]


def test_sparse_bm25_on_a_toy_corpus() -> None:
    bm = SparseBM25(TOY, k1=1.2, b=0.75)
    scores = bm.scores({"护理员": 1.0})
    assert np.flatnonzero(scores).tolist() == [0]
    # One document of four holds the term, length 3 = average length 3: tf part is 1.
    assert scores[0] == pytest.approx(math.log(1 + (4 - 1 + 0.5) / (1 + 0.5)))
    assert np.argsort(-bm.scores({"补贴": 1.0}))[:2].tolist() == [1, 0]  # tf 2 beats tf 1
    assert bm.scores({"补贴": 2.0}) == pytest.approx(2 * bm.scores({"补贴": 1.0}))  # query weights scale
    assert not bm.scores({"高铁": 1.0}).any()
    assert bm.contributions(0, {"养老": 1.0, "补贴": 1.0, "高铁": 1.0}).keys() == {"养老", "补贴"}


def reference_scores(corpus: list[list[str]], query: list[str], k1: float, b: float) -> np.ndarray:
    ref = bm25s.BM25(k1=k1, b=b, method="lucene")
    ref.index(corpus, show_progress=False)
    # bm25s (like Lucene >= 8) drops the constant (k1 + 1) numerator of the Okapi tf part; ours keeps it.
    return (k1 + 1) * ref.get_scores(query).astype(np.float64)


def test_sparse_bm25_matches_bm25s_on_the_toy_corpus() -> None:
    for query in (["补贴"], ["养老", "补贴"], ["托育", "普惠", "床位"]):
        ours = SparseBM25(TOY, k1=1.2, b=0.75).scores(dict.fromkeys(query, 1.0))
        np.testing.assert_allclose(ours, reference_scores(TOY, query, 1.2, 0.75), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    "question",
    ["民办养老机构护理员护理补助", "家庭养老床位", "普惠性托位补助标准", "护理型床位占比", "老年幸福食堂由哪个部门负责"],
    ids=["caregiver", "home-beds", "nursery-places", "nursing-beds", "canteen-department"],
)
def test_sparse_bm25_matches_bm25s_on_the_real_corpus(kb: KnowledgeBase, lexicon: Lexicon, question: str) -> None:
    docs = [clause_document(c) for c in kb.all_clauses()]
    for tokenize in (lexicon.words_of, lexicon.bigrams_of):
        corpus = [tokenize(d) for d in docs]
        query = list(dict.fromkeys(tokenize(question)))  # our query is a set of weighted terms
        ours = SparseBM25(corpus).scores(dict.fromkeys(query, 1.0))
        expected = reference_scores(corpus, query, 1.2, 0.75)
        assert ours.max() > 0
        np.testing.assert_allclose(ours, expected, rtol=1e-4, atol=1e-5)
        assert np.argsort(-ours, kind="stable")[:5].tolist() == np.argsort(-expected, kind="stable")[:5].tolist()


def test_a_document_named_by_a_run_of_its_title_is_preferred(hybrid: HybridRetriever, lexicon: Lexicon) -> None:
    named, _ = hybrid.named_documents(analyse("推进养老服务高质量发展那个方案里，护理型床位占比要多少？", lexicon))
    assert named == ["yn-2024-action"]
    generic, _ = hybrid.named_documents(analyse("每个街道都要有综合性养老服务机构，省里文件怎么规定？", lexicon))
    assert generic == []  # 养老服务 alone is a run of four characters: the domain, not a title


def test_a_clause_stating_the_kind_of_fact_demanded_is_lifted(hybrid: HybridRetriever, lexicon: Lexicon) -> None:
    query = analyse("闲置设施改建养老服务设施，几年内可以不改变土地用途？", lexicon)
    plain = hybrid.run(query, 5)
    assert ids(plain)[:2] == ["yn-2021-opinions:二.九", "yn-2024-action:二.五.12"]
    demanded = hybrid.run(dataclasses.replace(query, asked_kinds=("duration",)), 5)  # as `understand` sets it for 几年内
    top = demanded.hits[0]
    assert top.clause_id == "yn-2024-action:二.五.12"  # 可在5年内实行…过渡期政策
    assert top.signals["asked"] == 1.25
    assert "asked" not in demanded.hits[1].signals
    # stating what is asked ranks a clause; it does not make the question better covered
    assert demanded.coverage.score == pytest.approx(top.score / 1.25)


def test_a_sum_is_lifted_by_the_amount_intent_only(hybrid: HybridRetriever, lexicon: Lexicon) -> None:
    query = dataclasses.replace(analyse("玉溪的普惠托育机构，每个托位能拿到多少钱的补助？", lexicon), asked_kinds=("amount",))
    assert not any("asked" in h.signals for h in hybrid.run(query, 10).hits)  # 总投资 of a project row is no subsidy


def test_a_title_written_out_in_full_names_the_document_and_is_no_topic(hybrid: HybridRetriever, lexicon: Lexicon) -> None:
    query = analyse("《云南省推进养老服务高质量发展三年行动方案（2024—2026年）》里提到要打造的养老品牌叫啥？", lexicon)
    hits = hybrid.run(query, 5).hits
    assert hits[0].clause_id == "yn-2024-action:二.四.10"  # 打造“七彩云南·养老福地”品牌, not the preamble repeating the title
    assert hits[0].signals["document"] == 1.25


def test_a_task_row_stating_no_figure_yields_to_the_article_with_the_share(hybrid: HybridRetriever, lexicon: Lexicon) -> None:
    # the task list's row repeats the article's task (有条件的二级以上综合性医院开设老年医学科) without its 99%
    row, article = "yx-2023-plan:附件2.序号15", "yx-2023-plan:三.七.第1段"
    asked = run(hybrid, lexicon, "玉溪二级以上公立医院开老年病科的比例要达到多少？", k=10)
    assert asked.query.asks_figure and ids(asked)[0] == article
    plain = run(hybrid, lexicon, "玉溪二级以上公立医院开设老年医学科", k=10)
    assert not plain.query.asks_figure
    by_id = {h.clause_id: h for h in asked.hits}
    unasked = {h.clause_id: h for h in plain.hits}
    assert by_id[row].signals["intent"] < unasked[row].signals["intent"]  # demoted only when a figure is asked
    assert by_id[article].signals["intent"] >= unasked[article].signals["intent"]


def test_a_replaced_document_does_not_take_first_place_on_coverage(hybrid: HybridRetriever, lexicon: Lexicon) -> None:
    query = analyse("养老院护理员补贴每月多少", lexicon)
    first, other = "yn-2024-action:二.一.1", "km-2022-plan:三.八.19"  # the second covers more of the question's words
    specific = hybrid._specific(query)
    assert len(hybrid._covered_by(query, specific, Hit(other, 0.9, {}, ["护理员", "补贴"]))) > len(
        hybrid._covered_by(query, specific, Hit(first, 1.0, {}, ["补贴"]))
    )

    def leader(signals: dict[str, float]) -> str:
        hits = [Hit(first, 1.0, {}, ["补贴"]), Hit(other, 0.9, signals, ["护理员", "补贴"])]
        return hybrid._covering_first(query, hits)[0].clause_id

    assert leader({}) == other  # a near tie covering more of the question leads
    assert leader({"validity": DEFAULT.ranking.out_of_force}) == first  # unless its document is replaced or expired


def test_a_heading_is_about_its_last_intent_word_and_chapters_count(hybrid: HybridRetriever) -> None:
    def clause(title: str, path: list[str]) -> Clause:
        return Clause(
            id="t:一", doc_id="t", kind="item", label="第五条", title=title, path=path, text=title, span=[0, 1], content_hash="x"
        )

    conditions = "申请补助的养老机构应当同时具备下列条件"  # 申请 qualifies the institutions; the heading names conditions
    assert hybrid._heading_names(clause(conditions, ["第二章补助对象和标准", f"第五条{conditions}"])) == "eligibility"
    # an article without a heading of its own is about what its chapter names
    submit = "养老机构应当于每年3月31日前向所在地县（市、区…"
    assert hybrid._heading_names(clause(submit, ["第三章申请和审核", f"第九条{submit}"])) == "procedure"
    assert hybrid._heading_names(clause("加强科学规划布局", ["三、重点任务", "（六）统筹整体推进"])) is None


def test_a_row_states_a_sum_when_its_header_gives_the_unit_and_it_names_a_subsidy(hybrid: HybridRetriever) -> None:
    def row(cells: dict[str, str], cid: str) -> Clause:
        text = "｜".join(f"{k}：{v}" for k, v in cells.items())
        return Clause(
            id=cid,
            doc_id="t",
            kind="table_row",
            label="表 序号5",
            title="",
            path=[],
            text=text,
            span=[0, 1],
            content_hash="x",
            columns=cells,
            table="标准表",
        )

    care = row({"补贴项目": "护理补贴", "原标准(元/人·月)": "80", "新标准(元/人·月)": "100"}, "t:表.序号5")
    project = row({"项目名称": "托育中心", "总投资（万元）": "4500"}, "t:表.序号6")
    assert hybrid._states_sum(care)  # 新标准：100元/人·月 of a 护理补贴 row
    assert not hybrid._states_sum(project)  # a project's 总投资 is no subsidy


def test_the_traits_stored_per_clause_are_what_its_text_states(hybrid: HybridRetriever, kb: KnowledgeBase) -> None:
    """The rerank reads each clause's traits from the index instead of running regexes over every candidate:
    the bits give back the fact kinds, the cues and the heading read from the text itself."""
    from assistant.facts import fact_kinds
    from assistant.retrieval.traits import BIT, heading_intent, traits_of
    from assistant.tables import with_units

    vocab = hybrid.lexicon.vocab
    seen = {name: 0 for name in BIT}
    for pos, clause in enumerate(hybrid.clauses):
        traits = int(hybrid.traits[pos])
        assert traits == traits_of(clause, vocab)
        text = f"{clause.text}；{with_units(clause.columns)}" if clause.is_table else clause.text
        assert hybrid._traits.kinds(traits) == fact_kinds(text)
        assert hybrid._traits.heading(traits) == heading_intent(clause, vocab.clause.titles)
        assert bool(traits & BIT["target_cue"]) == bool(vocab.clause.pattern("target").search(clause.text))
        seen.update({name: seen[name] + 1 for name, bit in BIT.items() if traits & bit})
    assert all(seen[name] for name in ("amount", "deadline", "sum", "deadline_cue", "procedure", "eligible", "figure"))
    assert hybrid._states_sum(kb.clause("km-2022-plan:三.八.19"))  # 每人每月50至150元的护理补助
