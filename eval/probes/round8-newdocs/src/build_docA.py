# -*- coding: utf-8 -*-
"""Build docA.pdf (迪庆州 实施方案) with reportlab + STSong-Light CID font.
Also writes text/docA.txt = canonical visible text (paragraph per line,
tables flattened one cell per line; running header/footer excluded)."""
import os
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT, TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import (BaseDocTemplate, PageTemplate, Frame, Paragraph,
                                Spacer, Table, TableStyle, PageBreak, KeepTogether)
from reportlab.pdfgen import canvas as rl_canvas

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
pdfmetrics.registerFont(UnicodeCIDFont('STSong-Light'))
F = 'STSong-Light'

DOCNO = '迪政办发〔2024〕18号'
ISSUER = '迪庆藏族自治州人民政府办公室'

# ---------------------------------------------------------------- content
# (kind, payload)
C = []
def add(kind, payload=None):
    C.append((kind, payload))

add('redhead', '迪庆藏族自治州人民政府办公室文件')
add('docno', DOCNO)
add('title', '迪庆藏族自治州人民政府办公室关于印发迪庆州“一老一小”服务能力提升实施方案（2024—2026年）的通知')
add('addressee', '香格里拉市、德钦县、维西县人民政府，州直各委、办、局：')
add('p', '《迪庆州“一老一小”服务能力提升实施方案（2024—2026年）》已经州人民政府第二十三次常务会议研究同意，现印发给你们，请结合实际认真贯彻落实。')
add('sign', ISSUER)
add('sign', '2024年5月20日')
add('center', '（此件公开发布）')
add('pagebreak')
add('title', '迪庆州“一老一小”服务能力提升实施方案（2024—2026年）')
add('p', '为深入实施积极应对人口老龄化国家战略，加快补齐高海拔民族地区养老托育服务短板，根据《云南省推进养老服务高质量发展三年行动方案（2024—2026年）》《云南省人民政府办公厅关于促进养老托育服务健康发展的实施意见》等文件精神，结合我州实际，制定本方案。')
add('h1', '一、基本情况')
add('p', '截至2023年底，全州常住人口38.7万人，其中60周岁及以上老年人口5.12万人，占常住人口的13.2%；80周岁及以上高龄老年人6100人；3岁以下婴幼儿1.14万人。全州共有养老机构21个，其中公办养老机构18个、社会力量举办养老机构3个，养老床位1860张，护理型床位占比38.5%；建成城乡社区居家养老服务中心（站）142个。全州共有提供托育服务的机构17家，托位830个，每千人口拥有3岁以下婴幼儿托位数2.14个。')
add('p', '全州平均海拔3380米，德钦县、香格里拉市部分乡镇海拔在3000米以上，老年人高原性疾病多发，养老托育服务设施建设和运营成本明显高于全省平均水平，服务供给总量不足、专业人才短缺、农村服务网络薄弱等问题仍较突出。')
add('h1', '二、总体目标')
add('p', '到2026年底，全州基本建成覆盖城乡、布局合理、医养康养相结合的养老服务体系和普惠托育服务体系。养老机构护理型床位占比不低于60%，每个县（市）至少建有1所县级失能特困人员供养服务机构，乡镇（街道）区域养老服务中心覆盖率达到65%，特殊困难老年人月探访率达到100%；每千人口拥有3岁以下婴幼儿托位数达到3.6个，普惠托位占比不低于60%。分年度目标任务详见附件1。')
add('h1', '三、重点任务')
add('h2', '（一）健全基本养老服务保障')
add('p', '1.落实高龄津贴提标。自2024年7月1日起，调整全州高龄老年人津贴标准：80至89周岁老年人由每人每月50元提高到每人每月80元；90至99周岁老年人由每人每月100元提高到每人每月150元；100周岁及以上老年人保持每人每月600元不变。高龄津贴所需资金由州、县两级财政按5:5比例分担。老年人年龄以公安机关核发的居民身份证登记的出生日期为准，高龄津贴按月发放至老年人本人社会保障卡。（责任单位：州民政局、州财政局，各县〔市〕人民政府。以下均需各县〔市〕人民政府落实，不再列出）')
add('p', '2.开展特殊困难老年人探访关爱。2024年9月30日前，各县（市）完成辖区内独居、空巢、留守、失能、重残、计划生育特殊家庭等特殊困难老年人摸底排查，建立基础台账并实行动态管理。依托村（社区）“两委”干部、网格员、志愿者等力量，每月至少上门探访1次，重点了解老年人生活状况、健康状况和安全隐患，及时协调解决实际困难。（责任单位：州民政局、州卫生健康委）')
add('p', '3.推进特殊困难老年人家庭适老化改造。对纳入分散供养特困人员和最低生活保障对象范围的失能、半失能、高龄、残疾老年人家庭，实施居家适老化改造，每户改造补助资金不超过3000元，2024—2026年累计完成改造不少于600户。改造项目由老年人或其家属自愿申请，经村（社区）初审、乡镇（街道）审核、县（市）民政部门审批后实施。（责任单位：州民政局、州残联、州财政局）')
add('p', '4.提升特困人员供养服务能力。推动敬老院升级转型，2025年12月31日前，每个县（市）至少建有1所以失能、半失能特困人员专业照护为主的县级供养服务机构，失能特困人员集中供养率不低于60%。公办养老机构在满足特困人员集中供养需求的前提下，可将空余床位向社会老年人开放。（责任单位：州民政局、州发展改革委、州财政局）')
add('h2', '（二）发展居家社区养老服务')
add('p', '5.建设乡镇（街道）区域养老服务中心。依托敬老院、闲置校舍等资源，改扩建一批具备全托、日托、上门服务、区域协调指导等功能的乡镇（街道）区域养老服务中心。对新建成并通过验收的乡镇（街道）区域养老服务中心，州级财政给予每个一次性建设补助30万元。（责任单位：州民政局、州发展改革委、州财政局）')
add('p', '6.发展农村互助养老服务。充分发挥藏族、傈僳族等少数民族邻里互助传统，以行政村为单位建设农村互助养老服务站，提供助餐、助洁、精神慰藉等服务。对新建农村互助养老服务站，每个给予一次性建设补助5万元；对年度运营评估等级为合格及以上的，每年给予运营补助1万元。（责任单位：州民政局、州财政局、州农业农村局）')
add('p', '7.推进家庭养老床位建设。支持养老服务机构为居家失能、半失能老年人建设家庭养老床位，开展适老化改造、安装智能监测设备并提供上门照护服务。对建设家庭养老床位并签订服务协议满6个月的养老服务机构，按每张床位2000元给予一次性建设补助，2024—2026年累计建设家庭养老床位900张。（责任单位：州民政局、州财政局）')
add('p', '8.发展老年助餐服务。在城镇社区和人口较为集中的行政村建设老年幸福食堂，为老年人提供就餐、送餐服务。对80周岁及以上老年人和低保、特困老年人在老年幸福食堂就餐的，每餐给予3元补助，每人每天最多补助2餐。（责任单位：州民政局、州财政局、州市场监管局）')
add('h2', '（三）加强高海拔地区养老服务保障')
add('p', '9.实施高海拔运营补助。对在海拔3000米以上乡镇运营、且实际入住老年人不少于10人的养老机构，在享受现有运营补贴的基础上，按照实际入住老年人数每人每年增加600元高海拔运营补助。（责任单位：州民政局、州财政局）')
add('p', '10.完善供氧取暖设施。2025年10月31日前，海拔3000米以上乡镇的公办养老机构全部完成集中供氧设施和冬季取暖设施配备，并建立设施日常维护制度。（责任单位：州民政局、州卫生健康委、州住房城乡建设局）')
add('h2', '（四）促进医养康养结合')
add('p', '11.深化医养签约服务。养老机构与周边医疗卫生机构签约合作率达到100%，乡镇卫生院、社区卫生服务中心每月至少为签约养老机构提供1次巡诊服务。支持州藏医院、县（市）藏医院发挥藏医药特色优势，开展老年病防治和康复护理服务。（责任单位：州卫生健康委、州民政局、州医保局）')
add('h2', '（五）扩大普惠托育服务供给')
add('p', '12.支持普惠托育机构建设运营。对新建、改扩建并经卫生健康部门备案的普惠托育机构，按照新增托位每个8000元给予一次性建设补助；对普惠托育机构按照实际收托3岁以下婴幼儿人数每人每年1200元给予运营补助。普惠托育机构收费标准不高于当地同类非普惠托育机构平均收费水平的80%。（责任单位：州卫生健康委、州财政局、州发展改革委）')
add('p', '13.推进托育综合服务中心建设。2025年12月底前，州级和香格里拉市、德钦县、维西县各建成1个具有示范引领、指导培训等功能的托育综合服务中心。（责任单位：州卫生健康委、州发展改革委）')
add('p', '14.推进托幼一体化。支持有条件的公办幼儿园利用富余资源开设托班，招收2至3岁幼儿。到2026年底，全州公办幼儿园开设托班比例达到50%。鼓励机关、企事业单位和园区为职工提供福利性托育服务。（责任单位：州教育体育局、州卫生健康委、州总工会）')
add('h2', '（六）加强人才队伍建设')
add('p', '15.实施养老护理员奖补。对在州内养老机构连续从业满2年、取得养老护理员职业技能等级证书的一线护理人员，给予一次性奖励：初级工2000元、中级工3000元、高级工及以上5000元。同一人员按最高等级享受一次，不重复享受。（责任单位：州人力资源社会保障局、州民政局、州财政局）')
add('p', '16.加强养老托育人才培训。每年培训养老护理员不少于300人次、育婴员和保育师不少于200人次，培训合格的按规定享受职业技能培训补贴。（责任单位：州人力资源社会保障局、州卫生健康委、州民政局）')
add('h1', '四、保障措施')
add('p', '（一）加强组织领导。建立迪庆州“一老一小”工作联席会议制度，由分管副州长任召集人，州民政局、州卫生健康委、州发展改革委、州财政局、州人力资源社会保障局、州教育体育局等部门为成员单位。联席会议办公室设在州民政局，托育服务工作由州卫生健康委牵头负责。')
add('p', '（二）强化资金保障。州、县两级每年将不低于55%的本级福利彩票公益金用于支持养老服务发展。州级财政每年安排“一老一小”专项资金，用于高龄津贴州级分担、乡镇（街道）区域养老服务中心建设、普惠托育机构建设等，分年度安排详见附件2。')
add('p', '（三）加强督导考核。将“一老一小”工作纳入对各县（市）的年度综合考核内容。各县（市）于每年12月20日前将本年度工作进展情况报送州联席会议办公室，州联席会议办公室每年组织1次专项督导。')
add('p', '附件：1.迪庆州“一老一小”服务能力提升年度目标任务表')
add('pind', '2.2024—2026年州级“一老一小”专项资金安排表')
add('pagebreak')
add('left', '附件1')
add('title', '迪庆州“一老一小”服务能力提升年度目标任务表')
T1 = [
    ['序号', '指标名称', '单位', '2024年', '2025年', '2026年', '责任单位'],
    ['1', '养老机构护理型床位占比', '%', '45', '52', '60', '州民政局'],
    ['2', '乡镇（街道）区域养老服务中心覆盖率', '%', '40', '55', '65', '州民政局'],
    ['3', '特殊困难老年人月探访率', '%', '100', '100', '100', '州民政局'],
    ['4', '居家适老化改造', '户', '150', '200', '250', '州民政局、州残联'],
    ['5', '家庭养老床位', '张', '200', '300', '400', '州民政局'],
    ['6', '新建农村互助养老服务站', '个', '20', '25', '30', '州民政局、州农业农村局'],
    ['7', '每千人口拥有3岁以下婴幼儿托位数', '个', '2.5', '3.0', '3.6', '州卫生健康委'],
    ['8', '新增普惠托位', '个', '300', '350', '400', '州卫生健康委'],
    ['9', '公办幼儿园开设托班比例', '%', '30', '40', '50', '州教育体育局'],
    ['10', '培训养老护理员', '人次', '300', '300', '350', '州人力资源社会保障局'],
]
add('table1', T1)
add('pagebreak')
add('left', '附件2')
add('title', '2024—2026年州级“一老一小”专项资金安排表')
add('right', '单位：万元')
T2 = [
    ['序号', '项目', '2024年', '2025年', '2026年', '小计'],
    ['1', '高龄津贴州级分担', '420', '450', '480', '1350'],
    ['2', '乡镇（街道）区域养老服务中心建设补助', '180', '210', '240', '630'],
    ['3', '农村互助养老服务站建设和运营补助', '150', '175', '200', '525'],
    ['4', '家庭养老床位建设和居家适老化改造补助', '85', '120', '155', '360'],
    ['5', '普惠托育机构建设补助', '240', '280', '320', '840'],
    ['6', '养老护理员奖补和培训', '25', '45', '60', '130'],
    ['合计', '', '1100', '1280', '1455', '3835'],   # 合计 spans 序号+项目
]
# sanity: sums
for r in T2[1:-1]:
    assert sum(int(x) for x in r[2:5]) == int(r[5]), r
