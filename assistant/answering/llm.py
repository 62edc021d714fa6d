"""Optional LLM wording: a chat model rewords the extractive answer's clauses, a validator checks it.

For one question:

1. The extractive answerer runs first. When it declines, greets, refuses an injection or asks
   back, its reply is final: the model never answers what retrieval says the documents do not
   cover.
2. The clauses it cites, then the other top hits (five in all), go to the model as [C1]…[C5]
   with document title, label, region and issue date (prompt: `prompts/answer.toml`).
3. The model's text is validated (`validate`): it cites at least one id, only supplied ids,
   and every number it states occurs in a clause it cites.
4. A valid answer is returned with the cited clauses as citations and each [C#] replaced by
   【《document》label】. Otherwise (failed check, timeout, connection or HTTP error) the
   extractive answer is returned with a notice saying why.

The whole model call, streamed or not, has one deadline (`llm_deadline`); `llm_timeout` only bounds
each connect and read, which a server trickling bytes never trips. The call runs as a coroutine on
one background event loop: at the deadline it is cancelled, which closes the connection.

The chat model is built on first use, so constructing the answerer never touches a network.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import threading
import time
from collections.abc import AsyncIterator, Coroutine, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage
from pydantic import SecretStr

from assistant.answering.base import AnswerContext, Answerer, register
from assistant.answering.extractive import ExtractiveAnswerer
from assistant.errors import LLMError
from assistant.facts import unsupported_numbers
from assistant.models import Answer, Clause, DocumentMeta
from assistant.prompts import PromptFile, get_prompt
from assistant.settings import Settings
from assistant.text import chinese_numeral_value, cn_date, numbers_in

log = logging.getLogger(__name__)
T = TypeVar("T")

PROMPT = "answer"
MAX_SOURCES = 5
MAX_CLAUSE_CHARS = 800  # a long clause is cut for the prompt; validation still uses all of it
MAX_ANSWER_CHARS = 300  # the prompt asks for 120; far beyond that the model is not following it
INVALID_NOTICE = "大模型回答未通过校验，已改用原文摘录回答。"
UNAVAILABLE_NOTICE = "大模型服务暂时不可用，已改用原文摘录回答。"
GENERATED_NOTICE = "本回答由大模型依据所引条款生成，请以条款原文为准。"

# [C1], ［C1］, 【C1】, [C1, C2] and runs of them such as [C1][C2].
_MARK_PATTERN = r"[\[［【]\s*[Cc]\d+(?:\s*[,，、;；]\s*[Cc]\d+)*\s*[\]］】]"
_MARK = re.compile(_MARK_PATTERN)
_MARK_RUN = re.compile(rf"\s*{_MARK_PATTERN}(?:\s*{_MARK_PATTERN})*")
_KEY = re.compile(r"[Cc](\d+)")
_STRAY_KEY = re.compile(r"(?<![A-Za-z0-9])[Cc]\d+")
_PERCENT_WORDS = re.compile(r"百分之([零〇一二两三四五六七八九十百]+)")
_THINKING = re.compile(r"^\s*<think>.*?</think>", re.DOTALL)  # reasoning models (Qwen3, DeepSeek-R1) may lead with one


@dataclass(frozen=True)
class Source:
    """A clause as supplied to the model under a short key such as C1."""

    key: str
    clause: Clause
    meta: DocumentMeta

    @property
    def reference(self) -> str:
        """《Short document title》label, as shown in the answer."""
        return f"《{self.meta.display_title}》{self.clause.label}"

    def evidence(self) -> list[str]:
        """Texts a number in the answer may come from: the clause and its own label, titles and date."""
        issued = self.meta.issue_date
        return [
            self.clause.text,
            self.clause.title,
            self.clause.label,
            self.meta.title,
            self.meta.display_title,
            cn_date(issued),
        ]

    def prompt_block(self) -> str:
        """The clause as the model sees it."""
        issued = self.meta.issue_date
        lines = [f"[{self.key}] 《{self.meta.title}》{self.clause.label}（{self.meta.region}，{cn_date(issued)}印发）"]
        if self.clause.table:
            lines.append(f"表格：{self.clause.table}")
        text = self.clause.text
        lines.append(text if len(text) <= MAX_CLAUSE_CHARS else text[:MAX_CLAUSE_CHARS] + "……")
        if self.clause.departments:
            lines.append(f"责任单位：{'、'.join(self.clause.departments)}")
        return "\n".join(lines)


def select_sources(ctx: AnswerContext, base: Answer) -> list[Source]:
    """The extractive answer's clauses first, then the other top hits, up to MAX_SOURCES."""
    ids = [c.clause_id for c in base.citations]
    ids += [h.clause_id for h in ctx.result.hits if h.clause_id not in ids]
    clauses = [ctx.kb.clause(clause_id) for clause_id in ids[:MAX_SOURCES]]
    return [Source(f"C{i}", clause, ctx.kb.meta(clause)) for i, clause in enumerate(clauses, 1)]


