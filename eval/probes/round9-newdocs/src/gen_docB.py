# -*- coding: utf-8 -*-
"""Generate docB: 景洪市 government portal HTML page with a 工作方案 article."""
from pathlib import Path
import html

ROOT = Path(__file__).resolve().parent.parent

TITLE = "景洪市人民政府办公室关于印发景洪市“一老一小”服务能力提升工作方案（2025—2027年）的通知"

# Blocks: ("p", text) | ("h", text) | ("center", text) | ("right", text) | ("table", rows)
BLOCKS = [
    ("center", "景政办发〔2025〕21号"),
    ("p", "各乡镇人民政府、街道办事处，市直各部门，各农场管委会："),
    ("p", "　　《景洪市“一老一小”服务能力提升工作方案（2025—2027年）》已经市人民政府同意，现印发给你们，请认真组织实施。"),
    ("right", "景洪市人民政府办公室"),
    ("right", "2025年5月20日"),
    ("p", "（此件公开发布）"),
    ("h", "景洪市“一老一小”服务能力提升工作方案（2025—2027年）"),
    ("p", "　　为积极应对人口老龄化，促进人口长期均衡发展，统筹推进我市养老托育服务高质量发展，根据《西双版纳州“一老一小”整体解决方案》要求，结合景洪实际，制定本方案。"),
    ("h", "一、总体目标"),
    ("p", "　　到2027年，全市基本建成覆盖城乡、功能完善、普惠可及的“一老一小”服务体系，养老托育服务供给能力明显增强，群众满意度持续提升。主要年度指标见下表。"),
    ("caption", "景洪市“一老一小”服务能力提升主要指标"),
    ("table", [
        ["指标", "2025年", "2026年", "2027年", "责任单位"],
        ["每千人口拥有3岁以下婴幼儿托位数（个）", "3.2", "3.8", "4.5", "市卫生健康局"],
        ["普惠性托位数（个）", "600", "850", "1100", "市卫生健康局"],
        ["养老机构护理型床位占比（%）", "52", "56", "60", "市民政局"],
        ["社区（村）老年助餐服务点（个）", "35", "50", "65", "市民政局"],
        ["家庭养老床位（张）", "150", "300", "500", "市民政局"],
        ["特殊困难老年人月探访率（%）", "100", "100", "100", "各乡镇人民政府、街道办事处"],
    ]),
    ("h", "二、重点任务"),
    ("h2", "（一）扩大养老服务供给"),
    ("p", "　　1.发展老年助餐服务。依托社区综合服务设施、村级活动场所、餐饮企业等建设老年助餐服务点。对60周岁以上特困、低保、低保边缘家庭中的老年人和失能老年人，每餐补助4元；对其他80周岁以上老年人，每餐补助2元。每人每天补助不超过2餐。（牵头单位：市民政局；配合单位：市财政局、市市场监管局，各乡镇人民政府、街道办事处）"),
    ("p", "　　2.建设家庭养老床位。为居家重度失能老年人提供适老化改造、智能监测和上门照护服务。"),
    ("p", "　　（1）建设补贴。每张家庭养老床位给予一次性建设补贴2000元，用于适老化改造和智能设备安装。"),
    ("p", "　　（2）服务补贴。对入住家庭养老床位的特困、低保家庭重度失能老年人，每张床位每月给予服务补贴300元，服务补贴期限最长12个月。"),
    ("p", "　　（牵头单位：市民政局；配合单位：市财政局、市医疗保障局）"),
    ("p", "　　3.提升机构照护能力。推动市社会福利院转型为以失能照护为主的综合养老服务机构，2026年底前完成改造提升；鼓励民办养老机构增设护理型床位。（牵头单位：市民政局；配合单位：市发展改革局、市住房城乡建设局）"),
    ("p", "　　4.开展探访关爱服务。建立特殊困难老年人台账，对独居、空巢、留守、失能、重残、计划生育特殊家庭老年人，由村（社区）工作人员、网格员或志愿者每月至少上门探访1次，及时发现和化解风险隐患。（牵头单位：各乡镇人民政府、街道办事处；配合单位：市民政局、市卫生健康局）"),
    ("p", "　　5.推进智慧养老。依托“一部手机办事通”和12349养老服务热线，建设市级智慧养老服务平台，2025年底前实现老年人基础信息、补贴发放、服务记录“一网统管”。（牵头单位：市民政局；配合单位：市工业和信息化局、市数据局）"),
    ("h2", "（二）发展普惠托育服务"),
    ("p", "　　1.新增普惠托位。对新建、改扩建的普惠性托育机构，按新增托位每个一次性补助8000元。鼓励幼儿园开设2至3岁托班，2025年底前全市公办幼儿园托班开设率达到50%。（牵头单位：市卫生健康局；配合单位：市教育体育局、市财政局）"),
    ("p", "　　2.落实运营补贴。对收费不高于普惠价格标准的备案托育机构，按实际收托3岁以下婴幼儿人数给予每人每月200元运营补贴。（牵头单位：市卫生健康局；配合单位：市财政局、市发展改革局）"),
    ("p", "　　3.推进医育结合。市妇幼保健院每年为托育机构开展卫生保健培训不少于2次，每季度开展1次巡回指导。（牵头单位：市卫生健康局；配合单位：市妇幼保健院）"),
    ("p", "　　4.落实生育支持政策。按国家和省有关规定落实育儿补贴、生育保险待遇，具体标准按上级文件执行。（牵头单位：市卫生健康局；配合单位：市医疗保障局、市财政局）"),
    ("p", "　　5.提升托育服务质量。严格落实托育机构备案管理制度，托育机构保育人员与婴幼儿比例不低于1:3（乳儿班）、1:5（托小班）、1:7（托大班）。每年开展一次托育机构质量评估，评估结果向社会公布。（牵头单位：市卫生健康局；配合单位：市市场监管局、市消防救援大队）"),
    ("h2", "（三）强化要素保障"),
    ("p", "　　1.用地保障。新建住宅小区按每百户不低于20平方米配建养老服务设施，按每千人口不少于10个托位配建托育服务设施，与住宅同步规划、同步建设、同步验收、同步交付。（牵头单位：市自然资源局；配合单位：市住房城乡建设局）"),
    ("p", "　　2.人才培养。依托西双版纳职业技术学院开设养老护理、婴幼儿托育相关专业，到2027年培训养老护理员不少于600人次、保育人员不少于400人次。（牵头单位：市人力资源社会保障局；配合单位：市民政局、市卫生健康局）"),
    ("p", "　　3.税费优惠。养老托育服务机构用电、用水、用气、用热按居民生活类价格执行，依法落实增值税、房产税、城镇土地使用税等税费减免政策。（牵头单位：市发展改革局；配合单位：市税务局、市供电局）"),
    ("h", "三、申请程序"),
    ("p", "　　家庭养老床位按以下程序办理："),
    ("p", "　　（一）申请。老年人或其家属向居住地社区（村）提出申请，或通过“一部手机办事通”提交申请；"),
    ("p", "　　（二）评估。市民政局委托第三方机构在10个工作日内开展老年人能力评估和居家环境评估；"),
    ("p", "　　（三）签约。评估符合条件的，由老年人或其家属与服务机构签订服务协议；"),
    ("p", "　　（四）验收。床位建设完成后，由乡镇人民政府（街道办事处）会同市民政局组织验收；"),
    ("p", "　　（五）拨付。验收合格后15个工作日内拨付建设补贴。"),
    ("p", "　　托育机构运营补贴每半年申报一次，托育机构分别于每年6月和12月向市卫生健康局申报，经审核后由市财政局拨付。"),
    ("h", "四、保障措施"),
    ("p", "　　（一）加强组织领导。成立由市政府分管副市长任组长的“一老一小”工作领导小组，领导小组办公室设在市民政局，统筹协调各项工作推进。"),
    ("p", "　　（二）强化资金保障。市财政每年安排“一老一小”专项资金不少于800万元，并积极争取上级资金支持，引导社会资本参与。"),
    ("p", "　　（三）加强监督考核。将工作推进情况纳入乡镇（街道）年度综合考评，每年12月底前开展一次实施情况评估。"),
    ("p", "　　（四）加强宣传引导。通过政府门户网站、“景洪发布”微信公众号等渠道做好政策解读，营造全社会关心支持“一老一小”的良好氛围。"),
    ("h", "五、其他"),
    ("p", "　　本方案自印发之日起施行，有效期至2027年12月31日。政策咨询：市民政局养老服务股，电话0691-2123587；市卫生健康局人口家庭股，电话0691-2142630。"),
]


