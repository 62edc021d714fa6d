"""The console's knowledge-base actions on a copy of knowledge/: upload through the `kb add` pipeline, remove.

The upload is `POST /api/admin/documents` (what the console's upload button sends); the removal the
console's own Python handler. The bundled knowledge folder is never written.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from webapp import TOKEN, Running, start

from assistant.assistant import Assistant
from assistant.errors import AccessDenied
from assistant.settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.server
DOC = Path(__file__).parent / "fixtures" / "docs" / "regulation.txt"
QUESTION = "曲靖市养老机构建设运营补助管理办法"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, seed_data: Callable[[Path], Path]) -> Iterator[Running]:
    root = tmp_path_factory.mktemp("console")
    shutil.copytree(PROJECT_ROOT / "knowledge", root / "knowledge")
    seed_data(root / "data")  # the same knowledge: its stored search index is loaded, not rebuilt
    settings = Settings(
        knowledge_dir=root / "knowledge", data_dir=root / "data", vector_enabled=False, reload_interval=0, admin_token=TOKEN
    )
    running = start(settings, Assistant.from_settings(settings))
    yield running
    running.stop()


def upload(served: Running, name: str, data: bytes, token: str = TOKEN) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"}
    return httpx.post(f"{served.url}/api/admin/documents", params={"filename": name}, content=data, headers=headers, timeout=60)


def test_upload_adds_through_the_kb_add_pipeline_and_remove_takes_it_out(served: Running) -> None:
    before = len(served.bot.kb.documents)
    assert upload(served, DOC.name, DOC.read_bytes(), token="wrong").status_code == 403
    added = upload(served, DOC.name, DOC.read_bytes())
    assert added.status_code == 200, added.text
    body = added.json()
    assert body["title"] == "曲靖市养老机构建设运营补助管理办法" and body["clauses"] > 10
    assert len(served.bot.kb.documents) == before + 1  # reloaded: answers come from it at once
    hits = httpx.get(f"{served.url}/api/search", params={"q": QUESTION, "k": 1}).json()
    assert hits[0]["doc_id"] == body["id"]
    again = upload(served, "copy.txt", DOC.read_bytes())
    assert again.status_code == 422
    assert again.json()["detail"][0]["msg"].startswith("文件 copy.txt 与已收录的文件")  # a duplicate, by content

    service = served.server.app.state.service
    with pytest.raises(AccessDenied):
        service.remove_document("wrong", "", body["id"])
    service.remove_document(TOKEN, "", body["id"])
    assert len(served.bot.kb.documents) == before
    hits = httpx.get(f"{served.url}/api/search", params={"q": QUESTION, "k": 3}).json()
    assert body["id"] not in {h["doc_id"] for h in hits}
    assert not (served.settings.knowledge_dir / "documents" / DOC.name).exists()


def test_the_console_uploads_and_removes_a_document(served: Running) -> None:
    from test_browser import ARGS, ARTIFACTS, CHROMIUM

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed")
    from playwright.sync_api import expect, sync_playwright

    before = len(served.bot.kb.documents)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(locale="zh-CN", viewport={"width": 1366, "height": 900})
        page.goto(served.url + "/admin")
        page.locator("#admin-token input").fill(TOKEN)
        page.locator("#admin-token input").press("Enter")
        page.get_by_role("tab", name="知识库").click()
        table = page.locator("#kb-table")
        table.locator("input[type=file]").set_input_files(str(DOC))
        table.get_by_role("button", name="上传并添加").click()
        expect(page.locator("#admin-status")).to_contain_text("已添加", timeout=30_000)
        row = table.locator("tbody tr", has_text="曲靖市养老机构建设运营补助管理办法")
        expect(row).to_contain_text("现行有效")
        assert len(served.bot.kb.documents) == before + 1
        page.screenshot(path=ARTIFACTS / "admin-upload.png", full_page=True)
        remove = row.get_by_role("button", name="删除")
        remove.click()
        expect(row.get_by_role("button", name="确认删除？")).to_be_visible()  # a second click confirms
        row.get_by_role("button", name="确认删除？").click()
        expect(table.locator("tbody tr", has_text="曲靖市养老机构建设运营补助管理办法")).to_have_count(0, timeout=30_000)
        assert len(served.bot.kb.documents) == before
        browser.close()


def test_upload_refuses_other_formats_and_an_empty_file(served: Running) -> None:
    wrong = upload(served, "a.exe", b"MZ")
    assert wrong.status_code == 422
    empty = upload(served, "empty.txt", b"")
    assert empty.status_code == 422
    assert "empty.txt" in empty.json()["detail"][0]["msg"]
