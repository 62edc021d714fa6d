"""The knowledge base built from the real documents: structure, tables, duplicates, ids."""

from __future__ import annotations

import pytest

from assistant.errors import KnowledgeError
from assistant.knowledge import KnowledgeBase
from assistant.manifest import load_manifest
from assistant.parser import split_departments, strip_department_note
from assistant.settings import Settings


def items(kb: KnowledgeBase, doc_id: str) -> list:
    return [c for c in kb.document(doc_id).clauses if c.kind == "item"]


def test_provincial_2021_has_22_items_under_5_parts(kb: KnowledgeBase) -> None:
    doc = kb.document("yn-2021-opinions")
    labels = [c.label for c in items(kb, "yn-2021-opinions")]
    assert len(labels) == 22
    assert labels[0] == "一、（一）" and labels[-1] == "五、（二十二）"
    assert [s.label for s in doc.sections if s.label[0] in "一二三四五六七八九"] == ["一、", "二、", "三、", "四、", "五、"]
    assert [a.title for a in doc.annexes] == [
        "云南省养老托育服务健康发展主要目标",
        "云南省养老托育服务健康发展重点任务及责任分工",
    ]
    assert not any(a.has_content for a in doc.annexes)


def test_kunming_plan_has_28_tasks_in_11_groups(kb: KnowledgeBase) -> None:
    tasks = [c for c in items(kb, "km-2022-plan") if c.label.startswith("三、")]
    assert [c.label.split("）")[-1] for c in tasks] == [str(n) for n in range(1, 29)]
    groups = {c.label.split("）")[0] + "）" for c in tasks}
    assert len(groups) == 11
    task = kb.clause("km-2022-plan:三.八.19")
    assert task.label == "三、（八）19"
    assert task.title == "完善就业薪酬激励政策"
    assert "每人每月50至150元的护理补助" in task.text
    assert task.departments == ["市人力资源社会保障局", "市民政局", "市卫生健康委"]
    assert "按职责分工负责" not in task.text
    assert kb.citation_label(task) == "《昆明市促进养老托育服务体系发展整体解决方案》三、（八）19"


def test_provincial_2024_plan_has_16_measures(kb: KnowledgeBase) -> None:
    measures = [c for c in items(kb, "yn-2024-action") if c.label.startswith("二、")]
    assert len(measures) == 16
    assert measures[1].title == "加强失能失智照护养老机构建设"
    assert measures[1].departments == ["省民政厅", "省发展改革委", "省财政厅", "省卫生健康委"]


def test_yuxi_indicator_table_rows(kb: KnowledgeBase) -> None:
    rows = [c for c in kb.document("yx-2023-plan").clauses if c.table == "玉溪市“一老一小”服务主要指标"]
    assert len(rows) == 13
    assert all({"2020年", "2023年", "2025年", "指标属性"} <= set(r.columns) for r in rows)
    nine = rows[8]
    assert (
        nine.text
        == "序号9｜分类：托育｜指标：每千人拥有3岁以下婴幼儿托位数｜单位：个｜2020年：0.91｜2023年：2｜2025年：4.5｜指标属性：预期性"
    )
    assert [r.columns["分类"] for r in rows] == ["养老"] * 8 + ["托育"] * 5


def test_yuxi_annex1_rows_carry_merged_category(kb: KnowledgeBase) -> None:
    rows = [c for c in kb.document("yx-2023-plan").clauses if c.label.startswith("附件1 ")]
    assert len(rows) == 13
    assert [r.columns["分类"] for r in rows] == ["养老"] * 8 + ["托育"] * 5
    assert rows[1].columns["2025年目标值"] == "100%"
    assert rows[1].departments == ["市自然资源规划局", "市住房城乡建设局", "市民政局"]


def test_yuxi_annex3_project_list_sums_to_stated_totals(kb: KnowledgeBase) -> None:
    clauses = [c for c in kb.document("yx-2023-plan").clauses if c.label.startswith("附件3 ")]
    rows = [c for c in clauses if c.kind == "table_row"]
    totals = {c.title: c.columns for c in clauses if c.kind == "table_total"}
    assert len(rows) == 50
    invest, central = "总投资（万元）", "申请中央预算内投资（万元）"

    def total(subset: list) -> tuple[int, int]:
        return sum(int(r.columns[invest]) for r in subset), sum(int(r.columns[central]) for r in subset)

    care = [r for r in rows if r.columns["类别"] == "养老"]
    nursery = [r for r in rows if r.columns["类别"] == "托育"]
    assert (len(care), len(nursery)) == (27, 23)
    assert total(rows) == (163172, 99298) == (int(totals["合计（50个）"][invest]), int(totals["合计（50个）"][central]))
    assert total(care) == (123940, 78927) == tuple(int(v) for v in totals["养老项目小计（27个）"].values())
    assert total(nursery) == (39232, 20371) == tuple(int(v) for v in totals["托育项目小计（23个）"].values())
    split_name = next(r for r in rows if r.columns["序号"] == "22")
    assert split_name.columns["项目名称"] == "玉溪市通海县金山智慧养老院项目"
    assert split_name.columns["建设期限（年）"] == "2023—2024"


