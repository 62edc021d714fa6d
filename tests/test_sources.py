"""Document files of every supported format into parser-ready text: encodings, article extraction, tables, PDF re-wrapping.

Every fixture is generated here: text in several encodings, three government web pages (the
HTML measurement in assistant/sources/html.py was made on them), a Word file and PDFs drawn with
reportlab's STSong-Light CID font.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from assistant.assistant import Assistant
from assistant.errors import KnowledgeError
from assistant.metadata import infer, load_words
from assistant.sources import SUPPORTED_SUFFIXES, SourceError, decode_text, read_source
from assistant.sources.numbering import chinese_numeral

POLICY_LINES = [
    "云南省人民政府办公厅关于促进养老托育服务健康发展的实施意见",
    "各州、市人民政府，省直各委、办、厅、局：",
    "一、加强政策支持",
    "（一）加强科学规划布局。将养老托育纳入国民经济和社会发展规划统筹推进。",
    "1.每千人口拥有3岁以下婴幼儿托位数达到4.5个。",
]


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def error_of(path: Path, **kwargs: int) -> str:
    with pytest.raises(SourceError) as info:
        read_source(path, **kwargs)
    return str(info.value)


# --- plain text: encodings -------------------------------------------------------------------


def test_gbk_text_decodes_as_gb18030(tmp_path: Path) -> None:
    path = write(tmp_path, "意见.txt", "\r\n".join(POLICY_LINES).encode("gbk"))
    source = read_source(path)
    assert source.text == "\n".join(POLICY_LINES)
    assert (source.format, source.encoding) == ("text", "gb18030")


def test_short_gbk_text_is_not_taken_for_korean() -> None:
    # charset-normalizer ranks cp949 first for these four characters; both score a chaos of 0.
    assert decode_text("养老托育".encode("gbk"), "短.txt") == ("养老托育", "gb18030")


def test_utf8_bom_is_stripped_and_newlines_become_lf(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.txt", "\ufeff一、总体要求\r（一）主要目标。\r\n\r\n（二）基本原则。\n".encode())
    source = read_source(path)
    assert source.text == "一、总体要求\n（一）主要目标。\n\n（二）基本原则。\n"
    assert source.encoding == "utf-8-sig"


# --- plain text: verbatim, so the parser's spans are offsets into the decoded file ------------


def test_utf8_text_with_blank_lines_and_indentation_comes_back_identical(tmp_path: Path) -> None:
    text = "一、总体要求  \n\n\u3000\u3000到2025年，覆盖率达到60%。\t\n\n\n    （一）主要目标。\xa0\n\n"
    source = read_source(write(tmp_path, "plain.txt", text))
    assert (source.text, source.format, source.encoding) == (text, "text", "utf-8")


def test_tab_separated_table_line_in_text_keeps_its_tabs(tmp_path: Path) -> None:
    # A table pasted from Word or Excel: the parser rebuilds the rows from the TABs, empty cells included.
    text = "附件1\n序号\t分类\t指标\t2025年\n1\t养老\t护理型床位占比（%）\t55\n2\t\t养老机构数（个）\t\n"
    source = read_source(write(tmp_path, "指标.txt", text.replace("\n", "\r\n").encode("gbk")))
    assert source.text == text
    assert source.text.split("\n")[3] == "2\t\t养老机构数（个）\t"
    assert source.encoding == "gb18030"


def test_text_offsets_match_the_file_read_with_universal_newlines(tmp_path: Path) -> None:
    path = write(tmp_path, "spans.txt", "一、总体要求\r\n\r\n\u3000\u3000（一）主要目标。\r二、重点任务\n".encode())
    text = read_source(path).text
    assert text == path.read_text(encoding="utf-8")
    start = text.index("（一）")
    assert text[start : start + 9] == "（一）主要目标。\n"


def test_markdown_still_drops_blank_lines_indentation_and_tabs(tmp_path: Path) -> None:
    source = read_source(write(tmp_path, "plain.md", "一、总体要求  \n\n\u3000\u3000到2025年，覆盖率\t达到60%。\t\n"))
    assert source.text == "一、总体要求\n到2025年，覆盖率 达到60%。"


def test_gb18030_rare_characters(tmp_path: Path) -> None:
    text = "申请人：刘䶮\n地址：𠀾村\n补贴标准：每人每月100元。"
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")  # the characters are outside GBK: only GB18030 (four-byte codes) has them
    source = read_source(write(tmp_path, "rare.txt", text.encode("gb18030")))
    assert (source.text, source.encoding) == (text, "gb18030")


def test_undecodable_bytes_raise(tmp_path: Path) -> None:
    path = write(tmp_path, "garbage.txt", bytes(range(0x80, 0x100)) * 4)
    message = error_of(path)
    assert "garbage.txt" in message and "无法识别文件编码" in message


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "是空的"),
        ("blank.md", b" \r\n\t \n", "是空的"),
        ("ideographic.txt", "\u3000\u3000\n".encode(), "是空的"),
        ("nbsp.txt", "\xa0\t\xa0\r\n".encode(), "是空的"),
        ("nul.txt", "一、总体要求\x00".encode(), "二进制内容"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "二进制内容"),
        ("notzip.docx", "一、总体要求".encode(), "不是有效的 Word（.docx）文件"),
        ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "旧版 .doc"),
        ("fake.pdf", b"<html>not a pdf</html>", "不是有效的 PDF 文件"),
    ],
)
def test_bad_files_raise_with_the_file_name(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    message = error_of(write(tmp_path, name, data))
    assert name in message and reason in message


def test_oversize_file_raises(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", "养老" * 1000)
    message = error_of(path, max_bytes=2_000_000 // 1000)
    assert message.startswith("文件 big.txt 超过大小上限 0.002 MB")


def test_missing_file_and_unsupported_suffix(tmp_path: Path) -> None:
    assert error_of(tmp_path / "nowhere.txt") == "文件 nowhere.txt 不存在。"
    message = error_of(write(tmp_path, "plan.doc", b"x"))
    assert message == f"文件 plan.doc 的格式不受支持，支持的格式：{'、'.join(SUPPORTED_SUFFIXES)}。"
    assert ".docx" in message and ".pdf" in message


def test_source_error_is_a_knowledge_error() -> None:
    assert issubclass(SourceError, KnowledgeError)


# --- Markdown --------------------------------------------------------------------------------


def test_markdown_markup_is_stripped_and_pipe_tables_become_tab_rows(tmp_path: Path) -> None:
    markdown = """# 昆明市托育服务补助办法

