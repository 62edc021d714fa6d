"""A multi-page PDF plan as county portals publish them: a running header the PDF draws last, a sentence
wrapped across a page break, and ruled tables with cells wrapped inside their boxes and a 合计 row.

The PDF is drawn here with reportlab's STSong-Light CID font, line by line, so every page break
falls where the test says.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph
from reportlab.platypus import Table as PdfTable

from assistant.catalog import Catalog, Overrides
from assistant.settings import Settings
from assistant.sources import read_source

FONT = "STSong-Light"
HEADER = "永平县人民政府门户网站 · 政府信息公开"
NUMBER = "永政办发〔2025〕9号"
WIDTH = 28  # characters of a full line at 15 pt

# Each page's lines as the page shows them; a paragraph wraps at WIDTH characters.
PAGE_1 = [
    "永平县人民政府办公室文件",
    NUMBER,
    "永平县人民政府办公室关于印发永平县养老服务提升方案的通知",
    "各乡（镇）人民政府，县直各部门：",
    "《永平县养老服务提升方案》已经县人民政府同意，现印发给你们，请认真贯彻落实。",
    "永平县人民政府办公室",
    "2025年3月10日",
]
BODY = [
    "永平县养老服务提升方案",
    "一、重点任务",
    "1.发放高龄津贴。对80周岁及以上老年人按月发放高龄津贴，每人每月100元。（责任单位：县民政局、县财政局）",
    "2.建设区域养老服务中心。对新建成并通过验收的乡镇区域养老服务中心，给予每个一次性建设补助20万元。"
    "（责任单位：县民政局、县发展改革委、县财政局）",
    "二、保障措施",
    "县财政每年安排专项资金，分年度安排详见附件。",
]
TABLE_HEADER = ["序号", "指标名称", "2025年", "2026年", "责任单位"]
TABLE_ROWS = [
    ["1", "护理型床位占比", "55", "60", "县民政局"],
    ["2", "乡镇（街道）区域养老服务中心覆盖率", "50", "65", "县民政局、县财政局"],
    ["合计", "", "105", "125", ""],
]


def wrap(paragraph: str) -> list[str]:
    return [paragraph[i : i + WIDTH] for i in range(0, len(paragraph), WIDTH)]


def body_pages() -> tuple[list[str], list[str]]:
    """The plan's lines over two pages, item 2 broken after its （责任单位： so the departments open page 3."""
    lines = [line for paragraph in BODY for line in wrap(paragraph)]
    cut = next(i for i, line in enumerate(lines) if line.endswith("（责任单位：")) + 1
    return lines[:cut], lines[cut:]


@pytest.fixture(scope="module")
def plan_pdf() -> bytes:
    return draw_plan()


def draw_plan() -> bytes:
    """Three A4 pages: the notice, the plan's body, the rest of the body and the 附件 table."""
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    second, third = body_pages()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    top = A4[1] - 90
    for number, lines in enumerate([PAGE_1, second, third], 1):
        pdf.setFont(FONT, 15)
        for row, line in enumerate(lines):
            pdf.drawString(72, top - 26 * row, line)
        if number == 3:
            draw_table(pdf, top - 26 * len(lines) - 30)
        # Drawn after the page's text, as many portals stamp their PDFs: pypdf emits these last.
        pdf.setFont(FONT, 10)
        pdf.drawString(72, A4[1] - 40, HEADER)
        pdf.drawString(72, 50, NUMBER)
        pdf.drawCentredString(A4[0] / 2, 30, f"— {number} —")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def draw_table(pdf: canvas.Canvas, top: float) -> None:
    """附件 with a ruled table: 序号 wrapped in its narrow column, a long indicator wrapped in its cell, a 合计 row over two columns."""
    pdf.drawString(72, top, "附件")
    pdf.drawString(72, top - 26, "永平县养老服务年度目标表")
    style = ParagraphStyle("cell", fontName=FONT, fontSize=10, leading=12, wordWrap="CJK")
    cells = [[Paragraph(text, style) for text in row] for row in [TABLE_HEADER, *TABLE_ROWS]]
    table = PdfTable(cells, colWidths=[18, 140, 50, 50, 110])
    table.setStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("SPAN", (0, 3), (1, 3))])
    _, height = table.wrapOn(pdf, 400, 400)
    table.drawOn(pdf, 72, top - 40 - height)


