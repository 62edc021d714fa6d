# -*- coding: utf-8 -*-
"""Build docC.docx: 安宁市人民政府办公室 notice with 第X条 measures, real Word tables
(vertically merged 类别 cells, horizontally merged 合计 cell), signature, 版记.
Writes text/docC.txt = canonical visible text (paragraphs, then table cells one per line
in document order; merged cells once)."""
import os
from docx import Document
from docx.shared import Pt, Cm, RGBColor
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.enum.table import WD_TABLE_ALIGNMENT, WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.section import WD_SECTION
from docx.oxml.ns import qn
from docx.oxml import OxmlElement

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CANON = []   # canonical text lines

DOCNO = '安政办发〔2025〕6号'
ISSUER = '安宁市人民政府办公室'

def set_font(run, east='仿宋_GB2312', size=16, bold=False, color=None):
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = 'Times New Roman'
    rpr = run._element.get_or_add_rPr()
    rf = rpr.find(qn('w:rFonts'))
    if rf is None:
        rf = OxmlElement('w:rFonts'); rpr.insert(0, rf)
    rf.set(qn('w:eastAsia'), east)
    if color:
        run.font.color.rgb = RGBColor.from_string(color)

def para(doc, text, east='仿宋_GB2312', size=16, align=None, indent=True, bold=False,
         color=None, space_after=0, line=28, canon=True, left_indent=None):
    p = doc.add_paragraph()
    pf = p.paragraph_format
    pf.line_spacing = Pt(line)
    pf.space_after = Pt(space_after)
    pf.space_before = Pt(0)
    if indent:
        pf.first_line_indent = Pt(size * 2)
    if left_indent is not None:
        pf.left_indent = Pt(left_indent)
    if align:
        p.alignment = align
    if text:
        set_font(p.add_run(text), east, size, bold, color)
    if canon and text:
        CANON.append(text)
    return p

def article(doc, num, text):
    """第X条 in 黑体 followed by body in 仿宋 in the same paragraph."""
    p = doc.add_paragraph()
    pf = p.paragraph_format
    pf.line_spacing = Pt(28); pf.first_line_indent = Pt(32); pf.space_after = Pt(0)
    set_font(p.add_run(num + '　'), '黑体', 16)
    set_font(p.add_run(text), '仿宋_GB2312', 16)
    CANON.append(num + '　' + text)

def cell_text(cell, text, size=10.5, bold=False, align=WD_ALIGN_PARAGRAPH.CENTER, east='仿宋_GB2312'):
    cell.text = ''
    p = cell.paragraphs[0]
    p.alignment = align
    p.paragraph_format.line_spacing = Pt(16)
    set_font(p.add_run(text), east, size, bold)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER

def border_para(p, top=False, bottom=False, sz=8):
    pPr = p._p.get_or_add_pPr()
    pbdr = OxmlElement('w:pBdr')
    for side, on in (('top', top), ('bottom', bottom)):
        if on:
            el = OxmlElement('w:' + side)
            el.set(qn('w:val'), 'single'); el.set(qn('w:sz'), str(sz))
            el.set(qn('w:space'), '1'); el.set(qn('w:color'), '000000')
            pbdr.append(el)
    pPr.append(pbdr)

def add_page_number_footer(section):
    fp = section.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(fp.add_run('— '), '宋体', 14)
    r = fp.add_run(); set_font(r, '宋体', 14)
    for tag, txt in (('begin', None), (None, 'PAGE'), ('end', None)):
        if tag:
            fc = OxmlElement('w:fldChar'); fc.set(qn('w:fldCharType'), tag); r._r.append(fc)
        else:
            it = OxmlElement('w:instrText'); it.set(qn('xml:space'), 'preserve'); it.text = txt; r._r.append(it)
    set_font(fp.add_run(' —'), '宋体', 14)

