"""The three pages in Debian's chromium (Playwright), at desktop 1366×900 and phone 390×844.

Public page: ask, follow-up, clear, copy (read from the clipboard), feedback, 长辈模式; the desk by
keyboard; the console with and without a token; axe-core on each page; /docs with the network
blocked; markup typed into every field. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_web import CAREGIVER, INJECTION
from webapp import TOKEN, Running, start  # the server is conftest's web_app, shared with test_web

from assistant.feedback import FeedbackStore

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"
DIALOGS: list[str] = []
DESKTOP, PHONE = (1366, 900), (390, 844)
KM_PLAN = "《昆明市养老托育整体解决方案（2022）》"
# No background traffic: every host name except the local server fails to resolve.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--no-first-run",
    "--metrics-recording-only",
    "--disable-domain-reliability",
    "--dns-prefetch-disable",
    "--no-pings",
    "--disable-features=Translate,OptimizationHints,MediaRouter",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1, EXCLUDE localhost",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} not installed (make browser: apt-get install chromium)"),
]

if Path(CHROMIUM).exists():
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Browser, Page, expect, sync_playwright


@pytest.fixture(scope="module")
def url(web_app: Running) -> str:
    return web_app.url + "/"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


def open_page(browser: Browser, url: str, size: tuple[int, int] = DESKTOP, scale: int = 1) -> Page:
    context = browser.new_context(
        viewport={"width": size[0], "height": size[1]},
        locale="zh-CN",
        device_scale_factor=scale,
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = context.new_page()
    page.on("dialog", lambda dialog: DIALOGS.append(dialog.message))  # alert() from injected markup
    page.goto(url)
    return page


def ask(page: Page, question: str) -> None:
    box = page.locator("#ask-q textarea, #ask-q input").first
    box.fill(question)
    box.press("Enter")


def last_answer(page: Page) -> object:
    reply = page.locator("#chat section.turn.reply").last
    expect(reply.locator(".tools")).to_be_attached()  # finished: the tools come with the final answer only
    return reply


def test_ask_follow_up_copy_feedback_and_clear_on_a_desktop(browser: Browser, url: str, web_app: Running) -> None:
    page = open_page(browser, url)
    ask(page, CAREGIVER)
    reply = page.locator("#chat section.turn.reply").last
    expect(reply.locator(".lead")).to_have_text("有，每人每月50至150元。")
    expect(reply.locator(".cites")).to_have_text(f"依据：{KM_PLAN}三、（八）19（2022年11月29日印发）")
    quote = reply.locator("details.quote")
    expect(quote).not_to_have_attribute("open", "")  # collapsed until asked for
    quote.locator("summary").click()
    expect(quote.locator("mark.fact")).to_have_text(["每人每月50至150元"])  # the answer's figure, not the issue date
    top = reply.evaluate("el => el.getBoundingClientRect().top")
    assert 0 <= top < DESKTOP[1] / 2  # the new answer starts in view, near the top

    reply.get_by_role("button", name="复制回答文字").click()
    expect(reply.get_by_role("button", name="复制回答文字")).to_have_text("已复制")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.splitlines() == [
        "有，每人每月50至150元。",
        f"依据{KM_PLAN}三、（八）19：“对取得养老护理职业资格证书，在民办养老机构从事养老护理工作的人员，"
        "按照不同等级分别给予每人每月50至150元的护理补助。”",
        f"出处：{KM_PLAN}三、（八）19（2022年11月29日印发）",
        "以正式文件为准。",
    ]

    reply.get_by_role("button", name="没帮助").click()
    comment = reply.locator(".comment-box textarea")  # the box opens under the answer it rates
    expect(comment).to_be_visible()
    comment.fill("想知道怎么申请")
    reply.get_by_role("button", name="提交意见").click()
    expect(comment).to_be_hidden()
    expect(page.get_by_text("已收到您的意见").first).to_be_visible(timeout=15_000)  # a toast, late on a loaded machine
    store = FeedbackStore(web_app.settings.data_dir / "feedback.sqlite3")
    assert "想知道怎么申请" in next(g for g in store.gaps() if g.question == CAREGIVER).comments

    ask(page, "那玉溪呢")
    follow = page.locator("#chat section.turn.reply").nth(1)
    expect(follow.locator(".understood")).to_have_text("理解为：玉溪 私立养老院的护工有没有补贴")
    page.screenshot(path=ARTIFACTS / "desktop-ask.png", full_page=True)

    page.get_by_role("button", name="清空对话").click()
    expect(page.locator("#chat section.turn")).to_have_count(0)
    ask(page, "那玉溪呢")  # no earlier turn any more: nothing to resolve it against
    expect(page.locator("#chat section.turn")).to_have_count(2)
    expect(page.locator("#chat .tools")).to_have_count(1)
    expect(page.locator("#chat .understood")).to_have_count(0)
    page.context.close()


def test_phone_page_large_text_touch_targets_and_no_nested_scroll(browser: Browser, url: str) -> None:
    page = open_page(browser, url, PHONE, scale=2)
    ask(page, CAREGIVER)
    reply = page.locator("#chat section.turn.reply").last
    expect(reply.locator(".tools")).to_be_attached()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    expect(page.get_by_role("tab", name="待补充问题")).to_have_count(0)  # no staff tools on the public page
    expect(reply.locator("a.tel").first).to_have_attribute("href", "tel:12345")
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('.lead, .q, .official-note, .examples button, .cites, .welcome')]
             .map((el) => parseFloat(getComputedStyle(el).fontSize))"""
    )
    assert sizes and min(sizes) >= 16
    targets = ["#chat .tools button", ".examples button", "#ask-send", "#clear", "#elder-toggle", "details.quote summary"]
    heights = page.evaluate(
        "(sel) => sel.flatMap((s) => [...document.querySelectorAll(s)].filter((el) => el.checkVisibility()).map((el) => [s, el.getBoundingClientRect().height]))",
        targets,
    )
    assert {s for s, _ in heights} == set(targets)
    assert [(s, h) for s, h in heights if h < 44] == []
    chat = page.locator("#chat")
    assert chat.evaluate("el => el.scrollHeight <= el.clientHeight + 1")  # grows with the page, no scroll box inside
    page.screenshot(path=ARTIFACTS / "phone-ask.png", full_page=True)

    lead_size = reply.locator(".lead").evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    page.get_by_role("button", name="长辈模式（大字）").click()
    expect(page.locator("html")).to_have_class("elder")
    page.reload()
    expect(page.locator("html")).to_have_class("elder")  # remembered
    expect(page.locator("#elder-toggle")).to_have_attribute("aria-pressed", "true")
    ask(page, CAREGIVER)
    bigger = page.locator("#chat .lead").last.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert bigger >= lead_size * 1.25
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    page.screenshot(path=ARTIFACTS / "phone-elder.png", full_page=True)
    page.context.close()


