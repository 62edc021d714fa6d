"""Annex lists and annex tables as new documents lay them out: a list item numbered before a year, a
unit line above a table, a table straight under its 附件N, a table in each of two annexes."""

from __future__ import annotations

from assistant.manifest import load_manifest
from assistant.models import DocumentMeta
from assistant.parser import ParseResult, parse_document
from assistant.settings import Settings

HEAD = "永平县人民政府办公室关于印发永平县养老服务方案的通知\n一、总体要求\n到2026年，全县养老服务能力明显提升。\n"
LIST = "附件：1.永平县养老服务年度目标表\n2.2025—2026年县级养老服务资金安排表\n"


def parse(settings: Settings, text: str) -> ParseResult:
    meta: DocumentMeta = load_manifest(settings.manifest_path).documents[0].model_copy(update={"id": "t"})
    return parse_document(meta, text)


def rows(result: ParseResult) -> list[tuple[str, str]]:
    return [(c.id, c.text) for c in result.clauses if c.kind in ("table_row", "table_total")]


def test_two_annex_tables_with_a_unit_line_and_a_list_numbered_before_a_year(settings: Settings) -> None:
    text = (
        HEAD
        + LIST
        + "附件1\n永平县养老服务年度目标表\n序号\t指标\t2026年\n1\t护理型床位占比\t60%\n"
        + "附件2\n2025—2026年县级养老服务资金安排表\n单位：万元\n序号\t项目\t2025年\t2026年\n"
        + "1\t高龄津贴\t420\t450\n合计\t合计\t420\t450\n"
    )
    result = parse(settings, text)
    assert rows(result) == [
        ("t:附件1.序号1", "序号1｜指标：护理型床位占比｜2026年：60%"),
        ("t:附件2.序号1", "序号1｜项目：高龄津贴｜2025年（万元）：420｜2026年（万元）：450"),
        ("t:附件2.合计", "合计｜项目：合计｜2025年（万元）：420｜2026年（万元）：450"),
    ]
    assert [(d.reason, d.text) for d in result.dropped_lines if d.text.startswith(("附件", "2."))] == [
        ("附件目录", "附件：1.永平县养老服务年度目标表"),
        ("附件目录", "2.2025—2026年县级养老服务资金安排表"),
    ]
    assert result.coverage.share == 1.0


def test_a_flattened_table_right_under_its_annex_heading(settings: Settings) -> None:
    """附件2 then 序号: the annex has no title line, and the table is read (it used to stop the parse)."""
    result = parse(settings, HEAD + "附件2\n序号\n指标\n目标\n1\n养老床位数\n300张\n")
    assert rows(result) == [("t:附件2.序号1", "序号1｜指标：养老床位数｜目标：300张")]
    assert result.coverage.share == 1.0


def test_a_note_on_its_own_line_names_who_is_responsible_for_the_articles_before_it(settings: Settings) -> None:
    text = (
        "第一章　总则\n第一条　为规范补贴发放，制定本细则。\n第二章　养老服务补贴\n"
        "第二条　高龄津贴。对80周岁以上老年人按月发放高龄津贴。\n第三条　护理补贴。对重度失能老年人每人每月发放200元。\n"
        "（责任单位：州民政局、州财政局）\n第三章　托育服务补贴\n第四条　运营补贴。对备案托育机构每人每月补贴150元。\n"
        "（责任单位：州卫生健康委）\n"
    )
    result = parse(settings, text)
    assert [(c.id, c.departments) for c in result.clauses] == [
        ("t:第一条", []),
        ("t:第二条", ["州民政局", "州财政局"]),
        ("t:第三条", ["州民政局", "州财政局"]),
        ("t:第四条", ["州卫生健康委"]),
    ]
    assert not result.dropped_lines and result.coverage.share == 1.0


def test_a_short_lead_in_of_the_body_opens_its_items(settings: Settings) -> None:
    text = (
        HEAD
        + "二、申请程序\n家庭养老床位按以下程序办理：\n（一）申请。老年人向社区提出申请；\n（二）评估。10个工作日内完成评估。\n"
    )
    result = parse(settings, text)
    assert [(c.id, c.text) for c in result.clauses][1:] == [
        ("t:二.第1段", "家庭养老床位按以下程序办理："),
        ("t:二.一", "申请。老年人向社区提出申请；"),
        ("t:二.二", "评估。10个工作日内完成评估。"),
    ]


def test_a_short_numbered_item_of_the_body_is_kept(settings: Settings) -> None:
    result = parse(settings, HEAD + "二、申请程序\n补贴申请按以下步骤办理：\n①本人提出申请；\n②村委会完成初审。\n")
    assert [c.text for c in result.clauses][1:] == ["补贴申请按以下步骤办理：", "①本人提出申请；", "②村委会完成初审。"]
    assert result.coverage.share == 1.0


