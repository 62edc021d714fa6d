"""Fusion of lexical and vector results, then a rerank on the structure of the documents.

Candidates are the best `candidates` clauses over the whole corpus and again within each scope the
question gives (its place with that place's parents, a document it names, a document year;
`retrieval/scope.py`), so the asked place's clause is ranked however many other places' copies
score higher.
Score = BM25 / best BM25 + vector weight · cosine (weights in tuning.RankingConfig), multiplied by
structural factors: region (a question naming a city prefers that city's documents, keeps its
province's, demotes other cities'), intent (amount → clauses with 元, deadline → 年底前 / 到20XX年, target → 指标 and
percentages, department → responsibility lists, table → table rows), years named, and
title matches. The coverage signals tell the answer layer when to decline.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from assistant.facts import age_bands, holds_age
from assistant.knowledge import KnowledgeBase
from assistant.lexicon import Lexicon
from assistant.models import Clause
from assistant.query import Query
from assistant.retrieval import scope
from assistant.retrieval.base import Hit, Retriever
from assistant.retrieval.lexical import LexicalIndex, LexicalRetriever
from assistant.retrieval.terms import TermSets
from assistant.retrieval.traits import BIT, Traits, heading_intent, traits_of
from assistant.text import arabize, normalize
from assistant.tuning import DEFAULT, RankingConfig

if TYPE_CHECKING:  # chromadb and langchain-chroma load only when a vector store is opened
    from assistant.retrieval.vector import VectorRetriever

_QUANTITY = re.compile(r"\d+(?:\.\d+)?(?![\d.%年月日])")  # a number of things, not a share or a date


@dataclass
class Coverage:
    """Signals for declining: how well the best clause covers the question."""

    top_bm25: float
    specific_words: list[str]
    matched_specific: list[str]
    out_of_scope_places: list[str]
    score: float
    unknown_words: list[str] = field(default_factory=list)  # nouns of the question the corpus never uses

    @property
    def share(self) -> float:
        """Share of the question's specific words found in the best clause."""
        return len(self.matched_specific) / len(self.specific_words) if self.specific_words else 0.0


@dataclass
class SearchResult:
    """Ranked hits and the coverage signals of a search."""

    hits: list[Hit]
    coverage: Coverage
    query: Query
    notices: list[str] = field(default_factory=list)  # what the search could not do (the vector store down)


def covered(words: list[str], haystack: set[str], lexicon: Lexicon) -> list[str]:
    """The words a clause's words cover, themselves or through their official terms (护工 → 护理员)."""
    return [w for w in words if w in haystack or set(lexicon.official_words(w)) & haystack]


def counts_near(text: str, terms: list[str], window: int = DEFAULT.ranking.counted_window) -> bool:
    """True when a number stands within `window` characters of one of the terms."""
    for term in terms:
        for match in re.finditer(re.escape(term), text):
            start, end = match.span()
            if _QUANTITY.search(text[max(0, start - window) : end + window]):
                return True
    return False


def responsible(clause: Clause, kb: KnowledgeBase, lexicon: Lexicon, sentence: str | None = None) -> list[str]:
    """Who is responsible for a clause: its 责任单位 note, else its parent's, else departments its text names.

    `sentence`, when given, is searched instead of the whole text (the part that answers).
    """
    if clause.departments:
        return list(clause.departments)
    mention = lexicon.vocab.department_mention
    parent = kb.parent_clause(clause)
    if parent is not None:
        inherited = parent.departments or mention.findall(parent.text.split("。")[0])  # its first sentence
        if inherited:
            return list(dict.fromkeys(inherited))
    return list(dict.fromkeys(mention.findall(sentence if sentence is not None else clause.text)))


def _where(regions: list[str] | None, doc_ids: list[str] | None, place: list[str] | None = None) -> dict | None:
    """The same filters as a Chroma `where` clause (`place`: the regions of the place asked about, a second region filter)."""
    parts: list[dict] = []
    for allowed in (regions, place):
        if allowed:
            parts.append({"region": {"$in": allowed}})
    if doc_ids:
        parts.append({"doc_id": {"$in": doc_ids}})
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"$and": parts}