def test_desk_by_keyboard(browser: Browser, web_app: Running) -> None:
    page = open_page(browser, web_app.url + "/desk")
    box = page.locator("#desk-q textarea")
    box.press_sequentially("护理补助", delay=40)
    first = page.locator("#desk-results button.hit").first
    expect(first).to_contain_text("三、（八）19")
    expect(first.locator(".snippet")).to_contain_text("按照不同等级分别给予每人每月50至150元的护理补助")  # the answering sentence
    box.press("Enter")  # Enter picks the first result
    expect(page.locator("#desk-detail h2")).to_contain_text("三、（八）19 完善就业薪酬激励政策")
    expect(page.locator("#desk-reply")).to_have_text(f"每人每月50至150元（{KM_PLAN}三、（八）19）")
    exact = (
        f"{KM_PLAN}三、（八）19：“对取得养老护理职业资格证书，在民办养老机构从事养老护理工作的人员，"
        "按照不同等级分别给予每人每月50至150元的护理补助。”"
    )
    expect(page.locator("#desk-clause")).to_have_text(exact)
    page.get_by_role("button", name="复制条款原文").click()
    assert page.evaluate("navigator.clipboard.readText()") == exact
    page.screenshot(path=ARTIFACTS / "desk.png", full_page=True)
    box.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = page.locator("#desk-results button.hit").nth(1)
    expect(second).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(first).to_be_focused()
    page.keyboard.press("ArrowUp")  # from the first result back to the box
    expect(box).to_be_focused()
    box.press("ArrowDown")
    page.keyboard.press("Escape")
    expect(box).to_be_focused()
    box.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(second).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#desk-detail h2")).not_to_contain_text("三、（八）19")
    page.context.close()


