"""The synthetic corpus ×N and the pieces of `bench --scale` (the full run is too slow for a test)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant import scalereport, scaling, synthetic
from assistant.cli import main
from assistant.evaluation import fact_present
from assistant.gazetteer import DOCUMENT_LEVEL, Gazetteer
from assistant.knowledge import KnowledgeBase
from assistant.manifest import load_manifest
from assistant.settings import Settings

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
CASES = KNOWLEDGE.parent / "eval" / "cases.jsonl"


@pytest.fixture(scope="module")
def corpus() -> synthetic.Corpus:
    return synthetic.generate(KNOWLEDGE, CASES, 3)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load(KNOWLEDGE / "gazetteer.toml")


def test_the_same_seed_gives_the_same_corpus(corpus: synthetic.Corpus) -> None:
    again = synthetic.generate(KNOWLEDGE, CASES, 3)
    assert again.texts == corpus.texts
    assert again.documents == corpus.documents
    assert again.questions == corpus.questions
    assert synthetic.generate(KNOWLEDGE, CASES, 3, seed=15).texts != corpus.texts


def test_copy_zero_is_the_bundled_knowledge(corpus: synthetic.Corpus) -> None:
    bundled = load_manifest(KNOWLEDGE / "manifest.toml").documents
    assert corpus.documents[: len(bundled)] == bundled
    assert all(corpus.texts[m.file] == (KNOWLEDGE / m.file).read_text(encoding="utf-8") for m in bundled)
    official = [m for m in bundled if m.source_kind == "official"]
    assert len(corpus.documents) == len(bundled) + 2 * len(official)


def test_each_copy_moves_to_another_place_of_the_province(corpus: synthetic.Corpus, gazetteer: Gazetteer) -> None:
    bundled = {m.id: m for m in load_manifest(KNOWLEDGE / "manifest.toml").documents}
    for meta in corpus.documents[len(bundled) :]:
        original = bundled[meta.id.rsplit("-x", 1)[0]]
        place = gazetteer.places[meta.region]
        text = corpus.texts[meta.file]
        assert meta.region != original.region
        assert gazetteer.province_of(meta.region) == gazetteer.province_of(original.region)
        assert meta.level == DOCUMENT_LEVEL[place.level]
        assert meta.issuer == f"{meta.region}人民政府办公室" and meta.issuer in text
        assert original.issuer not in text and original.region not in text
        assert meta.issue_date.year - original.issue_date.year in synthetic.YEAR_SHIFTS
    # a web copy, when copied, moves with its official document (same place, same date): the builder still folds it
    with_webs = synthetic.generate(KNOWLEDGE, CASES, 2, web_copies=True).documents
    by_id = {m.id: m for m in with_webs}
    webs = [m for m in with_webs if m.source_kind == "web_copy"]
    assert len(webs) == 2 and [m for m in corpus.documents if m.source_kind == "web_copy"] == webs[:1]
    for web in webs:
        official = by_id[web.id.replace("-web", "")]
        assert (official.region, official.issue_date) == (web.region, web.issue_date)


def test_figures_and_years_change_by_one_rule() -> None:
    change = synthetic.Change(1, Gazetteer.load(KNOWLEDGE / "gazetteer.toml").places["大理白族自治州"], years=2, factor=1.5)
    text = "每人每月50至150元，到2025年底，55%以上，100%覆盖，拨打12345，2022年11月29日，第3条"
    assert change.figures(text) == "每人每月75至225元，到2027年底，82%以上，100%覆盖，拨打12345，2024年11月29日，第3条"
    assert change.figures("0.5万元") == "0.8万元"
    assert synthetic.Change(0, None).figures(text) == text


def test_questions_name_the_copy_and_its_changed_facts(corpus: synthetic.Corpus, gazetteer: Gazetteer) -> None:
    texts = {m.id: corpus.texts[m.file] for m in corpus.documents}
    moved = [q for q in corpus.questions if q.copy_number > 0]
    assert moved and {q.copy_number for q in moved} == {1, 2}
    for q in moved:
        doc_id = q.gold_clause_ids[0].split(":", 1)[0]
        assert doc_id.endswith(f"-x{q.copy_number:04d}")
        assert any(name in q.question for name in [*gazetteer.names_of(q.place), gazetteer.display(q.place)])
        assert all(fact_present(group, texts[doc_id]) for group in q.key_facts)
    # the same case in copies 0 and 1: the copy's figure replaces the original one
    pairs = {(q.source_case, q.copy_number): q for q in corpus.questions}
    changed = [
        (pairs[c, 0], q) for (c, n), q in pairs.items() if n == 1 and (c, 0) in pairs and q.key_facts != pairs[c, 0].key_facts
    ]
    assert changed


def test_the_written_corpus_parses_with_every_gold_clause(corpus: synthetic.Corpus, tmp_path: Path) -> None:
    folder = corpus.write(KNOWLEDGE, tmp_path / "knowledge")
    manifest = load_manifest(folder / "manifest.toml")
    assert [m.id for m in manifest.documents] == [m.id for m in corpus.documents]
    kb = KnowledgeBase.build(folder / "manifest.toml")
    bundled = KnowledgeBase.build(KNOWLEDGE / "manifest.toml")
    assert len(kb.clauses) == 3 * len(bundled.clauses)  # web copies folded, copies not merged, tables intact
    assert all(kb.has_clause(g) for q in corpus.questions for g in q.gold_clause_ids)


def test_baselines_run_in_their_own_process_and_print_the_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("rank_bm25", reason="the `bench` extra is not installed")
    code = main(["bench", "--scale", "1", "--systems", "tutorial,bm25s", "--docs", str(tmp_path), "--json"])
    assert code == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    size = result["sizes"][0]
    assert size["scale"] == 1 and size["clauses"] > 200
    assert {"build_s", "query_p95_ms", "clause_at_1"} <= set(size["tutorial"])
    assert {"query_p95_ms", "clause_at_1"} <= set(size["bm25s"])
    page = (tmp_path / "benchmarks.md").read_text(encoding="utf-8")
    assert scalereport.START in page and "| ×1 |" in page


def test_ours_measures_build_latency_and_quality(tmp_path: Path) -> None:
    scaling.prepare(Settings(), 1, tmp_path)
    questions = scaling.load_questions(tmp_path)[:5]
    (tmp_path / "questions.jsonl").write_text("".join(q.model_dump_json() + "\n" for q in questions), encoding="utf-8")
    row = scaling.measure_ours(tmp_path)
    assert {"build_s", "answer_p50_ms", "answer_p95_ms", "rss_mb", "clause_at_1", "place_at_1", "key_facts", "clauses"} <= set(
        row
    )
    assert row["clauses"] > 200 and 0 <= row["clause_at_1"] <= 1


def test_a_failed_or_bounded_system_is_reported_not_raised(tmp_path: Path) -> None:
    scaling.prepare(Settings(), 1, tmp_path)
    row = scaling.in_process("tutorial", tmp_path, timeout=60, memory_gb=0.05)
    assert row["error"].startswith("exit 1") and "0.05 GB" in row["error"]


def test_results_merge_per_scale_and_system() -> None:
    old = {"sizes": [{"scale": 1, "ours": {"build_s": 1.0}}, {"scale": 10, "ours": {"build_s": 9.0}}]}
    new = {"sizes": [{"scale": 10, "tutorial": {"build_s": 2.0}}, {"scale": 1000, "bm25s": {"error": "stopped"}}]}
    merged = scalereport.merge(old, new)
    assert [s["scale"] for s in merged["sizes"]] == [1, 10, 1000]
    assert merged["sizes"][1] == {"scale": 10, "ours": {"build_s": 9.0}, "tutorial": {"build_s": 2.0}}
    assert "failed: stopped" in scalereport.markdown(merged, plotted=False)


def test_the_long_document_is_twenty_pages_and_kb_add_takes_it_as_new(local: Settings, tmp_path: Path) -> None:
    """The document the benchmark's second `kb add` times: ~20 pages, no duplicate, its metadata inferred."""
    text, place = synthetic.long_document(local.knowledge_dir)
    assert 12_000 <= len(re.findall(r"[\u4e00-\u9fff]", text)) <= 16_000
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    assert main(["kb", "add", str(path), "--id", "bench-long", "--yes"]) == 0
    (added,) = [m for m in load_manifest(local.manifest_path).documents if m.id == "bench-long"]
    assert added.region == place
    kb = KnowledgeBase.build(local.manifest_path)
    assert len([c for c in kb.clauses.values() if c.doc_id == "bench-long"]) > 50  # the body's items and its annex's


