"""kb add / remove end to end on a copy of the knowledge directory (its search index already stored), with the fixture documents."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import catalog, signatures
from assistant.assistant import Assistant
from assistant.cli import main
from assistant.errors import KnowledgeError
from assistant.knowledge import KnowledgeBase
from assistant.settings import Settings
from assistant.signatures import signature
from assistant.text import jaccard, shingles

FIXTURES = Path(__file__).parent / "fixtures" / "docs"
QUESTION = "曲靖市新建养老机构，每张床位能拿到多少建设补助？"


def added(settings: Settings, folder: Path, text: str) -> Assistant:
    """An assistant after `kb add` of a document written by the test (UTF-8 text)."""
    path = folder / "document.txt"
    path.write_text(text, encoding="utf-8")
    assert main(["kb", "add", str(path), "--yes"]) == 0
    return Assistant.from_settings(settings)


def test_add_answers_from_the_new_document_and_remove_leaves_no_trace(stored: Settings, capsys: pytest.CaptureFixture) -> None:
    manifest = stored.manifest_path.read_text(encoding="utf-8")
    assert main(["kb", "add", str(FIXTURES / "regulation.txt"), "--yes"]) == 0
    assert stored.manifest_path.read_text(encoding="utf-8").startswith(manifest)  # appended: comments and layout kept
    out = capsys.readouterr().out
    assert "编号：qujing-2024" in out and "文号：曲政办发〔2024〕12号" in out and "正文覆盖率 100.0%" in out
    answer = Assistant.from_settings(stored).ask(QUESTION)
    assert answer.answered and answer.citations[0].clause_id == "qujing-2024:第六条"
    assert answer.answer.startswith("1万元")
    assert main(["kb", "remove", "qujing-2024", "--yes"]) == 0
    bot = Assistant.from_settings(stored)
    assert "qujing-2024" not in bot.kb.by_doc
    assert not any(c.startswith("qujing-2024:") for c in bot.kb.clauses)
    assert not (stored.knowledge_dir / "documents" / "qujing-2024.txt").exists()
    assert not (stored.data_dir / "parsed" / "qujing-2024.json").exists()
    assert "qujing-2024" not in {c.clause_id.split(":")[0] for c in bot.ask(QUESTION).citations}


def test_how_to_apply_is_answered_with_the_procedure_article(stored: Settings) -> None:
    """咋个申请 of a subsidy: the article on applying (第九条), not the one stating the subsidy's sum (第七条)."""
    assert main(["kb", "add", str(FIXTURES / "regulation.txt"), "--yes"]) == 0
    answer = Assistant.from_settings(stored).ask("曲靖收住失能老人的养老机构，运营补助要咋个申请？")
    assert answer.citations[0].clause_id == "qujing-2024:第九条"


@pytest.mark.parametrize("name", [p.name for p in sorted(FIXTURES.glob("*.txt"))])
def test_every_fixture_document_lands_fully_in_clauses(stored: Settings, name: str, capsys: pytest.CaptureFixture) -> None:
    assert main(["kb", "add", str(FIXTURES / name), "--yes"]) == 0
    assert "正文覆盖率 100.0%" in capsys.readouterr().out


