# -*- coding: utf-8 -*-
"""Build docB.docx with python-docx. The ten measures use the built-in 'List Number'
style whose numbering definition is switched to Chinese counting ("一、"), so the
numbers are Word AUTOMATIC numbering and never part of paragraph.text."""
import os, sys
from docx import Document
from docx.shared import Pt, Cm, RGBColor
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml.ns import qn
from docx.oxml import OxmlElement

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import docB_content as C
from common import ROOT, write_text, cjk_count

FS = "仿宋_GB2312"
XBS = "方正小标宋简体"
HEI = "黑体"


def set_font(run, name=FS, size=16, bold=None, color=None):
    run.font.name = name
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts"); rpr.insert(0, rfonts)
    for a in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(a), name)
    run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color


def para(doc, text="", align=None, indent=True, name=FS, size=16, bold=None, color=None, style=None,
         space_before=0, space_after=0, line=Pt(28)):
    p = doc.add_paragraph(style=style)
    pf = p.paragraph_format
    if align is not None:
        p.alignment = align
    if indent:
        pf.first_line_indent = Pt(size * 2)
    pf.space_before = Pt(space_before); pf.space_after = Pt(space_after)
    pf.line_spacing = line
    if text:
        for i, line_text in enumerate(text.split("\n")):
            r = p.add_run(line_text)
            set_font(r, name, size, bold, color)
            if i < len(text.split("\n")) - 1:
                r.add_break()
    return p


def red_rule(p):
    pPr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    b = OxmlElement("w:bottom")
    b.set(qn("w:val"), "single"); b.set(qn("w:sz"), "18"); b.set(qn("w:space"), "1"); b.set(qn("w:color"), "FF0000")
    bdr.append(b)
    # schema order: pBdr must precede shd/tabs/spacing/ind/jc …
    later = [c for c in pPr if c.tag in {qn("w:shd"), qn("w:tabs"), qn("w:spacing"), qn("w:ind"), qn("w:jc"), qn("w:rPr")}]
    if later:
        later[0].addprevious(bdr)
    else:
        pPr.append(bdr)


def chinese_list_numbering(doc):
    """Make the numbering used by 'List Number' render as 一、二、… (chineseCounting, no tab)."""
    style = doc.styles["List Number"]
    numId = style.element.pPr.numPr.numId.val
    numbering = doc.part.numbering_part.element
    num = [n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == str(numId)][0]
    absId = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    absn = [a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == absId][0]
    lvl = [l for l in absn.findall(qn("w:lvl")) if l.get(qn("w:ilvl")) == "0"][0]
    lvl.find(qn("w:numFmt")).set(qn("w:val"), "chineseCounting")
    lvl.find(qn("w:lvlText")).set(qn("w:val"), "%1、")
    start = lvl.find(qn("w:start"))
    if start is not None:
        start.set(qn("w:val"), "1")
    suff = lvl.find(qn("w:suff"))
    if suff is None:
        suff = OxmlElement("w:suff")
        lvl.insert(list(lvl).index(lvl.find(qn("w:lvlText"))), suff)
    suff.set(qn("w:val"), "nothing")
    ppr = lvl.find(qn("w:pPr"))
    if ppr is not None:
        ind = ppr.find(qn("w:ind"))
        if ind is not None:
            for a in list(ind.attrib):
                del ind.attrib[a]
            ind.set(qn("w:left"), "0"); ind.set(qn("w:firstLine"), "640")
    # also make the level font match the body
    rpr = lvl.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr"); lvl.append(rpr)
    rf = OxmlElement("w:rFonts")
    for a in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        rf.set(qn(a), HEI)
    rpr.append(rf)
    return numId


def shade(cell, fill="E7E6E6"):
    tcPr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear"); shd.set(qn("w:color"), "auto"); shd.set(qn("w:fill"), fill)
    tcPr.append(shd)