def canonical_text():
    out = [TITLE]
    for kind, val in BLOCKS:
        if kind == "table":
            out.extend("\t".join(r) for r in val)
        else:
            out.append(val)
    return "\n".join(out) + "\n"


def render_article():
    e = html.escape
    parts = [f'<h1 class="article-title">{e(TITLE)}</h1>']
    for kind, val in BLOCKS:
        if kind == "p":
            parts.append(f'<p style="text-indent:0;line-height:2em;font-family:仿宋_GB2312;">{e(val)}</p>')
        elif kind == "center":
            parts.append(f'<p style="text-align:center;">{e(val)}</p>')
        elif kind == "right":
            parts.append(f'<p style="text-align:right;">{e(val)}</p>')
        elif kind == "h":
            parts.append(f'<p style="font-family:黑体;"><strong>{e(val)}</strong></p>')
        elif kind == "h2":
            parts.append(f'<p style="font-family:楷体_GB2312;"><span style="font-weight:bold;">{e(val)}</span></p>')
        elif kind == "caption":
            parts.append(f'<p style="text-align:center;"><b>{e(val)}</b></p>')
        elif kind == "table":
            rows = []
            for i, r in enumerate(val):
                tag = "th" if i == 0 else "td"
                cells = "".join(f'<{tag} style="border:1px solid #000;padding:4px;">{e(c)}</{tag}>' for c in r)
                rows.append(f"    <tr>{cells}</tr>")
            parts.append('<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:100%;">\n  <tbody>\n'
                         + "\n".join(rows) + "\n  </tbody>\n</table>")
    return "\n".join(parts)


PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="SiteName" content="景洪市人民政府">
<meta name="SiteDomain" content="www.jhs.gov.cn">
<meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="2025-05-23 16:42">
<meta name="ContentSource" content="景洪市人民政府办公室">
<meta name="Keywords" content="一老一小,养老,托育,工作方案">
<title>{title}_景洪市人民政府</title>
<link rel="stylesheet" href="/images/css/common.css">
<link rel="stylesheet" href="/images/css/article.css">
<script src="/images/js/jquery-1.11.3.min.js"></script>
<script>
  var _hmt = _hmt || [];
  (function() {{ var hm = document.createElement("script"); hm.src = "https://hm.baidu.com/hm.js?3f1c0e2d9a8b7c6d5e4f"; var s = document.getElementsByTagName("script")[0]; s.parentNode.insertBefore(hm, s); }})();
</script>
</head>
<body>
<div class="top-bar">
  <div class="w1200">
    <span class="date" id="today"></span>
    <a href="javascript:void(0);" id="wza">无障碍浏览</a> | <a href="/jhs/mobile/">手机版</a> | <a href="https://www.gov.cn" target="_blank">中国政府网</a> | <a href="https://www.yn.gov.cn" target="_blank">云南省人民政府</a>
  </div>
</div>
<div class="header">
  <div class="w1200"><a href="/" class="logo"><img src="/images/logo.png" alt="景洪市人民政府"></a>
    <form class="search" action="/search/" method="get"><input type="text" name="q" placeholder="请输入关键字"><button type="submit">搜索</button></form>
  </div>
</div>
<div class="nav">
  <ul class="w1200">
    <li><a href="/">首页</a></li>
    <li><a href="/jhs/zjjh/">走进景洪</a></li>
    <li class="on"><a href="/jhs/zwgk/">政务公开</a></li>
    <li><a href="/jhs/zwfw/">政务服务</a></li>
    <li><a href="/jhs/hdjl/">互动交流</a></li>
    <li><a href="/jhs/ztzl/">专题专栏</a></li>
  </ul>
