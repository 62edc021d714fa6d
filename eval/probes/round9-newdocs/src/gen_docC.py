# -*- coding: utf-8 -*-
"""Generate docC: 会泽县 县政府办公室 通知 + 若干措施, PDF with text layer (STSong-Light)."""
from pathlib import Path
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.enums import TA_CENTER, TA_RIGHT, TA_JUSTIFY
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import SimpleDocTemplate, Paragraph, Spacer, Table, TableStyle

ROOT = Path(__file__).resolve().parent.parent
FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

HEADER = "会泽县人民政府办公室　会政办发〔2025〕9号"

# ("title"|"doc_no"|"p"|"h"|"right"|"table"|"caption", text/rows)
BLOCKS = [
    ("redhead", "会泽县人民政府办公室文件"),
    ("doc_no", "会政办发〔2025〕9号"),
    ("title", "会泽县人民政府办公室关于印发会泽县支持养老托育服务高质量发展若干措施的通知"),
    ("p0", "各乡（镇）人民政府、街道办事处，县直各部门："),
    ("p", "《会泽县支持养老托育服务高质量发展若干措施》已经县人民政府第26次常务会议研究同意，现印发给你们，请结合实际认真贯彻执行。各乡（镇）人民政府、街道办事处要于2025年4月30日前完成辖区内高龄老年人信息核对，确保新标准按时兑现到位。"),
    ("right", "会泽县人民政府办公室"),
    ("right", "2025年3月28日"),
    ("p0", "（此件公开发布）"),
    ("title", "会泽县支持养老托育服务高质量发展若干措施"),
    ("p", "为加快补齐全县养老托育服务短板，更好满足人民群众“一老一小”服务需求，根据《曲靖市促进养老托育服务健康发展实施方案》等文件精神，结合我县实际，制定以下措施。截至2024年底，全县60周岁以上老年人口达14.2万人，占总人口的15.8%；3岁以下婴幼儿约2.6万人，每千人口拥有托位数仅为2.1个，养老托育服务供需矛盾较为突出。"),
    ("h", "一、提高老年人补贴标准"),
    ("p", "1、提高高龄补贴。自2025年4月1日起，对具有会泽县户籍的80周岁以上老年人发放高龄补贴，标准如下："),
    ("p", "①80至89周岁老年人，由每人每月30元提高到每人每月60元；"),
    ("p", "②90至99周岁老年人，由每人每月80元提高到每人每月150元；"),
    ("p", "③100周岁以上老年人，每人每月600元，另于每年重阳节发放一次性慰问金1000元。"),
    ("p", "2、实施失能老年人照护补贴。对经评估为重度失能、且家庭人均收入低于当地最低生活保障标准2倍的老年人，每人每月发放照护补贴250元。已入住政府供养机构的特困人员不再重复享受。"),
    ("p", "3、支持农村互助养老。对运营良好、年度考核合格的农村互助养老服务站，运营补贴由每个每年8000元提高到每个每年12000元。到2026年底，全县农村互助养老服务站达到120个，覆盖60%以上的行政村。"),
    ("p", "4、支持养老机构收住失能老年人。对在县民政局备案的民办养老机构，收住本县户籍失能、半失能老年人的，按实际收住人数每人每月给予床位运营补贴100元，入住满1个月方可计算。"),
    ("h", "二、支持普惠托育服务发展"),
    ("p", "5、托位建设补助。对新建并经县卫生健康局备案的普惠托育机构，每个新增托位一次性补助5000元，同一机构补助托位数不超过80个。"),
    ("p", "6、婴幼儿入托补助。对在县内备案托育机构入托的3周岁以下婴幼儿，家庭为低保户、特困供养或脱贫不稳定户的，每名婴幼儿每月补助保育费200元；多孩家庭第二孩及以上入托的，每名每月补助100元。以上两项不重复享受，符合多项条件的按最高标准执行。"),
    ("p", "7、支持用人单位办托。鼓励机关、企事业单位、产业园区为职工提供托育服务，对提供普惠托位的用人单位，给予每个托位一次性补助3000元。"),
    ("p", "8、加强托育人才培养。县人力资源社会保障局每年组织保育人员职业技能培训不少于200人次，对新取得保育师职业技能等级证书并在县内托育机构从业的人员，给予一次性奖励500元。"),
    ("p", "9、明确托育发展目标。到2025年底，全县每千人口拥有3岁以下婴幼儿托位数达到3.5个；到2027年底达到4.6个，每个乡（镇）至少有1个普惠托育服务点。"),
    ("h", "三、强化医养康养结合"),
    ("p", "10、推进医养结合。支持乡镇卫生院利用闲置床位开展医养结合服务，对医养结合机构给予奖补，具体办法由县卫生健康局会同县财政局另行制定。"),
    ("p", "11、做实家庭医生签约服务。到2025年底，65周岁以上老年人家庭医生签约率达到75%以上，失能老年人上门医疗服务覆盖率达到60%。县域内二级以上医疗机构全部设立老年人就医绿色通道，为80周岁以上老年人提供挂号、就诊、取药优先服务。每年为65周岁以上老年人免费开展1次健康体检。"),
    ("p", "12、发展老年助餐服务。依托村（社区）综合服务中心建设老年食堂和助餐点，到2026年底，城镇社区老年助餐服务覆盖率达到80%，农村达到40%。"),
    ("h", "四、申请与发放"),
    ("p", "13、申请程序。补贴申请按以下步骤办理："),
    ("p", "①本人或委托人向户籍所在地村（社区）提出申请，填写《会泽县养老托育补贴申请表》；"),
    ("p", "②村（社区）在7个工作日内完成初审，并在村（社区）公示栏公示5天；"),
    ("p", "③乡（镇）人民政府、街道办事处在5个工作日内完成复核；"),
    ("p", "④县民政局（托育类补贴为县卫生健康局）在10个工作日内审定；"),
    ("p", "⑤县财政局将资金直接拨付至申请人社会保障卡或托育机构账户。"),
    ("p", "14、补贴标准汇总。各项补贴标准及2025年县级预算安排见下表。"),
    ("caption", "会泽县养老托育补贴标准及2025年县级预算表"),
    ("table", [
        ["项目", "对象", "标准", "发放方式", "2025年预算（万元）"],
        ["高龄补贴", "80至89周岁老年人", "每人每月60元", "按月发放至社保卡", "420"],
        ["高龄补贴", "90至99周岁老年人", "每人每月150元", "按月发放至社保卡", "95"],
        ["高龄补贴", "100周岁以上老年人", "每人每月600元", "按月发放至社保卡", "18"],
        ["失能老年人照护补贴", "重度失能低收入老年人", "每人每月250元", "按月发放至社保卡", "150"],
        ["小计（养老类）", "—", "—", "—", "683"],
        ["互助养老运营补贴", "考核合格的服务站", "每个每年12000元", "年度考核后拨付", "108"],
        ["托位建设补助", "备案普惠托育机构", "每个新增托位5000元", "验收后一次性拨付", "100"],
        ["婴幼儿入托补助", "困难家庭婴幼儿", "每人每月200元", "按月拨付托育机构", "36"],
        ["合计", "—", "—", "—", "927"],
    ]),
    ("h", "五、组织保障"),
    ("p", "15、责任分工。县民政局负责养老类补贴的审核发放和农村互助养老服务站考核；县卫生健康局负责托育类补贴和医养结合工作；县财政局负责资金筹措和拨付；县医疗保障局负责协助开展失能评估；各乡（镇）人民政府、街道办事处负责政策宣传和初审工作。各有关部门要按照职责分工，于每年12月10日前将年度工作完成情况报送县民政局汇总后报县人民政府。"),
    ("p", "16、强化资金保障。县财政将补贴资金纳入年度预算，足额保障；县本级福利彩票公益金用于养老服务的比例不低于55%。各乡（镇）、街道不得擅自降低补贴标准或截留挪用补贴资金。"),
    ("p", "17、加强监督管理。对虚报冒领、套取补贴资金的，由县民政局、县卫生健康局责令退回，并依法依规追究相关人员责任。县审计局每年对补贴资金使用情况开展专项审计。"),
    ("p", "18、政策咨询。县民政局养老服务股，电话0874-5122364；县卫生健康局人口家庭股，电话0874-5125871。"),
    ("p", "19、实施时间。本措施自2025年4月1日起施行，有效期3年。此前我县有关规定与本措施不一致的，以本措施为准。"),
    ("p0", "抄送：县委办公室，县人大常委会办公室，县政协办公室。"),
    ("p0", "会泽县人民政府办公室　　2025年3月28日印发"),
]