## 一、补助对象

- 经备案的**普惠托育机构**；
* 用人单位举办的托育点。

1. 新增托位补助。
一、二 不是标题的句子也保留。

| 补助项目 | 标准 |
| :--- | ---: |
| 新增托位 | 每个*1万元* |
| 运营 | 每人每年1200元 |

> 详见[附件](fujian.docx)。

---
"""
    source = read_source(write(tmp_path, "办法.md", markdown))
    assert source.format == "markdown"
    assert source.text.split("\n") == [
        "昆明市托育服务补助办法",
        "一、补助对象",
        "经备案的普惠托育机构；",
        "用人单位举办的托育点。",
        "1. 新增托位补助。",
        "一、二 不是标题的句子也保留。",
        "补助项目\t标准",
        "新增托位\t每个1万元",
        "运营\t每人每年1200元",
        "详见附件。",
    ]


# --- HTML ------------------------------------------------------------------------------------


# A provincial portal: div layout, breadcrumb, share widget, print/close links, view counter, related links.
PROVINCE_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>云南省民政厅关于加强居家社区养老服务的通知_政府文件_云南省人民政府门户网站</title>
<meta name="SiteName" content="云南省人民政府门户网站">
<meta name="ArticleTitle" content="云南省民政厅关于加强居家社区养老服务的通知">
<meta name="PubDate" content="2024-03-15 10:20">
<link rel="stylesheet" href="/css/common.css">
<link rel="canonical" href="https://www.example.gov.cn/zwgk/zcwj/202403/t20240315_1.html">
<script>var _hmt = _hmt || []; document.write("统计代码");</script>
<style>.nav li { float: left; }</style>
</head>
<body>
<div class="top-bar"><span>欢迎访问云南省人民政府门户网站</span> <a href="#">无障碍浏览</a> <a href="#">长者模式</a> <a href="#">English</a></div>
<div class="header">
  <div class="logo"><img src="/images/logo.png" alt="云南省人民政府"></div>
  <div class="search"><input type="text" placeholder="请输入关键词"><button>搜索</button></div>
</div>
<div class="nav"><ul>
  <li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li>
  <li><a href="/hdjl/">互动交流</a></li><li><a href="/zjyn/">走进云南</a></li>
</ul></div>
<div class="main w1200">
  <div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/zcwj/">政府文件</a></div>
  <div class="article">
    <h1 class="article-title">云南省民政厅关于加强居家社区养老服务的通知</h1>
    <div class="article-info"><span>来源：云南省民政厅</span> <span>发布时间：2024-03-15 10:20</span>
      <span class="font-size">字号：<a>大</a> <a>中</a> <a>小</a></span></div>
    <div class="bdsharebuttonbox"><span>分享到：</span><a class="bds_weixin" title="分享到微信">微信</a>
      <a class="bds_tsina" title="分享到新浪微博">微博</a><a class="bds_qzone">QQ空间</a></div>
    <div class="article-content" id="zoom">
      <div class="TRS_Editor">
        <p>各州、市民政局：</p>
        <p>　　为加快发展居家社区养老服务，满足老年人就近就便养老需求，现就有关事项通知如下。</p>
        <p><strong>一、总体要求</strong></p>
        <p>　　到2025年，全省街道综合养老服务中心覆盖率达到60%以上，社区养老服务设施覆盖率达到90%以上。</p>
        <p><strong>二、重点任务</strong></p>
        <p>　　（一）完善服务设施。新建住宅小区按每百户不少于20平方米配建养老服务用房，老旧小区通过购置、置换、租赁等方式补足。</p>
        <p>　　1.推进家庭养老床位建设，为失能、半失能老年人提供上门照护服务。</p>
        <p>　　2.发展老年助餐服务，优先保障高龄、独居、失能老年人用餐需求。</p>
        <p>　　（二）落实补贴政策。各地按下表标准发放建设和运营补贴：</p>
        <table border="1" cellspacing="0" cellpadding="0" width="90%">
          <tbody>
            <tr><td><p>补贴类别</p></td><td><p>补贴对象</p></td><td><p>补贴标准</p></td></tr>
            <tr><td rowspan="2"><p>运营补贴</p></td><td><p>街道综合养老服务中心</p></td><td><p>每个每年5万元</p></td></tr>
            <tr><td><p>社区养老服务站</p></td><td><p>每个每年2万元</p></td></tr>
            <tr><td><p>建设补贴</p></td><td><p>家庭养老床位</p></td><td><p>每张3000元</p></td></tr>
          </tbody>
        </table>
        <p><strong>三、保障措施</strong></p>
        <p>　　各地要将居家社区养老服务纳入民生实事项目，统筹使用福利彩票公益金，加强资金保障。</p>
        <p style="text-align: right">云南省民政厅</p>
        <p style="text-align: right">2024年3月15日</p>
      </div>
    </div>
    <div class="article-tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
    <div class="views">浏览次数：<span id="count">1024</span></div>
    <div class="related-links"><h3>相关链接</h3><ul>
      <li><a href="/1.html">云南省人民政府办公厅关于促进养老托育服务健康发展的实施意见</a></li>
      <li><a href="/2.html">云南省民政厅关于印发云南省养老服务体系建设规划的通知</a></li>
    </ul></div>
  </div>
</div>
<div class="footer">
  <p>主办：云南省人民政府办公厅　承办：云南省人民政府信息中心</p>
  <p>网站标识码：5300000000　滇ICP备05000000号　滇公网安备 53010202000000号</p>
  <p>联系电话：0871-60000000　建议使用1920×1080分辨率浏览</p>
</div>
</body>
</html>
"""