def test_pypdf_alone_splits_the_cells_and_emits_the_header_last(plan_pdf: bytes) -> None:
    """What the reader has to mend: the fixture really has the layouts it is about."""
    pages = [
        [line.strip() for line in page.extract_text().split("\n") if line.strip()]
        for page in PdfReader(io.BytesIO(plan_pdf)).pages
    ]
    assert all(page[-3:] == [HEADER, NUMBER, f"— {n} —"] for n, page in enumerate(pages, 1))
    assert pages[1][-4].endswith("（责任单位：") and pages[2][0].startswith("县民政局")
    assert pages[2][5:7] == ["序", "号"] and pages[2][17:19] == ["乡镇（街道）区域养老服务", "中心覆盖率"]


def test_headers_peeled_sentence_rejoined_and_ruled_table_read_as_rows(tmp_path: Path, plan_pdf: bytes) -> None:
    path = tmp_path / "方案.pdf"
    path.write_bytes(plan_pdf)
    assert read_source(path).text.split("\n") == [
        *PAGE_1,
        *BODY,
        "附件",
        "永平县养老服务年度目标表",
        "序号\t指标名称\t2025年\t2026年\t责任单位",
        "1\t护理型床位占比\t55\t60\t县民政局",
        "2\t乡镇（街道）区域养老服务中心覆盖率\t50\t65\t县民政局、县财政局",
        "合计\t合计\t105\t125\t",
    ]


def test_the_plan_is_added_with_its_items_rows_and_metadata(tmp_path: Path, plan_pdf: bytes, settings: Settings) -> None:
    path = tmp_path / "方案.pdf"
    path.write_bytes(plan_pdf)
    prepared = Catalog(settings).prepare(path, Overrides())
    meta, result = prepared.meta, prepared.parse
    assert (meta.title, meta.issuer, str(meta.issue_date), meta.doc_number, meta.region) == (
        "永平县养老服务提升方案",
        "永平县人民政府办公室",
        "2025-03-10",
        NUMBER,
        "永平县",
    )
    clauses = {c.label: c for c in result.clauses}
    item = clauses["一、2"]
    assert item.text == "建设区域养老服务中心。对新建成并通过验收的乡镇区域养老服务中心，给予每个一次性建设补助20万元。"
    assert item.departments == ["县民政局", "县发展改革委", "县财政局"]
    rows = [c for c in result.clauses if c.kind in ("table_row", "table_total")]
    assert [c.text for c in rows] == [
        "序号1｜指标名称：护理型床位占比｜2025年：55｜2026年：60｜责任单位：县民政局",
        "序号2｜指标名称：乡镇（街道）区域养老服务中心覆盖率｜2025年：50｜2026年：65｜责任单位：县民政局、县财政局",
        "合计｜指标名称：合计｜2025年：105｜2026年：125",
    ]
    assert result.coverage.share >= 0.98


def test_a_date_line_under_a_wide_signature_stays_a_line_of_its_own(tmp_path: Path) -> None:
    # two issuers signed side by side fill the line: the date under them is not the end of their sentence
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    lines = [
        "永平县补贴发放工作的通知",
        "请各乡镇按要求做好补贴发放。",
        "永平县民政局　　　　永平县卫生健康委员会",
        "2025年6月10日",
    ]
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont(FONT, 15)
    for row, line in enumerate(lines):
        pdf.drawString(72, A4[1] - 90 - 26 * row, line)
    pdf.showPage()
    pdf.save()
    path = tmp_path / "通知.pdf"
    path.write_bytes(buffer.getvalue())
    text = read_source(path).text.split("\n")
    assert text[-1] == "2025年6月10日" and text[-2].startswith("永平县民政局")