def test_bad_files_are_reported_and_the_good_one_is_still_added(
    stored: Settings, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02\xff" * 50)
    duplicate = tmp_path / "copy.txt"
    duplicate.write_bytes(
        (stored.knowledge_dir / "documents" / "kunming-2022-yanglao-tuoyu-zhengti-jiejue-fangan.txt").read_bytes()
    )
    before = (stored.knowledge_dir / "manifest.toml").read_text(encoding="utf-8")
    code = main(["kb", "add", str(empty), str(binary), str(duplicate), str(FIXTURES / "notice_numbered.txt"), "--yes"])
    err = capsys.readouterr().err
    assert code == 1
    assert "empty.txt 是空的" in err
    assert "binary.txt" in err
    assert "copy.txt 与已收录的文件 km-2022-plan" in err
    after = (stored.knowledge_dir / "manifest.toml").read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n")) and 'id = "zhaotong-2024"' in after
    assert main(["kb", "validate"]) == 0


def test_a_clause_opening_a_list_is_answered_with_its_items(stored: Settings, tmp_path: Path) -> None:
    bot = added(
        stored,
        tmp_path,
        "临沧市民政局关于落实养老机构运营补贴的通知\n临民发〔2025〕9号\n各县（区）民政局：\n"
        "一、落实运营补贴。对备案满1年的社会办养老机构，按照实际收住老年人数给予运营补贴，具体标准为：\n"
        "（一）收住失能老年人的，每人每月200元；\n（二）收住半失能老年人的，每人每月120元；\n"
        "（三）收住自理老年人的，每人每月60元。\n二、加强监管。民政部门按季度抽查补贴发放情况。\n"
        "临沧市民政局\n2025年6月1日\n",
    )
    answer = bot.ask("临沧社会办养老机构运营补贴标准是多少？")
    assert answer.lead == "每人每月200元、每人每月120元、每人每月60元。"
    assert [c.label for c in answer.citations] == ["一、（一）", "一、（二）", "一、（三）"]
    assert "收住半失能老年人的，每人每月120元" in answer.answer  # a short item is quoted whole, condition included


def test_a_one_year_plan_answers_its_fee_and_declines_the_next_year(stored: Settings, tmp_path: Path) -> None:
    """A 2025 plan's insurance running to 2026年6月30日 does not make it speak of 2026's renovations."""
    bot = added(
        stored,
        tmp_path,
        "永平县人民政府办公室关于印发永平县2025年“一老一小”民生实事项目实施方案的通知\n永政办发〔2025〕8号\n"
        "各乡（镇）人民政府，县直各部门：\n"
        "一、实施适老化改造。为全县120户特殊困难老年人家庭实施适老化改造，户均补助不超过5000元。\n"
        "二、购买意外伤害保险。为全县80周岁及以上老年人购买意外伤害保险，每人每年保费20元，保险期限为2025年7月1日至2026年6月30日。\n"
        "永平县人民政府办公室\n2025年3月1日\n",
    )
    assert bot.ask("永平县今年适老化改造多少户？").answer.startswith("120户")
    assert bot.ask("永平给老人家买的那个意外险，一个人保费好多钱？").answer.startswith("20元。")  # a 保费 is a fee
    declined = bot.ask("永平县2026年还有没有适老化改造的名额？大概多少户？")
    assert (declined.answered, declined.reason) == (False, "year_not_covered")


def test_a_document_number_names_its_document(stored: Settings) -> None:
    """A hotline agent types the 文号, brackets as the keyboard gives them: only that document answers."""
    assert main(["kb", "add", str(FIXTURES / "regulation.txt"), str(FIXTURES / "measures_inline.txt"), "--yes"]) == 0
    bot = Assistant.from_settings(stored)
    for question in ("施政办发〔2024〕21号 有效期", "施政办发[2024]21号有效期到哪天"):  # both documents state one
        answer = bot.ask(question)
        assert answer.citations[0].clause_id.startswith("shidian-2024:") and "2026年12月31日" in answer.answer


def test_a_bare_sum_takes_its_kind_from_the_article_s_lead(stored: Settings) -> None:
    """运营补助按照…核定。…每人每月补助100元: the 补助 of the sum is the 运营补助 the article opens with."""
    assert main(["kb", "add", str(FIXTURES / "regulation.txt"), "--yes"]) == 0
    answer = Assistant.from_settings(stored).ask("曲靖养老机构运营补助每人每月多少？")
    assert answer.reason == "answered" and answer.citations[0].clause_id == "qujing-2024:第七条"
    assert answer.lead.startswith("100元")


def test_an_age_below_every_band_is_told_no(stored: Settings, tmp_path: Path) -> None:
    bot = added(
        stored,
        tmp_path,
        "永平县人民政府办公室关于发放高龄营养补贴的通知\n永政办发〔2025〕9号\n各乡（镇）人民政府：\n"
        "一、发放高龄营养补贴。对具有本县户籍的高龄老年人发放高龄营养补贴：①年满85周岁不满90周岁的，每人每月30元；"
        "②年满90周岁及以上的，每人每月60元。\n二、按季度发放。补贴由县民政局按季度发放。\n永平县人民政府办公室\n2025年3月1日\n",
    )
    assert bot.ask("我爷爷82岁，户口在永平，能领县里的高龄营养补贴吗？").lead == "不能，文件规定的是85周岁及以上。"
    assert not bot.ask("我爷爷88岁，户口在永平，能领县里的高龄营养补贴吗？").lead.startswith("不能")


def test_duplicate_signatures_give_the_jaccard_of_the_shingle_sets(kb: KnowledgeBase) -> None:
    texts = [c.text for c in list(kb.all_clauses())[:40]] + ["", "短", "五个字符串"]
    for a, b in zip(texts, texts[1:] + texts[:1], strict=True):
        assert len(signature(a)) == len(shingles(a))
        assert signatures.jaccard(signature(a), signature(b)) == jaccard(shingles(a), shingles(b))
    assert signatures.jaccard(signature(texts[0]), signature(texts[0] + "。")) == 1.0


def test_signatures_are_the_same_in_every_process(tmp_path: Path) -> None:
    """Stored signatures are compared with a later process's: the hash must not depend on PYTHONHASHSEED."""
    text = "各州（市）要建立健全养老服务综合监管制度，每千名老年人拥有养老床位数达到35张。"
    script = f"from assistant.signatures import signature; print(signature({text!r}).tolist())"
    seen = {
        subprocess.run(
            [sys.executable, "-c", script], env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, text=True, check=True
        ).stdout
        for seed in ("1", "2")
    }
    assert seen == {f"{signature(text).tolist()}\n"}


def test_the_duplicate_check_reads_only_documents_of_a_similar_size(
    stored: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the signatures stored (by the parse, or an earlier check), no existing document's text is read again."""
    store = signatures.SignatureStore(stored.data_dir / signatures.SIGNATURES)
    for meta in catalog.load_manifest(stored.manifest_path).documents:  # what the build that parsed them stored
        data = (stored.knowledge_dir / meta.file).read_bytes()
        text = catalog.read_source(stored.knowledge_dir / meta.file, stored.max_document_bytes).text
        store.put(signatures.content_key(data), signature(text))
    read: list[Path] = []
    real = catalog.read_source

    def counting(path: Path, max_bytes: int) -> object:
        read.append(path)
        return real(path, max_bytes)

    monkeypatch.setattr(catalog, "read_source", counting)
    shelf = catalog.Catalog(stored)
    manifest = shelf.manifest
    original = stored.knowledge_dir / manifest.documents[0].file
    copy = tmp_path / "copy.txt"
    copy.write_text(real(original, stored.max_document_bytes).text + "\n（转载）", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="内容重复"):
        shelf._check_duplicate(copy, copy.read_text(encoding="utf-8"), manifest, None)
    new = FIXTURES / "regulation.txt"
    shelf._check_duplicate(new, real(new, stored.max_document_bytes).text, manifest, None)
    assert read == []
    assert len(store.sizes()) == len(manifest.documents) + 1  # and the last checked file's own (the refused copy's pruned)
