# -*- coding: utf-8 -*-
"""Build docB.html: 弥勒市人民政府门户网站 政策解读 page (Q&A layout) with site chrome.
Writes text/docB.txt = article text (title + meta line + article body paragraphs)."""
import os, html

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

TITLE = '《弥勒市支持“一老一小”服务发展十条措施》政策解读'
META_LINE = '发布时间：2024-09-12 10:35　来源：弥勒市民政局　弥勒市卫生健康局'

QA = [
 ('问：《措施》出台的背景是什么？',
  '答：近年来，我市人口老龄化程度持续加深，“一老一小”服务需求快速增长。第七次全国人口普查数据显示，弥勒市60周岁及以上老年人口9.86万人，占常住人口的17.1%，高于全省平均水平；全市3岁以下婴幼儿约1.6万人，托育服务需求日益增长。为贯彻落实《云南省推进养老服务高质量发展三年行动方案（2024—2026年）》和红河州关于“一老一小”工作的部署要求，市民政局、市卫生健康局牵头起草了《措施》，经2024年8月16日市人民政府第36次常务会议审议通过，由市人民政府办公室于2024年8月26日印发实施。'),
 ('问：《措施》的适用对象有哪些？什么时候开始施行？',
  '答：《措施》适用于在弥勒市行政区域内依法登记或备案的养老服务机构、托育服务机构，以及具有弥勒市户籍或持有弥勒市居住证的老年人、婴幼儿家庭。《措施》自2024年9月1日起施行，有效期3年。2024年9月1日前已按原政策享受同类补助的，不重复享受。'),
 ('问：《措施》主要包括哪些内容？',
  '答：《措施》共十条，分别是：（一）提高普惠托育机构建设补助；（二）实施普惠托育机构运营补助；（三）发放婴幼儿入托补贴；（四）支持幼儿园开设托班；（五）发展老年助餐服务；（六）建设家庭养老床位；（七）提高百岁老人长寿补贴；（八）引进培养养老托育人才；（九）落实用地用房和水电气价格优惠；（十）加强组织和资金保障。'),
 ('问：对普惠托育机构有哪些补助？',
  '答：一是建设补助。对新建或改扩建、经市卫生健康局备案并纳入普惠托育服务范围的托育机构，按新增普惠托位每个10000元给予一次性建设补助，单个机构补助最高不超过100万元。二是运营补助。按照普惠托育机构实际收托3岁以下婴幼儿人数，每人每月200元给予运营补助，补助期限最长3年。纳入普惠范围的托育机构，全日托每月收费原则上不高于1600元，并在醒目位置公示收费项目和标准。'),
 ('问：托育机构纳入普惠范围需要满足哪些条件？',
  '答：申请纳入普惠范围的托育机构应同时满足以下条件：已在市卫生健康局完成备案并正常运营6个月以上；托位数不少于30个；全日托每月收费不高于1600元；近两年内未发生安全责任事故；与市卫生健康局签订为期3年的普惠托育服务协议。协议期满经评估合格的，可以续签。'),
 ('问：家长送孩子入托，可以领取什么补贴？',
  '答：对具有弥勒市户籍、年满6个月至3周岁（不含3周岁）的婴幼儿，在全市普惠托育机构或幼儿园托班入托的，按照每人每月300元标准发放入托补贴，每年最多补贴10个月。同一婴幼儿同一时段只能在一家机构享受补贴。'),
 ('问：入托补贴怎么申请？',
  '答：入托补贴实行“家长申请、机构汇总、部门审核”的办理方式。家长向孩子所在的托育机构或幼儿园提交申请，需提供户口簿、婴幼儿出生医学证明、入托协议和缴费凭证；托育机构每年3月、9月集中汇总后向市卫生健康局申报；市卫生健康局审核后在弥勒市人民政府门户网站公示5个工作日，公示无异议的，由市财政局将补贴资金直接拨付至家长提供的社会保障卡账户。'),
 ('问：托育机构怎样申请建设补助和运营补助？',
  '答：建设补助在托育机构纳入普惠范围后一次性申请，由机构向市卫生健康局提交备案回执、新增托位核定材料和建设投入凭证，经市卫生健康局会同市财政局现场核验后拨付。运营补助按年度申报，托育机构于每年1月1日至1月31日向市卫生健康局申报上一年度运营补助，按照上一年度各月实际收托人数核定补助金额。'),
 ('问：幼儿园开设托班有什么支持政策？',
  '答：支持公办幼儿园利用富余学位开设招收2至3岁幼儿的托班，每开设1个托班且实际收托不少于15人的，给予一次性开办经费5万元。民办幼儿园开设普惠性托班的，参照执行。到2026年底，全市公办幼儿园开设托班比例不低于40%。此项工作由市教育体育局负责。'),
 ('问：老年人到老年幸福食堂就餐有补助吗？',
  '答：有。年满60周岁的弥勒市户籍老年人在全市老年幸福食堂就餐，每餐补助2元；其中80周岁及以上老年人和低保、特困、失能老年人每餐补助4元，每人每天补助不超过2餐。对新建成并投入运营的老年幸福食堂，给予一次性建设补助5万元，并根据年度运营评估结果给予每年最高3万元的运营补助。到2026年底，全市建成老年幸福食堂80个，实现城市社区全覆盖、农村覆盖率不低于50%。'),
 ('问：什么是家庭养老床位？有哪些补助？',
  '答：家庭养老床位是指依托具备资质的养老服务机构，通过适老化改造、智能设备安装和专业上门服务，把养老机构的照护服务延伸到老年人家中。服务对象为60周岁及以上的失能、半失能老年人，优先保障特困、低保、低保边缘家庭老年人。对建设家庭养老床位的养老服务机构，按每张床位3000元给予一次性建设补助，主要用于适老化改造和智能设备安装；同时以政府购买服务方式，按每张床位每月300元给予服务补贴。到2026年底，全市建设家庭养老床位500张。'),
 ('问：百岁老人长寿补贴标准有什么变化？',
  '答：在落实国家、省、州高龄津贴政策的基础上，弥勒市对具有弥勒市户籍的100周岁及以上老年人发放市级长寿补贴，标准由原来的每人每月500元提高到每人每月800元，自2024年9月起按新标准发放。新增符合条件的老年人，由本人或其代理人持身份证、户口簿到户籍所在地村（社区）提出申请，经镇（街道）审核后报市民政局审批。'),
 ('问：在引进培养养老托育人才方面有哪些措施？',
  '答：对全日制普通高校、职业院校毕业生到弥勒市养老机构、托育机构从事一线护理或保育工作，签订3年以上劳动合同并连续工作满1年的，给予一次性入职补贴：本科及以上学历30000元、大专学历20000元、中职（中专）学历10000元，分三年按40%、30%、30%的比例发放。入职补贴由市人力资源社会保障局负责审核发放。同时，每年组织养老护理员、育婴员等职业技能培训不少于500人次。'),
 ('问：养老托育机构在用地用房、水电气价格方面享受哪些优惠？',
  '答：新建住宅小区按照每百户不少于20平方米的标准配建社区养老服务设施，按照每千人口不少于10个托位的标准配建托育服务设施，与住宅同步规划、同步建设、同步验收、同步交付。养老机构、托育机构用电、用水、用气按照居民生活类价格执行。'),
 ('问：各镇（街道）在政策落实中承担哪些职责？',
  '答：弥阳街道、新哨镇、虹溪镇、竹园镇、朋普镇、巡检司镇、西一镇、西二镇、西三镇、东山镇、五山乡、江边乡等12个镇（街道）负责本辖区政策宣传、对象摸底和长寿补贴申请初审，配合市级部门做好老年幸福食堂、家庭养老床位的选址建设和日常监管，每季度末将工作进展报送市民政局、市卫生健康局。'),
 ('问：补助资金如何保障？各项补助分别由哪个部门负责？',
  '答：2024—2026年，市财政每年统筹安排“一老一小”专项资金不少于1500万元，并将不低于55%的市本级福利彩票公益金用于支持养老服务。养老类补助（老年助餐、家庭养老床位、长寿补贴）由市民政局负责审核；托育类补助（普惠托育机构建设补助、运营补助和婴幼儿入托补贴）由市卫生健康局负责审核；幼儿园托班开办经费由市教育体育局负责审核；人才入职补贴由市人力资源社会保障局负责审核。补助资金由市财政局按程序拨付。'),
 ('问：有疑问可以咨询哪些部门？',
  '答：养老服务相关政策可咨询市民政局养老服务股，电话：0873-6128315；托育服务相关政策可咨询市卫生健康局人口监测与家庭发展股，电话：0873-6127042；人才入职补贴可咨询市人力资源社会保障局就业促进股，电话：0873-6126590。'),
]
INTRO = '近日，弥勒市人民政府办公室印发了《弥勒市支持“一老一小”服务发展十条措施》（弥政办发〔2024〕27号，以下简称《措施》）。为便于社会公众和相关单位准确理解、用好政策，现就有关内容解读如下。'
OUTRO = '（解读机关：弥勒市民政局　弥勒市卫生健康局）'