PROVINCE_BODY = [
    "各州、市民政局：",
    "为加快发展居家社区养老服务，满足老年人就近就便养老需求，现就有关事项通知如下。",
    "一、总体要求",
    "到2025年，全省街道综合养老服务中心覆盖率达到60%以上，社区养老服务设施覆盖率达到90%以上。",
    "二、重点任务",
    "（一）完善服务设施。新建住宅小区按每百户不少于20平方米配建养老服务用房，老旧小区通过购置、置换、租赁等方式补足。",
    "1.推进家庭养老床位建设，为失能、半失能老年人提供上门照护服务。",
    "2.发展老年助餐服务，优先保障高龄、独居、失能老年人用餐需求。",
    "（二）落实补贴政策。各地按下表标准发放建设和运营补贴：",
    "补贴类别\t补贴对象\t补贴标准",
    "运营补贴\t街道综合养老服务中心\t每个每年5万元",
    "运营补贴\t社区养老服务站\t每个每年2万元",
    "建设补贴\t家庭养老床位\t每张3000元",
    "三、保障措施",
    "各地要将居家社区养老服务纳入民生实事项目，统筹使用福利彩票公益金，加强资金保障。",
    "云南省民政厅",
    "2024年3月15日",
]

PROVINCE_BOILERPLATE = [
    "欢迎访问",
    "无障碍浏览",
    "长者模式",
    "搜索",
    "首页",
    "政务服务",
    "互动交流",
    "走进云南",
    "当前位置",
    "来源：",
    "发布时间",
    "字号",
    "分享到",
    "微信",
    "微博",
    "QQ空间",
    "打印本页",
    "关闭窗口",
    "浏览次数",
    "相关链接",
    "促进养老托育服务健康发展的实施意见",
    "养老服务体系建设规划",
    "主办：",
    "ICP备",
    "公网安备",
    "网站标识码",
    "联系电话",
    "统计代码",
]