def cited_keys(text: str) -> list[str]:
    """The keys cited in a text, in order of first citation, without repeats."""
    keys: list[str] = []
    for mark in _MARK.findall(text):
        keys += [f"C{n}" for n in _KEY.findall(mark) if f"C{n}" not in keys]
    return keys


def validate(text: str, sources: list[Source], question: str = "") -> list[Source]:
    """The sources a model answer cites, in citation order; raises LLMError when it must not be shown.

    Every cited key must be one supplied and at least one must be cited. Every amount, range,
    percentage, deadline and count must occur in a cited clause or its label, title or issue
    date; other numbers (ages, years) may also come from the question.
    """
    body = _MARK.sub("", text).strip()
    if not body:
        raise LLMError("大模型没有给出回答。")
    keys = cited_keys(text)
    if not keys:
        raise LLMError("回答没有标注来源条款。")
    by_key = {s.key: s for s in sources}
    unknown = [k for k in keys if k not in by_key]
    if unknown:
        raise LLMError(f"回答引用了未提供的条款：{'、'.join(unknown)}。")
    if _STRAY_KEY.search(body):
        raise LLMError("回答中有格式不对的来源编号。")
    if len(body) > MAX_ANSWER_CHARS:
        raise LLMError(f"回答太长（{len(body)}字）。")
    cited = [by_key[k] for k in keys]
    evidence = [t for s in cited for t in s.evidence()]
    body = _spell_percentages(body)
    missing = unsupported_numbers(body, evidence)
    if missing:
        raise LLMError(f"回答中的数字{'、'.join(missing)}在所引条款中找不到。")
    allowed = {n for t in [*evidence, question] for n in numbers_in(t)}
    missing = [n for n in numbers_in(body) if n not in allowed]
    if missing:
        raise LLMError(f"回答中的数字{'、'.join(dict.fromkeys(missing))}在所引条款中找不到。")
    return cited


def readable(text: str, sources: list[Source]) -> str:
    """The answer with each run of [C#] markers replaced by 【《document》label；…】."""
    by_key = {s.key: s for s in sources}

    def replace(match: re.Match[str]) -> str:
        keys = dict.fromkeys(f"C{n}" for n in _KEY.findall(match.group()))
        return "【" + "；".join(by_key[k].reference for k in keys if k in by_key) + "】"

    return _MARK_RUN.sub(replace, text).strip()


def _spell_percentages(text: str) -> str:
    """百分之三十 → 30%, so spelled-out percentages are checked like written ones."""

    def replace(match: re.Match[str]) -> str:
        value = chinese_numeral_value(match.group(1))
        return match.group() if value is None else f"{value}%"

    return _PERCENT_WORDS.sub(replace, text)