CN = ['一','二','三','四','五','六','七','八','九','十','十一','十二','十三','十四','十五','十六','十七','十八','十九','二十']
QA = [(CN[i] + '、' + q, a) for i, (q, a) in enumerate(QA)]


def article_paragraphs():
    ps = [INTRO]
    for q, a in QA:
        ps += [q, a]
    ps.append(OUTRO)
    return ps


def build():
    e = html.escape
    body_html = []
    body_html.append('<p>%s</p>' % e(INTRO))
    for q, a in QA:
        body_html.append('<p class="wt"><strong>%s</strong></p>' % e(q))
        body_html.append('<p class="da">%s</p>' % e(a))
    body_html.append('<p style="text-align:right">%s</p>' % e(OUTRO))
    article = '\n'.join('          ' + x for x in body_html)

    page = f'''<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="SiteName" content="弥勒市人民政府">
<meta name="SiteDomain" content="www.hhml.gov.cn">
<meta name="SiteIDCode" content="5325040011">
<meta name="ColumnName" content="政策解读">
<meta name="ColumnType" content="政策解读">
<meta name="ArticleTitle" content="{e(TITLE)}">
<meta name="PubDate" content="2024-09-12 10:35">
<meta name="ContentSource" content="弥勒市民政局">
<meta name="Keywords" content="一老一小,托育,养老,补贴,政策解读">
<title>{e(TITLE)}_政策解读_弥勒市人民政府</title>
<link rel="stylesheet" href="/static/css/common.css?v=20240601">
<link rel="stylesheet" href="/static/css/article.css?v=20240601">
<style>
  body{{margin:0;font-family:"Microsoft YaHei",SimSun,sans-serif;background:#f3f5f8;color:#333}}
  .topbar{{background:#0b4ea2;color:#fff;font-size:12px;padding:4px 0}}
  .w1200{{width:1200px;margin:0 auto}}
  .header{{background:url(/static/img/banner.jpg) no-repeat center;height:150px}}
  .nav ul{{list-style:none;margin:0;padding:0;display:flex;background:#1565c0}}
  .nav li a{{display:block;color:#fff;padding:12px 26px;text-decoration:none}}
  .crumb{{font-size:13px;padding:12px 0;color:#666}}
  .xxgk-meta{{width:100%;border-collapse:collapse;font-size:13px;margin-bottom:18px}}
  .xxgk-meta td{{border:1px solid #dce3ec;padding:6px 10px}}
  .xxgk-meta td.lab{{background:#f0f4fa;width:110px;color:#555}}
  .article{{background:#fff;padding:30px 50px}}
  .article h1{{font-size:24px;text-align:center;color:#0b4ea2}}
  .article .info{{text-align:center;font-size:13px;color:#888;border-bottom:1px dashed #ccc;padding-bottom:10px}}
  .article .TRS_Editor p{{font-size:16px;line-height:2;text-indent:2em}}
  .share a{{margin-right:8px;font-size:12px}}
  .footer{{background:#0b4ea2;color:#dfe8f5;font-size:12px;text-align:center;padding:20px 0;line-height:2}}
</style>
<script>
  var _hmt = _hmt || [];
  (function() {{
    var hm = document.createElement("script");
    hm.src = "https://hm.baidu.com/hm.js?3f2b9c0d7e1a4c6b8d5e0f9a1b2c3d4e";
    var s = document.getElementsByTagName("script")[0];
    s.parentNode.insertBefore(hm, s);
  }})();
</script>
</head>
<body>
<div class="topbar"><div class="w1200">
  <span id="todayDate"></span>
  <span style="float:right"><a href="javascript:void(0)" onclick="aria.start()" style="color:#fff">无障碍浏览</a> | <a href="/m/" style="color:#fff">手机版</a> | <a href="https://www.yn.gov.cn/" style="color:#fff">云南省人民政府</a> | <a href="https://www.hh.gov.cn/" style="color:#fff">红河州人民政府</a></span>
</div></div>
<div class="header"><div class="w1200">
  <a href="/" class="logo" title="弥勒市人民政府"><img src="/static/img/logo.png" alt="弥勒市人民政府"></a>
  <form class="search" action="/search/" method="get"><input type="text" name="q" placeholder="请输入关键词"><button type="submit">搜索</button></form>
</div></div>
<div class="nav"><div class="w1200"><ul>
  <li><a href="/">首页</a></li>
  <li><a href="/zwgk/">政务公开</a></li>
  <li><a href="/zwfw/">政务服务</a></li>
  <li><a href="/hdjl/">互动交流</a></li>
  <li><a href="/zjml/">走进弥勒</a></li>
  <li><a href="/ztzl/">专题专栏</a></li>
</ul></div></div>

<div class="w1200">
  <div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/zcjd/">政策解读</a> &gt; 正文</div>

  <table class="xxgk-meta">
    <tr><td class="lab">索&nbsp;引&nbsp;号</td><td>11532504015172815K/2024-00867</td><td class="lab">信息分类</td><td>政策解读</td></tr>
    <tr><td class="lab">发布机构</td><td>弥勒市民政局</td><td class="lab">生成日期</td><td>2024-09-12</td></tr>
    <tr><td class="lab">名&nbsp;&nbsp;&nbsp;&nbsp;称</td><td colspan="3">{e(TITLE)}</td></tr>
    <tr><td class="lab">文&nbsp;&nbsp;&nbsp;&nbsp;号</td><td></td><td class="lab">关&nbsp;键&nbsp;词</td><td>一老一小；托育补贴；养老服务</td></tr>
    <tr><td class="lab">主题分类</td><td>民政、扶贫、救灾；卫生、体育</td><td class="lab">有&nbsp;效&nbsp;性</td><td>有效</td></tr>
  </table>

  <div class="article">
    <h1 id="title">{e(TITLE)}</h1>
    <div class="info">{e(META_LINE)}　浏览次数：<span id="hits">--</span>　字号：[<a href="javascript:fontZoom(18)">大</a> <a href="javascript:fontZoom(16)">中</a> <a href="javascript:fontZoom(14)">小</a>]</div>
    <div class="TRS_Editor" id="zoom">
{article}
    </div>
    <div class="related">
      <p>相关文件：<a href="/zwgk/zfxxgk/fdzdgknr/zcwj/202408/t20240826_1093356.html">弥勒市人民政府办公室关于印发弥勒市支持“一老一小”服务发展十条措施的通知</a></p>
    </div>
    <div class="share bdsharebuttonbox">
      <span>分享到：</span>
      <a href="#" class="bds_weixin" data-cmd="weixin" title="分享到微信">微信</a>
      <a href="#" class="bds_tsina" data-cmd="tsina" title="分享到新浪微博">微博</a>
      <a href="#" class="bds_qzone" data-cmd="qzone" title="分享到QQ空间">QQ空间</a>
      <a href="javascript:window.print()">【打印本页】</a>
      <a href="javascript:window.close()">【关闭窗口】</a>
    </div>
  </div>
</div>

<div class="footer"><div class="w1200">
  <p><a href="/wzdt/" style="color:#dfe8f5">网站地图</a> | <a href="/lxwm/" style="color:#dfe8f5">联系我们</a> | <a href="/sysm/" style="color:#dfe8f5">使用说明</a></p>
  <p>主办单位：弥勒市人民政府办公室　承办单位：弥勒市融媒体中心　联系电话：0873-6122110</p>
  <p>网站标识码：5325040011　<a href="https://beian.miit.gov.cn/" style="color:#dfe8f5">滇ICP备05003178号-2</a>　<img src="/static/img/gaba.png" alt="">滇公网安备 53250402000231号</p>
  <p><span id="_ideConac"><img src="/static/img/jiguan.png" alt="党政机关"></span>　<script id="_jiucuo_" sitecode="5325040011" src="https://pucha.kaipuyun.cn/exposure/jiucuo.js"></script></p>
</div></div>

<script src="/static/js/jquery-1.12.4.min.js"></script>
<script>
  window._bd_share_config = {{"common":{{"bdSnsKey":{{}},"bdText":"","bdMini":"2","bdPic":"","bdStyle":"0","bdSize":"16"}},"share":{{}}}};
  function fontZoom(size){{ document.getElementById('zoom').style.fontSize = size + 'px'; }}
  (function(){{ var d=new Date(); var w=['日','一','二','三','四','五','六'];
    var el=document.getElementById('todayDate'); if(el) el.innerHTML=d.getFullYear()+'年'+(d.getMonth()+1)+'月'+d.getDate()+'日 星期'+w[d.getDay()]; }})();
  $.get('/api/hits?id=t20240912_1098621', function(r){{ $('#hits').text(r.count); }});
</script>
</body>
</html>
'''
    with open(os.path.join(ROOT, 'docB.html'), 'w', encoding='utf-8') as f:
        f.write(page)
    with open(os.path.join(ROOT, 'text', 'docB.txt'), 'w', encoding='utf-8') as f:
        f.write('\n'.join([TITLE, META_LINE] + article_paragraphs()) + '\n')
    print('wrote docB.html')


if __name__ == '__main__':
    build()
