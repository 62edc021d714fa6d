# -*- coding: utf-8 -*-
"""Generate docA.docx (保山市 管理办法) with python-docx, plus a UTF-8 plain-text source.
Run with: /work/main/.venv/bin/python make_docA.py"""
import os
from docx import Document
from docx.shared import Pt, RGBColor, Cm
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml.ns import qn

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "docA.docx")

def set_font(run, name="仿宋_GB2312", size=16, bold=False, color=None):
    run.font.name = name
    run._element.rPr.rFonts.set(qn("w:eastAsia"), name)
    run.font.size = Pt(size)
    run.font.bold = bold
    if color:
        run.font.color.rgb = RGBColor(*color)

doc = Document()
sec = doc.sections[0]
sec.page_height = Cm(29.7); sec.page_width = Cm(21.0)
sec.top_margin = Cm(3.7); sec.bottom_margin = Cm(3.5)
sec.left_margin = Cm(2.8); sec.right_margin = Cm(2.6)

def para(text, font="仿宋_GB2312", size=16, bold=False, align=None, indent=True, color=None):
    p = doc.add_paragraph()
    if align == "center":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "right":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if indent and align is None:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.line_spacing = Pt(28)
    r = p.add_run(text)
    set_font(r, font, size, bold, color)
    return p

def article(num, body):
    """第X条 in 黑体, body in 仿宋 on the same paragraph."""
    p = doc.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(32)
    p.paragraph_format.line_spacing = Pt(28)
    r1 = p.add_run(num + "　"); set_font(r1, "黑体", 16)
    r2 = p.add_run(body); set_font(r2, "仿宋_GB2312", 16)

# ---------- 红头 ----------
para("保山市人民政府办公室文件", "方正小标宋简体", 36, align="center", color=(0xC0, 0, 0))
para("保政办规〔2025〕3号", align="center")
para("保山市人民政府办公室关于印发保山市经济困难老年人补贴和高龄津贴管理办法的通知", "方正小标宋简体", 22, align="center")
para("各县（市、区）人民政府，市直各委、办、局：", indent=False)
para("《保山市经济困难老年人补贴和高龄津贴管理办法》已经2025年5月12日市人民政府第58次常务会议审议通过，现印发给你们，请认真贯彻执行。")
para("保山市经济困难老年人补贴和高龄津贴管理办法", "方正小标宋简体", 22, align="center")

