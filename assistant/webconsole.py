"""The maintainer's console at "/admin": the gaps and the knowledge base, behind ASSISTANT_ADMIN_TOKEN.

Without a token configured the console is disabled. After sign-in the token is kept in a
`gr.State` (for the Python events) and in sessionStorage (for the upload, a `fetch` to
`POST /api/admin/documents`, which runs the same pipeline as `kb add`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import gradio as gr

from assistant.errors import AssistantError
from assistant.feedback import REASONS, Gap
from assistant.models import DocumentMeta
from assistant.webguards import client_of
from assistant.webpublic import INFO, PRIVATE, header
from assistant.webviews import esc, status_text

if TYPE_CHECKING:
    from assistant.web import Service

LOCAL = ZoneInfo("Asia/Shanghai")
DISABLED = '<div class="notice" role="alert">维护功能未启用：设置环境变量 ASSISTANT_ADMIN_TOKEN 并重启服务后可用。</div>'
REMEMBER_TOKEN = "(value) => { try { sessionStorage.setItem('adminToken', value || ''); } catch (e) {} return value; }"

# Buttons inside the two tables: resolve a gap (one click), remove a document (a second click confirms), upload.
CONSOLE_JS = """
element.addEventListener('click', async (e) => {
  const resolve = e.target.closest('button[data-resolve]');
  if (resolve) { trigger('click', {act: 'resolve', key: resolve.dataset.resolve}); return; }
  const remove = e.target.closest('button[data-remove]');
  if (remove) {
    if (remove.dataset.armed !== '1') { remove.dataset.armed = '1'; remove.textContent = '确认删除？'; return; }
    trigger('click', {act: 'remove', key: remove.dataset.remove}); return;
  }
  const upload = e.target.closest('button[data-upload]');
  if (!upload) return;
  const input = element.querySelector('input[type=file]'), out = element.querySelector('.upload-result');
  if (!input.files.length) { out.textContent = '请先选择文件。'; return; }
  const token = sessionStorage.getItem('adminToken') || '';
  const lines = [];
  for (const file of input.files) {
    out.textContent = `正在添加 ${file.name}…`;
    const response = await fetch(`/api/admin/documents?filename=${encodeURIComponent(file.name)}`,
      {method: 'POST', headers: {Authorization: `Bearer ${token}`}, body: file});
    const body = await response.json().catch(() => ({}));
    lines.push(response.ok ? `已添加 ${body.id}：《${body.title}》，${body.clauses} 条条款。`
      : `${file.name}：${typeof body.detail === 'string' ? body.detail : '添加失败。'}`);
  }
  out.textContent = lines.join(' ');
  input.value = '';
  trigger('click', {act: 'refresh', key: lines.join(' ')});  // the list is drawn anew: the result goes to the status line
});
"""


def local_time(stored: str) -> str:
    """A stored time (the server's local clock, no zone) as Asia/Shanghai time."""
    try:
        moment = datetime.fromisoformat(stored).astimezone(LOCAL)
    except ValueError:
        return stored
    return f"{moment:%Y-%m-%d %H:%M}"


def render_gaps(gaps: list[Gap], labels: dict[str, str]) -> str:
    """The gaps as a table: question, reasons, count, local time, the answer given with its clauses, comments, resolve."""
    if not gaps:
        return '<div class="empty">暂无待补充问题。</div>'
    rows = []
    for gap in gaps:
        reasons = "、".join(REASONS.get(r, r) for r in gap.reasons)
        clauses = "".join(
            f'<a class="link" href="/?clause={esc(quote(c, safe=""))}" target="_blank" rel="noopener">{esc(labels.get(c, c))}</a> '
            for c in gap.clauses
        )
        rows.append(
            f"<tr><td>{esc(gap.question)}</td><td>{esc(reasons)}</td><td>{gap.count}</td>"
            f"<td>{esc(local_time(gap.last_asked))}</td><td>{esc(gap.answer)}<div>{clauses}</div></td>"
            f"<td>{esc('；'.join(gap.comments))}</td>"
            f'<td><button type="button" data-resolve="{esc(gap.question)}">标记为已解决</button></td></tr>'
        )
    head = "".join(
        f"<th>{h}</th>" for h in ["问题", "原因", "次数", "最近提问（北京时间）", "当时的回答与条款", "用户意见", "操作"]
    )
    return f'<table class="grid"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def render_documents(metas: list[DocumentMeta], counts: dict[str, int], today: date, titles: dict[str, str]) -> str:
    """The knowledge base as a table with validity, clause counts and a remove button per document; the upload form."""
    rows = "".join(
        f"<tr><td>{esc(m.id)}</td><td>《{esc(m.title)}》</td><td>{esc(m.doc_number or '')}</td><td>{esc(m.region)}</td>"
        f"<td>{m.issue_date.isoformat()}</td><td>{esc(status_text(m, today, titles))}</td><td>{counts.get(m.id, 0)}</td>"
        f'<td><button type="button" data-remove="{esc(m.id)}">删除</button></td></tr>'
        for m in metas
    )
    head = "".join(f"<th>{h}</th>" for h in ["编号", "标题", "文号", "地区", "印发日期", "状态", "条款数", "操作"])
    upload = (
        '<div class="upload"><label>添加文件（.txt .md .html .docx .pdf，与 kb add 相同的处理） '
        '<input type="file" multiple accept=".txt,.md,.html,.htm,.docx,.pdf"></label>'
        '<button type="button" data-upload="1">上传并添加</button><p class="upload-result" role="status"></p></div>'
    )
    return f'{upload}<table class="grid"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def build_console(service: Service) -> gr.Blocks:
    """The console page: disabled without a token configured; otherwise sign-in, then gaps and knowledge base."""
    texts, settings = service.texts, service.settings
    with gr.Blocks(title=f"维护后台 · {texts.brand}", analytics_enabled=False) as page:
        gr.HTML(header(f"维护后台 · {texts.brand}", "待补充问题与知识库维护。", elder=False), js_on_load=None)
        if not settings.admin_token:
            gr.HTML(DISABLED, js_on_load=None)
            return page
        token = gr.State("")
        with gr.Row(elem_classes="login") as login:
            typed = gr.Textbox(label="维护口令", type="password", elem_id="admin-token", scale=3)
            enter = gr.Button("进入", variant="primary", scale=1, elem_id="admin-enter")
        status = gr.Markdown(elem_id="admin-status")
        with gr.Column(visible=False) as console, gr.Tabs():
            with gr.Tab("待补充问题"):
                with gr.Row(elem_classes="gap-bar"):
                    page_no = gr.Number(1, label="页码", precision=0, minimum=1, scale=1, min_width=80, elem_id="gap-page")
                    refresh = gr.Button("刷新", scale=1)
                    export = gr.Button("导出 CSV", scale=1)
                gaps = gr.HTML("", elem_id="gap-table", js_on_load=CONSOLE_JS)
                download = gr.File(label="CSV 文件", visible=False, elem_id="gap-file")
            with gr.Tab("知识库"):
                reload = gr.Button("重新载入知识库", elem_id="kb-reload")
                docs = gr.HTML("", elem_id="kb-table", js_on_load=CONSOLE_JS)

        def listing(token_: str, number: float | None, request: gr.Request | None = None) -> tuple[str, str, str]:
            size = settings.gaps_page_size
            try:
                rows, total = service.gaps_page(token_, client_of(request), max(1, int(number or 1)), size)
            except AssistantError as e:
                return f"**{esc(str(e))}**", "", ""
            pages = -(-total // size) or 1
            said = f"共 {total} 个待补充问题，第 {max(1, int(number or 1))} / {pages} 页。"
            return said, render_gaps(rows, _labels(service, rows)), _documents(service)

        def sign_in(value: str, request: gr.Request) -> tuple[Any, ...]:
            said, gap_html, doc_html = listing(value, 1, request)
            if not gap_html and not doc_html:
                return gr.skip(), said, gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return value, said, gr.Row(visible=False), gr.Column(visible=True), gap_html, doc_html

        def on_table(token_: str, number: float | None, evt: gr.EventData, request: gr.Request) -> tuple[str, str, str]:
            act, key = getattr(evt, "act", ""), str(getattr(evt, "key", "") or "")
            try:
                if act == "resolve":
                    service.resolve_gap(token_, client_of(request), key)
                elif act == "remove":
                    service.remove_document(token_, client_of(request), key)
                    gr.Info(f"已删除 {key}。", title=INFO)
            except AssistantError as e:
                return f"**{esc(str(e))}**", gr.skip(), gr.skip()
            said, gap_html, doc_html = listing(token_, number, request)
            return (esc(key[:500]) if act == "refresh" and key else said), gap_html, doc_html

        def reload_now(token_: str, request: gr.Request) -> str:
            try:
                done = service.reload(token_, client_of(request), force=True)
            except AssistantError as e:
                return f"**{esc(str(e))}**"
            return f"已重新载入：{done.documents} 个文件，版本 {done.knowledge_version}。"

        def export_csv(token_: str, request: gr.Request) -> tuple[str, Any]:
            try:
                path = service.export_gaps(token_, client_of(request))
            except AssistantError as e:
                return f"**{esc(str(e))}**", gr.File(visible=False)
            return "已生成 CSV 文件。", gr.File(value=str(path), visible=True)

        for event in (enter.click, typed.submit):
            event(sign_in, typed, [token, status, login, console, gaps, docs], js=REMEMBER_TOKEN, **PRIVATE)
        for event in (refresh.click, page_no.submit):
            event(listing, [token, page_no], [status, gaps, docs], **PRIVATE)
        for table in (gaps, docs):
            table.click(on_table, [token, page_no], [status, gaps, docs], **PRIVATE)
        reload.click(reload_now, token, status, **PRIVATE)
        export.click(export_csv, token, [status, download], **PRIVATE)
    return page


def _labels(service: Service, gaps: list[Gap]) -> dict[str, str]:
    """《short title》label of each clause the gaps' answers cited (a clause since removed keeps its id)."""
    kb, titles = service.bot.kb, service.titles
    return {c: f"《{titles[kb.clauses[c].doc_id]}》{kb.clauses[c].label}" for g in gaps for c in g.clauses if c in kb.clauses}


def _documents(service: Service) -> str:
    kb = service.bot.kb
    counts = {d.meta.id: len(d.clauses) for d in kb.documents}
    return render_documents([d.meta for d in kb.documents], counts, service.today, service.titles)