# A city site with the table layout of older content-management systems, served as GB2312.
CITY_PAGE = """<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>昆明市托育服务补助实施办法</title>
<meta property="og:url" content="https://www.example.gov.cn/c/2023-05-10/123.shtml">
</head>
<body topmargin="0">
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" class="top">
  <tr><td><img src="/images/banner.jpg" alt="昆明市人民政府"></td></tr>
  <tr><td class="menu"><a href="/">网站首页</a> | <a href="/zwgk/">政务公开</a> | <a href="/bsfw/">办事服务</a> | <a href="/gzcy/">公众参与</a> | <a href="/zjkm/">走进昆明</a></td></tr>
</table>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
  <tr>
    <td width="240" valign="top" class="left">
      <table width="100%"><tr><td class="lm_title">信息公开目录</td></tr>
        <tr><td><a href="#">机构职能</a></td></tr><tr><td><a href="#">政策文件</a></td></tr><tr><td><a href="#">规划计划</a></td></tr></table>
    </td>
    <td valign="top">
      <table width="100%"><tr><td class="crumb">您现在的位置：<a href="/">首页</a> &gt;&gt; <a href="/zwgk/">政务公开</a> &gt;&gt; 政策文件</td></tr></table>
      <table width="100%" border="0" cellspacing="0" cellpadding="0">
        <tr><td class="bt" align="center"><font size="5"><b>昆明市托育服务补助实施办法</b></font></td></tr>
        <tr><td class="sj" align="center">发布日期：2023-05-10　　信息来源：市卫生健康委　　【<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a> <a href="javascript:doZoom(12)">小</a>】</td></tr>
        <tr><td class="nr" id="zoom">
          <p>第一条　为支持普惠托育服务发展，减轻家庭养育负担，制定本办法。</p>
          <p>第二条　本办法适用于在本市备案的托育机构。</p>
          <p>一、补助对象<br>经卫生健康部门备案、提供全日托或半日托服务的普惠托育机构。<br>（一）新增托位补助。每新增一个普惠托位，一次性补助1万元。<br>（二）运营补助。按实际收托3岁以下婴幼儿人数给予补助。</p>
          <p>二、补助标准</p>
          <table border="1" cellspacing="0" cellpadding="2" width="600" class="MsoTableGrid">
            <tr><td colspan="2" align="center">补助项目</td><td>标准</td></tr>
            <tr><td>建设类</td><td>新增普惠托位</td><td>每个托位1万元</td></tr>
            <tr><td>运营类</td><td>收托婴幼儿</td><td>每人每年1200元</td></tr>
          </table>
          <p>三、资金申请<br>托育机构于每年3月底前向所在县（市、区）卫生健康部门提出申请。</p>
          <p>附件：昆明市托育服务补助申请表</p>
        </td></tr>
        <tr><td align="right" class="dy"><a href="javascript:window.print()">【打印】</a> <a href="javascript:window.close()">【关闭】</a></td></tr>
      </table>
      <table width="100%"><tr><td class="xgxx">相关信息：</td></tr>
        <tr><td><a href="#">昆明市促进养老托育服务体系发展整体解决方案政策解读</a></td></tr></table>
    </td>
  </tr>
</table>
<table width="1000" align="center" class="bottom">
  <tr><td align="center">版权所有：昆明市人民政府办公室　地址：昆明市呈贡新区锦绣大街1号</td></tr>
  <tr><td align="center">滇ICP备12000000号-1　网站标识码：5301000000</td></tr>
</table>
</body>
</html>
"""

CITY_BODY = [
    "第一条　为支持普惠托育服务发展，减轻家庭养育负担，制定本办法。",
    "第二条　本办法适用于在本市备案的托育机构。",
    "一、补助对象",
    "经卫生健康部门备案、提供全日托或半日托服务的普惠托育机构。",
    "（一）新增托位补助。每新增一个普惠托位，一次性补助1万元。",
    "（二）运营补助。按实际收托3岁以下婴幼儿人数给予补助。",
    "二、补助标准",
    "补助项目\t补助项目\t标准",
    "建设类\t新增普惠托位\t每个托位1万元",
    "运营类\t收托婴幼儿\t每人每年1200元",
    "三、资金申请",
    "托育机构于每年3月底前向所在县（市、区）卫生健康部门提出申请。",
    "附件：昆明市托育服务补助申请表",
]