class LLMAnswerer(Answerer):
    """Extractive retrieval and checks, wording by a chat model, the extractive answer as fallback."""

    name = "llm"

    def __init__(self, settings: Settings, chat_model: BaseChatModel | None = None, prompt: PromptFile | None = None) -> None:
        self.settings = settings
        self.extractive = ExtractiveAnswerer()
        self.prompt = prompt or get_prompt(settings.prompts_dir, PROMPT)
        self.template = self.prompt.template()
        self._chat_model = chat_model
        self._lock = threading.Lock()

    @property
    def chat_model(self) -> BaseChatModel:
        """The injected model, or an OpenAI-compatible client built from the settings on first use."""
        with self._lock:
            if self._chat_model is None:
                self._chat_model = _openai_chat_model(self.settings)
            return self._chat_model

    def warm(self) -> None:
        """The client built at start (importing langchain-openai takes a second or more on a busy machine)."""
        self.chat_model  # noqa: B018

    def answer(self, ctx: AnswerContext) -> Answer:
        """The model's validated answer, or the extractive one with a notice."""
        base, sources = self._plan(ctx)
        if not sources:
            return base
        deadline = time.monotonic() + self.settings.llm_deadline
        try:
            text = _LOOP.run(self.chat_model.ainvoke(self._messages(ctx, sources)), deadline).text
        except Exception as e:  # any backend failure; the extractive answer is always there
            return self._unavailable(base, e)
        return self._finish(ctx, base, sources, text)

    def stream(self, ctx: AnswerContext) -> Iterator[str | Answer]:
        """The model's text as it arrives, then the validated final Answer (possibly the fallback)."""
        base, sources = self._plan(ctx)
        if not sources:
            yield base.answer
            yield base
            return
        parts: list[str] = []
        deadline = time.monotonic() + self.settings.llm_deadline
        chunks = self.chat_model.astream(self._messages(ctx, sources))
        try:
            while (chunk := _LOOP.run(_next_or_none(chunks), deadline)) is not None:
                if piece := chunk.text:
                    parts.append(piece)
                    yield piece
        except Exception as e:  # as in answer(); what was streamed is replaced by the final answer
            yield self._unavailable(base, e)
            return
        finally:  # a reader that stops early: the connection is closed now, not when collected
            with contextlib.suppress(Exception):
                _LOOP.run(chunks.aclose(), time.monotonic() + 1.0)  # type: ignore[attr-defined]
        yield self._finish(ctx, base, sources, "".join(parts))

    # -- steps -----------------------------------------------------------------------------
    def _plan(self, ctx: AnswerContext) -> tuple[Answer, list[Source]]:
        """The extractive answer, and the sources for the model (none when the answer is final)."""
        base = self.extractive.answer(ctx)
        if not base.answered or ctx.clarify:
            return base, []
        return base, select_sources(ctx, base)

    def _messages(self, ctx: AnswerContext, sources: list[Source]) -> list[BaseMessage]:
        today = ctx.today
        return self.template.format_messages(
            context="\n\n".join(s.prompt_block() for s in sources),
            # Angle brackets would let a question close the <question> tag of the prompt.
            question=_question_text(ctx).replace("<", "＜").replace(">", "＞"),
            today=cn_date(today),
        )

    def _finish(self, ctx: AnswerContext, base: Answer, sources: list[Source], text: str) -> Answer:
        text = _THINKING.sub("", text).strip()
        try:
            cited = validate(text, sources, ctx.question.text)
        except LLMError as e:
            log.warning("LLM answer rejected (%s): %r", e, text[:500])
            return _fallback(base, INVALID_NOTICE)
        clauses = [s.clause for s in cited]
        return Answer(
            answer=readable(text, sources),
            answered=True,
            # The extractive answerer's own citation and notice builders, so both modes agree.
            citations=[self.extractive.citation(ctx, c) for c in clauses],
            confidence=base.confidence,
            searched_query=ctx.searched_query,
            notices=[GENERATED_NOTICE, *self.extractive.notices(ctx, clauses), *ctx.result.notices],
        )

    def _unavailable(self, base: Answer, error: Exception) -> Answer:
        log.warning("LLM unavailable, using the extractive answer: %s: %s", type(error).__name__, error)
        return _fallback(base, UNAVAILABLE_NOTICE)


class _BackgroundLoop:
    """One event loop in a daemon thread, started on first use, on which every model call runs.

    One loop for the process, so the HTTP clients (langchain-openai caches one per base URL) are
    only ever used from the loop they were created on.
    """

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock = threading.Lock()

    def _running(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                threading.Thread(target=loop.run_forever, name="llm-calls", daemon=True).start()
                self._loop = loop
            return self._loop

    def run(self, coro: Coroutine[Any, Any, T], deadline: float) -> T:
        """The coroutine's result; LLMError when it has not finished by `deadline` (time.monotonic())."""
        remaining = deadline - time.monotonic()
        future = asyncio.run_coroutine_threadsafe(asyncio.wait_for(coro, max(remaining, 0.0)), self._running())
        try:
            return future.result()
        except TimeoutError as e:  # wait_for has cancelled the call, which closed its connection
            raise LLMError("大模型服务未在时限内完成回答。") from e


_LOOP = _BackgroundLoop()


async def _next_or_none(chunks: AsyncIterator[T]) -> T | None:
    """The next item of an async iterator, or None at its end (StopAsyncIteration cannot cross a future)."""
    try:
        return await anext(chunks)
    except StopAsyncIteration:
        return None


def _fallback(base: Answer, notice: str) -> Answer:
    return base.model_copy(update={"notices": [notice, *base.notices]})


def _openai_chat_model(settings: Settings) -> BaseChatModel:
    """An OpenAI-compatible chat client; imported here so the offline default never loads it."""
    if not settings.llm_enabled:
        raise LLMError("未配置大模型服务：请设置 ASSISTANT_LLM_BASE_URL 和 ASSISTANT_LLM_MODEL。")
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        base_url=settings.llm_base_url,
        # Local OpenAI-compatible servers accept any key; an explicit one keeps OPENAI_API_KEY out of it.
        api_key=SecretStr(settings.llm_api_key or "not-needed"),
        model=str(settings.llm_model),
        timeout=settings.llm_timeout,
        max_retries=0,
        temperature=0,
    )


@register("llm")
def _factory(settings: Settings) -> Answerer:
    return LLMAnswerer(settings)


def _question_text(ctx: AnswerContext) -> str:
    """The question as asked, with the self-contained reading of a follow-up ("那B市呢？")."""
    if ctx.searched_query and ctx.searched_query != ctx.question.text:
        return f"{ctx.question.text}（结合上文，即：{ctx.searched_query}）"
    return ctx.question.text