for j in range(2, 6):
    assert sum(int(r[j]) for r in T2[1:-1]) == int(T2[-1][j]), j
add('table2', T2)

# ---------------------------------------------------------------- canonical text
def canonical():
    out = []
    for kind, pl in C:
        if kind == 'pagebreak':
            continue
        if kind in ('table1', 'table2'):
            for row in pl:
                for cell in row:
                    if cell != '':
                        out.append(cell)
        else:
            out.append(pl)
    return '\n'.join(out) + '\n'

# ---------------------------------------------------------------- styles
BODY = ParagraphStyle('body', fontName=F, fontSize=12, leading=21, firstLineIndent=24,
                      alignment=TA_JUSTIFY, wordWrap='CJK', spaceAfter=2)
PIND = ParagraphStyle('pind', parent=BODY, firstLineIndent=0, leftIndent=60)
TITLE = ParagraphStyle('title', fontName=F, fontSize=17, leading=28, alignment=TA_CENTER,
                       wordWrap='CJK', spaceBefore=6, spaceAfter=14)
H1 = ParagraphStyle('h1', parent=BODY, fontSize=13, spaceBefore=6)
H2 = ParagraphStyle('h2', parent=BODY, fontSize=12.5)
ADDR = ParagraphStyle('addr', parent=BODY, firstLineIndent=0)
SIGN = ParagraphStyle('sign', parent=BODY, alignment=TA_RIGHT, firstLineIndent=0, rightIndent=24)
CENTER = ParagraphStyle('center', parent=BODY, alignment=TA_CENTER, firstLineIndent=0)
LEFT = ParagraphStyle('left', parent=BODY, alignment=TA_LEFT, firstLineIndent=0, fontSize=13)
RIGHT = ParagraphStyle('right', parent=BODY, alignment=TA_RIGHT, firstLineIndent=0, fontSize=10.5)
RED = ParagraphStyle('red', fontName=F, fontSize=26, leading=36, alignment=TA_CENTER,
                     textColor=colors.HexColor('#D40000'), spaceBefore=30, spaceAfter=18)
