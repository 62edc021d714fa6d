# -*- coding: utf-8 -*-
"""Generate docB.html (大理市人民政府 portal page) and canonical text/docB.txt."""
import os, html

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

META = [
    ("索引号", "11532901MB0T52317K/2025-00231", "发布机构", "大理市人民政府办公室"),
    ("文号", "大市政办发〔2025〕23号", "主题分类", "民政、扶贫、救灾\\其他"),
    ("成文日期", "2025年04月18日", "发布日期", "2025年04月22日"),
    ("有效性", "有效", "公开方式", "主动公开"),
]
TITLE = "大理市人民政府办公室关于印发大理市普惠托育和社区居家养老服务提升实施方案（2025—2027年）的通知"

B = []  # (kind, payload)
def P(t, cls=None): B.append(("p", t, cls))

P("大市政办发〔2025〕23号", "docno")
P("各镇人民政府、街道办事处，市直各有关部门：", "noindent")
P("《大理市普惠托育和社区居家养老服务提升实施方案（2025—2027年）》已经市人民政府第47次常务会议研究同意，现印发给你们，请认真抓好贯彻落实。")
P("大理市人民政府办公室", "right")
P("2025年4月18日", "right")
P("（此件公开发布）", "noindent")
P("大理市普惠托育和社区居家养老服务提升实施方案（2025—2027年）", "subtitle")
P("为深入贯彻落实积极应对人口老龄化国家战略和优化生育支持政策，加快补齐“一老一小”服务短板，根据《云南省人民政府办公厅关于促进养老托育服务健康发展的实施意见》和大理州有关工作部署，结合大理市实际，制定本方案。")
P("一、总体要求", "h")
P("（一）指导思想。坚持以人民为中心的发展思想，坚持政府引导、多方参与、普惠优先、就近便利，统筹推进普惠托育服务体系和社区居家养老服务网络建设，让群众在家门口享受到方便可及、价格可承受、质量有保障的“一老一小”服务。")
P("（二）主要目标。到2027年，全市普惠托育服务体系和社区居家养老服务网络基本建成，每千人口拥有3岁以下婴幼儿托位数达到4.5个，普惠托位占比不低于60%；城市社区养老服务设施实现全覆盖，农村互助养老服务点达到100个，家庭养老床位累计达到800张。分年度目标见下表。")
B.append(("caption", "大理市“一老一小”服务主要指标分年度目标", None))
TABLE = [
    ["指标名称", "单位", "2025年", "2026年", "2027年", "责任单位"],
    ["每千人口拥有3岁以下婴幼儿托位数", "个", "3.8", "4.2", "4.5", "市卫生健康局"],
    ["普惠托位数", "个", "1600", "2000", "2400", "市卫生健康局"],
    ["社区嵌入式托育点", "个", "10", "15", "20", "市卫生健康局、市住房城乡建设局"],
    ["城市社区养老服务设施覆盖率", "%", "90", "95", "100", "市民政局"],
    ["农村互助养老服务点", "个", "60", "80", "100", "市民政局"],
    ["家庭养老床位（累计）", "张", "300", "500", "800", "市民政局"],
    ["老年助餐点", "个", "40", "55", "70", "市民政局、市商务局"],
]
B.append(("table", TABLE, None))
P("二、重点任务", "h")
P("（一）扩大普惠托育服务供给", "h2")
P("1.推进托育设施建设。新建住宅小区按照每千人口不少于10个托位的标准配套建设托育服务设施，与住宅同步规划、同步建设、同步验收、同步交付。老城区和已建成居住区无托育服务设施的，2026年底前通过购置、置换、租赁等方式补齐。（牵头单位：市住房城乡建设局；配合单位：市自然资源局、市卫生健康局）")
P("2.发展社区嵌入式托育。依托社区综合服务设施、党群服务中心等场所建设社区嵌入式托育点，提供全日托、半日托、计时托、临时托等多样化服务。每新增1个普惠托位，给予一次性建设补助3000元。（牵头单位：市卫生健康局；配合单位：市财政局、市民政局，各镇人民政府、街道办事处）")
P("3.支持普惠托育机构运营。对经认定的普惠托育机构，按照实际收托婴幼儿人数给予每人每月200元的运营补助。申请运营补助的机构应当同时符合以下条件：")
B.append(("ol", [
    "在市卫生健康局备案满6个月；",
    "收费标准不高于普惠托育服务收费指导价；",
    "上一年度平均收托率不低于50%；",
    "近一年内未发生安全责任事故，未受到行政处罚。",
], None))
P("普惠托育服务收费指导价由市发展改革局会同市卫生健康局另行制定。（牵头单位：市卫生健康局；配合单位：市财政局、市发展改革局）")
P("4.鼓励用人单位办托。支持机关、企事业单位和产业园区利用自有场所为职工提供福利性托育服务，有条件的可向社区开放。用人单位举办的托育点纳入普惠托育机构管理的，同等享受建设补助和运营补助。（牵头单位：市总工会；配合单位：市卫生健康局、市妇联）")
P("（二）完善社区居家养老服务网络", "h2")
P("1.建设社区养老服务综合体。每个街道至少建成1个具备全托、日托、上门服务、助餐助浴等功能的社区养老服务综合体，社区日间照料中心由街道统一委托专业机构运营。（牵头单位：市民政局；配合单位：市发展改革局、市住房城乡建设局）")
P("2.发展农村互助养老。以行政村为单位，利用闲置村级活动场所、校舍等建设农村互助养老服务点，每个服务点给予一次性建设补助5万元，运营满一年且考核合格的，每年给予运营补助1万元。（牵头单位：市民政局；配合单位：市财政局，各镇人民政府）")
P("3.开展家庭养老床位建设。为经济困难的失能、部分失能老年人家庭实施适老化改造并建设家庭养老床位，家庭养老床位建设补助由每张2000元提高到3000元，并按照每张每月300元的标准给予上门服务补贴，上门服务补贴期限最长不超过12个月。已享受居家适老化改造补助的家庭，不再重复享受家庭养老床位中的适老化改造补助。（牵头单位：市民政局；配合单位：市财政局、市卫生健康局、市残联）")
P("4.推进老年助餐服务。对在老年助餐点就餐的本市户籍60周岁以上老年人给予每餐2元补贴，80周岁以上老年人和经济困难老年人每餐补贴4元，每人每天限补一餐，不叠加享受。（牵头单位：市民政局；配合单位：市商务局、市市场监管局）")
P("（三）强化医养结合和人才支撑", "h2")
P("1.推进医养结合。推动乡镇卫生院、社区卫生服务中心与养老服务设施、托育机构签约合作，到2027年签约率达到100%。（牵头单位：市卫生健康局；配合单位：市民政局、市医疗保障局）")
P("2.加强人才队伍建设。每年培训养老护理员不少于300人次、保育人员不少于200人次。取得养老护理员职业技能等级证书并在本市养老机构连续从业满1年的，给予一次性入职奖励，其中初级2000元、中级3000元、高级及以上5000元。（牵头单位：市人力资源社会保障局；配合单位：市民政局、市卫生健康局、市教育体育局）")
P("3.加强服务质量监管。建立托育机构和养老服务机构“双随机、一公开”联合检查机制，每年对辖区内托育机构、养老服务机构实现检查全覆盖，重点检查消防安全、食品安全、传染病防控和从业人员资质等情况；推广使用全国托育服务信息管理系统和养老服务信息平台，实现机构备案、补贴申领、监督检查“一网通办”。对存在重大安全隐患的机构，依法责令限期整改，整改期间暂停拨付各项补助资金。（牵头单位：市卫生健康局、市民政局；配合单位：市市场监管局、市消防救援大队、市数据局）")
P("4.营造良好社会氛围。充分利用“大理发布”微信公众号、社区宣传栏等渠道，广泛宣传普惠托育和社区居家养老服务政策，每年组织开展“敬老月”“托育服务宣传周”等主题活动，引导家庭科学育儿、积极养老。（牵头单位：市委宣传部；配合单位：市民政局、市卫生健康局、市妇联）")
P("三、工作安排", "h")
P("（一）摸底调查阶段（2025年4月—6月）。2025年6月底前，各镇人民政府、街道办事处要完成以下工作：")
P("（1）辖区内3岁以下婴幼儿和60周岁以上老年人底数摸排；")
P("（2）现有托育、养老服务设施的数量、面积和使用情况统计；")
P("（3）形成“一老一小”服务需求清单，分别报市卫生健康局和市民政局。")
P("（二）集中推进阶段（2025年7月—2026年12月）。各牵头单位按照任务分工制定年度工作计划，每季度末向领导小组办公室报送工作进展。")
P("（三）巩固提升阶段（2027年）。2027年11月底前，市卫生健康局、市民政局分别对托育和养老服务提升情况进行总结评估，形成评估报告报市人民政府。")
P("四、保障措施", "h")
P("（一）加强组织领导。成立由分管副市长任组长的大理市“一老一小”服务工作领导小组，领导小组办公室设在市民政局，办公室主任由市民政局局长兼任，负责统筹协调、督促检查等日常工作。")
P("（二）强化资金保障。市财政局负责将普惠托育建设补助、运营补助和社区居家养老服务各项补贴纳入年度预算，统筹中央和省级补助资金，市本级留存的福利彩票公益金用于支持养老服务的比例不低于55%。")
P("（三）强化督查考核。将本方案落实情况纳入各镇人民政府、街道办事处年度综合考核，考核结果作为评先评优的重要依据；对工作推进不力的，由市人民政府督查室进行通报。")
P("附件：1.大理市普惠托育机构认定指引", "noindent")
P("2.大理市“一老一小”服务重点项目清单", "att2")

