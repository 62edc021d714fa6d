"""Scopes of a search: the place filter before the candidate cut, and a question naming no place over many places.

A small knowledge folder written here: the province's notice and one template notice reissued by
three sibling prefectures and a county (same sentences, their own names and figures), with the
real gazetteer and lexicon.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from assistant.assistant import Assistant
from assistant.manifest import load_manifest
from assistant.models import DocumentMeta, Turn
from assistant.query import analyse
from assistant.retrieval.hybrid import HybridRetriever
from assistant.retrieval.scope import DocumentSpans, copies_across_places, top
from assistant.settings import Settings
from assistant.synthetic import manifest_toml
from assistant.tuning import DEFAULT

PROVINCE = """云南省人民政府办公厅关于加强托育从业人员培训的通知
各州、市人民政府，省直各委、办、局：
现就有关事项通知如下：
一、加强托育从业人员培训。到2025年，全省每年培训托育从业人员不少于3000人次，培训合格的给予每人800元职业技能培训补贴。
二、规范托育机构备案。托育机构应当向所在县（市、区）卫生健康部门备案。
云南省人民政府办公厅
2023年3月1日
"""

TEMPLATE = """{name}人民政府办公室关于支持民办养老机构发展的通知
各县（市、区）人民政府：
现就有关事项通知如下：
一、落实护理补助。对在本地民办养老机构从事养老护理工作并取得职业资格证书的护理员，按照不同等级给予每人每月{low}至{high}元的护理补助。{extra}
二、加强托育从业人员培训。{short}每年培训托育从业人员不少于{people}人次，培训合格的给予每人{fee}元职业技能培训补贴。
三、支持养老机构建设。新建养老机构每张床位给予一次性建设补助{bed}元。
{name}人民政府办公室
2023年5月1日
"""

# (id, region, level, full name in the text, short name, figures…, extra words that lower the BM25 of clause 一)
PLACES = [
    ("dali", "大理白族自治州", "city", "大理白族自治州", "大理州", 50, 150, 300, 600, 8000, ""),
    ("honghe", "红河哈尼族彝族自治州", "city", "红河哈尼族彝族自治州", "红河州", 60, 180, 320, 700, 9000, ""),
    (
        "qujing",
        "曲靖市",
        "city",
        "曲靖市",
        "曲靖",
        70,
        200,
        340,
        650,
        10000,
        "各县（市、区）应当建立健全工作机制，定期开展安全检查和消防演练，加强宣传引导，及时回应群众关切，确保政策落地见效。",
    ),
    ("xiangyun", "祥云县", "county", "祥云县", "祥云", 40, 120, 280, 500, 7000, ""),
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Path:
    root = tmp_path_factory.mktemp("scope")
    knowledge = root / "knowledge"
    (knowledge / "documents").mkdir(parents=True)
    shutil.copy2(settings.knowledge_dir / "gazetteer.toml", knowledge / "gazetteer.toml")
    shutil.copytree(settings.knowledge_dir / "lexicon", knowledge / "lexicon")
    metas = [
        _meta("yn-training", "云南省", "province", "云南省人民政府办公厅", date(2023, 3, 1), "关于加强托育从业人员培训的通知")
    ]
    (knowledge / "documents" / "yn-training.txt").write_text(PROVINCE, encoding="utf-8")
    for doc, region, level, name, short, low, high, people, fee, bed, extra in PLACES:
        text = TEMPLATE.format(name=name, short=short, low=low, high=high, people=people, fee=fee, bed=bed, extra=extra)
        (knowledge / "documents" / f"{doc}.txt").write_text(text, encoding="utf-8")
        metas.append(
            _meta(doc, region, level, f"{name}人民政府办公室", date(2023, 5, 1), f"{name}关于支持民办养老机构发展的通知")
        )
    (knowledge / "manifest.toml").write_text(manifest_toml(metas), encoding="utf-8")
    return root


def _meta(doc: str, region: str, level: str, issuer: str, day: date, title: str) -> DocumentMeta:
    return DocumentMeta.model_validate(
        {
            "id": doc,
            "file": f"documents/{doc}.txt",
            "title": title,
            "issuer": issuer,
            "region": region,
            "level": level,
            "issue_date": day,
        }
    )


@pytest.fixture(scope="module")
def bot(folder: Path, settings: Settings) -> Assistant:
    return Assistant.from_settings(
        settings.model_copy(update={"knowledge_dir": folder / "knowledge", "data_dir": folder / "data", "vector_enabled": False})
    )


# -- the place filter ------------------------------------------------------------------------
def test_document_spans_turn_documents_into_clause_masks(bot: Assistant) -> None:
    spans = DocumentSpans.of(bot.kb)
    assert spans.ids == ["yn-training", "dali", "honghe", "qujing", "xiangyun"]
    assert [int(e - s) for s, e in zip(spans.starts, spans.ends)] == [len(d.clauses) for d in bot.kb.documents]
    assert spans.in_regions(["曲靖市", "云南省"]) == [0, 3]
    assert spans.issued_in([2023]) == [0, 1, 2, 3, 4]
    mask = spans.mask(spans.in_regions(["曲靖市"]))
    assert [c.doc_id for c, allowed in zip(bot.kb.all_clauses(), mask) if allowed] == ["qujing"] * len(
        bot.kb.document("qujing").clauses
    )


def test_top_keeps_the_best_positive_scores_within_the_allowed_ones() -> None:
    scores = np.array([0.0, 3.0, 1.0, 3.0, 2.0, 5.0])
    assert top(scores, 3) == [5, 1, 3]  # ties in position order
    assert top(scores, 10) == [5, 1, 3, 4, 2]  # no zero scores
    assert top(scores, 2, np.array([True, False, True, False, True, False])) == [4, 2]


def test_the_place_asked_about_is_a_candidate_however_many_copies_outscore_it(bot: Assistant) -> None:
    # one candidate from the cut: without a place, the first of the equal copies, never 曲靖's longer one
    retriever = HybridRetriever(bot.kb, bot.lexicon, None, config=DEFAULT.ranking.model_copy(update={"candidates": 1}))
    query = analyse("民办养老机构护理员的护理补助每月多少", bot.lexicon)
    assert [h.clause_id for h in retriever.run(query, 5).hits] == ["dali:一"]
    asked = analyse("曲靖民办养老机构护理员的护理补助每月多少", bot.lexicon)
    lexical = retriever.lexical.score_all(asked)
    assert lexical[retriever.position["qujing:一"]] < lexical[retriever.position["dali:一"]]  # its extra sentence
    hits = retriever.run(asked, 5).hits
    assert hits[0].clause_id == "qujing:一"
    assert hits[0].signals["region"] == DEFAULT.ranking.region.one_city


def test_a_county_draws_on_its_own_documents_and_its_parents(bot: Assistant) -> None:
    retriever = HybridRetriever(bot.kb, bot.lexicon, None, config=DEFAULT.ranking.model_copy(update={"candidates": 1}))
    hits = retriever.run(analyse("祥云县托育从业人员培训补贴每人多少", bot.lexicon), 5).hits
    assert hits[0].clause_id == "xiangyun:二"
    scoped = retriever.scopes(analyse("祥云县托育从业人员培训补贴每人多少", bot.lexicon), [])
    allowed = {c.doc_id for c, ok in zip(bot.kb.all_clauses(), scoped["place"]) if ok}
    assert allowed == {"xiangyun", "dali", "yn-training"}  # the county, its prefecture, the province


# -- a question naming no place ---------------------------------------------------------------
def test_copies_across_sibling_places_are_found(bot: Assistant) -> None:
    result = bot.retriever.run(analyse("民办养老机构护理员的护理补助每月多少", bot.lexicon), 10)
    # 曲靖's has a sentence more: no copy
    assert copies_across_places(bot.retriever, result) == ["大理白族自治州", "红河哈尼族彝族自治州", "祥云县"]
    named = bot.retriever.run(analyse("曲靖民办养老机构护理员的护理补助每月多少", bot.lexicon), 10)
    assert copies_across_places(bot.retriever, named) == []  # one place leads


def test_no_place_and_no_province_rule_is_asked_back(bot: Assistant) -> None:
    answer = bot.ask("民办养老机构护理员的护理补助每月多少")
    assert answer.reason == "clarify"
    assert not answer.answered
    assert answer.answer == (
        "大理州、红河州、祥云县的文件对此都有规定，各地不尽相同。请问您问的是哪个地方？"
        "请在问题中写明地区，例如：“大理州民办养老机构护理员的护理补助每月多少”。"
    )


def test_no_place_is_scoped_to_the_place_said_earlier(bot: Assistant) -> None:
    history = [
        Turn(role="user", content="我家在曲靖，想问问养老的政策"),
        Turn(role="assistant", content="好的，请问您想了解什么？"),
    ]
    answer = bot.ask("民办养老机构护理员的护理补助每月多少", history)
    assert answer.reason == "answered"
    assert [c.clause_id for c in answer.citations][:1] == ["qujing:一"]
    assert "70至200元" in answer.answer
    assert "问题没有写明地区，以下按您前面提到的曲靖市查找。" in answer.notices


def test_no_place_is_scoped_to_the_province_when_its_documents_answer(bot: Assistant) -> None:
    answer = bot.ask("托育从业人员培训合格的每人补贴多少")
    assert answer.reason == "answered"
    assert [c.clause_id for c in answer.citations] == ["yn-training:一"]
    assert "800元" in answer.answer
    assert "问题没有写明地区，曲靖市、祥云县、大理州等4地的文件都有类似规定，以下为全省适用的规定。" in answer.notices


def test_a_long_question_asked_back_is_not_repeated_as_the_example(bot: Assistant) -> None:
    question = "您好，我家里有老人住在民办养老机构，想请问一下，民办养老机构护理员的护理补助每月多少，具体怎么发放"
    assert len(question) > 40
    answer = bot.ask(question)
    assert answer.reason == "clarify"
    assert answer.answer == "大理州、红河州、祥云县的文件对此都有规定，各地不尽相同。请问您问的是哪个地方？请在问题中写明地区。"


# -- the place asked about is a scope, not a topic word ----------------------------------------
# A second document of 曲靖 whose every clause names the place: at province scale a place's name is a rare word.
PLACE_PLAN = """曲靖市人民政府办公室关于印发曲靖市养老服务人才队伍建设方案的通知
各县（市、区）人民政府：
现就有关事项通知如下：
一、曲靖市养老护理员培训。曲靖市每年组织曲靖市养老护理员开展培训。
二、曲靖市养老护理员评选。曲靖市每年评选曲靖市优秀养老护理员。
曲靖市人民政府办公室
2023年6月1日
"""


@pytest.fixture(scope="module")
def two_plans(folder: Path, settings: Settings) -> Assistant:
    knowledge = folder.parent / "two-plans" / "knowledge"
    shutil.copytree(folder / "knowledge", knowledge)
    (knowledge / "documents" / "qujing-plan.txt").write_text(PLACE_PLAN, encoding="utf-8")
    metas = [
        *load_manifest(knowledge / "manifest.toml").documents,
        _meta(
            "qujing-plan",
            "曲靖市",
            "city",
            "曲靖市人民政府办公室",
            date(2023, 6, 1),
            "关于印发曲靖市养老服务人才队伍建设方案的通知",
        ),
    ]
    (knowledge / "manifest.toml").write_text(manifest_toml(metas), encoding="utf-8")
    return Assistant.from_settings(
        settings.model_copy(update={"knowledge_dir": knowledge, "data_dir": knowledge.parent / "data", "vector_enabled": False})
    )


def test_the_one_place_a_question_names_is_no_topic_word(bot: Assistant) -> None:
    assert analyse("曲靖的护理员补助每月多少", bot.lexicon).region_names == ["曲靖"]
    assert analyse("祥云县护理员补助每月多少", bot.lexicon).region_names == ["祥云县"]
    # 全省 is how documents speak of the province (全省每年培训…), no name; two places: one may be the topic
    assert analyse("全省每年培训多少托育从业人员", bot.lexicon).region_names == []
    assert analyse("曲靖市，大理州那边护理员补助每月多少", bot.lexicon).region_names == []


def test_a_clause_naming_the_place_does_not_outrank_the_one_answering(two_plans: Assistant) -> None:
    # the plan's clauses name 曲靖 and 养老护理员 over and over; the notice's clause 一 answers without naming the place
    hits = two_plans.retriever.run(analyse("曲靖养老护理员的护理补助每月多少", two_plans.lexicon), 5).hits
    assert hits[0].clause_id == "qujing:一"
