"""Government portal pages whose 信息公开 table (索引号 / 发布机构 / 成文日期 / 文号 …) says what the text does not.

Both pages are written here in the layouts county portals use: the metadata table above the
article, share widgets and a footer around it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from assistant.catalog import Catalog, Overrides
from assistant.settings import Settings
from assistant.sources import read_source

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_永平县人民政府门户网站</title></head>
<body><div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li></ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; 政务公开</div>
{meta}
<div class="article"><h1>{title}</h1>
<div class="article-meta"><span>发布时间：{posted} 09:30</span><span>来源：永平县人民政府办公室</span></div>
<div class="content">{body}</div>
<div class="share">分享到：微信 微博</div></div>
<div class="footer">主办单位：永平县人民政府办公室 滇ICP备00000000号</div></body></html>"""

TABLE = """<table class="xxgk-meta"><tbody>
<tr><td class="lab">索&nbsp;引&nbsp;号</td><td>11532928MB0000000X/2025-00031</td><td class="lab">信息分类</td><td>{kind}</td></tr>
<tr><td class="lab">发布机构</td><td>{issuer}</td><td class="lab">成文日期</td><td>{written}</td></tr>
<tr><td class="lab">文&nbsp;&nbsp;&nbsp;&nbsp;号</td><td>{number}</td><td class="lab">发布日期</td><td>{posted}</td></tr>
</tbody></table>"""

NOTICE_BODY = """<p>各乡（镇）人民政府，县直各部门：</p>
<p>为做好高龄津贴发放工作，现将有关事项通知如下。</p>
<p>一、发放对象。本县户籍80周岁及以上老年人。</p>
<p>二、发放标准。每人每月100元，按月发放至本人社会保障卡。</p>
<p>永平县民政局</p><p>2025年3月5日</p>"""

QA_BODY = """<p>近日，永平县民政局印发了高龄津贴发放通知。现就有关内容解读如下。</p>
<p>一、问：哪些老年人可以领取高龄津贴？</p><p>答：本县户籍80周岁及以上老年人。</p>
<p>二、问：标准是多少？</p><p>答：每人每月100元，按月发放至本人社会保障卡。</p>"""


def page(tmp_path: Path, name: str, title: str, body: str, meta: str) -> Path:
    path = tmp_path / name
    path.write_text(PAGE.format(title=title, body=body, meta=meta, posted="2025-03-12"), encoding="utf-8")
    return path


def test_the_table_is_read_as_hints_and_kept_out_of_the_text(tmp_path: Path) -> None:
    meta = TABLE.format(
        kind="通知", issuer="永平县人民政府办公室", written="2025年03月05日", number="永民发〔2025〕8号", posted="2025-03-12"
    )
    source = read_source(page(tmp_path, "notice.html", "永平县民政局关于做好高龄津贴发放工作的通知", NOTICE_BODY, meta))
    assert (source.issuer_hint, source.date_hint, source.doc_number_hint) == (
        "永平县人民政府办公室",
        date(2025, 3, 5),
        "永民发〔2025〕8号",
    )
    assert "发布机构" not in source.text and "索引号" not in source.text and "11532928" not in source.text


def test_a_notice_keeps_its_own_signature_and_takes_the_number_from_the_table(tmp_path: Path, settings: Settings) -> None:
    """The 落款 (永平县民政局, 3月5日) wins over the portal's 发布机构 and 发布日期; the 文号 only the table prints."""
    meta = TABLE.format(kind="通知", issuer="永平县人民政府办公室", written="", number="永民发〔2025〕8号", posted="2025-03-12")
    path = page(tmp_path, "notice.html", "永平县民政局关于做好高龄津贴发放工作的通知", NOTICE_BODY, meta)
    prepared = Catalog(settings).prepare(path, Overrides())
    found = prepared.meta
    assert prepared.inferred.from_page == ["doc_number"]
    assert (found.issuer, found.issue_date, found.doc_number, found.region) == (
        "永平县民政局",
        date(2025, 3, 5),
        "永民发〔2025〕8号",
        "永平县",
    )


def test_an_interpretation_page_takes_issuer_and_date_from_the_table(tmp_path: Path, settings: Settings) -> None:
    """A 政策解读 has no 落款: 发布机构 is its issuer, 成文日期 its date (not the later 发布日期); its text is all clauses."""
    meta = TABLE.format(kind="政策解读", issuer="永平县民政局", written="2025-03-10", number="", posted="2025-03-12")
    path = page(tmp_path, "qa.html", "《关于做好高龄津贴发放工作的通知》政策解读", QA_BODY, meta)
    prepared = Catalog(settings).prepare(path, Overrides())
    found = prepared.meta
    assert prepared.inferred.from_page == ["issuer", "issue_date"]
    assert found.display_title == "关于做好高龄津贴发放工作的通知政策解读（2025）"  # not 《《…》政策解读》
    assert (found.title, found.issuer, found.issue_date, found.doc_number, found.region, found.level) == (
        "《关于做好高龄津贴发放工作的通知》政策解读",
        "永平县民政局",
        date(2025, 3, 10),
        None,
        "永平县",
        "county",
    )
    assert prepared.parse.coverage.share >= 0.98


def test_a_closing_note_naming_the_interpreting_bodies_wins_over_the_table(tmp_path: Path, settings: Settings) -> None:
    meta = TABLE.format(kind="政策解读", issuer="永平县人民政府办公室", written="", number="", posted="2025-03-12")
    body = QA_BODY + "<p>（解读机关：永平县民政局　永平县财政局）</p>"
    found = Catalog(settings).prepare(page(tmp_path, "qa.html", "高龄津贴政策解读", body, meta), Overrides()).meta
    assert (found.issuer, found.issue_date) == ("永平县民政局、永平县财政局", date(2025, 3, 12))