def add_table(doc, header, rows, widths_cm, size=10.5):
    t = doc.add_table(rows=1, cols=len(header))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, h in enumerate(header):
        c = t.rows[0].cells[i]
        c.text = ""
        r = c.paragraphs[0].add_run(h); set_font(r, HEI, size, True)
        c.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        shade(c)
    # repeat header row across pages
    trPr = t.rows[0]._tr.get_or_add_trPr()
    th = OxmlElement("w:tblHeader"); th.set(qn("w:val"), "true"); trPr.append(th)
    for row in rows:
        cells = t.add_row().cells
        for i, v in enumerate(row):
            cells[i].text = ""
            r = cells[i].paragraphs[0].add_run(v); set_font(r, FS, size)
            cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT if len(v) > 12 else WD_ALIGN_PARAGRAPH.CENTER
    for row in t.rows:
        for i, w in enumerate(widths_cm):
            row.cells[i].width = Cm(w)
    for gc, w in zip(t._tbl.tblGrid.findall(qn("w:gridCol")), widths_cm):
        gc.set(qn("w:w"), str(int(Cm(w).twips)))
    return t


def emit(doc, items):
    for kind, payload in items:
        if kind == "redhead":
            para(doc, payload, WD_ALIGN_PARAGRAPH.CENTER, False, XBS, 36, False, RGBColor(0xFF, 0, 0), space_before=24, line=Pt(48))
        elif kind == "docno":
            para(doc, payload, WD_ALIGN_PARAGRAPH.CENTER, False, FS, 16, space_before=18)
        elif kind == "rule":
            red_rule(para(doc, "", indent=False, line=Pt(6)))
        elif kind in ("title", "doctitle"):
            para(doc, payload, WD_ALIGN_PARAGRAPH.CENTER, False, XBS, 22, space_before=18, space_after=18, line=Pt(36))
        elif kind == "addressee":
            para(doc, payload, None, False)
        elif kind == "p":
            para(doc, payload, WD_ALIGN_PARAGRAPH.JUSTIFY, True)
        elif kind == "sig":
            p = para(doc, payload, WD_ALIGN_PARAGRAPH.RIGHT, False, space_before=6)
            p.paragraph_format.right_indent = Pt(32)
        elif kind == "pagebreak":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif kind == "caption":
            para(doc, payload, WD_ALIGN_PARAGRAPH.CENTER, False, HEI, 14, space_before=6, space_after=6)
        elif kind == "annex_label":
            para(doc, payload, None, False, HEI, 16)
        elif kind == "target_table":
            add_table(doc, C.TARGET_HEADER, C.TARGET_ROWS, [5.2, 1.3, 1.6, 1.6, 1.6, 3.4])
        elif kind == "annex_table":
            add_table(doc, C.ANNEX_HEADER, C.ANNEX_ROWS, [1.1, 3.0, 5.9, 2.6, 3.0])
        else:
            raise ValueError(kind)


def build(out):
    doc = Document()
    sec = doc.sections[0]
    sec.page_height = Cm(29.7); sec.page_width = Cm(21.0)
    sec.top_margin = Cm(3.7); sec.bottom_margin = Cm(3.5); sec.left_margin = Cm(2.8); sec.right_margin = Cm(2.6)
    normal = doc.styles["Normal"]
    normal.font.name = FS; normal.font.size = Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FS)
    chinese_list_numbering(doc)
    emit(doc, C.HEAD)
    para(doc, "具体措施如下：", WD_ALIGN_PARAGRAPH.JUSTIFY, True)
    for lead, body in C.MEASURES:
        p = doc.add_paragraph(style="List Number")
        p.paragraph_format.line_spacing = Pt(28)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        r1 = p.add_run(lead); set_font(r1, FS, 16, True)
        r2 = p.add_run(body); set_font(r2, FS, 16, False)
    emit(doc, C.TAIL)
    # footer page number field  — N —
    fp = sec.footer.paragraphs[0]; fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = fp.add_run("— "); set_font(r, "宋体", 14)
    r = fp.add_run(); set_font(r, "宋体", 14)
    for tag, txt in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            fc = OxmlElement("w:fldChar"); fc.set(qn("w:fldCharType"), tag); r._r.append(fc)
        else:
            it = OxmlElement("w:instrText"); it.set(qn("xml:space"), "preserve"); it.text = txt; r._r.append(it)
    r = fp.add_run(" —"); set_font(r, "宋体", 14)
    cp = doc.core_properties
    cp.title = "官渡区人民政府办公室关于印发《官渡区“一老一小”服务能力提升十条措施》的通知"
    cp.author = "官渡区人民政府办公室"
    cp.subject = C.DOC_NO
    doc.save(out)


if __name__ == "__main__":
    out = os.path.join(ROOT, "docB.docx")
    build(out)
    txt = C.text_copy()
    write_text("docB.txt", txt)
    print("wrote", out, "CJK chars:", cjk_count(txt))
