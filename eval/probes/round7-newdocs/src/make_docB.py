# -*- coding: utf-8 -*-
"""Generate docB.html: 丽江市人民政府 portal article page (UTF-8) with heavy chrome.
Run with python3 (stdlib only)."""
import os, html

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "docB.html")

TITLE = "丽江市人民政府办公室关于加快推进养老托育服务高质量发展的通知"
WENHAO = "丽政办发〔2025〕18号"
DATE = "2025年4月8日"

# Article body: list of (kind, text). kinds: p (normal), h1 (一、 level heading-only), hp (heading + body same line, bold lead)
BODY = [
("p0", "各县（区）人民政府，市直各委、办、局："),
("p", "为深入实施积极应对人口老龄化国家战略，加快构建“一老一小”服务体系，根据《云南省推进养老服务高质量发展三年行动方案（2024—2026年）》等文件精神，经市人民政府同意，现就加快推进全市养老托育服务高质量发展有关事项通知如下。"),
("hp", "一、明确发展目标。", "到2026年底，全市养老机构护理型床位占比达到65%以上，乡镇（街道）区域养老服务中心覆盖率达到70%，每千人口拥有3岁以下婴幼儿托位数达到4.5个，普惠性托育机构托位达到2000个，老年助餐点达到150个。分年度目标详见附件《丽江市养老托育服务2025—2026年度目标表》。"),
("h1", "二、重点任务"),
("h2", "（一）完善兜底养老服务网络"),
("hp", "1.建设县级失能照护机构。", "古城区、玉龙纳西族自治县、永胜县、华坪县、宁蒗彝族自治县各建成1所以失能照护为主的县级特困人员供养服务设施，2026年6月底前完成护理型床位改造，全市有集中供养意愿的失能特困人员集中供养率达到100%。（牵头单位：市民政局；配合单位：市发展改革委、市财政局，各县〔区〕人民政府）"),
("hp", "2.推进乡镇敬老院转型。", "将服务辐射能力强的乡镇敬老院转型为区域养老服务中心，每个区域养老服务中心床位不少于30张，并为周边村组老年人提供上门服务。2025年12月底前完成首批15个区域养老服务中心转型。（牵头单位：市民政局；配合单位：市住房城乡建设局、市自然资源规划局）"),
("h2", "（二）发展社区居家养老服务"),
("hp", "1.扩大老年助餐覆盖。", "依托城乡社区养老服务设施、乡镇敬老院和餐饮企业布设老年助餐点，重点解决高龄、独居、失能老年人就餐难问题。"),
("hp", "（1）助餐补贴对象和标准。", "对年满60周岁的特困人员、低保对象、低保边缘家庭老年人，在助餐点就餐的每餐补贴3元；对年满80周岁的其他老年人，每餐补贴2元。每人每天补贴不超过1餐。"),
("hp", "（2）助餐点建设补助。", "新建并投入运营的老年助餐点，每个给予一次性建设补助5万元；运营满1年且年度评估合格的，每年给予2万元运营补助。（牵头单位：市民政局；配合单位：市财政局、市市场监管局）"),
("hp", "2.实施居家适老化改造。", "2025年至2026年，为1500户特殊困难老年人家庭实施居家适老化改造，每户补助标准不超过3500元，优先保障分散供养特困人员和高龄、失能、残疾老年人家庭。（牵头单位：市民政局；配合单位：市残联、市住房城乡建设局）"),
("h2", "（三）扩大普惠托育服务供给"),
("hp", "1.落实普惠托育运营补贴。", "对纳入全市普惠性托育机构名单的机构，按照实际收托3岁以下婴幼儿人数，每人每月300元给予运营补贴，补贴期限为3年，所需资金由市、县（区）财政按5:5比例分担。（牵头单位：市卫生健康委；配合单位：市财政局）"),
("hp", "2.支持新增普惠托位。", "对新建、改扩建并经备案的普惠性托育机构，每新增1个普惠托位给予一次性建设补助1万元。鼓励有条件的幼儿园开设托班，招收2至3岁幼儿。（牵头单位：市卫生健康委；配合单位：市教育体育局、市发展改革委）"),
("hp", "3.加强托育人才培养。", "依托本地职业院校开设婴幼儿托育相关专业，2025年底前完成保育人员培训500人次，托育机构保育人员持证上岗率达到90%。（牵头单位：市人力资源社会保障局；配合单位：市卫生健康委、市教育体育局）"),
("h2", "（四）推进医养康养结合"),
("hp", "1.深化签约服务。", "养老机构与周边医疗卫生机构签约服务覆盖率保持100%，65周岁以上老年人健康管理率达到72%。（牵头单位：市卫生健康委；配合单位：市民政局、市医保局）"),
("hp", "2.发展旅居康养。", "依托丽江生态和旅游资源，培育3个以上“康养旅居”示范基地，推动养老服务与文化旅游融合发展。（牵头单位：市文化和旅游局；配合单位：市民政局、市卫生健康委）"),
("h2", "（五）加强养老护理人才队伍建设"),
("p", "对取得养老护理员职业技能等级证书、在本市养老机构连续从业满2年的，给予一次性入职奖补：初级工3000元，中级工5000元，高级工及以上8000元。到2026年底累计培训养老护理员1200人次。（牵头单位：市人力资源社会保障局；配合单位：市民政局、市财政局）"),
("h1", "三、保障措施"),
("hp", "（一）加强组织领导。", "市养老托育服务工作联席会议负责统筹协调，联席会议办公室设在市民政局，托育服务日常协调工作由市卫生健康委负责。"),
("hp", "（二）强化资金保障。", "市级财政每年安排养老托育专项资金不少于800万元，市级留存的福利彩票公益金55%以上用于支持发展养老服务。"),
("hp", "（三）严格督导考核。", "各县（区）人民政府要于每年6月30日、12月20日前将工作进展情况报送市民政局和市卫生健康委，市政府督查室将重点任务落实情况纳入年度督查计划。"),
("p", "附件：丽江市养老托育服务2025—2026年度目标表"),
]