CITY_BOILERPLATE = [
    "网站首页",
    "政务公开",
    "办事服务",
    "公众参与",
    "走进昆明",
    "信息公开目录",
    "机构职能",
    "规划计划",
    "您现在的位置",
    "发布日期",
    "信息来源",
    "【打印】",
    "【关闭】",
    "相关信息",
    "政策解读",
    "版权所有",
    "ICP备",
    "网站标识码",
]

# A department site with HTML5 sectioning, headings as <h2>/<h3> and a table with a two-row header.
DEPARTMENT_PAGE = """<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>关于做好3岁以下婴幼儿照护服务工作的通知 - 云南省卫生健康委员会</title>
<meta property="og:title" content="关于做好3岁以下婴幼儿照护服务工作的通知">
<meta property="og:url" content="https://www.example.gov.cn/wjw/tzgg/2023/0601/42.html">
</head>
<body>
<header class="site-header">
  <div class="brand">云南省卫生健康委员会</div>
  <nav class="main-nav"><a href="/">首页</a><a href="/jggk/">机构概况</a><a href="/xwzx/">新闻中心</a><a href="/zwgk/">政务公开</a><a href="/bsfw/">办事服务</a></nav>
</header>
<div class="crumbs"><a href="/">首页</a> » <a href="/zwgk/">政务公开</a> » <a href="/zwgk/tzgg/">通知公告</a></div>
<main class="container">
  <article class="detail">
    <h1>关于做好3岁以下婴幼儿照护服务工作的通知</h1>
    <div class="meta"><span>发布日期：2023-06-01</span><span>信息来源：人口家庭处</span><span>阅读次数：356</span></div>
    <div class="content">
      <p>各州、市卫生健康委：</p>
      <p>为贯彻落实国家关于促进3岁以下婴幼儿照护服务发展的部署，现将有关工作通知如下。</p>
      <h2>一、明确工作目标</h2>
      <p>到2025年，每千人口拥有3岁以下婴幼儿托位数达到4.5个，普惠托位占比达到60%。</p>
      <h3>（一）扩大普惠托育服务供给</h3>
      <p>支持用人单位在工作场所为职工提供福利性托育服务，鼓励幼儿园开设托班。</p>
      <ol>
        <li>1. 社区嵌入式托育点每个托位一次性补助1万元。</li>
        <li>2. 用人单位办托按收托人数给予运营补助。</li>
      </ol>
      <h3>（二）加强托育机构管理</h3>
      <p>各地要按下表开展托育机构质量评估：</p>
      <table class="data">
        <thead>
          <tr><th rowspan="2">评估项目</th><th colspan="2">评估频次</th></tr>
          <tr><th>新备案机构</th><th>已运营机构</th></tr>
        </thead>
        <tbody>
          <tr><td>安全管理</td><td>每季度</td><td>每半年</td></tr>
          <tr><td>卫生保健</td><td colspan="2">每年一次</td></tr>
        </tbody>
      </table>
      <h2>二、加强组织保障</h2>
      <p>各级卫生健康部门要会同有关部门建立工作协调机制，确保各项任务落实到位。</p>
      <p>附件：托育机构质量评估表</p>
    </div>
    <div class="share-box">分享到：<a>微信</a> <a>微博</a> <a>QQ</a></div>
    <div class="prev-next"><p>上一篇：关于开展2023年托育机构质量评估工作的通知</p><p>下一篇：关于公布第二批普惠托育机构名单的通知</p></div>
  </article>
  <aside class="sidebar"><h3>热点专题</h3><ul><li><a>优化生育政策促进人口长期均衡发展</a></li><li><a>云南省积极应对人口老龄化工作专栏</a></li></ul></aside>
</main>
<footer><p>版权所有：云南省卫生健康委员会　地址：昆明市西山区云南省卫生健康委员会大楼</p><p>滇ICP备08000000号</p></footer>
</body>
</html>
"""