@dataclass
class SearchFeatures:
    """Everything the search computes from the corpus once (kept in the search index artifact)."""

    lexical: LexicalIndex
    df: Counter[str]  # clauses per word
    title_words: Sequence[set[str]]  # per clause, the words of its title and table name (TermSets: built on access)
    doc_names: dict[str, set[str]]  # per document, its distinctive title words
    has_responsible: list[bool]  # per clause, whether someone is named responsible for it
    traits: np.ndarray  # per clause, what it states (`retrieval/traits.py`), as bits

    @classmethod
    def build(cls, kb: KnowledgeBase, lexicon: Lexicon, config: RankingConfig) -> SearchFeatures:
        """Tokenize the corpus and compute every per-clause feature."""
        lexical = LexicalIndex.build(kb, lexicon, config.lexical)
        clauses = list(kb.all_clauses())
        return cls(
            lexical=lexical,
            df=_frequencies(lexical.clause_words),
            title_words=TermSets.of(_title_words(c, lexicon) for c in clauses),
            doc_names=_document_names(kb, lexicon),
            has_responsible=[_has_responsible(c, kb, lexicon) for c in clauses],
            traits=_traits(clauses, lexicon),
        )

    def extended(
        self,
        kb: KnowledgeBase,
        clauses: Sequence[Clause],
        lexicon: Lexicon,
        config: RankingConfig,
        lengths: dict[str, np.ndarray],
        words: tuple[np.ndarray, np.ndarray],
    ) -> SearchFeatures:
        """These features with `clauses` (the last documents of `kb`) appended, as `build` over `kb` would compute them.

        Only the new clauses are tokenized; the titles' distinctive words are computed again (they depend on every title).
        """
        lexical = self.lexical.extended(clauses, lexicon, config.lexical, lengths, words)
        titles = self.title_words
        if not isinstance(titles, TermSets):
            raise ValueError("the title word sets are not rows of ids")
        return SearchFeatures(
            lexical=lexical,
            df=_frequencies(lexical.clause_words),
            title_words=titles.then(TermSets.of((_title_words(c, lexicon) for c in clauses), titles.terms)),
            doc_names=_document_names(kb, lexicon),
            has_responsible=[*self.has_responsible, *(_has_responsible(c, kb, lexicon) for c in clauses)],
            traits=np.concatenate([self.traits, _traits(clauses, lexicon)]),
        )


def _title_words(clause: Clause, lexicon: Lexicon) -> list[str]:
    return lexicon.words_of(clause.title + " " + (clause.table or ""))


def _traits(clauses: Sequence[Clause], lexicon: Lexicon) -> np.ndarray:
    return np.array([traits_of(c, lexicon.vocab) for c in clauses], dtype=np.uint32)


def _has_responsible(clause: Clause, kb: KnowledgeBase, lexicon: Lexicon) -> bool:
    return bool(responsible(clause, kb, lexicon)) or "责任单位" in clause.columns


def _frequencies(rows: Sequence[set[str]]) -> Counter[str]:
    """How many rows hold each word."""
    if isinstance(rows, TermSets):
        return rows.frequencies()
    return Counter(w for words in rows for w in words)