def test_a_lone_annex_after_the_record_with_a_space_aligned_table_and_a_q_and_a(settings: Settings) -> None:
    """附件 alone opens the document's only annex, even after the 版记; a table copied from a PDF, its cells aligned
    by spaces, is a table; 问：…？ and its 答：… are one clause."""
    text = (
        HEAD
        + "附件：永平县补贴申领材料清单\n永平县民政局\n2025年6月20日\n抄送：县人民政府办公室。\n永平县民政局办公室  2025年6月20日印发\n"
        + "附件\n永平县补贴申领材料清单\n"
        + "序号    材料名称                份数    要求\n"
        + "1       补贴申领表              1       申请人签字确认\n"
        + "2       户口簿                  1       复印件\n"
        + "永平县补贴政策问答\n问：错过了申领期怎么办？\n答：可以在下一个申领期补申领，最多补申领两个季度。\n"
    )
    result = parse(settings, text)
    assert rows(result) == [
        ("t:附件1.序号1", "序号1｜材料名称：补贴申领表｜份数：1｜要求：申请人签字确认"),
        ("t:附件1.序号2", "序号2｜材料名称：户口簿｜份数：1｜要求：复印件"),
    ]
    answered = [c for c in result.clauses if c.text.startswith("问：")]
    assert [c.text for c in answered] == ["问：错过了申领期怎么办？\n答：可以在下一个申领期补申领，最多补申领两个季度。"]
    # of the body, only the Q&A's own title is left out
    assert [d.text for d in result.dropped_lines if d.reason == "非正文短行"] == ["永平县补贴政策问答"]


def test_a_list_numbered_like_the_items_around_it_stays_in_the_item_that_opens_it(settings: Settings) -> None:
    """An HTML <ol> inside item 1 numbers its entries 1. 2. like the items: they are item 1's conditions, and
    the numbering of the items goes on after the entry that ends with 。"""
    text = (
        HEAD
        + "二、重点任务\n1.支持普惠托育机构运营。给予每人每月200元的运营补助。申请的机构应当同时符合以下条件：\n"
        + "1.在市卫生健康局备案满6个月；\n2.上一年度平均收托率不低于50%。\n"
        + "2.鼓励用人单位办托。支持机关、企事业单位为职工提供福利性托育服务。\n"
    )
    items = [(c.id, c.text.split("。")[0]) for c in parse(settings, text).clauses if c.kind == "item"]
    assert items == [("t:二.1", "支持普惠托育机构运营"), ("t:二.2", "鼓励用人单位办托")]
    first = next(c for c in parse(settings, text).clauses if c.id == "t:二.1")
    assert first.text.endswith("1.在市卫生健康局备案满6个月；\n2.上一年度平均收托率不低于50%。")


def test_an_item_s_own_list_ending_without_a_full_stop_gives_way_to_the_next_long_item(settings: Settings) -> None:
    text = (
        HEAD
        + "二、重点任务\n1.支持普惠托育机构运营。给予运营补助。申请的机构应当同时符合以下条件：\n"
        + "1.在市卫生健康局备案满6个月；\n2.上一年度平均收托率不低于50%；\n"
        + "3.鼓励用人单位办托。支持机关、企事业单位和产业园区利用自有场所为职工提供福利性托育服务，有条件的可向社区开放。\n"
    )
    items = [c.id for c in parse(settings, text).clauses if c.kind == "item"]
    assert items == ["t:二.1", "t:二.3"]


def test_body_sentences_under_no_heading_are_paragraphs_not_dropped(settings: Settings) -> None:
    # measures a word processor numbered by itself, read without their numbers, after a table: no heading is open
    text = (
        "某区十条措施\n为加快发展，制定以下措施。主要目标见下表。\n指标名称\t单位\t2026年\n老年幸福食堂数量\t个\t120\n"
        "托位数\t个\t1800\n具体措施如下：\n扩大社区嵌入式服务供给。每个街道至少建成1个街道养老服务中心。（责任单位：区民政局）\n"
        "提升老年助餐服务质效。按每餐2元给予就餐补贴。（责任单位：区民政局、区财政局）\n"
    )
    loose = [c for c in parse(settings, text).clauses if c.kind == "paragraph"]
    assert [(c.id, c.departments) for c in loose] == [
        ("t:正文第1段", []),
        ("t:正文第2段", ["区民政局"]),
        ("t:正文第3段", ["区民政局", "区财政局"]),
    ]
    assert loose[2].text == "提升老年助餐服务质效。按每餐2元给予就餐补贴。"


def test_a_one_sentence_item_between_items_is_a_clause_not_an_empty_heading(settings: Settings) -> None:
    text = (
        HEAD + "六、工作要求\n（一）完善养老服务。\n1.建设家庭养老床位。每张补助3000元。\n（二）落实工作要求。\n"
        "1. 各乡镇要明确1名分管领导，于2025年4月30日前报送联系人信息。\n2. 各托育机构要张贴补贴政策。\n"
        "3. 2025年第一季度补贴申报时间顺延至2025年5月15日前。\n"
    )
    clauses = {c.id: c for c in parse(settings, text).clauses}
    assert clauses["t:六.二.3"].text == "2025年第一季度补贴申报时间顺延至2025年5月15日前。"
    assert clauses["t:六.二.2"].title == "各托育机构要张贴补贴政策"
    assert "t:六.一" not in clauses and "t:六.一.1" in clauses  # a heading over items stays a heading