CHAPTERS = [
("第一章　总则", [
("第一条", "为健全老年人福利保障制度，规范经济困难老年人补贴和高龄津贴的申请、审核、发放和监督管理，根据《中华人民共和国老年人权益保障法》《云南省老年人权益保障条例》和《云南省人民政府办公厅关于促进养老托育服务健康发展的实施意见》等规定，结合本市实际，制定本办法。"),
("第二条", "本办法所称经济困难老年人补贴，包括经济困难老年人养老服务补贴和经济困难失能老年人护理补贴。本办法所称高龄津贴，是指对具有本市户籍、年满80周岁的老年人按月发放的生活津贴，其中对年满100周岁的老年人发放的高龄津贴称为百岁老人长寿补助金。"),
("第三条", "经济困难老年人补贴和高龄津贴工作坚持政府主导、公开公正、应补尽补、动态管理的原则，实行市级统筹、县级负责、乡镇（街道）经办。"),
("第四条", "市民政局负责全市经济困难老年人补贴和高龄津贴的统筹管理、政策指导和监督检查；市财政局负责市级补助资金的预算安排和拨付；市卫生健康委负责指导失能等级评估中的医疗卫生专业支持；市公安局负责提供户籍和死亡注销信息；市医疗保障局负责共享医保参保和长期护理相关信息。"),
(None, "县（市、区）民政部门负责本辖区补贴和津贴的审核确认、资金发放和动态管理；乡镇人民政府（街道办事处）负责申请受理、入户核查和初审；村（居）民委员会协助做好政策宣传、信息收集和公示工作。"),
]),
("第二章　补贴对象和标准", [
("第五条", "经济困难老年人养老服务补贴的对象为具有本市户籍、年满60周岁的城乡最低生活保障对象中的老年人。补贴标准为每人每月80元，以养老服务券形式发放，专项用于购买助餐、助洁、助浴、助医等居家养老服务，服务券当年有效，不得兑换现金。"),
("第六条", "经济困难失能老年人护理补贴的对象为具有本市户籍、年满60周岁，属于城乡最低生活保障对象或低保边缘家庭成员，且经评估为失能的老年人。护理补贴按照轻度失能、中度失能、重度失能三个等级分档发放，具体标准见附表《保山市老年人补贴津贴标准表》。已纳入特困人员供养并享受特困人员护理补贴的，不再重复享受护理补贴。"),
("第七条", "高龄津贴的对象为具有本市户籍、年满80周岁的老年人，不受经济状况限制。高龄津贴按照年龄分档发放，具体标准见附表。"),
("第八条", "自2025年7月1日起，调整高龄津贴标准：年满80周岁不满90周岁的，由原每人每月30元提高到每人每月50元；年满90周岁不满100周岁的，由原每人每月60元提高到每人每月100元；年满100周岁及以上的百岁老人长寿补助金保持每人每月300元不变。2025年6月30日前的高龄津贴仍按原标准发放，不予追溯补发差额。"),
("第九条", "符合条件的老年人可以同时享受高龄津贴和经济困难老年人补贴。同一老年人同时符合经济困难老年人养老服务补贴和护理补贴条件的，可以同时享受。老年人年龄跨入更高档次的，自跨档次月起按新档次标准发放。"),
]),
("第三章　申请和审核", [
("第十条", "申请经济困难老年人补贴或高龄津贴，由老年人本人或其委托的代理人向户籍所在地乡镇人民政府（街道办事处）提出书面申请，也可通过“一部手机办事通”在线申请。申请时应提交居民身份证、户口簿；申请护理补贴的，还应提交失能等级评估申请表。"),
("第十一条", "乡镇人民政府（街道办事处）应当自受理申请之日起10个工作日内完成入户核查和初审，并在申请人所在村（居）务公开栏公示，公示期为7日。公示无异议的，报县（市、区）民政部门审核。"),
("第十二条", "县（市、区）民政部门应当自收到初审材料之日起15个工作日内完成审核确认。符合条件的，自审核确认的次月起发放；不符合条件的，书面告知申请人并说明理由。高龄津贴自老年人年满80周岁的次月起计发，但申请时间距年满80周岁超过6个月的，最多补发6个月。"),
("第十三条", "失能等级评估由县（市、区）民政部门会同卫生健康部门委托具备资质的第三方评估机构，按照《老年人能力评估规范》（GB/T 42195—2022）开展，评估费用由县级财政承担，不向申请人收取。评估结果有效期为2年，有效期满后需重新评估；有效期内失能状况明显变化的，可申请重新评估。"),
]),
("第四章　资金管理", [
("第十四条", "高龄津贴中80—99周岁档所需资金由市、县两级财政按4:6比例分担；百岁老人长寿补助金由市级财政全额承担。经济困难失能老年人护理补贴所需资金由市、县两级财政按3:7比例分担；经济困难老年人养老服务补贴所需资金由县级财政承担。"),
("第十五条", "补贴和津贴实行社会化发放，由县（市、区）民政部门于每月15日前通过惠民惠农财政补贴资金“一卡通”直接发放至本人社会保障卡或银行账户。任何单位和个人不得截留、挤占、挪用。"),
("第十六条", "县（市、区）民政部门应当于每年1月31日前将上年度资金发放情况报市民政局、市财政局备案。"),
]),
("第五章　监督管理", [
("第十七条", "享受补贴和津贴的老年人死亡、户籍迁出本市或者不再符合条件的，其本人、近亲属或者代理人应当在1个月内向乡镇人民政府（街道办事处）报告，自次月起停止发放。"),
("第十八条", "县（市、区）民政部门每年第四季度对享受对象开展一次生存状况认证，可采取人脸识别、入户核查等方式进行。未按期完成认证的暂停发放，完成认证后恢复发放并补发暂停期间的津贴。"),
("第十九条", "以虚报、隐瞒、伪造等手段骗取补贴和津贴的，由县（市、区）民政部门追回已发放资金，并记入个人信用记录；构成犯罪的，依法追究刑事责任。工作人员滥用职权、玩忽职守、徇私舞弊的，依法依规追究责任。"),
("第二十条", "任何单位和个人可通过12345政务服务便民热线或市民政局监督电话对补贴发放中的违规问题进行投诉举报。"),
]),
("第六章　附则", [
("第二十一条", "本办法由保山市民政局负责解释。"),
("第二十二条", "本办法自2025年7月1日起施行，有效期5年。《保山市人民政府办公室关于印发保山市高龄老年人津贴发放管理办法的通知》（保政办发〔2019〕45号）同时废止。"),
]),
]