DEPARTMENT_BODY = [
    "各州、市卫生健康委：",
    "为贯彻落实国家关于促进3岁以下婴幼儿照护服务发展的部署，现将有关工作通知如下。",
    "一、明确工作目标",
    "到2025年，每千人口拥有3岁以下婴幼儿托位数达到4.5个，普惠托位占比达到60%。",
    "（一）扩大普惠托育服务供给",
    "支持用人单位在工作场所为职工提供福利性托育服务，鼓励幼儿园开设托班。",
    "1. 社区嵌入式托育点每个托位一次性补助1万元。",
    "2. 用人单位办托按收托人数给予运营补助。",
    "（二）加强托育机构管理",
    "各地要按下表开展托育机构质量评估：",
    "评估项目\t评估频次\t评估频次",
    "评估项目\t新备案机构\t已运营机构",
    "安全管理\t每季度\t每半年",
    "卫生保健\t每年一次\t每年一次",
    "二、加强组织保障",
    "各级卫生健康部门要会同有关部门建立工作协调机制，确保各项任务落实到位。",
    "附件：托育机构质量评估表",
]

DEPARTMENT_BOILERPLATE = [
    "机构概况",
    "新闻中心",
    "办事服务",
    "通知公告",
    "发布日期",
    "信息来源",
    "阅读次数",
    "分享到",
    "微信",
    "微博",
    "上一篇",
    "下一篇",
    "热点专题",
    "人口长期均衡发展",
    "老龄化工作专栏",
    "版权所有",
    "ICP备",
]

PAGES = {
    "province": (PROVINCE_PAGE, PROVINCE_BODY, PROVINCE_BOILERPLATE),
    "city": (CITY_PAGE, CITY_BODY, CITY_BOILERPLATE),
    "department": (DEPARTMENT_PAGE, DEPARTMENT_BODY, DEPARTMENT_BOILERPLATE),
}


@pytest.mark.parametrize("page", PAGES)
def test_html_article_without_site_furniture(tmp_path: Path, page: str) -> None:
    html, body, boilerplate = PAGES[page]
    encoding = "gb2312" if page == "city" else "utf-8"  # the city page declares <meta charset=gb2312>
    source = read_source(write(tmp_path, f"{page}.html", html.encode(encoding)))
    lines = source.text.split("\n")
    assert lines == body
    assert [line for line in lines if any(marker in line for marker in boilerplate)] == []
    assert source.format == "html"


def test_html_metadata_and_encoding(tmp_path: Path) -> None:
    province = read_source(write(tmp_path, "p.htm", PROVINCE_PAGE.encode()))
    assert province.title_hint == "云南省民政厅关于加强居家社区养老服务的通知"  # ArticleTitle, without the site suffix
    assert province.source_url == "https://www.example.gov.cn/zwgk/zcwj/202403/t20240315_1.html"
    assert province.encoding == "utf-8"
    city = read_source(write(tmp_path, "c.html", CITY_PAGE.encode("gb2312")))
    assert (city.title_hint, city.encoding) == ("昆明市托育服务补助实施办法", "gb18030")
    assert city.source_url == "https://www.example.gov.cn/c/2023-05-10/123.shtml"


def test_html_table_rows_are_tab_rows_with_spans_expanded(tmp_path: Path) -> None:
    lines = read_source(write(tmp_path, "p.html", PROVINCE_PAGE)).text.split("\n")
    start = lines.index("（二）落实补贴政策。各地按下表标准发放建设和运营补贴：") + 1
    assert lines[start : start + 4] == [
        "补贴类别\t补贴对象\t补贴标准",
        "运营补贴\t街道综合养老服务中心\t每个每年5万元",
        "运营补贴\t社区养老服务站\t每个每年2万元",
        "建设补贴\t家庭养老床位\t每张3000元",
    ]
    assert lines[start + 4] == "三、保障措施"
    assert [line for line in lines if "\t" in line] == lines[start : start + 4]


def test_html_br_lines_ordered_list_and_layout_table(tmp_path: Path) -> None:
    html = """<html><head><meta charset="utf-8"><title>某县通知</title></head><body>
<div class="top-nav"><a href="/">首页</a> <a href="/xw/">新闻</a></div>
<table width="100%"><tr>
  <td class="content"><div id="zoom">　　一、补贴对象<br>　　本县户籍80周岁以上老年人，每人每月发放高龄津贴100元。<br>
  <ol><li>本人申请；</li><li>乡镇审核。</li></ol>
  <p>二、其他<br>本通知自印发之日起施行。</p></div></td>
  <td class="side"><p><a href="/r.html">热点：托育补贴如何申领</a></p></td>
</tr></table></body></html>"""
    source = read_source(write(tmp_path, "county.html", html))
    assert source.text.split("\n") == [
        "一、补贴对象",
        "本县户籍80周岁以上老年人，每人每月发放高龄津贴100元。",
        "1.本人申请；",
        "2.乡镇审核。",
        "二、其他",
        "本通知自印发之日起施行。",
    ]
    assert source.title_hint == "某县通知" and source.source_url is None