HEAD = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="SiteName" content="大理市人民政府">
<meta name="SiteDomain" content="www.yndali.gov.cn">
<meta name="SiteIDCode" content="5329010012">
<meta name="ColumnName" content="市政府办文件">
<meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="2025-04-22 16:35">
<meta name="ContentSource" content="大理市人民政府办公室">
<title>{title}_市政府办文件_大理市人民政府</title>
<link rel="stylesheet" href="/css/common.css?v=20240310">
<link rel="stylesheet" href="/css/xxgk_detail.css">
<script src="/js/jquery-1.12.4.min.js"></script>
<script type="text/javascript">var _hmt = _hmt || [];(function(){{var hm=document.createElement("script");hm.src="https://hm.baidu.com/hm.js?3f2c6a8e0d1b";var s=document.getElementsByTagName("script")[0];s.parentNode.insertBefore(hm,s);}})();</script>
</head>
<body>
<div class="top-bar"><div class="w1200"><span class="date" id="today"></span><a href="javascript:void(0)" id="jtfw">简体</a> | <a href="javascript:void(0)" id="ftfw">繁體</a> | <a href="/wza/index.html">无障碍</a> | <a href="/app/">移动版</a></div></div>
<div class="header"><div class="w1200"><a class="logo" href="/"><img src="/images/logo_dali.png" alt="大理市人民政府"></a>
<form class="search" action="/search/index.html" method="get"><input type="text" name="q" placeholder="请输入关键词"><button type="submit">搜索</button></form></div></div>
<div class="nav"><ul class="w1200">
<li><a href="/">首页</a></li><li><a href="/zwdt/">政务动态</a></li><li class="on"><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/zjdl/">走进大理</a></li>
</ul></div>
<div class="w1200 main">
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/xxgk/">政府信息公开</a> &gt; <a href="/zwgk/xxgk/zcwj/">政策文件</a> &gt; <a href="/zwgk/xxgk/zcwj/szfbwj/">市政府办文件</a></div>
"""

FOOT = """<div class="share"><span>分享到：</span><a class="wx" href="javascript:void(0)">微信</a><a class="wb" href="javascript:void(0)">微博</a></div>
<div class="print-close"><a href="javascript:window.print()">【打印本页】</a><a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div class="footer"><div class="w1200">
<p><a href="/about/">关于我们</a> | <a href="/sitemap/">网站地图</a> | <a href="/contact/">联系我们</a></p>
<p>主办单位：大理市人民政府办公室　承办单位：大理市融媒体中心　联系电话：0872-2121034</p>
<p>网站标识码：5329010012　<a href="https://beian.miit.gov.cn/">滇ICP备05004512号-1</a>　<img src="/images/ga.png" alt="">滇公网安备53290102000123号</p>
<p><span id="_ideConac"><img src="/images/dzjg.png" alt="党政机关"></span> <img src="/images/jiucuo.png" alt="政府网站找错"></p>
</div></div>
<script src="/js/common.js"></script>
<script>document.getElementById("today").innerHTML=new Date().toLocaleDateString("zh-CN");</script>
<script src="/js/jfont.js"></script>
</body>
</html>
"""


def e(s):
    return html.escape(s, quote=False)


def build_html():
    parts = [HEAD.format(title=TITLE)]
    parts.append('<div class="xxgk-meta"><table class="meta-table" cellspacing="0" cellpadding="0">\n<tbody>\n')
    for a, b, c, d in META:
        parts.append(f'<tr><th>{e(a)}：</th><td>{e(b)}</td><th>{e(c)}：</th><td>{e(d)}</td></tr>\n')
    parts.append(f'<tr><th>名　　称：</th><td colspan="3">{e(TITLE)}</td></tr>\n</tbody></table></div>\n')
    parts.append(f'<div class="article"><h1 class="article-title">{e(TITLE)}</h1>\n')
    parts.append('<div class="article-info"><span>来源：大理市人民政府办公室</span><span>发布时间：2025-04-22 16:35</span><span>浏览次数：<em id="hits">1386</em></span><span>字号：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a></span></div>\n')
    parts.append('<div class="TRS_Editor" id="zoom">\n')
    for kind, payload, cls in B:
        if kind == "p":
            style = {
                "docno": ' style="text-align:center;"',
                "right": ' style="text-align:right;"',
                "subtitle": ' style="text-align:center;font-weight:bold;font-size:20px;"',
                "noindent": '',
                "att2": ' style="padding-left:3em;"',
                "h": ' style="text-indent:2em;font-family:黑体;"',
                "h2": ' style="text-indent:2em;font-family:楷体_GB2312;"',
            }.get(cls, ' style="text-indent:2em;"')
            parts.append(f'<p{style}>{e(payload)}</p>\n')
        elif kind == "caption":
            parts.append(f'<p style="text-align:center;"><strong>{e(payload)}</strong></p>\n')
        elif kind == "table":
            parts.append('<table border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse;width:100%;">\n<tbody>\n')
            for i, row in enumerate(payload):
                tag = "th" if i == 0 else "td"
                parts.append("<tr>" + "".join(f"<{tag}>{e(c)}</{tag}>" for c in row) + "</tr>\n")
            parts.append('</tbody></table>\n')
        elif kind == "ol":
            parts.append('<ol style="padding-left:4em;">\n')
            for it in payload:
                parts.append(f'<li>{e(it)}</li>\n')
            parts.append('</ol>\n')
    parts.append('</div>\n')
    parts.append('<div class="attachments"><p>相关附件：</p><ul>'
                 '<li><a href="/uploadfiles/2025/04/20250422163512001.pdf">附件1.大理市普惠托育机构认定指引.pdf</a></li>'
                 '<li><a href="/uploadfiles/2025/04/20250422163512002.xlsx">附件2.大理市“一老一小”服务重点项目清单.xlsx</a></li></ul></div>\n')
    parts.append('</div>\n')
    parts.append(FOOT)
    return "".join(parts)


def canonical():
    out = []
    for a, b, c, d in META:
        out.append("\t".join([a, b, c, d]))
    out.append(TITLE)
    for kind, payload, cls in B:
        if kind in ("p", "caption"):
            out.append(payload)
        elif kind == "table":
            out.extend("\t".join(r) for r in payload)
        elif kind == "ol":
            out.extend(payload)
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    with open(os.path.join(ROOT, "docB.html"), "w", encoding="utf-8") as f:
        f.write(build_html())
    with open(os.path.join(ROOT, "text", "docB.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write(canonical())
    print("ok docB")