def test_annex2_rows_keep_their_group(kb: KnowledgeBase) -> None:
    row = kb.clause("yx-2023-plan:附件2.序号29")
    assert row.columns["分组"] == "（七）加大资金投入"
    assert "不低于55%" in row.text
    assert row.departments == ["市财政局", "市税务局"]


def test_web_copy_is_folded_into_the_official_document(kb: KnowledgeBase) -> None:
    assert [d.meta.id for d in kb.documents] == ["yn-2021-opinions", "km-2022-plan", "yx-2023-plan", "yn-2024-action"]
    official = kb.document("yn-2021-opinions")
    assert [a.doc_id for a in official.alternates] == ["yn-2021-opinions-web"]
    assert official.alternates[0].matched_clauses == 23
    texts = [c.text for c in kb.all_clauses()]
    assert not any("400-609-2596" in t or "预约演示" in t or "客服" in t or "来源:" in t for t in texts)
    first_item = [c for c in kb.all_clauses() if c.text.startswith("加强科学规划布局。将养老托育纳入")]
    assert len(first_item) == 1


def test_shared_sentences_stay_separate_sources(kb: KnowledgeBase) -> None:
    # The Kunming plan repeats a provincial sentence; both stay citable.
    sentence = "用人单位应设置育婴室、哺乳室"
    docs = {c.doc_id for c in kb.all_clauses() if sentence in c.text}
    assert docs == {"yn-2021-opinions", "km-2022-plan"}


def test_rebuild_gives_identical_ids_and_spans_point_into_the_file(kb: KnowledgeBase, settings: Settings) -> None:
    again = KnowledgeBase.from_settings(settings)
    assert [c.id for c in again.all_clauses()] == [c.id for c in kb.all_clauses()]
    assert len(set(kb.clauses)) == len(list(kb.all_clauses()))
    task = kb.clause("km-2022-plan:三.八.19")
    source = (settings.knowledge_dir / kb.meta(task).file).read_text(encoding="utf-8")
    start, end = task.span
    assert source[start:end].startswith("完善就业薪酬激励政策。")
    assert source[start:end].endswith("按职责分工负责）")


def test_department_note_parsing() -> None:
    text, note = strip_department_note("加强组织协调。（市养老托育工作联席会议成员单位，各县（市）、区人民政府按职责分工负责）")
    assert text == "加强组织协调。"
    assert note is not None
    assert split_departments(note)[0] == "市养老托育工作联席会议成员单位"
    assert split_departments("市财政局、市卫生健康委等按职责分工负责") == ["市财政局", "市卫生健康委"]
    assert strip_department_note("没有说明。") == ("没有说明。", None)


def test_normalized_form_is_kept_beside_the_original(kb: KnowledgeBase) -> None:
    clause = kb.clause("yn-2024-action:二.四.10")
    assert "“养老服务＋行业”" in clause.text  # full-width plus kept for quoting
    assert "“养老服务+行业”行动," in clause.normalized  # folded for matching


def test_a_row_cell_takes_the_unit_of_its_header_or_unit_column() -> None:
    from assistant.tables import with_units

    row = {"补贴项目": "护理补贴", "原标准(元/人·月)": "80", "新标准（元/人·月）": "100", "发放方式": "按月"}
    assert with_units(row) == "原标准：80元/人·月；新标准：100元/人·月"
    assert with_units({"指标": "千人口托位数", "单位": "个", "2025年": "4.5"}) == "2025年：4.5个"
    assert with_units({"指标": "覆盖率", "2025年": "60"}) == ""  # no unit anywhere: nothing to add


def test_a_manifest_listing_an_id_twice_is_refused_with_the_id(local: Settings) -> None:
    text = local.manifest_path.read_text(encoding="utf-8")
    first = text[text.index("[[documents]]") : text.index("[[documents]]", text.index("[[documents]]") + 1)]
    local.manifest_path.write_text(text + "\n" + first, encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"文档编号重复：yn-2021-opinions$"):
        load_manifest(local.manifest_path)