def test_desk_on_a_phone_scrolls_the_reply_into_view(browser: Browser, web_app: Running) -> None:
    page = open_page(browser, web_app.url + "/desk", PHONE, scale=2)
    page.locator("#desk-q textarea").press_sequentially("护理补助", delay=20)
    page.locator("#desk-results button.hit").nth(2).click()
    expect(page.locator("#desk-reply")).not_to_be_empty()
    expect(page.locator("#desk-answer")).to_be_in_viewport()
    page.get_by_role("button", name="长辈模式（大字）").click()  # the agent's large text, too
    expect(page.locator("html")).to_have_class("elder")
    page.screenshot(path=ARTIFACTS / "phone-desk.png")
    page.context.close()


def test_console_with_the_token_shows_gaps_in_local_time_and_resolves_in_one_click(browser: Browser, web_app: Running) -> None:
    import httpx

    for question in ("北京的养老补贴", "玉溪私立养老院的护工有没有补贴"):  # declined; declined with the nearest clause
        assert httpx.post(web_app.url + "/api/ask", json={"question": question}).status_code == 200
    store = FeedbackStore(web_app.settings.data_dir / "feedback.sqlite3")
    store.add_comment(store.record_feedback("托育补贴发多久", "每月发放。", -1), "没说发几年")
    page = open_page(browser, web_app.url + "/admin")
    token = page.locator("#admin-token input")
    token.fill("wrong")
    token.press("Enter")
    expect(page.locator("#admin-status")).to_contain_text("维护口令不正确")
    expect(page.locator("#gap-table")).to_be_hidden()
    token.fill(TOKEN)
    token.press("Enter")
    row = page.locator("#gap-table tr", has_text="北京的养老补贴")
    expect(row).to_contain_text("未能回答")
    expect(row).to_contain_text("没有北京市的相关规定")  # the answer that was given
    nearest = page.locator("#gap-table tr", has_text="玉溪私立养老院的护工有没有补贴").get_by_role("link")
    expect(nearest).to_have_text("《云南省养老服务三年行动方案（2024—2026年）》二、（五）13")
    expect(nearest).to_have_attribute("href", "/?clause=yn-2024-action%3A%E4%BA%8C.%E4%BA%94.13")
    rated = page.locator("#gap-table tr", has_text="托育补贴发多久")  # a 👎 shows the answer it rated and the comment
    expect(rated).to_contain_text("每月发放。")
    expect(rated).to_contain_text("没说发几年")
    expect(row.locator("td").nth(3)).to_have_text(__import__("re").compile(r"^20\d\d-\d\d-\d\d \d\d:\d\d$"))
    page.screenshot(path=ARTIFACTS / "admin-gaps.png", full_page=True)
    row.get_by_role("button", name="标记为已解决").click()
    expect(page.locator("#gap-table")).not_to_contain_text("北京的养老补贴")
    page.get_by_role("tab", name="知识库").click()
    expect(page.locator("#kb-table tbody tr")).to_have_count(len(web_app.bot.kb.documents))
    expect(page.locator("#kb-table")).to_contain_text("现行有效")
    page.screenshot(path=ARTIFACTS / "admin-kb.png", full_page=True)
    page.context.close()


def test_protected_pages_without_a_token_are_disabled(browser: Browser, web_app: Running) -> None:
    closed = web_app.settings.model_copy(update={"admin_token": None, "desk_protected": True, "desk_token": None})
    running = start(closed, web_app.bot)
    try:
        page = open_page(browser, running.url + "/admin")
        expect(page.get_by_role("alert")).to_contain_text("维护功能未启用")
        expect(page.locator("#admin-token")).to_have_count(0)
        page.goto(running.url + "/desk")
        expect(page.get_by_role("alert")).to_contain_text("ASSISTANT_DESK_TOKEN")
        expect(page.locator("#desk-q")).to_have_count(0)
        page.screenshot(path=ARTIFACTS / "admin-disabled.png")
        page.context.close()
    finally:
        running.stop()


def test_a_protected_desk_opens_with_its_token_only(browser: Browser, web_app: Running) -> None:
    guarded = web_app.settings.model_copy(update={"desk_protected": True, "desk_token": "d35k"})
    running = start(guarded, web_app.bot)
    try:
        page = open_page(browser, running.url + "/desk")
        expect(page.locator("#desk-q")).to_be_hidden()
        token = page.locator("#desk-token input")
        token.fill(TOKEN)  # the admin token is not the desk's
        token.press("Enter")
        expect(page.locator("#desk-status")).to_contain_text("坐席口令不正确")
        token.fill("d35k")
        token.press("Enter")
        page.locator("#desk-q textarea").fill("护理补助")
        expect(page.locator("#desk-results button.hit").first).to_contain_text("三、（八）19")
        page.context.close()
    finally:
        running.stop()