</div>
<div class="w1200 main">
  <div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/jhs/zwgk/">政务公开</a> &gt; <a href="/jhs/zwgk/xxgk/">政府信息公开</a> &gt; <a href="/jhs/zwgk/xxgk/zcwj/">政策文件</a> &gt; <span>市政府办文件</span></div>
  <div class="xxgk-meta">
    <table class="meta-table">
      <tr><th>索 引 号：</th><td>11532801015215648X/2025-00321</td><th>主题分类：</th><td>卫生、体育\\老龄工作</td></tr>
      <tr><th>发布机构：</th><td>景洪市人民政府办公室</td><th>文　　号：</th><td>景政办发〔2025〕21号</td></tr>
      <tr><th>成文日期：</th><td>2025-05-20</td><th>发布日期：</th><td>2025-05-23</td></tr>
      <tr><th>名　　称：</th><td colspan="3">{title}</td></tr>
      <tr><th>有 效 性：</th><td colspan="3">有效</td></tr>
    </table>
  </div>
  <div class="article">
    <div class="article-info">来源：景洪市人民政府办公室　　发布时间：2025-05-23 16:42　　浏览次数：<span id="hits">1286</span>　　字号：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a></div>
    <div class="article-content" id="zoom">
{article}
    </div>
    <div class="attachments"><p>相关附件：<a href="/uploadfiles/2025/05/jzbf202521.pdf">景政办发〔2025〕21号.pdf</a></p></div>
    <div class="related"><p>相关解读：<a href="/jhs/zwgk/zcjd/202505/t20250526_88412.html">图解：景洪市“一老一小”服务能力提升工作方案</a></p></div>
    <div class="share">
      <span>分享到：</span>
      <a href="javascript:void(0);" class="share-wx" title="微信">微信</a>
      <a href="javascript:void(0);" class="share-wb" title="新浪微博">微博</a>
      <a href="javascript:void(0);" class="share-qz" title="QQ空间">QQ空间</a>
    </div>
    <div class="article-tools"><a href="javascript:window.print();">【打印本页】</a> <a href="javascript:window.close();">【关闭窗口】</a></div>
  </div>
</div>
<div class="footer">
  <div class="w1200">
    <div class="links">
      <a href="https://www.xsbn.gov.cn" target="_blank">西双版纳州人民政府</a> | <a href="/jhs/wzdt/">网站地图</a> | <a href="/jhs/lxwm/">联系我们</a>
    </div>
    <p>主办单位：景洪市人民政府办公室　　承办单位：景洪市融媒体中心</p>
    <p>网站标识码：5328010001　　<a href="https://beian.miit.gov.cn" target="_blank">滇ICP备05002847号-1</a>　　<img src="/images/ga.png" alt="">滇公网安备 53280102000123号</p>
    <p>地址：云南省西双版纳傣族自治州景洪市勐泐大道8号　　联系电话：0691-2121008</p>
    <div class="jiucuo"><script id="_jiucuo_" sitecode="5328010001" src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script></div>
  </div>
</div>
<script>
  document.getElementById("today").innerHTML = new Date().toLocaleDateString("zh-CN");
  function doZoom(size) {{ document.getElementById("zoom").style.fontSize = size + "px"; }}
  // 分享组件
  $(".share a").on("click", function() {{ var t = "{title}"; window.open("https://service.weibo.com/share/share.php?title=" + encodeURIComponent(t)); }});
</script>
</body>
</html>
"""


def main():
    page = PAGE.format(title=html.escape(TITLE), article=render_article())
    (ROOT / "docs" / "docB.html").write_text(page, encoding="utf-8")
    text = canonical_text()
    (ROOT / "text" / "docB.txt").write_text(text, encoding="utf-8")
    nws = sum(1 for ch in text if not ch.isspace())
    print("docB written, article non-whitespace chars:", nws)


if __name__ == "__main__":
    main()