TABLE_CAPTION = "丽江市养老托育服务2025—2026年度目标表"
TABLE_HEAD = ["序号", "指标名称", "2024年基数", "2025年目标", "2026年目标", "责任单位"]
TABLE_ROWS = [
    ["1", "养老机构护理型床位占比", "52%", "58%", "65%以上", "市民政局"],
    ["2", "乡镇（街道）区域养老服务中心覆盖率", "48%", "60%", "70%", "市民政局"],
    ["3", "每千人口拥有3岁以下婴幼儿托位数", "3.2个", "3.8个", "4.5个", "市卫生健康委"],
    ["4", "普惠性托育机构托位数", "1200个", "1600个", "2000个", "市卫生健康委"],
    ["5", "老年助餐点数量（累计）", "85个", "120个", "150个", "市民政局"],
    ["6", "特殊困难老年人家庭适老化改造（累计）", "—", "700户", "1500户", "市民政局"],
    ["7", "养老护理员培训（累计）", "—", "600人次", "1200人次", "市人力资源社会保障局"],
]

e = html.escape

def body_html():
    out = []
    for item in BODY:
        k = item[0]
        if k == "p0":
            out.append(f'<p style="text-indent:0">{e(item[1])}</p>')
        elif k == "p":
            out.append(f'<p style="text-indent:2em">{e(item[1])}</p>')
        elif k == "h1":
            out.append(f'<p style="text-indent:2em"><span style="font-family:黑体">{e(item[1])}</span></p>')
        elif k == "h2":
            out.append(f'<p style="text-indent:2em"><span style="font-family:楷体_GB2312">{e(item[1])}</span></p>')
        elif k == "hp":
            out.append(f'<p style="text-indent:2em"><strong>{e(item[1])}</strong>{e(item[2])}</p>')
    # table
    out.append(f'<p style="text-align:center"><strong>{e(TABLE_CAPTION)}</strong></p>')
    out.append('<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" width="100%" style="border-collapse:collapse">')
    out.append('<thead><tr>' + "".join(f'<th><p>{e(h)}</p></th>' for h in TABLE_HEAD) + '</tr></thead><tbody>')
    for r in TABLE_ROWS:
        out.append('<tr>' + "".join(f'<td valign="middle"><p style="text-align:center">{e(c)}</p></td>' for c in r) + '</tr>')
    out.append('</tbody></table>')
    out.append(f'<p style="text-align:right">丽江市人民政府办公室</p>')
    out.append(f'<p style="text-align:right">{e(DATE)}</p>')
    out.append('<p style="text-indent:2em">（此件公开发布）</p>')
    return "\n".join(out)