def styles():
    base = dict(fontName=FONT, fontSize=12, leading=22, wordWrap="CJK")
    return {
        "redhead": ParagraphStyle("redhead", fontName=FONT, fontSize=24, leading=34, alignment=TA_CENTER, textColor=colors.red, spaceAfter=6),
        "doc_no": ParagraphStyle("doc_no", fontName=FONT, fontSize=12, leading=20, alignment=TA_CENTER, spaceAfter=12),
        "title": ParagraphStyle("title", fontName=FONT, fontSize=16, leading=26, alignment=TA_CENTER, spaceBefore=10, spaceAfter=10, wordWrap="CJK"),
        "p": ParagraphStyle("p", firstLineIndent=24, alignment=TA_JUSTIFY, **base),
        "p0": ParagraphStyle("p0", **base),
        "h": ParagraphStyle("h", fontName=FONT, fontSize=13, leading=24, spaceBefore=4, wordWrap="CJK"),
        "right": ParagraphStyle("right", fontName=FONT, fontSize=12, leading=22, alignment=TA_RIGHT),
        "caption": ParagraphStyle("caption", fontName=FONT, fontSize=12, leading=20, alignment=TA_CENTER, spaceBefore=6, spaceAfter=4),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=10, leading=14, wordWrap="CJK"),
    }