# --- Word ------------------------------------------------------------------------------------


def test_docx_paragraphs_and_merged_table_in_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = "玉溪市一老一小整体解决方案"
    document.add_paragraph("一、主要指标")
    document.add_paragraph("")
    document.add_paragraph("到2025年，全市养老托育服务主要指标如下：")
    table = document.add_table(rows=4, cols=4)
    rows = [
        ["分类", "指标", "2025年", ""],
        ["养老", "护理型床位占比（%）", "55", "约束性"],
        ["", "养老机构数（个）", "120", "预期性"],
        ["托育", "每千人口托位数（个）", "4.5", "预期性"],
    ]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(0, 2).merge(table.cell(0, 3)).text = "2025年\n目标值"  # gridSpan
    table.cell(1, 0).merge(table.cell(2, 0)).text = "养老"  # vMerge
    document.add_paragraph("（一）加强组织领导。各地要建立工作机制。")
    buffer = io.BytesIO()
    document.save(buffer)
    source = read_source(write(tmp_path, "方案.docx", buffer.getvalue()))
    assert source.text.split("\n") == [
        "一、主要指标",
        "到2025年，全市养老托育服务主要指标如下：",
        "分类\t指标\t2025年 目标值\t2025年 目标值",
        "养老\t护理型床位占比（%）\t55\t约束性",
        "养老\t养老机构数（个）\t120\t预期性",
        "托育\t每千人口托位数（个）\t4.5\t预期性",
        "（一）加强组织领导。各地要建立工作机制。",
    ]
    assert (source.format, source.title_hint, source.encoding) == ("docx", "玉溪市一老一小整体解决方案", None)


def test_docx_automatic_list_numbers_are_read_as_word_shows_them(tmp_path: Path) -> None:
    # Word's "List Number" keeps the number out of the paragraph text; a plan's measures numbered that way
    # (here switched to Chinese counting, 一、) reach the parser with their numbers
    document = docx.Document()
    document.add_paragraph("具体措施如下：")
    for text in ("扩大社区服务供给。每个街道建成1个养老服务中心。", "发展普惠托育。全日托每托位每月200元。"):
        document.add_paragraph(text, style="List Number")
    document.add_paragraph("本措施自印发之日起施行。")
    numbering = document.part.numbering_part.element
    style_num = document.styles["List Number"].element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(style_num).abstractNumId.val
    definition = next(a for a in numbering.iterchildren(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == str(abstract))
    level = definition.find(qn("w:lvl"))
    level.find(qn("w:numFmt")).set(qn("w:val"), "chineseCounting")
    level.find(qn("w:lvlText")).set(qn("w:val"), "%1、")
    buffer = io.BytesIO()
    document.save(buffer)
    lines = read_source(write(tmp_path, "措施.docx", buffer.getvalue())).text.split("\n")
    assert lines == [
        "具体措施如下：",
        "一、扩大社区服务供给。每个街道建成1个养老服务中心。",
        "二、发展普惠托育。全日托每托位每月200元。",
        "本措施自印发之日起施行。",
    ]
    assert [chinese_numeral(n) for n in (1, 10, 11, 20, 23, 120)] == ["一", "十", "十一", "二十", "二十三", "120"]


# --- PDF -------------------------------------------------------------------------------------

PDF_PARAGRAPHS = [
    "云南省养老托育服务体系建设实施方案",
    "一、总体要求",
    "为贯彻落实积极应对人口老龄化国家战略，加快建设居家社区机构相协调、医养康养相结合的养老服务体系，满足老年人多层次多样化养老服务需求，结合本省实际，制定本方案。",
    "（一）主要目标。到2025年，全省养老机构护理型床位占比达到55%以上，街道综合养老服务中心覆盖率达到60%以上，每千名老年人拥有养老床位数达到30张。",
    "（二）基本原则。坚持政府引导、社会参与，坚持兜底保障、普惠发展，坚持城乡统筹、区域协调，推动养老托育服务高质量发展。",
    "二、重点任务",
    "1.完善兜底保障。对经济困难的失能、半失能老年人给予护理补贴，补贴标准为每人每月50元至150元，所需资金由省级和州（市）、县（市、区）财政按比例分担。",
    "2.发展普惠托育服务。支持社会力量举办普惠托育机构，每新增1个托位给予1万元补助，鼓励用人单位以单独或联合方式为职工提供托育服务。",
    "3.加强人才队伍建设。将养老护理员、育婴员纳入职业技能培训补贴范围，对取得职业技能等级证书的给予培训补贴，落实岗位津贴和入职补贴政策。",
    "4.推进医养结合。支持养老机构与医疗卫生机构签约合作，鼓励有条件的养老机构内设医务室、护理站，符合条件的按规定纳入基本医疗保险定点范围。",
    "三、保障措施",
    "（一）加强组织领导。各级政府要把养老托育服务体系建设纳入重要议事日程，建立健全工作推进机制，定期研究解决重大问题，确保各项任务落到实处。",
    "（二）强化资金保障。各级财政要加大投入力度，统筹用好中央预算内投资、地方政府专项债券和福利彩票公益金，引导社会资本参与养老托育服务。",
    "（三）加强督促检查。省发展改革委、省民政厅、省卫生健康委要会同有关部门加强跟踪督促，及时总结推广典型经验，重大情况及时向省人民政府报告。",
    "附件：云南省养老托育服务体系建设重点任务分工表",
]


@pytest.fixture(scope="module")
def song() -> str:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def policy_pdf(font: str, page_number: str) -> bytes:
    """The paragraphs set in 16 pt on A4 (two pages, one paragraph split across them), a running header and page numbers."""

    def furniture(pdf: canvas.Canvas, doc: SimpleDocTemplate) -> None:
        pdf.setFont(font, 10)
        pdf.drawString(72, A4[1] - 50, "云南省人民政府办公厅")
        pdf.drawCentredString(A4[0] / 2, 40, page_number.format(n=doc.page))

    style = ParagraphStyle("body", fontName=font, fontSize=16, leading=30, wordWrap="CJK", spaceAfter=8)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4)
    doc.build([Paragraph(text, style) for text in PDF_PARAGRAPHS], onFirstPage=furniture, onLaterPages=furniture)
    return buffer.getvalue()


