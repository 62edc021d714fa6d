"""The page in Debian's chromium (Playwright): chat with citation cards, the hotline desk, clause links, gaps.

Screenshots go to tests/artifacts/ (one per tab and a 390 px phone view of the chat).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_web import CAREGIVER, INJECTION
from webapp import TOKEN, Running  # the server is conftest's web_app, shared with test_web

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"
DIALOGS: list[str] = []
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


def open_page(browser: Browser, url: str, width: int = 1280, height: int = 900, scale: int = 1) -> Page:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN", device_scale_factor=scale)
    page = context.new_page()
    page.on("dialog", lambda dialog: DIALOGS.append(dialog.message))  # alert() from injected markup
    page.goto(url)
    return page


def ask(page: Page, question: str) -> None:
    box = page.locator("#ask-q textarea, #ask-q input").first
    box.fill(question)
    box.press("Enter")


def test_chat_answers_with_a_citation_card_and_links_to_the_clause(browser: Browser, url: str) -> None:
    page = open_page(browser, url)
    ask(page, CAREGIVER)
    card = page.locator("#chat details.card").first
    expect(card).to_contain_text("《昆明市促进养老托育服务体系发展整体解决方案》三、（八）19")
    expect(page.locator("#chat .answer .text").last).to_contain_text("50至150元")
    card.locator("summary").click()
    expect(card.locator("mark.fact").first).to_have_text("每人每月50至150元")
    page.screenshot(path=ARTIFACTS / "ask.png", full_page=True)
    with page.context.expect_page() as opened:
        card.get_by_role("link", name="在文件中查看").click()
    clause_page = opened.value
    expect(clause_page.locator("#doc-tree .leaf.focus")).to_contain_text("每人每月50至150元的护理补助")
    expect(clause_page.get_by_role("tab", name="文件浏览")).to_have_attribute("aria-selected", "true")
    page.context.close()


def test_markup_in_a_question_is_shown_as_text(browser: Browser, url: str) -> None:
    page = open_page(browser, url)
    ask(page, INJECTION)
    expect(page.locator("#chat .q").last).to_have_text(INJECTION)
    expect(page.locator("#chat .answer").last).not_to_have_class("answer pending")
    assert page.locator("#chat img[src=x]").count() == 0
    assert DIALOGS == []
    page.context.close()


def test_phone_layout_fits_390px(browser: Browser, url: str) -> None:
    page = open_page(browser, url, width=390, height=844, scale=2)
    ask(page, CAREGIVER)
    expect(page.locator("#chat details.card").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    expect(page.get_by_role("tab", name="待补充问题")).to_be_visible()  # all four tabs fit, none in a "more" menu
    page.screenshot(path=ARTIFACTS / "phone-ask.png")
    page.context.close()


def test_hotline_desk_finds_the_clause_from_the_keyboard(browser: Browser, url: str) -> None:
    page = open_page(browser, url)
    page.get_by_role("tab", name="热线坐席").click()
    box = page.locator("#desk-q input, #desk-q textarea").first
    box.press_sequentially("护理补助", delay=40)
    first = page.locator("#desk-results button.hit").first
    expect(first).to_contain_text("三、（八）19")
    expect(first.locator("mark.hit").first).to_be_visible()
    box.press("Enter")  # Enter picks the first result
    expect(page.locator("#desk-detail h3")).to_contain_text("三、（八）19 完善就业薪酬激励政策")
    expect(page.locator("#desk-reply textarea")).to_have_value(
        "每人每月50至150元（《昆明市养老托育整体解决方案（2022）》三、（八）19）"
    )
    expect(page.locator("#desk-related li").first).to_be_visible()
    page.screenshot(path=ARTIFACTS / "desk.png", full_page=True)
    box.press("ArrowDown")  # into the results, then the second one
    page.keyboard.press("ArrowDown")
    second = page.locator("#desk-results button.hit").nth(1)
    expect(second).to_be_focused()
    page.keyboard.press("Enter")
    expect(second).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#desk-detail h3")).not_to_contain_text("三、（八）19")
    page.context.close()


def test_clause_link_opens_the_documents_tab(browser: Browser, url: str) -> None:
    page = open_page(browser, url + "?clause=km-2022-plan:三.八.19")
    focus = page.locator("#doc-tree .leaf.focus")
    expect(focus).to_contain_text("三、（八）19")
    expect(focus).to_be_in_viewport()
    page.screenshot(path=ARTIFACTS / "documents.png")
    page.context.close()


def test_declined_and_disliked_questions_reach_the_gaps_tab_with_the_token(browser: Browser, url: str) -> None:
    page = open_page(browser, url)
    ask(page, "北京的养老补贴")
    expect(page.locator("#chat .answer .text").last).to_contain_text("没有北京市的相关规定")
    ask(page, "婴幼儿照护个税扣除标准是多少")
    expect(page.locator("#chat .answer .text").last).to_contain_text("1000元")
    page.get_by_role("button", name="踩").last.click()
    page.locator("#comment textarea, #comment input").first.fill("想知道怎么申报")
    page.locator("#comment-send").click()
    expect(page.locator("#comment")).to_be_hidden()
    page.get_by_role("tab", name="待补充问题").click()
    token = page.locator("#gap-token input")
    token.fill("wrong")
    token.press("Enter")
    expect(page.locator("#gap-status")).to_contain_text("口令不正确")
    token.fill(TOKEN)
    token.press("Enter")
    table = page.locator("#gap-table")
    expect(table).to_contain_text("北京的养老补贴")
    expect(table).to_contain_text("用户点踩")
    expect(table).to_contain_text("想知道怎么申报")
    page.get_by_role("button", name="导出 CSV").click()
    expect(page.locator("#gap-file")).to_contain_text(".csv")
    page.screenshot(path=ARTIFACTS / "gaps.png", full_page=True)
    page.locator("#gap-choice input").click()
    page.get_by_role("option", name="北京的养老补贴").click()
    page.get_by_role("button", name="标记为已解决").click()
    expect(table).not_to_contain_text("北京的养老补贴")
    expect(table).to_contain_text("想知道怎么申报")
    page.context.close()