for title, arts in CHAPTERS:
    para(title, "黑体", 16, align="center")
    for num, body in arts:
        if num:
            article(num, body)
        else:
            para(body)

# ---------- 附表 ----------
para("附表", "黑体", 16, indent=False)
para("保山市老年人补贴津贴标准表", "方正小标宋简体", 18, align="center")

HEADER = ["补贴类别", "享受条件", "补贴标准", "资金承担"]
ROWS = [
    ["高龄津贴", "年满80周岁不满90周岁", "每人每月50元（原标准30元）", "市、县财政按4:6分担"],
    ["高龄津贴", "年满90周岁不满100周岁", "每人每月100元（原标准60元）", "市、县财政按4:6分担"],
    ["高龄津贴", "年满100周岁及以上（百岁老人长寿补助金）", "每人每月300元", "市级财政全额承担"],
    ["经济困难失能老年人护理补贴", "经评估为轻度失能", "每人每月60元", "市、县财政按3:7分担"],
    ["经济困难失能老年人护理补贴", "经评估为中度失能", "每人每月120元", "市、县财政按3:7分担"],
    ["经济困难失能老年人护理补贴", "经评估为重度失能", "每人每月200元", "市、县财政按3:7分担"],
    ["经济困难老年人养老服务补贴", "年满60周岁的城乡低保对象", "每人每月80元（以养老服务券形式发放）", "县级财政承担"],
]
NOTE = "注：同一老年人符合多项补贴条件的，按本办法第九条规定执行；护理补贴与特困人员护理补贴不重复享受。"
MERGES = [  # (col, first_row, last_row) in data-row indices
    (0, 0, 2), (3, 0, 1), (0, 3, 5), (3, 3, 5),
]

table = doc.add_table(rows=1 + len(ROWS), cols=4)
table.style = "Table Grid"
table.alignment = WD_TABLE_ALIGNMENT.CENTER
for j, h in enumerate(HEADER):
    c = table.cell(0, j); c.text = ""
    r = c.paragraphs[0].add_run(h); set_font(r, "黑体", 12)
    c.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
merged_skip = set()
for col, a, b in MERGES:
    for i in range(a + 1, b + 1):
        merged_skip.add((i, col))
for i, row in enumerate(ROWS):
    for j, val in enumerate(row):
        if (i, j) in merged_skip:
            continue
        c = table.cell(i + 1, j); c.text = ""
        r = c.paragraphs[0].add_run(val); set_font(r, "仿宋_GB2312", 12)
for col, a, b in MERGES:
    table.cell(a + 1, col).merge(table.cell(b + 1, col))
para(NOTE, size=12, indent=False)

para("保山市人民政府办公室", align="right")
para("2025年5月20日", align="right")
para("（此件公开发布）", indent=False)

doc.save(OUT)
print("wrote", OUT)
