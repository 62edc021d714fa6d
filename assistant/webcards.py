"""The public page's answer card and conversation, as HTML and as the plain text a user copies.

A card reads top to bottom: what a follow-up was understood as, the notices that change the
meaning, the `lead` (the figure or the yes/no first), the short citation (《short title》label),
then the quote, collapsed, with the answer's own figures marked (never the issue date).
Every piece of text is escaped (`esc`, `mark`); 12345 becomes a tel: link after escaping.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.facts import AMOUNT, DEADLINE, PERCENT
from assistant.feedback import LOW_CONFIDENCE
from assistant.models import Answer
from assistant.text import cn_date
from assistant.webviews import esc, link

HOTLINE = "12345"
HOTLINE_NUMBER = re.compile(r"(?<!\d)12345(?!\d)")
WEAK = "这条回答依据不够充分，请核对原文，或拨打12345咨询。"
PENDING = '<div class="answer pending" role="status">正在查找相关条款…</div>'
# An answer's own figures: amounts, percentages, deadlines (a bare issue date is no figure of the answer).
FIGURE = re.compile("|".join(p.pattern for p in (AMOUNT, PERCENT, DEADLINE)))

Entry = dict[str, Any]  # {"role", "text", "html", "copy", "done"}: one turn of the page's conversation


def tel(escaped: str) -> str:
    """Escaped HTML with the hotline number as a tap-to-call link."""
    return HOTLINE_NUMBER.sub(f'<a class="tel" href="tel:{HOTLINE}">{HOTLINE}</a>', escaped)


def short_citation(answer: Answer, titles: dict[str, str]) -> list[str]:
    """《short title》label of each cited clause, in order."""
    return [f"《{titles.get(c.doc_id, c.doc_title)}》{c.label}" for c in answer.citations]


def lead_of(answer: Answer) -> str:
    """The answer's first line: its `lead`, or the whole answer when it has none."""
    return answer.lead or answer.answer


def quote_of(answer: Answer) -> str:
    """The answer after its lead (where it stands and the quoted clauses, verbatim); the cited clauses' text when
    the answer is all lead (a language model's wording)."""
    lead = answer.lead
    rest = answer.answer[len(lead) :].strip() if lead and answer.answer.startswith(lead) else ""
    return rest or "\n".join(c.text for c in answer.citations)


def mark_figures(text: str, lead: str) -> str:
    """Escaped text with the figures that the lead states in <mark class="fact">; other figures stay plain."""
    wanted = {m.group() for m in FIGURE.finditer(lead)}
    out, pos = [], 0
    for m in FIGURE.finditer(text):
        if any(w in m.group() or m.group() in w for w in wanted):
            out += [esc(text[pos : m.start()]), f'<mark class="fact">{esc(m.group())}</mark>']
            pos = m.end()
    return "".join(out) + esc(text[pos:])


def plain_answer(answer: Answer, titles: dict[str, str]) -> str:
    """What the copy button gives: the lead, the quote, and each citation with its date, as plain text."""
    lines = [lead_of(answer)]
    quote = quote_of(answer)
    if quote:
        lines.append(quote)
    for cited, citation in zip(short_citation(answer, titles), answer.citations):
        lines.append(f"出处：{cited}（{cn_date(citation.issue_date)}印发）")
    return "\n".join([*lines, "以正式文件为准。"])


def render_answer(answer: Answer, titles: dict[str, str] | None = None, understood: str = "") -> str:
    """An answer card: understood-as line, notices, lead, short citations, the collapsible quote and links."""
    titles = titles or {}
    notices = list(answer.notices)
    if answer.answered and answer.confidence < LOW_CONFIDENCE:
        notices.append(WEAK)
    lead = lead_of(answer)
    parts = ['<div class="answer">']
    if understood:
        parts.append(f'<p class="understood">理解为：{esc(understood)}</p>')
    parts += [f'<div class="notice" role="note">{tel(esc(n))}</div>' for n in notices]
    parts.append(f'<p class="lead">{tel(mark_figures(lead, lead))}</p>')
    if answer.citations:
        dated = [
            f'<span class="cite">{esc(s)}<span class="date">（{cn_date(c.issue_date)}印发）</span></span>'
            for s, c in zip(short_citation(answer, titles), answer.citations)
        ]
        parts.append(f'<p class="cites">{"依据" if answer.answered else "最相关的条款"}：{"；".join(dated)}</p>')
    quote = quote_of(answer)
    if quote:
        links = "".join(
            link(c.clause_id, f"在文件中查看 {s} ›") for s, c in zip(short_citation(answer, titles), answer.citations)
        )
        opened = "" if answer.answered else " open"
        parts.append(
            f'<details class="quote"{opened}><summary>查看原文</summary>'
            f'<blockquote>{tel(mark_figures(quote, lead))}</blockquote><div class="links">{links}</div></details>'
        )
    parts.append(f'<p class="official">以正式文件为准。人工咨询请拨打 {tel(HOTLINE)}。</p></div>')
    return "".join(parts)


def render_user(question: str) -> str:
    """A user's question, shown as text."""
    return f'<div class="q">{esc(question)}</div>'


def render_conversation(entries: list[Entry]) -> str:
    """The whole conversation; each finished answer with copy, 有帮助/没帮助 and a comment box under it."""
    if not entries:
        return (
            '<div class="conv empty-conv"><p class="welcome">您好！请问养老、托育方面的政策问题，我会引用文件原文回答。</p></div>'
        )
    turns = []
    for i, entry in enumerate(entries):
        if entry["role"] == "user":
            turns.append(f'<section class="turn ask" aria-label="您的问题">{entry["html"]}</section>')
            continue
        tools = _tools(i, entry["copy"]) if entry.get("done") else ""
        turns.append(f'<section class="turn reply" data-index="{i}" aria-label="回答">{entry["html"]}{tools}</section>')
    return f'<div class="conv">{"".join(turns)}</div>'


def _tools(index: int, copy: str) -> str:
    return (
        f'<div class="tools" data-copy="{esc(copy)}">'
        '<button type="button" data-act="copy" aria-label="复制回答文字">复制</button>'
        '<button type="button" data-act="up" aria-pressed="false" aria-label="有帮助">有帮助</button>'
        '<button type="button" data-act="down" aria-pressed="false" aria-label="没帮助">没帮助</button>'
        f'<div class="comment-box" hidden><label for="comment-{index}">哪里不对或缺了什么？（可选）</label>'
        f'<textarea id="comment-{index}" rows="2" maxlength="500"></textarea>'
        '<button type="button" data-act="send">提交意见</button></div></div>'
    )