DOCNO_S = ParagraphStyle('docno', fontName=F, fontSize=12, leading=18, alignment=TA_CENTER, spaceAfter=4)
CELL = ParagraphStyle('cell', fontName=F, fontSize=9.5, leading=13, alignment=TA_CENTER, wordWrap='CJK')
CELL_L = ParagraphStyle('cellL', parent=CELL, alignment=TA_LEFT)


class RedLine(Spacer):
    def __init__(self):
        super().__init__(1, 10)
    def draw(self):
        c = self.canv
        c.setStrokeColor(colors.HexColor('#D40000'))
        c.setLineWidth(1.6)
        c.line(0, 5, 160 * mm, 5)


def story():
    s = []
    for kind, pl in C:
        if kind == 'redhead':
            s.append(Paragraph(pl, RED))
        elif kind == 'docno':
            s.append(Paragraph(pl, DOCNO_S)); s.append(RedLine()); s.append(Spacer(1, 10))
        elif kind == 'title':
            s.append(Paragraph(pl, TITLE))
        elif kind == 'addressee':
            s.append(Paragraph(pl, ADDR))
        elif kind == 'p':
            s.append(Paragraph(pl, BODY))
        elif kind == 'pind':
            s.append(Paragraph(pl, PIND))
        elif kind == 'h1':
            s.append(Paragraph(pl, H1))
        elif kind == 'h2':
            s.append(Paragraph(pl, H2))
        elif kind == 'sign':
            if pl == ISSUER:
                s.append(Spacer(1, 36))
            s.append(Paragraph(pl, SIGN))
        elif kind == 'center':
            s.append(Paragraph(pl, CENTER))
        elif kind == 'left':
            s.append(Paragraph(pl, LEFT))
        elif kind == 'right':
            s.append(Paragraph(pl, RIGHT))
        elif kind == 'pagebreak':
            s.append(PageBreak())
        elif kind in ('table1', 'table2'):
            data = [[Paragraph(c, CELL_L if (j == 1 and i > 0) else CELL) for j, c in enumerate(r)]
                    for i, r in enumerate(pl)]
            if kind == 'table1':
                widths = [10*mm, 52*mm, 12*mm, 16*mm, 16*mm, 16*mm, 38*mm]
                t = Table(data, colWidths=widths, repeatRows=1)
                st = []
            else:
                widths = [12*mm, 70*mm, 20*mm, 20*mm, 20*mm, 20*mm]
                t = Table(data, colWidths=widths, repeatRows=1)
                st = [('SPAN', (0, len(pl)-1), (1, len(pl)-1))]
            t.setStyle(TableStyle(st + [
                ('GRID', (0, 0), (-1, -1), 0.6, colors.black),
                ('VALIGN', (0, 0), (-1, -1), 'MIDDLE'),
                ('BACKGROUND', (0, 0), (-1, 0), colors.HexColor('#EFEFEF')),
                ('TOPPADDING', (0, 0), (-1, -1), 3), ('BOTTOMPADDING', (0, 0), (-1, -1), 3),
            ]))
            s.append(t)
    return s