PAGE = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="SiteName" content="丽江市人民政府">
<meta name="SiteDomain" content="www.lijiang.gov.cn">
<meta name="SiteIDCode" content="5307000001">
<meta name="ColumnName" content="市政府办文件">
<meta name="ArticleTitle" content="{e(TITLE)}">
<meta name="PubDate" content="2025-04-10 16:32">
<meta name="ContentSource" content="丽江市人民政府办公室">
<meta name="Keywords" content="养老,托育,一老一小">
<title>{e(TITLE)}_市政府办文件_丽江市人民政府</title>
<link rel="stylesheet" href="/images/common.css">
<link rel="stylesheet" href="/images/article.css">
<style>
body{{margin:0;font-family:"Microsoft YaHei",SimSun;background:#f3f5f8}}
.topbar{{background:#0b4f9c;color:#fff;font-size:12px;height:32px;line-height:32px}}
.nav li{{float:left;list-style:none;padding:0 22px}}
.xxgk-table td{{border:1px solid #dbe3ee;padding:6px 10px;font-size:14px}}
.share a{{display:inline-block;width:26px;height:26px;margin-right:6px}}
.footer{{background:#1d3b6a;color:#cfd8e6;font-size:12px;padding:20px 0;text-align:center}}
</style>
<script type="text/javascript">
var _hmt = _hmt || [];
(function() {{ var hm = document.createElement("script"); hm.src = "https://hm.baidu.com/hm.js?3f2a9c0b1d7e"; var s = document.getElementsByTagName("script")[0]; s.parentNode.insertBefore(hm, s); }})();
</script>
</head>
<body>
<div class="topbar"><div class="w1200">
  <span class="date" id="today"></span>
  <a href="/wza/index.html">无障碍</a> | <a href="javascript:void(0)" onclick="toggleOld()">长者模式</a> | <a href="/jtzw/index.html">繁體</a> | <a href="https://www.yn.gov.cn/" target="_blank">云南省人民政府</a> | <a href="/app/index.html">移动版</a>
</div></div>
<div class="header"><div class="w1200">
  <a class="logo" href="/index.html"><img src="/images/logo.png" alt="丽江市人民政府"></a>
  <div class="search"><form action="/search/search.jsp" method="get" target="_blank">
    <input type="text" name="q" placeholder="请输入关键词" class="s-input"><input type="submit" value="搜索" class="s-btn">
  </form><p class="hotword">热词：<a href="#">养老服务</a> <a href="#">托育</a> <a href="#">营商环境</a> <a href="#">招聘</a></p></div>
</div></div>
<div class="nav"><ul class="w1200">
  <li><a href="/index.html">首页</a></li>
  <li><a href="/ljsrmzf/c100060/zwgk.shtml">政务公开</a></li>
  <li><a href="/ljsrmzf/c100061/zwfw.shtml">政务服务</a></li>
  <li><a href="/ljsrmzf/c100062/hdjl.shtml">互动交流</a></li>
  <li><a href="/ljsrmzf/c100063/zjlj.shtml">走进丽江</a></li>
  <li><a href="/ljsrmzf/c100064/ztzl.shtml">专题专栏</a></li>
</ul></div>
<div class="w1200 main">
<div class="breadcrumb">当前位置：<a href="/index.html">首页</a> &gt; <a href="/ljsrmzf/c100060/zwgk.shtml">政务公开</a> &gt; <a href="/ljsrmzf/c101520/zcwj.shtml">政策文件</a> &gt; <a href="/ljsrmzf/c101522/list.shtml">市政府办文件</a></div>
<table class="xxgk-table" cellspacing="0" cellpadding="0" width="100%">
  <tr><td class="t">索 引 号：</td><td>115307000151544739/2025-00217</td><td class="t">主题分类：</td><td>民政、扶贫、救灾/卫生、体育</td></tr>
  <tr><td class="t">发布机构：</td><td>丽江市人民政府办公室</td><td class="t">发文日期：</td><td>2025-04-08</td></tr>
  <tr><td class="t">名　　称：</td><td colspan="3">{e(TITLE)}</td></tr>
  <tr><td class="t">文　　号：</td><td>{e(WENHAO)}</td><td class="t">有 效 性：</td><td>有效</td></tr>
  <tr><td class="t">发布日期：</td><td>2025-04-10</td><td class="t">主 题 词：</td><td>养老 托育 通知</td></tr>
</table>
<div class="article">
  <h1 class="art-title">{e(TITLE)}</h1>
  <div class="art-info"><span>来源：丽江市人民政府办公室</span><span>发布时间：2025-04-10 16:32</span><span>浏览次数：<em id="hits">--</em></span><span class="font">字号：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a></span></div>
  <div class="art-con" id="zoom">
<p style="text-align:center">{e(WENHAO)}</p>
{body_html()}
  </div>
  <div class="fujian"><p>附件下载：</p><ul><li><a href="/uploadfile/2025/0410/lzbf2025-18fj.docx">丽江市养老托育服务2025—2026年度目标表.docx</a></li></ul></div>
  <div class="share bdsharebuttonbox">分享到：<a href="#" class="bds_weixin" data-cmd="weixin" title="分享到微信"></a><a href="#" class="bds_tsina" data-cmd="tsina" title="分享到新浪微博"></a><a href="#" class="bds_qzone" data-cmd="qzone" title="分享到QQ空间"></a></div>
  <div class="art-tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
  <div class="related"><h3>相关文件</h3><ul>
    <li><a href="/ljsrmzf/c101522/202312/a01.shtml">丽江市人民政府办公室关于印发丽江市“十四五”养老服务体系建设规划的通知</a><span>2023-12-18</span></li>
    <li><a href="/ljsrmzf/c101522/202406/a02.shtml">丽江市人民政府办公室关于促进3岁以下婴幼儿照护服务发展的实施意见</a><span>2024-06-05</span></li>
    <li><a href="/ljsrmzf/c101523/202504/a03.shtml">【图解】一图读懂丽江市加快推进养老托育服务高质量发展</a><span>2025-04-11</span></li>
  </ul></div>
</div>
</div>
<div class="footer"><div class="w1200">
  <p><a href="/wzdt/index.html">网站地图</a> | <a href="/lxwm/index.html">联系我们</a> | <a href="/smsm/index.html">使用帮助</a> | <a href="/wzsm/index.html">网站声明</a></p>
  <p>主办单位：丽江市人民政府办公室　承办单位：丽江市数字经济发展服务中心</p>
  <p>网站标识码：5307000001　<a href="https://beian.miit.gov.cn/" target="_blank">滇ICP备05006127号-1</a>　<a href="http://www.beian.gov.cn/" target="_blank"><img src="/images/ga.png" alt="">滇公网安备 53070202000113号</a></p>
  <p>地址：云南省丽江市古城区福慧路市级行政中心　邮编：674100</p>
  <p><span id="_ideConac"><img src="/images/dzjg.png" alt="党政机关"></span> <span id="_span_jiucuo"><img src="/images/jiucuo.png" alt="政府网站找错"></span></p>
</div></div>
<script src="/images/jquery-1.12.4.min.js"></script>
<script type="text/javascript">
function doZoom(size){{ document.getElementById('zoom').style.fontSize = size + 'px'; }}
function toggleOld(){{ document.body.classList.toggle('old-mode'); }}
(function(){{ var d=new Date(); var w=['日','一','二','三','四','五','六']; var el=document.getElementById('today'); if(el){{el.innerHTML='今天是'+d.getFullYear()+'年'+(d.getMonth()+1)+'月'+d.getDate()+'日 星期'+w[d.getDay()];}} }})();
$.get('/api/hits?id=2025-00217', function(r){{ $('#hits').text(r.count); }});
window._bd_share_config={{"common":{{"bdSnsKey":{{}},"bdText":"","bdMini":"2","bdPic":"","bdStyle":"0","bdSize":"16"}},"share":{{}}}};
</script>
</body>
</html>
"""
open(OUT, "w", encoding="utf-8").write(PAGE)
print("wrote", OUT)
