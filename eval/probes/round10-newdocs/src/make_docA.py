# -*- coding: utf-8 -*-
"""Generate docA.docx (怒江州 管理办法) and its canonical text text/docA.txt."""
import os
from docx import Document
from docx.shared import Pt, Cm, RGBColor
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml.ns import qn

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# ---- content: list of (kind, payload, style) ----
C = []
def P(t, s="body"): C.append(("p", t, s))

P("怒江傈僳族自治州民政局 怒江傈僳族自治州财政局文件", "redhead")
P("怒民发〔2025〕18号", "docno")
P("怒江傈僳族自治州民政局 怒江傈僳族自治州财政局关于印发《怒江州养老服务补贴和托育服务补贴管理办法》的通知", "title")
P("各县（市）民政局、财政局，州直有关部门：", "noindent")
P("为进一步规范全州养老服务补贴和托育服务补贴管理，提高财政资金使用效益，州民政局、州财政局会同州卫生健康委研究制定了《怒江州养老服务补贴和托育服务补贴管理办法》，现印发给你们，请结合实际认真贯彻执行。执行中遇到的问题，请及时向州民政局养老服务科反馈（联系电话：0886-3622157）。")
P("怒江州养老服务补贴和托育服务补贴管理办法", "title")
P("第一章　总则", "chapter")
P("第一条　为健全“一老一小”服务保障体系，规范养老服务补贴和托育服务补贴的申请、审核、发放和监督管理，根据《云南省人民政府办公厅关于促进养老托育服务健康发展的实施意见》等有关规定，结合我州实际，制定本办法。")
P("第二条　本办法所称养老服务补贴，是指对具有本州户籍的经济困难失能老年人和高龄老年人，按月发放用于购买养老服务的补贴。本办法所称托育服务补贴，是指对在本州普惠托育机构入托的3周岁以下婴幼儿家庭，按月给予的用于抵扣托育费用的补贴。")
P("第三条　补贴工作坚持政府主导、公开公正、动态管理、精准发放的原则，实行州级统筹、县（市）负责、乡镇（街道）具体实施的管理体制。村（社区）协助做好政策宣传、信息采集和日常走访，及时掌握补贴对象生活状况变化。")
P("第四条　州民政局负责全州养老服务补贴政策制定、对象认定标准统筹、信息系统管理和业务指导。州财政局负责州级补贴资金预算安排、资金拨付、绩效评价和监督检查。州卫生健康委负责普惠托育机构认定、托育服务补贴对象审核及托育机构服务质量监管。各县（市）民政、财政、卫生健康部门按照职责分工做好本行政区域内的补贴实施工作。")
P("第二章　养老服务补贴", "chapter")
P("第五条　养老服务补贴对象应当同时具备以下条件：")
P("（一）具有本州户籍，且在本州实际居住；")
P("（二）属于最低生活保障家庭、低保边缘家庭或者纳入防止返贫监测对象家庭的成员；")
P("（三）经评估为中度或者重度失能，或者年满80周岁。")
P("第六条　养老服务补贴标准如下：")
P("（一）经济困难的重度失能老年人，补贴标准由每人每月150元提高到200元；")
P("（二）经济困难的中度失能老年人，补贴标准为每人每月120元；")
P("（三）经济困难的80周岁及以上高龄老年人，补贴标准由每人每月50元提高到80元。")
P("同时符合失能和高龄条件的，按照就高原则享受一项补贴，不重复享受。已纳入特困人员供养并在供养服务机构集中供养的，不再享受养老服务补贴。已享受残疾人护理补贴的重度失能老年人，可同时享受养老服务补贴。")
P("第七条　失能等级评估按照《老年人能力评估规范》（GB/T 42195—2022）执行，由县（市）民政部门委托第三方评估机构开展，评估费用由县（市）财政承担，申请人不承担评估费用。评估结果有效期为两年，期满后需重新评估。")
P("第八条　养老服务补贴按照以下程序办理：")
P("（一）申请。申请人或者其监护人、委托人向户籍所在地乡镇人民政府（街道办事处）提出书面申请，填写《怒江州养老服务补贴申请表》，并提供居民身份证、户口簿和家庭经济状况证明材料。")
P("（二）审核。乡镇人民政府（街道办事处）应当自受理申请之日起15个工作日内完成入户调查和审核，并在申请人所在村（社区）公示7天。")
P("（三）审批。县（市）民政部门应当自收到审核材料之日起10个工作日内作出审批决定；不予批准的，应当书面告知申请人并说明理由。")
P("（四）发放。经批准的，自批准次月起计发补贴，由县（市）民政部门于每月10日前通过社会保障卡发放至补贴对象本人账户。")
P("第九条　每年11月30日前，县（市）民政部门应当完成以下工作：")
P("（一）对本行政区域内的补贴对象开展年度复核，对不再符合条件的及时停发；")
P("（二）汇总下一年度补贴对象人数和资金需求，报州民政局、州财政局；")
P("（三）将本年度补贴发放情况录入全国养老服务信息系统。")
P("第三章　托育服务补贴", "chapter")
P("第十条　托育服务补贴对象应当同时符合以下条件：")
P("（一）婴幼儿具有本州户籍，或者其父母一方在本州连续缴纳社会保险满6个月；")
P("（二）婴幼儿在申请时未满3周岁；")
P("（三）入托机构已在所在地县（市）卫生健康部门备案并被认定为普惠托育机构；")
P("（四）婴幼儿当月实际入托天数不少于16天。")
P("第十一条　托育服务补贴标准为：全日托每人每月300元，半日托每人每月150元。属于最低生活保障家庭、特困供养家庭的婴幼儿，在上述标准基础上每人每月增发100元。托育服务补贴直接抵扣当月托育费用，由普惠托育机构在收费时予以减免，不向家庭发放现金。")
P("已在幼儿园托班就读并享受学前教育资助的，不再重复享受托育服务补贴。")
P("第十二条　婴幼儿家长在办理入托时，应当向普惠托育机构提交婴幼儿出生医学证明、户口簿或者父母一方社会保险缴费证明，由机构统一登记建档。普惠托育机构应当于每季度结束后10个工作日内，将上季度入托婴幼儿名单、出勤记录、费用减免凭证报县（市）卫生健康部门审核。县（市）卫生健康部门审核后，会同同级财政部门于20个工作日内将补贴资金拨付至机构账户。")
P("第四章　资金管理", "chapter")
P("第十三条　补贴资金由州、县（市）两级财政分担。泸水市按州级40%、市级60%的比例分担；福贡县、贡山独龙族怒族自治县、兰坪白族普米族自治县按州级50%、县级50%的比例分担。上级补助资金统筹用于补贴发放。")
P("第十四条　全州补贴标准及2025年度资金测算情况见下表。")
C.append(("caption", "怒江州养老服务补贴和托育服务补贴标准及2025年度资金测算表", None))
TABLE = [
    ["补贴类别", "补贴对象", "补贴标准（元/人·月）", "2025年测算人数（人）", "年度资金测算（万元）"],
    ["养老服务补贴", "经济困难的重度失能老年人", "200", "1200", "288"],
    ["养老服务补贴", "经济困难的中度失能老年人", "120", "1500", "216"],
    ["养老服务补贴", "经济困难的80周岁及以上高龄老年人", "80", "2500", "240"],
    ["托育服务补贴", "普惠托育机构全日托婴幼儿", "300", "800", "288"],
    ["托育服务补贴", "普惠托育机构半日托婴幼儿", "150", "400", "72"],
    ["合计", "合计", "—", "6400", "1104"],
]
C.append(("table", TABLE, None))
P("注：低保、特困供养家庭婴幼儿每人每月增发的100元未单独列入测算，由县（市）在年度预算中统筹安排。", "note")
P("第十五条　补贴资金实行专账核算、专款专用，任何单位和个人不得截留、挤占、挪用。州财政局会同州民政局、州卫生健康委每年开展一次资金绩效评价，评价结果作为下一年度资金分配的重要依据。年度结余资金按照预算管理有关规定收回统筹使用，不得用于发放工作人员津贴补贴或者弥补行政经费。")
P("第五章　监督管理", "chapter")
P("第十六条　县（市）民政部门、卫生健康部门应当建立补贴对象信息台账，实行“一人一档”管理，每半年在政府门户网站公开一次补贴发放情况，接受社会监督。县（市）民政部门、卫生健康部门应当公布投诉举报电话，对群众反映的问题在15个工作日内核实处理并反馈。")
P("第十七条　补贴对象死亡、户籍迁出本州、入住特困供养服务机构或者家庭经济状况好转不再符合条件的，其本人、家属或者监护人应当在30日内向乡镇人民政府（街道办事处）报告，自次月起停发补贴。")
P("第十八条　以虚报、隐瞒、伪造等手段骗取补贴的，由县（市）民政部门或者卫生健康部门责令退回已领取的补贴资金，3年内不得再次申请；涉嫌犯罪的，依法移送司法机关处理。普惠托育机构虚报入托人数的，取消其普惠托育机构资格，2年内不得重新认定。")
P("第十九条　工作人员在补贴审核、发放工作中滥用职权、玩忽职守、徇私舞弊的，依法依规追究责任。")
P("第六章　附则", "chapter")
P("第二十条　各县（市）可在本办法规定标准基础上，结合本地财力适当提高补贴标准，所需资金由本级财政承担。")
P("第二十一条　本办法由州民政局、州财政局按照职责分工负责解释。")
P("第二十二条　本办法自2025年7月1日起施行，有效期5年。《怒江州高龄津贴和托育补助发放管理暂行办法》（怒民发〔2021〕9号）同时废止。")
P("怒江傈僳族自治州民政局　　　怒江傈僳族自治州财政局", "sign")
P("2025年6月12日", "sign")
P("（此件公开发布）", "noindent")
P("抄送：州人民政府办公室，州卫生健康委，州审计局，各县（市）人民政府。", "cc")
P("怒江傈僳族自治州民政局办公室　　　　2025年6月13日印发", "cc")