def _document_names(kb: KnowledgeBase, lexicon: Lexicon) -> dict[str, set[str]]:
    """Per document, the words of its title that few other titles share (三年行动, 补贴资金管理办法)."""
    places = set(lexicon.place_words)
    words = {
        meta.id: {
            w for w in lexicon.words_of(arabize(f"{meta.title} {meta.short_title or ''}")) if not w.isdigit() and w not in places
        }
        for meta in kb.metas
    }
    df = Counter(w for ws in words.values() for w in ws)
    limit = max(1, len(words) // 2)
    return {doc: {w for w in ws if df[w] <= limit and len(w) >= 2} for doc, ws in words.items()}


class HybridRetriever(Retriever):
    """Lexical + vector fusion with structural rerank; the vector part is optional."""

    name = "hybrid"

    def __init__(
        self,
        kb: KnowledgeBase,
        lexicon: Lexicon,
        vector: VectorRetriever | None,
        today: date | None = None,
        config: RankingConfig | None = None,
        built: SearchFeatures | None = None,
    ) -> None:
        self.kb = kb
        self.config = config or DEFAULT.ranking
        self.cues = lexicon.vocab.clause
        self.today = today or date.today()
        self.lexicon = lexicon
        features = built or SearchFeatures.build(kb, lexicon, self.config)
        self.features = features
        self.lexical = LexicalRetriever(kb, lexicon, self.config.lexical, features.lexical)
        self.vector = vector
        self.clauses = kb.in_order  # a stored document is read when one of its clauses is first a candidate
        self.position = kb.positions
        self.df = features.df
        self.title_words = features.title_words
        self.full_words = self.lexical.clause_words
        self.doc_names = features.doc_names
        self.doc_phrases = self._title_phrases()
        self.doc_numbers = {m.id: _number_key(m.doc_number) for m in kb.metas if m.doc_number}
        self.has_responsible = features.has_responsible
        self.spans = scope.DocumentSpans.of(kb)  # the place, document and year filters
        self.traits = features.traits
        self._traits = Traits(lexicon.vocab)

    def _title_phrases(self) -> dict[str, set[str]]:
        """Per document, the four-character runs of its title that few other titles share (三年行动, 整体解决)."""
        runs = {
            meta.id: {
                title[i : i + 4]
                for title in (normalize(meta.title), normalize(meta.short_title or ""))
                for i in range(len(title) - 3)
                if "\u4e00" <= title[i] <= "\u9fff" and "\u4e00" <= title[i + 3] <= "\u9fff"
            }
            for meta in self.kb.metas
        }
        df = Counter(r for rs in runs.values() for r in rs)
        limit = max(1, len(runs) // 2)
        return {doc: {r for r in rs if df[r] <= limit} for doc, rs in runs.items()}

    def numbered(self, query: Query) -> list[str]:
        """Documents whose 文号 the question writes (祥政办发〔2025〕21号, brackets as typed)."""
        written = _number_key(query.norm)
        return [doc for doc, key in self.doc_numbers.items() if key in written]

    def named_documents(self, query: Query, numbered: list[str] | None = None) -> tuple[list[str], set[str]]:
        """Documents the question names by title words (省里那个三年行动方案), and the words that name them.

        Only a question that speaks of a document (方案, 意见, 文件…) names one: with two of its
        distinctive title words, one and the document's year, or a distinctive run of its title's characters.
        `numbered`: the documents whose 文号 the question writes, when already found.
        """
        numbered = self.numbered(query) if numbered is None else numbered
        if numbered:  # 祥政办发〔2025〕21号: the 文号 names its document outright, and its words are no topic
            return numbered, {w for w in query.words if any(w in self.doc_numbers[doc] for doc in numbered)}
        kinds = [w for w in self.lexicon.vocab.question.document_words if w in query.norm]
        if not kinds:
            return [], set()
        asked, years = set(query.words), set(query.years)
        named: dict[str, set[str]] = {}
        for doc, names in self.doc_names.items():
            shared = asked & names
            dated = str(self.kb.meta_of(doc).issue_date.year) in years
            phrases = [p for p in self.doc_phrases[doc] if p in query.norm]  # 三年行动方案 as the title writes it
            if len(shared) >= 2 or (shared and dated) or len(phrases) >= 2:  # a run of five characters or more
                named[doc] = shared | {w for p in phrases for w in query.words if w in p}
        if not named:
            return [], set()
        dates = {str(self.kb.meta_of(doc).issue_date.year) for doc in named}
        naming = set().union(*named.values()) | {w for w in query.words if w in kinds}
        if dates & years:  # 2024年…那个方案: the year names the document, not a year in its text
            naming |= (dates & years) | {"年"}
        # 《…三年行动方案（2024—2026年）》里…: a title written out in full is no topic, word for word
        titles = re.findall(r"《([^》]+)》", query.norm)
        naming |= set(titles) | {w for w in query.words if any(w in t for t in titles)}
        return list(named), naming

    def search(self, query: Query, k: int) -> list[Hit]:
        """The k best hits."""
        return self.run(query, k).hits

    def run(self, query: Query, k: int, regions: list[str] | None = None, doc_ids: list[str] | None = None) -> SearchResult:
        """Search with optional region / document filters; returns hits and coverage signals.

        A document the question names by its title is preferred, and the words naming it are not
        searched for as the topic (they would find the preamble that repeats the title).
        """
        numbered = self.numbered(query)
        named, naming = self.named_documents(query, numbered)
        if doc_ids is None and numbered:
            doc_ids = numbered  # a 文号 leaves no doubt which document is asked about
        topic = _topic(query, naming)
        bm25 = self.lexical.score_all(topic)
        top = float(bm25.max()) if len(bm25) else 0.0
        allowed = self._allowed(regions, doc_ids)
        scores: dict[int, dict[str, float]] = {}
        cut = self.config.candidates
        # The cut is taken over everything and again within each scope the question gives (its place
        # and that place's parents, a document it names, a document year): a clause of the place
        # asked about is a candidate however many other places' copies of it score higher.
        scoped = self.scopes(query, named)
        for mask in [None, *scoped.values()]:
            within = allowed if mask is None else mask if allowed is None else mask & allowed
            for i in scope.top(bm25, cut, within):
                if i not in scores:
                    scores[i] = {"bm25": float(bm25[i]), "lexical": float(bm25[i]) / top}
        if self.vector is not None:
            # the vector store's cut is taken within the place's documents (the lexical cut above covers the rest):
            # by the allowed clauses' ids, or by the same filters on its metadata when it lacks one of them
            place = self._place_regions(query) if "place" in scoped else None
            where = _where(regions, doc_ids, place)
            for hit in self.vector.search(query, cut, where=where, ids=self._ids(allowed, scoped.get("place"))):
                pos = self.position.get(hit.clause_id)
                if pos is not None and hit.score > 0 and (allowed is None or allowed[pos]):
                    entry = scores.setdefault(pos, {"bm25": float(bm25[pos]), "lexical": float(bm25[pos]) / top if top else 0.0})
                    entry["vector"] = self.config.vector_weight * hit.score
        hits = []
        titled = set(query.words) - set(_place_words(query))  # the words a title may share (not its place's name)
        for pos, signals in scores.items():
            clause = self.clauses[pos]
            base = signals["lexical"] + signals.get("vector", 0.0)
            factors = self._factors(query, pos, titled)
            if named:
                factors["document"] = self.config.document_named if clause.doc_id in named else 1.0
                if "year" in factors and clause.doc_id in named:
                    factors["year"] = self.config.year_named
            signals.update(factors)
            hits.append(Hit(clause.id, base * float(np.prod(list(factors.values()))), signals))
        hits.sort(key=lambda h: -h.score)
        hits = self._covering_first(query, hits[:k])
        words = set(query.words) | set(query.expansion_words)
        for hit in hits:
            hit.matched = sorted(words & self.full_words[self.position[hit.clause_id]])
        degraded = [self.vector.NOTICE] if self.vector is not None and not self.vector.healthy else []
        return SearchResult(hits, self._coverage(query, hits, top), query, degraded)

    def _covered_by(self, query: Query, specific: list[str], hit: Hit) -> list[str]:
        """The specific words a hit covers.

        The parts of a term the lexicon knows and the corpus never uses (生育 and 津贴 of 生育津贴)
        do not cover it; a word jieba merely glues together (银行贷款) is covered by its parts.
        """
        matched = covered(specific, self.full_words[self.position[hit.clause_id]], self.lexicon)
        absent = [w for w in query.nouns if len(w) > 2 and w in self.lexicon.words and self.df.get(w, 0) == 0]
        return [w for w in matched if not any(w != a and w in a for a in absent)]

    def _covering_first(self, query: Query, hits: list[Hit]) -> list[Hit]:
        """Among near ties for first place, the hit that covers most of the question's specific words leads."""
        if len(hits) < 2:
            return hits
        specific = self._specific(query)
        # a clause the structure demotes (background figures, another year, a replaced or expired document) does not compete
        near = [
            h
            for h in hits
            if h.score >= self.config.near_tie * hits[0].score
            and min(h.signals.get(f, 1.0) for f in ("kind", "year", "validity")) >= 1
            and h.signals.get("region", 1.0) >= self.config.region.parent_of_city  # nor another place's clause
        ]

        def covers(hit: Hit) -> int:
            return len(self._covered_by(query, specific, hit))

        if not near:
            return hits
        best = max(near, key=covers)  # max keeps the first of equals: the higher score
        if covers(best) <= covers(hits[0]):
            return hits
        return [best, *(h for h in hits if h is not best)]

    def _allowed(self, regions: list[str] | None, doc_ids: list[str] | None) -> np.ndarray | None:
        """Which clauses pass the filters (None: no filter). Applied before the candidate cut."""
        if not regions and not doc_ids:
            return None
        spans = self.spans
        docs = set(spans.in_regions(regions)) if regions else set(range(len(spans.ids)))
        if doc_ids:
            docs &= set(spans.named(doc_ids))
        return spans.mask(docs)

    def _ids(self, allowed: np.ndarray | None, place: np.ndarray | None) -> list[str] | None:
        """The clause ids the filters and the place scope allow (None: every clause), for the vector store."""
        masks = [m for m in (allowed, place) if m is not None]
        if not masks:
            return None
        within = masks[0] & masks[1] if len(masks) == 2 else masks[0]
        ids = self.kb.outline.clause_ids  # no document is read
        return [ids[i] for i in np.flatnonzero(within)]

    def _place_regions(self, query: Query) -> list[str]:
        """The regions with documents that apply to the places a question names: each, and its parents."""
        return list(dict.fromkeys(r for region in query.regions for r in self.lexicon.scope_of(region)))

    def scopes(self, query: Query, named: list[str]) -> dict[str, np.ndarray]:
        """The clauses each scope the question gives allows: its place, the documents it names, document years."""
        spans = self.spans
        out: dict[str, np.ndarray] = {}
        places = self._place_regions(query)
        if places:
            out["place"] = spans.mask(spans.in_regions(places))
        if named:
            out["document"] = spans.mask(spans.named(named))
        if query.document_years:  # 2021年的意见: the documents of that year
            out["year"] = spans.mask(spans.issued_in(int(y) for y in query.document_years))
        return out

    # -- structural factors --------------------------------------------------------------
    def _factors(self, query: Query, pos: int, titled: set[str]) -> dict[str, float]:
        clause = self.clauses[pos]
        traits = int(self.traits[pos])
        factors = {
            "region": self._region_factor(query, clause),
            "intent": self._intent_factor(query, clause, traits),
            "kind": self._kind_factor(query, clause, traits),
        }
        if self.kb.meta(clause).status(self.today) != "in_force":
            factors["validity"] = self.config.out_of_force  # an expired or replaced document answers only when nothing else does
        cfg = self.config
        # 公示几天: a clause stating so many days (sums and counts have their own tests: the amount intent, `counted`)
        if set(query.asked_kinds) & set(cfg.intent.lifted_kinds) & self._traits.kinds(traits):
            factors["asked"] = cfg.intent.states_asked
        if query.counted:
            factors["counted"] = cfg.counted if counts_near(clause.text, query.counted, cfg.counted_window) else 1.0
        if query.years:
            meta = self.kb.meta(clause)
            doc_years = query.document_years  # 2021年意见, 2024年三年行动: a document named by its year
            by_doc = str(meta.issue_date.year) in doc_years or any(y in meta.title for y in doc_years)
            factors["year"] = cfg.year_named if by_doc or any(y in clause.text for y in query.years) else cfg.year_other
        if query.quoted and all(term in clause.normalized for term in query.quoted):
            factors["quoted"] = cfg.quoted
        if query.age is not None:  # 我今年91了: the 90至99周岁 row, not the 80至89周岁 one
            bands = age_bands(clause.normalized)
            if bands:
                factors["age"] = cfg.age_fits if holds_age(query.age, bands) else cfg.age_misses
        if query.own and not any(word in clause.normalized for word in query.own):
            factors["follow_up"] = cfg.follow_up_missed  # 那医保呢: a clause without 医保 answers the earlier question
        overlap = len(self.title_words[pos] & titled)
        if overlap:
            factors["title"] = min(1.0 + cfg.title_word * overlap, cfg.title_max)
        return factors

    def _kind_factor(self, query: Query, clause: Clause, traits: int) -> float:
        weights = self.config.kind
        if clause.kind == "preface":
            return weights.preface
        if traits & BIT["background"]:
            planned = any(int(y) > self.kb.meta(clause).issue_date.year for y in query.years)
            if query.asks_goal or planned:
                return weights.background_for_goal  # a target (or a year still ahead) is asked; background describes the past
            if not query.asks_status:
                return weights.background  # background statistics rarely answer what the policy says
        if not clause.is_table:
            return 1.0
        if clause.kind == "table_total" and query.asks_total:
            return weights.total_row
        if "项目名称" in clause.columns:  # a row of a project list answers questions about projects
            dated = query.years and not query.asks_goal  # 到2027年…的目标 asks for a target, not a project of those years
            project_like = "table" in query.intents or dated or self._names_county(query) or query.asks_project
            return 1.0 if project_like else weights.project_row
        table_like = {"table", "target", "department"} & set(query.intents) or query.years or self._names_county(query)
        return 1.0 if table_like else weights.table_row

    def _names_county(self, query: Query) -> bool:
        """Does the question name a place below the regions that have documents (a county, a district)?"""
        return any(p not in self.lexicon.covered for p in query.places if self.lexicon.in_scope(p))

    def _region_factor(self, query: Query, clause: Clause) -> float:
        weights = self.config.region
        region = self.kb.meta(clause).region
        asked = set(query.regions)
        cities = {r for r in asked if not self.lexicon.is_province(r)}
        if not asked:
            return 1.0
        if region in cities:
            return weights.one_city if len(cities) == 1 else weights.several_cities
        if region in asked or any(region in self.lexicon.gazetteer.ancestors(r) for r in asked):
            return weights.parent if not cities else weights.parent_of_city  # a parent's document applies too
        return weights.other_when_city if cities else weights.other

    def _intent_factor(self, query: Query, clause: Clause, traits: int) -> float:
        weights = self.config.intent
        factor = 1.0
        # 咋个申请 (a procedure asked of a subsidy): the subsidy's amount clause is not what is asked
        first = query.primary_intent
        formed = first in self.cues.titles and first in query.formed
        asked = query.intents[:1] if formed else query.intents[:2]
        if formed and first and not _states_intent(first, traits):
            factor *= weights.missed
        demanded = set(query.asked_kinds)
        if demanded:  # 公示几天: topic cues (补贴) of another kind of fact do not lift a clause
            asked = [i for i in asked if not self.lexicon.vocab.fact_kinds(i) or set(self.lexicon.vocab.fact_kinds(i)) & demanded]
        for intent in asked:
            if intent == "amount" and traits & BIT["sum"]:
                factor *= weights.amount
            elif intent == "deadline" and traits & BIT["deadline_cue"]:
                factor *= weights.deadline
            elif intent == "target" and traits & BIT["target_cue"]:
                factor *= weights.target
            elif intent == "department" and self.has_responsible[self.position[clause.id]]:
                factor *= weights.department
            elif intent == "table":
                factor *= weights.table if clause.is_table else weights.not_table
            elif intent in ("procedure", "eligibility") and _states_intent(intent, traits):
                factor *= getattr(weights, intent)
        if query.asks_figure and clause.is_table and not traits & BIT["figure"]:
            factor *= weights.figureless  # 打算弄多少张: a row that only names a task has no number to give
        if (
            query.primary_intent in self.cues.titles
            and not clause.is_table
            and self._traits.heading(traits) == query.primary_intent
        ):
            factor *= weights.titled
        return factor

    def _traits_of(self, clause: Clause) -> int:
        """A clause's traits: stored for the corpus's clauses, read afresh for any other."""
        pos = self.position.get(clause.id)
        return int(self.traits[pos]) if pos is not None and self.clauses[pos] is clause else traits_of(clause, self.lexicon.vocab)

    def _states_sum(self, clause: Clause) -> bool:
        """A sum beside a subsidy, fund or fee; in a table row, a sum in a cell whose header gives the unit
        (新标准(元/人·月)：100) of a row that names a subsidy (护理补贴)."""
        return bool(self._traits_of(clause) & BIT["sum"])

    def _heading_names(self, clause: Clause) -> str | None:
        """The intent the nearest heading naming one is about (`traits.heading_intent`)."""
        return heading_intent(clause, self.cues.titles)

    # -- coverage ------------------------------------------------------------------------
    def _specific(self, query: Query) -> list[str]:
        """The question's rarer words (not places, numbers, measures such as 比例, nor spoken fillers): what it is about."""
        n = max(len(self.clauses), 1)
        places = set(self.lexicon.place_words)
        cues = self.lexicon.vocab.question
        skipped = set(cues.measures) | set(cues.not_subject)
        return [
            w
            for w in dict.fromkeys(query.words)
            if self.df.get(w, 0) / n < self.config.specific_df
            and not w.isdigit()
            and not _NUMERAL.fullmatch(w)  # 九, 十几岁 of 九十几岁: a number, not a subject
            and w not in places
            and w not in skipped
        ]

    def _unknown(self, word: str) -> bool:
        """A word the documents never use, and not merely documents' words glued together (项目表, 表里)."""
        if self.df.get(word, 0):
            return False
        if word in self.lexicon.words:
            return True  # a term the vocabulary knows (生育津贴): its absence from the documents is telling
        stem = word.rstrip("里上中内")
        glued = any(self.df.get(word[i:j], 0) for i in range(len(word)) for j in range(i + 2, len(word) + 1) if j - i < len(word))
        return not glued and not (stem != word and (self.df.get(stem, 0) or stem in self.lexicon.vocab.intents["table"].cues))

    def _coverage(self, query: Query, hits: list[Hit], top: float) -> Coverage:
        specific = self._specific(query)
        matched = self._covered_by(query, specific, hits[0]) if hits else []
        return Coverage(
            top_bm25=top,
            specific_words=specific,
            matched_specific=matched,
            out_of_scope_places=query.other_places,
            # the decline line is not moved by the fact a question demands: stating it ranks, it does not cover
            score=hits[0].score / hits[0].signals.get("asked", 1.0) if hits else 0.0,
            unknown_words=[w for w in query.nouns if w in specific and w not in matched and self._unknown(w)],
        )


def _states_intent(intent: str, traits: int) -> bool:
    """Does a clause's text say how to apply (procedure) or who qualifies (eligibility, or any other intent)?"""
    return bool(traits & BIT["procedure" if intent == "procedure" else "eligible"])


def _place_words(query: Query) -> list[str]:
    """The question's words that are (part of) a name it writes for a place with documents (禄丰市, 禄丰, 丰市)."""
    return [w for w in query.words if any(w in name for name in query.region_names)]


def _topic(query: Query, naming: set[str]) -> Query:
    """What the question is about, as searched for: without the words naming a document it names or its place.

    A place with documents is a scope of the search (its clauses are candidates, and the region factor
    prefers them), so its name is not searched for again: at province scale a place's name is a rare
    word, and a table titled with it (禄丰市…主要指标分工表) would outrank the clause that answers.
    """
    dropped = naming | set(_place_words(query))
    words = [w for w in query.words if w not in dropped]
    if not dropped or not words:
        return query
    return replace(
        query,
        words=words,
        bigrams=[b for b in query.bigrams if not any(b in w for w in naming) and not any(b in n for n in query.region_names)],
    )


_NUMERAL = re.compile(r"[零一二两三四五六七八九十百千万几多]+岁?")


def _number_key(text: str) -> str:
    """A 文号 or a question as compared for one: brackets and spaces dropped (〔2025〕, [2025], (2025)), and the 年 of
    大市政办发2025年23号 as people type it."""
    return re.sub(r"[〔〕\[\]()（）【】\s]", "", re.sub(r"(?<=\d{4})年(?=\d{1,4}号)", "", text))
