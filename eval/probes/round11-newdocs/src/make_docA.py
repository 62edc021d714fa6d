# -*- coding: utf-8 -*-
"""Build docA.pdf (text-layer PDF, reportlab + STSong-Light CID font) and text/docA.txt."""
import os, sys
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.enums import TA_CENTER, TA_RIGHT, TA_JUSTIFY, TA_LEFT
from reportlab.platypus import (BaseDocTemplate, PageTemplate, Frame, Paragraph, Spacer,
                                Table, TableStyle, HRFlowable, KeepTogether)
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import docA_content as C
from common import ROOT, write_text, cjk_count

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

W, H = A4
LM, RM, TM, BM = 28 * mm, 26 * mm, 30 * mm, 28 * mm

RED = colors.HexColor("#D40000")
S = {
    "redhead": ParagraphStyle("redhead", fontName=FONT, fontSize=24, leading=34, alignment=TA_CENTER, textColor=RED),
    "docno": ParagraphStyle("docno", fontName=FONT, fontSize=14, leading=22, alignment=TA_CENTER, spaceBefore=10, spaceAfter=4),
    "title": ParagraphStyle("title", fontName=FONT, fontSize=18, leading=28, alignment=TA_CENTER, spaceBefore=14, spaceAfter=14, wordWrap="CJK"),
    "doctitle": ParagraphStyle("doctitle", fontName=FONT, fontSize=18, leading=28, alignment=TA_CENTER, spaceBefore=22, spaceAfter=12, wordWrap="CJK"),
    "chapter": ParagraphStyle("chapter", fontName=FONT, fontSize=15, leading=26, alignment=TA_CENTER, spaceBefore=8, spaceAfter=6),
    "addressee": ParagraphStyle("addressee", fontName=FONT, fontSize=14, leading=25, alignment=TA_LEFT, wordWrap="CJK"),
    "p": ParagraphStyle("p", fontName=FONT, fontSize=14, leading=25, firstLineIndent=28, alignment=TA_JUSTIFY, wordWrap="CJK"),
    "caption": ParagraphStyle("caption", fontName=FONT, fontSize=13, leading=22, alignment=TA_CENTER, spaceBefore=6, spaceAfter=6, wordWrap="CJK"),
    "cell": ParagraphStyle("cell", fontName=FONT, fontSize=10, leading=14.5, alignment=TA_CENTER, wordWrap="CJK"),
    "sig": ParagraphStyle("sig", fontName=FONT, fontSize=14, leading=25, alignment=TA_RIGHT, spaceBefore=30, wordWrap="CJK"),
    "note_c": ParagraphStyle("note_c", fontName=FONT, fontSize=14, leading=25, firstLineIndent=28, spaceBefore=6),
    "cc": ParagraphStyle("cc", fontName=FONT, fontSize=12, leading=22, alignment=TA_LEFT, wordWrap="CJK"),
}


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")


def on_first(canvas, doc):
    canvas.saveState()
    canvas.setFont(FONT, 12)
    canvas.drawCentredString(W / 2, 14 * mm, "— %d —" % doc.page)
    canvas.restoreState()


def on_later(canvas, doc):
    canvas.saveState()
    canvas.setFont(FONT, 9)
    canvas.setFillColor(colors.HexColor("#555555"))
    canvas.drawString(LM, H - 16 * mm, C.DOC_NO)
    canvas.drawRightString(W - RM, H - 16 * mm, C.RUNNING_HEAD)
    canvas.setStrokeColor(colors.HexColor("#888888"))
    canvas.setLineWidth(0.5)
    canvas.line(LM, H - 18 * mm, W - RM, H - 18 * mm)
    canvas.setFillColor(colors.black)
    canvas.setFont(FONT, 12)
    canvas.drawCentredString(W / 2, 14 * mm, "— %d —" % doc.page)
    canvas.restoreState()


def build_table():
    data = [[Paragraph(esc(h), S["cell"]) for h in C.TABLE_HEADER]]
    for r in C.TABLE_ROWS:
        data.append([Paragraph(esc(x), S["cell"]) for x in r])
    avail = W - LM - RM
    widths = [0.08, 0.25, 0.24, 0.19, 0.24]
    t = Table(data, colWidths=[avail * w for w in widths], repeatRows=1, splitByRow=1)
    t.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.8, colors.black),
        ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8E8E8")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return t


def build(out_pdf):
    doc = BaseDocTemplate(out_pdf, pagesize=A4, leftMargin=LM, rightMargin=RM, topMargin=TM, bottomMargin=BM,
                          title="西双版纳州居家社区养老服务和婴幼儿照护服务补助资金管理实施细则",
                          author="西双版纳傣族自治州民政局", subject=C.DOC_NO)
    frame = Frame(LM, BM, W - LM - RM, H - TM - BM, id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="first", frames=[frame], onPage=on_first),
                          PageTemplate(id="later", frames=[frame], onPage=on_later)])
    from reportlab.platypus.doctemplate import NextPageTemplate
    story = [NextPageTemplate("later")]
    for kind, payload in C.ELEMENTS:
        if kind == "rule":
            story.append(HRFlowable(width="100%", thickness=2, color=RED, spaceBefore=2, spaceAfter=6))
        elif kind == "table":
            story.append(build_table())
            story.append(Spacer(1, 8))
        else:
            story.append(Paragraph(esc(payload), S[kind]))
    doc.build(story)


if __name__ == "__main__":
    out = os.path.join(ROOT, "docA.pdf")
    build(out)
    txt = C.text_copy()
    write_text("docA.txt", txt)
    print("wrote", out, "CJK chars:", cjk_count(txt))