def set_font(run, name="仿宋_GB2312", size=16, bold=False, color=None):
    run.font.name = name
    run._element.rPr.rFonts.set(qn("w:eastAsia"), name)
    run.font.size = Pt(size)
    run.bold = bold
    if color:
        run.font.color.rgb = RGBColor(*color)


def build_docx(path):
    doc = Document()
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.top_margin, sec.bottom_margin = Cm(3.7), Cm(3.5)
    sec.left_margin, sec.right_margin = Cm(2.8), Cm(2.6)
    doc.core_properties.title = "怒江州养老服务补贴和托育服务补贴管理办法"
    doc.core_properties.author = "怒江州民政局"
    for kind, payload, style in C:
        if kind == "p" or kind == "caption":
            p = doc.add_paragraph()
            r = p.add_run(payload)
            fmt = p.paragraph_format
            fmt.line_spacing = Pt(28)
            if kind == "caption":
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                set_font(r, "黑体", 14, True)
            elif style == "redhead":
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                set_font(r, "方正小标宋简体", 26, False, (0xC0, 0, 0))
            elif style == "docno":
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                set_font(r, "仿宋_GB2312", 16)
            elif style == "title":
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                set_font(r, "方正小标宋简体", 22)
            elif style == "chapter":
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                set_font(r, "黑体", 16)
            elif style == "sign":
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                set_font(r)
            elif style in ("noindent", "cc"):
                set_font(r, size=14 if style == "cc" else 16)
            elif style == "note":
                set_font(r, size=12)
            else:
                fmt.first_line_indent = Pt(32)
                set_font(r)
        elif kind == "table":
            rows = payload
            t = doc.add_table(rows=len(rows), cols=len(rows[0]))
            t.style = "Table Grid"
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            for i, row in enumerate(rows):
                for j, val in enumerate(row):
                    cell = t.cell(i, j)
                    cell.text = ""
                    r = cell.paragraphs[0].add_run(val)
                    set_font(r, "仿宋_GB2312", 11, bold=(i == 0 or val == "合计"))
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            # merged cells: category column vertical, 合计 horizontal
            def vmerge(c, r0, r1):
                a = t.cell(r0, c).merge(t.cell(r1, c))
                a.text = ""
                r = a.paragraphs[0].add_run(rows[r0][c])
                set_font(r, "仿宋_GB2312", 11)
                a.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            vmerge(0, 1, 3)
            vmerge(0, 4, 5)
            last = len(rows) - 1
            m = t.cell(last, 0).merge(t.cell(last, 1))
            m.text = ""
            r = m.paragraphs[0].add_run("合计")
            set_font(r, "仿宋_GB2312", 11, True)
            m.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.save(path)


def canonical():
    out = []
    for kind, payload, style in C:
        if kind in ("p", "caption"):
            out.append(payload)
        else:
            for i, row in enumerate(payload):
                if row[0] == "合计":
                    out.append("\t".join(["合计"] + row[2:]))
                else:
                    out.append("\t".join(row))
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    build_docx(os.path.join(ROOT, "docA.docx"))
    with open(os.path.join(ROOT, "text", "docA.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write(canonical())
    print("ok docA")