@pytest.mark.parametrize("page_number", ["— {n} —", "- {n} -", "{n}", "第{n}页 共2页"])
def test_pdf_paragraphs_rejoined_and_page_furniture_removed(tmp_path: Path, song: str, page_number: str) -> None:
    data = policy_pdf(song, page_number)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    assert len(pages) == 2 and not pages[0].rstrip().endswith("。")  # a paragraph runs on to page 2
    source = read_source(write(tmp_path, "方案.pdf", data))
    assert source.text.split("\n") == PDF_PARAGRAPHS
    assert (source.format, source.encoding, source.title_hint) == ("pdf", None, None)


def test_pdf_without_text_layer_asks_for_another_format(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.rect(72, 72, 300, 400, fill=1)  # what a scan looks like to a text extractor: no text at all
    pdf.showPage()
    pdf.save()
    message = error_of(write(tmp_path, "扫描件.pdf", buffer.getvalue()))
    assert message == "文件 扫描件.pdf：该 PDF 没有文字层（可能是扫描件），暂不支持 OCR 识别，请提供文字版 PDF、Word 或网页。"


def test_pdf_with_a_password_is_refused(tmp_path: Path, song: str) -> None:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt="secret")
    pdf.setFont(song, 12)
    pdf.drawString(72, 700, "一、总体要求：到2025年，全省养老机构护理型床位占比达到55%以上。")
    pdf.showPage()
    pdf.save()
    assert error_of(write(tmp_path, "加密.pdf", buffer.getvalue())) == "文件 加密.pdf 是加密的 PDF，请提供未加密的文件。"


def test_a_table_row_ending_in_its_department_is_no_signature(bot: Assistant) -> None:
    """The 落款 is the body above the date, not the last rows of a target table (…\\t市民政局) before it."""
    text = (
        "永平县人民政府办公室关于印发永平县养老服务提升方案的通知\n一、总体要求。到2026年，养老服务能力明显提升。\n"
        "附件：年度目标表\n序号\t指标名称\t2025年目标\t责任单位\n1\t护理型床位占比\t58%\t县民政局\n"
        "2\t托位数\t300个\t县卫生健康局\n永平县人民政府办公室\n2025年4月8日\n"
    )
    words = load_words(bot.settings.knowledge_dir / "lexicon" / "documents.toml")
    assert infer(text, bot.lexicon.gazetteer, words).issuer == "永平县人民政府办公室"