# One size a page (the phone where the page differs most); the other sizes were measured by hand (README).
@pytest.mark.parametrize(("path", "size"), [("/", PHONE), ("/desk", DESKTOP), ("/admin", PHONE)])
def test_no_serious_or_critical_accessibility_violations(
    browser: Browser, web_app: Running, path: str, size: tuple[int, int]
) -> None:
    page = open_page(browser, web_app.url + path, size)
    if path == "/":  # with an answer card on it
        ask(page, CAREGIVER)
        expect(page.locator("#chat .tools")).to_have_count(1)
    elif path == "/desk":  # with results and the two lines
        page.locator("#desk-q textarea").fill("护理补助")
        page.locator("#desk-results button.hit").first.click()
        expect(page.locator("#desk-reply")).not_to_be_empty()
    else:  # signed in, the gaps listed
        page.locator("#admin-token input").fill(TOKEN)
        page.locator("#admin-token input").press("Enter")
        expect(page.locator("#gap-table table, #gap-table .empty")).to_have_count(1)
    violations = Axe().run(page).response["violations"]
    serious = [(v["id"], [n["target"] for n in v["nodes"]][:5]) for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == []
    page.context.close()


def test_docs_load_with_the_network_blocked(browser: Browser, web_app: Running) -> None:
    context = browser.new_context()
    outside: list[str] = []

    def only_local(route: object) -> None:
        request_url = route.request.url  # type: ignore[attr-defined]
        if request_url.startswith(web_app.url):
            route.continue_()  # type: ignore[attr-defined]
        else:
            outside.append(request_url)
            route.abort()  # type: ignore[attr-defined]

    context.route("**/*", only_local)
    page = context.new_page()
    page.goto(web_app.url + "/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("API")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    assert outside == []
    context.close()


def test_clause_link_opens_the_document_browser_with_its_status_and_search(browser: Browser, url: str) -> None:
    page = open_page(browser, url + "?clause=km-2022-plan:三.八.19")
    focus = page.locator("#doc-tree .leaf.focus")
    expect(focus).to_contain_text("三、（八）19")
    expect(focus).to_be_in_viewport()
    expect(page.locator("#doc-tree .doc-head .status")).to_have_text("现行有效")
    page.locator("#doc-tree input.find").fill("护理补助")
    expect(page.locator("#doc-tree .found")).to_have_text("找到 1 条")
    expect(page.locator("#doc-tree details.leaf:visible")).to_have_count(1)
    page.get_by_role("button", name="全部收起").click()
    expect(page.locator("#doc-tree details.leaf[open]")).to_have_count(0)
    page.screenshot(path=ARTIFACTS / "documents.png")
    page.context.close()


def test_markup_typed_into_every_field_is_shown_as_text(browser: Browser, web_app: Running) -> None:
    page = open_page(browser, web_app.url + "/")
    ask(page, INJECTION)
    expect(page.locator("#chat .q").last).to_have_text(INJECTION)
    reply = last_answer(page)
    reply.get_by_role("button", name="没帮助").click()  # type: ignore[attr-defined]
    reply.locator(".comment-box textarea").fill(INJECTION)  # type: ignore[attr-defined]
    reply.get_by_role("button", name="提交意见").click()  # type: ignore[attr-defined]
    page.get_by_role("tab", name="文件浏览").click()
    page.locator("#doc-tree input.find").fill(INJECTION)
    expect(page.locator("#doc-tree .found")).to_have_text("找到 0 条")
    assert page.locator("img[src=x]").count() == 0
    page.goto(web_app.url + "/desk")
    page.locator("#desk-q textarea").fill(INJECTION)
    expect(page.locator("#desk-results")).not_to_contain_text(DESK_HINT_WORDS)
    assert page.locator("img[src=x]").count() == 0
    page.goto(web_app.url + "/admin")
    page.locator("#admin-token input").fill(TOKEN)
    page.locator("#admin-token input").press("Enter")
    expect(page.locator("#gap-table")).to_contain_text(INJECTION)  # the question and the comment, as text
    assert page.locator("img[src=x]").count() == 0
    assert DIALOGS == []
    page.context.close()


DESK_HINT_WORDS = "输入关键词即可查找条款"