def build():
    doc = Document()
    sec = doc.sections[0]
    sec.page_height = Cm(29.7); sec.page_width = Cm(21.0)
    sec.top_margin = Cm(3.7); sec.bottom_margin = Cm(3.5)
    sec.left_margin = Cm(2.8); sec.right_margin = Cm(2.6)
    add_page_number_footer(sec)
    st = doc.styles['Normal']; st.font.name = 'Times New Roman'; st.font.size = Pt(16)
    st.element.rPr.rFonts.set(qn('w:eastAsia'), '仿宋_GB2312')
    doc.core_properties.title = '安宁市人民政府办公室关于印发安宁市促进养老托育服务高质量发展若干措施的通知'
    doc.core_properties.author = ISSUER
    doc.core_properties.subject = DOCNO

    C = WD_ALIGN_PARAGRAPH.CENTER; R = WD_ALIGN_PARAGRAPH.RIGHT
    # 红头
    para(doc, '', indent=False, line=40, canon=False)
    para(doc, '安宁市人民政府办公室文件', '方正小标宋简体', 36, C, False, color='D40000', line=60, space_after=18)
    p = para(doc, DOCNO, '仿宋_GB2312', 16, C, False, space_after=6)
    border_para(p, bottom=True, sz=18)   # red rule under 文号 (drawn black in python-docx; colour below)
    p._p.pPr.find(qn('w:pBdr'))[0].set(qn('w:color'), 'D40000')
    para(doc, '', indent=False, canon=False)
    para(doc, '安宁市人民政府办公室关于印发安宁市促进养老托育服务高质量发展若干措施的通知',
         '方正小标宋简体', 22, C, False, line=36, space_after=12)
    para(doc, '各街道办事处，市直各部门，各园区管委会：', indent=False)
    para(doc, '《安宁市促进养老托育服务高质量发展若干措施》已经十三届市人民政府第58次常务会议研究同意，现印发给你们，请认真贯彻执行。')
    para(doc, '', canon=False); para(doc, '', canon=False)
    para(doc, ISSUER, align=R, indent=False, left_indent=0).paragraph_format.right_indent = Pt(64)
    para(doc, '2025年2月28日', align=R, indent=False).paragraph_format.right_indent = Pt(64)
    para(doc, '（此件公开发布）', indent=True)
    doc.add_page_break()

    para(doc, '安宁市促进养老托育服务高质量发展若干措施', '方正小标宋简体', 22, C, False, line=36, space_after=12)
    para(doc, '为加快构建居家社区机构相协调、医养康养相结合的养老服务体系和普惠托育服务体系，根据《昆明市促进养老托育服务体系发展整体解决方案》等文件精神，结合我市实际，制定以下措施。')

    arts = [
     ('第一条', '适用范围。本措施适用于在安宁市行政区域内依法登记或备案、正常运营的养老服务机构和托育服务机构，以及具有安宁市户籍的老年人和婴幼儿家庭。同一事项昆明市与我市均有补助规定的，按照就高原则享受，不重复享受。'),
     ('第二条', '养老机构建设补助。社会力量新建养老机构，新增护理型床位每张给予一次性建设补助10000元，新增非护理型床位每张给予一次性建设补助6000元；利用既有房屋改建养老机构的，按上述标准的50%给予补助。建设补助分两次拨付：验收合格并取得备案后拨付60%，正常运营满1年后拨付40%。'),
     ('第三条', '养老机构运营补助。对入住率不低于30%、等级评定为一星级及以上的养老机构，按照实际入住安宁市户籍老年人的身体状况按月给予运营补助：失能老年人每人每月300元，半失能老年人每人每月200元，自理老年人每人每月100元。'),
     ('第四条', '居家社区养老服务。2025年12月31日前，实现9个街道综合养老服务中心全覆盖。对评估合格的街道综合养老服务中心，每个每年给予运营补助20万元；对社区居家养老服务站，每个每年给予运营补助3万元。'),
     ('第五条', '家庭养老床位。对为居家失能、半失能老年人建设家庭养老床位的养老服务机构，按每张2500元给予一次性建设补助，并按月给予服务补贴，具体标准见附件1。2025年新建家庭养老床位不少于400张。'),
     ('第六条', '居家适老化改造。对特困、低保、低保边缘家庭中的失能、半失能、高龄、残疾老年人，实施居家适老化改造，每户补助最高不超过5000元，2025年完成改造不少于300户。'),
     ('第七条', '老年助餐服务。年满60周岁的安宁市户籍老年人在经市民政局认定的老年幸福食堂就餐，每餐补助3元；80周岁及以上老年人和低保、特困老年人每餐补助5元。每人每天限补1餐。'),
     ('第八条', '高龄补贴。在落实昆明市高龄津贴政策的基础上，对具有安宁市户籍的90至99周岁老年人每人每月增发市级高龄补贴100元，100周岁及以上老年人每人每月增发市级高龄补贴500元，按月发放至本人社会保障卡。'),
     ('第九条', '普惠托育机构建设补助。对新建、改扩建并经市卫生健康局备案、纳入普惠范围的托育机构，按新增托位每个12000元给予一次性建设补助，单个机构补助最高不超过120万元。'),
     ('第十条', '托育机构运营补助。对普惠托育机构按实际收托3岁以下婴幼儿人数，每人每年给予运营补助3000元；收托2岁以下婴幼儿的，每人每年另增1000元。'),
     ('第十一条', '婴幼儿家庭托育补贴。对具有安宁市户籍、3周岁以下婴幼儿在我市备案托育机构入托的家庭，每人每月发放托育补贴400元，每名婴幼儿累计享受时间最长不超过24个月。'),
     ('第十二条', '生育养育支持。2025年1月1日以后依法生育二孩、三孩的安宁市户籍家庭，分别给予一次性育儿补助3000元、6000元。'),
     ('第十三条', '支持用人单位办托。鼓励机关、企事业单位和安宁产业园区为职工提供托育服务，向社会开放并纳入普惠范围的，参照第九条、第十条标准给予补助。'),
     ('第十四条', '养老护理员岗位补贴。对在我市养老机构从事一线护理工作满1年、取得养老护理员职业技能等级证书的人员，按月给予岗位补贴：初级工每人每月200元，中级工每人每月300元，高级工及以上每人每月400元。'),
     ('第十五条', '申报程序。各类机构补助实行年度集中申报，每年4月1日至4月30日申报上一年度补助。申报机构向所在街道办事处提交申请材料，街道办事处初审后，养老类补助报市民政局审核，托育类补助报市卫生健康局审核，审核结果在安宁市人民政府门户网站公示7个工作日，无异议的由市财政局复核后拨付。婴幼儿家庭托育补贴按季度申请发放。'),
     ('第十六条', '资金保障。本措施所需资金由市级财政承担，纳入年度预算统筹安排，2025年资金预算见附件2。市本级福利彩票公益金用于支持养老服务的比例不低于55%。'),
     ('第十七条', '监督管理。对以虚报、冒领等方式骗取补助资金的，由主管部门追回已拨付资金，取消其3年内申报资格；涉嫌违法犯罪的，依法移送有关机关处理。'),
     ('第十八条', '附则。本措施由市民政局、市卫生健康局按照职责分工负责解释，自2025年4月1日起施行，有效期至2027年12月31日。原《安宁市养老服务补助资金管理办法（试行）》（安政办发〔2021〕38号）同时废止。'),
    ]
    for n, t in arts:
        article(doc, n, t)
    para(doc, '', canon=False)
    para(doc, '附件：1.安宁市养老托育服务补贴标准一览表')
    para(doc, '2.2025年安宁市养老托育补助资金预算表', left_indent=80, indent=False)

    # ---------------- 附件1
    doc.add_page_break()
    para(doc, '附件1', '黑体', 16, indent=False)
    para(doc, '安宁市养老托育服务补贴标准一览表', '方正小标宋简体', 20, C, False, line=32, space_after=8)
    T1 = [
     ('养老服务类', '1', '养老机构建设补助', '护理型床位每张10000元；非护理型床位每张6000元', '市民政局'),
     ('养老服务类', '2', '养老机构运营补助', '失能老年人每人每月300元；半失能老年人每人每月200元；自理老年人每人每月100元', '市民政局'),
     ('养老服务类', '3', '家庭养老床位补助', '建设补助每张2500元；服务补贴每张每月350元', '市民政局'),
     ('养老服务类', '4', '居家适老化改造补助', '每户最高5000元', '市民政局、市残联'),
     ('养老服务类', '5', '老年助餐补助', '60周岁及以上每餐3元；80周岁及以上和低保、特困老年人每餐5元', '市民政局'),
     ('养老服务类', '6', '市级高龄补贴', '90至99周岁每人每月100元；100周岁及以上每人每月500元', '市民政局'),
     ('养老服务类', '7', '养老护理员岗位补贴', '初级工每人每月200元；中级工每人每月300元；高级工及以上每人每月400元', '市人力资源社会保障局'),
     ('托育服务类', '8', '普惠托育机构建设补助', '新增托位每个12000元，单个机构最高120万元', '市卫生健康局'),
     ('托育服务类', '9', '托育机构运营补助', '每人每年3000元；2岁以下婴幼儿每人每年另增1000元', '市卫生健康局'),
     ('托育服务类', '10', '婴幼儿家庭托育补贴', '每人每月400元，累计最长24个月', '市卫生健康局'),
     ('托育服务类', '11', '一次性育儿补助', '二孩3000元；三孩6000元', '市卫生健康局'),
     ('托育服务类', '12', '托育机构综合责任保险补贴', '按实际保费的50%给予补贴，每个机构每年最高5000元', '市卫生健康局'),
    ]
    hdr = ('类别', '序号', '补贴项目', '补贴标准', '审核部门')
    t = doc.add_table(rows=1 + len(T1), cols=5)
    t.style = 'Table Grid'; t.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [Cm(2.2), Cm(1.2), Cm(3.6), Cm(6.6), Cm(2.8)]
    for j, h in enumerate(hdr):
        cell_text(t.rows[0].cells[j], h, 11, True, east='黑体')
    for i, row in enumerate(T1, start=1):
        for j in range(1, 5):
            cell_text(t.rows[i].cells[j], row[j], 10.5, align=WD_ALIGN_PARAGRAPH.LEFT if j == 3 else WD_ALIGN_PARAGRAPH.CENTER)
    # merge 类别 column
    a = t.cell(1, 0).merge(t.cell(7, 0)); cell_text(a, '养老服务类', 11, True)
    b = t.cell(8, 0).merge(t.cell(12, 0)); cell_text(b, '托育服务类', 11, True)
    for row in t.rows:
        for j, w in enumerate(widths):
            row.cells[j].width = w
    # mark header row as repeating
    trPr = t.rows[0]._tr.get_or_add_trPr(); th = OxmlElement('w:tblHeader'); th.set(qn('w:val'), 'true'); trPr.append(th)
    CANON.extend(hdr)
    cur_cat = None
    for row in T1:
        if row[0] != cur_cat:
            CANON.append(row[0]); cur_cat = row[0]
        CANON.extend(row[1:])
    para(doc, '注：同一对象同一事项符合多项补助条件的，按照就高原则享受，不重复享受。', size=12, indent=False, line=20)

    # ---------------- 附件2
    doc.add_page_break()
    para(doc, '附件2', '黑体', 16, indent=False)
    para(doc, '2025年安宁市养老托育补助资金预算表', '方正小标宋简体', 20, C, False, line=32, space_after=4)
    para(doc, '单位：万元', size=12, align=R, indent=False)
    T2 = [
     ('1', '养老机构建设及运营补助', '860', '市民政局'),
     ('2', '居家社区养老服务中心（站）运营补助', '420', '市民政局'),
     ('3', '家庭养老床位及居家适老化改造补助', '285', '市民政局'),
     ('4', '老年助餐补助', '310', '市民政局'),
     ('5', '市级高龄补贴', '265', '市民政局'),
     ('6', '普惠托育机构建设及运营补助', '540', '市卫生健康局'),
     ('7', '婴幼儿家庭托育补贴及一次性育儿补助', '380', '市卫生健康局'),
     ('8', '养老护理员岗位补贴', '190', '市人力资源社会保障局'),
    ]
    total = sum(int(r[2]) for r in T2)
    assert total == 3250, total
    hdr2 = ('序号', '项目', '预算金额', '责任单位')
    t2 = doc.add_table(rows=2 + len(T2), cols=4)
    t2.style = 'Table Grid'; t2.alignment = WD_TABLE_ALIGNMENT.CENTER
    for j, h in enumerate(hdr2):
        cell_text(t2.rows[0].cells[j], h, 11, True, east='黑体')
    for i, r in enumerate(T2, start=1):
        for j, v in enumerate(r):
            cell_text(t2.rows[i].cells[j], v, 10.5, align=WD_ALIGN_PARAGRAPH.LEFT if j == 1 else WD_ALIGN_PARAGRAPH.CENTER)
    last = len(T2) + 1
    m = t2.cell(last, 0).merge(t2.cell(last, 1)); cell_text(m, '合计', 11, True)
    cell_text(t2.cell(last, 2), str(total), 11, True)
    cell_text(t2.cell(last, 3), '', 10.5)
    for row in t2.rows:
        for j, w in enumerate([Cm(1.5), Cm(8.5), Cm(2.6), Cm(4.2)]):
            row.cells[j].width = w
    CANON.extend(hdr2)
    for r in T2:
        CANON.extend(r)
    CANON.extend(['合计', str(total)])

    # ---------------- 版记
    doc.add_page_break()
    for _ in range(14):
        para(doc, '', canon=False)
    p = para(doc, '抄送：市委各部门，市人大常委会办公室，市政协办公室，市纪委市监委，市人民法院，市人民检察院，市人武部。',
             size=14, indent=False, line=24, left_indent=14)
    border_para(p, top=True, bottom=True, sz=6)
    p = doc.add_paragraph(); p.paragraph_format.line_spacing = Pt(24); p.paragraph_format.left_indent = Pt(14)
    set_font(p.add_run('安宁市人民政府办公室'), '仿宋_GB2312', 14)
    p.add_run('\t')
    set_font(p.add_run('2025年3月3日印发'), '仿宋_GB2312', 14)
    tabs = p.paragraph_format.tab_stops; tabs.add_tab_stop(Cm(15.2), alignment=2)  # right tab
    border_para(p, bottom=True, sz=12)
    CANON.append('安宁市人民政府办公室\t2025年3月3日印发')

    out = os.path.join(ROOT, 'docC.docx')
    doc.save(out)
    with open(os.path.join(ROOT, 'text', 'docC.txt'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(CANON) + '\n')
    print('wrote', out)

if __name__ == '__main__':
    build()