def test_a_place_s_newest_plan_replaces_the_sets_it_held_before() -> None:
    def meta(doc: str, region: str, year: int) -> synthetic.DocumentMeta:
        fields = {"id": doc, "file": f"documents/{doc}.txt", "title": doc, "issuer": f"{region}人民政府办公室"}
        return synthetic.DocumentMeta.model_validate(
            {**fields, "region": region, "level": "county", "issue_date": f"{year}-05-01"}
        )

    docs = [
        meta("a-x0001", "祥云县", 2021),
        meta("b-x0001", "祥云县", 2024),
        meta("c-x0048", "祥云县", 2023),
        meta("c-x0002", "宾川县", 2022),
    ]
    # copy 1 brought the province's two documents to 祥云县, copy 48 another city's plan; 宾川县 holds one set
    held = {
        "祥云县": {(1, "云南省"): ["a-x0001", "b-x0001"], (48, "昆明市"): ["c-x0048"]},
        "宾川县": {(2, "昆明市"): ["c-x0002"]},
    }
    replaced = {m.id: m.superseded_by for m in synthetic.superseded(docs, held)}
    # the province's set has the newest document (2024): it stays in force, the other set is replaced by it
    assert replaced == {"a-x0001": None, "b-x0001": None, "c-x0048": "b-x0001", "c-x0002": None}


def test_a_copy_is_not_asked_about_places_within_the_original_region(corpus: synthetic.Corpus, gazetteer: Gazetteer) -> None:
    copies = [q for q in corpus.questions if q.copy_number > 0]
    assert copies
    for q in copies:
        named = [p.name for p in gazetteer.places.values() for n in [p.name, *p.short] if len(n) >= 2 and n in q.question]
        assert set(named) <= set(gazetteer.chain(q.place)), q.question
    originals = [q.question for q in corpus.questions if q.copy_number == 0]
    assert any("红塔区" in q for q in originals)  # copy 0 is the bundled knowledge: its own districts are asked about
