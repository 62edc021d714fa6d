"""The page's chat under a rate limit, in Debian's chromium: a warning, the question kept in the box."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_browser import CHROMIUM, ask, browser, open_page  # noqa: F401 (browser is a fixture)
from test_web import CAREGIVER
from webapp import Running, start

from assistant.assistant import Assistant
from assistant.settings import Settings

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} not installed (make browser: apt-get install chromium)"),
]

if Path(CHROMIUM).exists():
    from playwright.sync_api import Browser, expect


@pytest.fixture(scope="module")
def limited(settings: Settings) -> Iterator[Running]:
    served = settings.model_copy(update={"reload_interval": 0, "vector_enabled": False, "rate_ask_per_minute": 1})
    running = start(served, Assistant.from_settings(served))
    yield running
    running.stop()


def test_a_question_beyond_the_limit_is_kept_with_a_warning(browser: Browser, limited: Running) -> None:  # noqa: F811
    page = open_page(browser, limited.url + "/")
    ask(page, CAREGIVER)
    expect(page.locator("#chat .answer .lead").last).to_contain_text("50至150元")
    ask(page, "托育机构补贴")
    expect(page.get_by_text("请求过于频繁").first).to_be_visible()
    expect(page.locator("#ask-q textarea, #ask-q input").first).to_have_value("托育机构补贴")
    expect(page.locator("#chat .answer")).to_have_count(1)
    page.context.close()