class NumberedCanvas(rl_canvas.Canvas):
    """Two-pass canvas so the footer can say '第 n 页 共 N 页'."""
    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self._saved = []
    def showPage(self):
        self._saved.append(dict(self.__dict__))
        self._startPage()
    def save(self):
        n = len(self._saved)
        for st in self._saved:
            self.__dict__.update(st)
            self.draw_chrome(n)
            super().showPage()
        super().save()
    def draw_chrome(self, total):
        w, h = A4
        pg = self._pageNumber
        self.saveState()
        self.setFont(F, 8.5)
        self.setFillColor(colors.HexColor('#555555'))
        self.drawString(25*mm, h - 14*mm, '迪庆藏族自治州人民政府门户网站 · 政府信息公开')
        self.drawRightString(w - 25*mm, h - 14*mm, DOCNO)
        self.setStrokeColor(colors.HexColor('#999999')); self.setLineWidth(0.4)
        self.line(25*mm, h - 15.5*mm, w - 25*mm, h - 15.5*mm)
        self.setFont(F, 11); self.setFillColor(colors.black)
        self.drawCentredString(w / 2, 13*mm, '— %d —' % pg)
        self.setFont(F, 7.5); self.setFillColor(colors.HexColor('#777777'))
        self.drawRightString(w - 25*mm, 13*mm, '第%d页 共%d页' % (pg, total))
        self.restoreState()


def build():
    out = os.path.join(ROOT, 'docA.pdf')
    doc = BaseDocTemplate(out, pagesize=A4, leftMargin=25*mm, rightMargin=25*mm,
                          topMargin=24*mm, bottomMargin=24*mm,
                          title='迪庆藏族自治州人民政府办公室关于印发迪庆州“一老一小”服务能力提升实施方案（2024—2026年）的通知',
                          author=ISSUER, subject=DOCNO)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id='f')
    doc.addPageTemplates([PageTemplate(id='p', frames=[frame])])
    doc.build(story(), canvasmaker=NumberedCanvas)
    with open(os.path.join(ROOT, 'text', 'docA.txt'), 'w', encoding='utf-8') as f:
        f.write(canonical())
    print('wrote', out)


if __name__ == '__main__':
    build()