class NumberedCanvas(rl_canvas.Canvas):
    def __init__(self, *a, **k):
        super().__init__(*a, **k)
        self._saved = []

    def showPage(self):
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        n = len(self._saved)
        for st in self._saved:
            self.__dict__.update(st)
            self.setFont(FONT, 9)
            w, h = A4
            self.drawCentredString(w / 2, h - 15 * mm, HEADER)
            self.line(25 * mm, h - 17 * mm, w - 25 * mm, h - 17 * mm)
            self.drawCentredString(w / 2, 12 * mm, f"第{self._pageNumber}页 共{n}页")
            super().showPage()
        super().save()


def canonical_text():
    out = []
    for kind, val in BLOCKS:
        if kind == "table":
            out.extend("\t".join(r) for r in val)
        else:
            out.append(val)
    return "\n".join(out) + "\n"


def build(path):
    st = styles()
    story = []
    for kind, val in BLOCKS:
        if kind == "table":
            data = [[Paragraph(c, st["cell"]) for c in r] for r in val]
            t = Table(data, colWidths=[32 * mm, 38 * mm, 36 * mm, 34 * mm, 20 * mm], repeatRows=1)
            t.setStyle(TableStyle([
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
            ]))
            story.append(t)
            story.append(Spacer(1, 6))
        else:
            story.append(Paragraph(val, st[kind]))
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm,
                            topMargin=27 * mm, bottomMargin=22 * mm,
                            title="会泽县人民政府办公室关于印发会泽县支持养老托育服务高质量发展若干措施的通知",
                            author="会泽县人民政府办公室")
    doc.build(story, canvasmaker=NumberedCanvas)


def main():
    build(ROOT / "docs" / "docC.pdf")
    text = canonical_text()
    (ROOT / "text" / "docC.txt").write_text(text, encoding="utf-8")
    print("docC written, non-whitespace chars:", sum(1 for ch in text if not ch.isspace()))
    from pypdf import PdfReader
    r = PdfReader(str(ROOT / "docs" / "docC.pdf"))
    for i, p in enumerate(r.pages):
        t = p.extract_text()
        lines = [l for l in t.splitlines() if l.strip()]
        print(f"--- page {i+1}: first={lines[:2]} last={lines[-3:]}")


if __name__ == "__main__":
    main()
