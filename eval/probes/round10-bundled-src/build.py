#!/usr/bin/env python
"""Generator + validator for the probe16 held-out evaluation set.

Run:  /work/main/.venv/bin/python /work/probe16/build.py
Writes questions.jsonl next to this file and validates it against the seeds.
Exit code 0 = all checks passed (warnings allowed), 1 = at least one error.
"""
import json
import os
import random
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
SEED_DIR = "/work/shared/seeds"
OUT = os.path.join(HERE, "questions.jsonl")

D0 = "000_186b1a2cd6ba76fe.txt"   # 云南省 2021 促进养老托育服务健康发展的实施意见
D1 = "001_9cfba11903965bf6.txt"   # 昆明市 2022 促进养老托育服务体系发展整体解决方案
D2 = "002_010e98a28e00cec0.txt"   # scraped web copy of 000 -- never a doc
D3 = "003_319d3673b18cb300.txt"   # 玉溪市 2023 “一老一小”整体解决方案
D4 = "004_121bdc5f80ba3dbe.txt"   # 云南省 2024—2026 推进养老服务高质量发展三年行动方案

CATEGORY_COUNTS = {
    "amount": 6, "deadline": 4, "target": 5, "department": 6, "procedure": 3,
    "condition": 3, "list": 4, "count": 3, "yesno": 4, "premise": 4,
    "named_doc": 3, "followup": 5, "unanswerable": 10,
}
STYLE_MIN = {"traditional": 8, "homophone": 7, "hotline": 10, "dialect": 10}
STYLES = {"public", "hotline", "dialect", "traditional", "homophone"}
# count items whose answer is computed by counting rows (the figure is not written in the doc)
COMPUTED = {"N2"}
# department items: 4 forward, 2 reverse
DEPT_DIRECTION = {"F1": "forward", "F2": "forward", "F3": "forward", "F4": "forward",
                  "R1": "reverse", "R2": "reverse"}

NL = "\n\n"  # table cells in 003 are separated by blank lines


def U(c):
    return {"role": "user", "content": c}


def A(c):
    return {"role": "assistant", "content": c}


# Each item: key (internal), doc, category, question, history, gold_quotes, key_facts, notes
ITEMS = [
    # ------------------------------------------------------------------ amount (6)
    dict(key="A1", doc=D1, category="amount",
         question="昆明 民办养老机构 持证护理员 护理补助 标准",
         gold_quotes=["对取得养老护理职业资格证书，在民办养老机构从事养老护理工作的人员",
                      "按照不同等级分别给予每人每月50至150元的护理补助"],
         key_facts=[["50"], ["150"], ["每人每月", "每月", "/月"]],
         notes="hotline | 每人每月50至150元，按不同等级发放；对象是取得养老护理职业资格证书、在民办养老机构从事养老护理的人员。"
               "Trap: 省2024方案只提“探索建立养老护理员入职补贴制度”，没有金额，不能混用。"),
    dict(key="A2", doc=D1, category="amount",
         question="我家小娃娃才两岁，昆明那个文件头讲，照顾娃娃的个税每个月可以扣好多嘛？",
         gold_quotes=["按照每个婴幼儿每月1000元的标准定额个人所得税专项附加扣除"],
         key_facts=[["1000元", "1000", "一千"], ["每月", "每个月"]],
         notes="dialect | 每个婴幼儿每月1000元定额专项附加扣除（国发〔2022〕8号）。"
               "Trap: 口语“好多”=多少；不要答成每年或按家庭计。"),
    dict(key="A3", doc=D3, category="amount",
         question="玉溪 市综合托育服务中心 项目 总投资",
         gold_quotes=["总投资（万元）" + NL + "申请中央预算内投资（万元）",
                      "玉溪市综合托育服务中心",
                      "监督管理用房等。" + NL + "4500" + NL + "2800"],
         key_facts=[["4500"], ["万元"]],
         notes="hotline | 总投资4500万元（其中申请中央预算内投资2800万元，2023—2025，红塔区，市卫生健康委）。"
               "Trap: 相邻行“玉溪市托育服务指导中心”总投资4000万元/2500万元；2800是申请中央资金不是总投资。"),
    dict(key="A4", doc=D0, category="amount",
         question="省里规定新建小区要配养老用房，每一百户配多少平米？单独一处最少要多大？",
         gold_quotes=["新建住宅小区应按照每百户不少于20平方米建筑面积配建社区居家养老服务设施用房，且单处用房建筑面积不得少于300平方米"],
         key_facts=[["20平方米", "20平米"], ["300平方米", "300平米"]],
         notes="public | 每百户不少于20平方米，单处不少于300平方米。"
               "Trap: 同段已建成小区为每百户15平方米以上；两个数字分别来自同一句的两个要求。"),
    dict(key="A5", doc=D3, category="amount",
         question="新平青宸嬰幼兒照護項目總共投資多少錢？能提供幾個託位？",
         gold_quotes=["新平青宸婴幼儿照护项目",
                      "幼儿活动室、教室、300个托位建设等。" + NL + "6582"],
         key_facts=[["6582"], ["300个托位", "300个", "300"]],
         notes="traditional | 总投资6582万元，建设300个托位（申请中央预算内投资300万元）。"
               "Trap: 相邻新平项目宝贝佳100个、恩吉拉110个、真爱幼80个托位；申请中央资金恰为300，易与托位数混淆。"),
    dict(key="A6", doc=D1, category="amount",
         question="昆明 官渡区 新建小区 托育设施 配建标准",
         gold_quotes=["按照每千人口不少于8个托位的标准配套建设婴幼儿照护服务设施"],
         key_facts=[["8个托位", "8个"], ["每千人口", "每千人"]],
         notes="hotline | 官渡区属昆明，按昆明方案：新建城区、居住小区每千人口不少于8个托位。"
               "Trap: 老城区/已建成小区为每千人口不少于6个；2025年全市每千人口托位数目标4.5个是另一指标。"),
    # ------------------------------------------------------------------ deadline (4)
    dict(key="D1", doc=D0, category="deadline",
         question="机关单位下面那些培训中心、疗养院要改成养老的，省里定的最晚啥时候弄完？",
         gold_quotes=["确保2022年底前基本完成改革并投入运营"],
         key_facts=[["2022年底", "2022年"]],
         notes="public | 2022年底前基本完成改革并投入运营（党政机关和国有企事业单位所属培训疗养机构转型养老）。"
               "Trap: 同文多处“到2025年”目标。"),
    dict(key="D2", doc=D4, category="deadline",
         question="2014年以來新建的社區配套養老設施在做清查，查出來的問題最晚什麼時候要整改完？",
         gold_quotes=["对清查发现的问题于2026年底前全面完成整改"],
         key_facts=[["2026年底", "2026年"]],
         notes="traditional | 2026年底前全面完成整改。Trap: 2014年是清查起点，不是期限。"),
    dict(key="D3", doc=D4, category="deadline",
         question="州市级的失智老人照护机构，省头说哪阵要建起来嘛？",
         gold_quotes=["到2026年底，力争每个州、市至少建有1所州市级失智老年人照护服务机构"],
         key_facts=[["2026年底", "2026年"]],
         notes="dialect | 到2026年底力争每个州、市至少1所州市级失智老年人照护服务机构。"
               "Trap: 2021省意见是“到2025年每个县、市、区建成1所失能照护服务机构”（失能≠失智，县级≠州市级）。"),
    dict(key="D4", doc=D3, category="deadline",
         question="玉溪 托育示范园 元江分园 建设期限",
         gold_quotes=["玉溪市托育服务示范园元江分园项目" + NL + "公办托育机构" + NL + "2024—" + NL + "2025"],
         key_facts=[["2024"], ["2025"]],
         notes="hotline | 建设期限2024—2025年。Trap: 相邻易门、华宁分园为2023—2024，通海分园2023—2025；元江县养老项目多为2023。"),
    # ------------------------------------------------------------------ target (5)
    dict(key="T1", doc=D0, category="target",
         question="省里要求到2025年生活不能自理的特困人员集中供养律不低于多少？",
         gold_quotes=["生活不能自理特困人员集中供养率不低于60%"],
         key_facts=[["60%"]],
         notes="homophone (供养律=供养率) | 不低于60%。Trap: 紧接着“有集中供养意愿的特困人员集中供养率达100%”；护理型床位占比55%。"),
    dict(key="T2", doc=D1, category="target",
         question="昆明到2025年每一千个老人要有多少张养老床位？现在大概是多少？",
         gold_quotes=["每千名老年人养老床位数31张",
                      "全市每千名常住老年人拥有养老床位数约为23.7张"],
         key_facts=[["31张", "31"], ["23.7张", "23.7"]],
         notes="public | 2025年目标31张；截至2021年12月约23.7张。"
               "Trap: 全国平均31.1张；玉溪“十三五”末37张；需两条不同条款（目标vs现状）。"),
    dict(key="T3", doc=D3, category="target",
         question="玉溪 普惠性托位占比 2023年 目标值",
         gold_quotes=["普惠性托位数占比" + NL + "%" + NL + "—" + NL + "35" + NL + "60"],
         key_facts=[["35%", "35"]],
         notes="hotline | 2023年目标35%（2025年60%）。Trap: 表格相邻列2025年60%；昆明2025年普惠性托位占比80%。"),
    dict(key="T4", doc=D4, category="target",
         question="到2026年底，全省養老機構的護理型床位比例要求是多少？",
         gold_quotes=["护理型床位在养老机构的床位数占比不低于60%"],
         key_facts=[["60%"]],
         notes="traditional | 到2026年底不低于60%。Trap: 2021省意见为2025年不少于55%；新建、改扩建公办养老机构护理型床位占比不低于80%。"),
    dict(key="T5", doc=D1, category="target",
         question="昆明家庭养老床位到2025年要整到好多个噶？",
         gold_quotes=["家庭养老床位数不低于4000个"],
         key_facts=[["4000个", "4000"]],
         notes="dialect | 不低于4000个。Trap: 同一长句里大量并列指标（每年新增老年幸福食堂40个以上等）。"),
    # ------------------------------------------------------------------ department (6: 4 forward, 2 reverse)
    dict(key="F1", doc=D3, category="department",
         question="玉溪 基本养老保险参保率 指标 责任单位",
         gold_quotes=["基本养老保险参保率" + NL + "96%" + NL + "市人力资源社会保障局"],
         key_facts=[["市人力资源社会保障局", "人力资源社会保障局", "人社局"]],
         notes="hotline | forward. 市人力资源社会保障局（2025年目标96%）。Trap: 附件1其余养老指标多为市民政局，相邻行为市自然资源规划局等。"),
    dict(key="F2", doc=D3, category="department",
         question="玉溪开发适合老人和娃娃的果蔬、中药材产品，是哪个部门牵投？",
         gold_quotes=["充分挖掘玉溪绿色果蔬、中药材等资源优势，开发适合老年人群、婴幼儿健康需求的产品。" + NL + "市农业农村局、市工业和信息化局"],
         key_facts=[["市农业农村局", "农业农村局"], ["市工业和信息化局", "工业和信息化局", "工信局"]],
         notes="homophone (牵投=牵头) | forward. 市农业农村局、市工业和信息化局（附件2第23项）。"
               "Trap: 相邻第22项（老年用品、母婴产业）为市工信局、市民政局、市卫健委；需答出两个单位。"),
    dict(key="F3", doc=D0, category="department",
         question="省政府办公厅2021年那个促进养老托育发展的意见，落实情况归哪个部门跟踪督促？",
         gold_quotes=["省发展改革委要加强对本意见落实情况跟踪督促"],
         key_facts=[["省发展改革委", "发展改革委", "发改委"]],
         notes="public | forward. 省发展改革委，并及时向省人民政府报告。Trap: 2024三年行动方案由省民政厅督促指导。"),
    dict(key="F4", doc=D4, category="department",
         question="24年省头出的那个养老服务三年方案，哪个部门牵头克督促各个州市嘛？",
         gold_quotes=["省民政厅要会同有关部门，加强对各地的督促指导"],
         key_facts=[["省民政厅", "民政厅"]],
         notes="dialect | forward. 省民政厅会同有关部门督促指导并适时向省政府报告。Trap: 2021意见由省发展改革委跟踪督促。"),
    dict(key="R1", doc=D3, category="department",
         question="玉溪 市委老干部局 一老一小 负责事项",
         gold_quotes=["建立健全“市，县（市、区），乡（镇）、街道，村（社区）”四级老年教育服务体系",
                      "培育1—2所在老年教育规范化建设、高质量办学等方面具有示范作用的老年大学",
                      "办好“家门口老年大学”，实施“互联网+老年教育”。" + NL + "市委老干部局"],
         key_facts=[["老年大学"], ["四级老年教育服务体系", "四级老年教育"], ["1—2所", "1-2所", "一两所"],
                    ["家门口老年大学"]],
         notes="hotline | reverse. 附件2第18—20项均为市委老干部局单独负责：健全四级老年教育服务体系/加强老年大学建设；"
               "培育1—2所示范性老年大学；办好“家门口老年大学”、实施“互联网+老年教育”。Trap: 昆明方案中市委老干部局还管老有所为等，不能混入。"),
    dict(key="R2", doc=D3, category="department",
         question="玉溪的「一老一小」方案裡，市應急局要負責哪一塊工作？",
         gold_quotes=["建立完善养老托育机构突发事件预防与应急处置等工作机制",
                      "将养老托育纳入公共安全重点保障范围",
                      "市民政局、市卫生健康委、市应急局"],
         key_facts=[["突发事件"], ["应急处置"], ["公共安全重点保障"]],
         notes="traditional | reverse. 附件2第40项：建立完善养老托育机构突发事件预防与应急处置等工作机制，将养老托育纳入公共安全重点保障范围"
               "（与市民政局、市卫生健康委共同负责）。Trap: 市应急局全文只出现一次；不要扯到非法集资防范。"),
    # ------------------------------------------------------------------ procedure (3)
    dict(key="P1", doc=D4, category="procedure",
         question="想办个非营利的养老院，申请划拨用地要准备什么材料？",
         gold_quotes=["举办非营利性养老机构，符合国土空间规划的",
                      "可凭民办非企业单位（社会服务机构）登记证书和其他法定材料申请划拨供地"],
         key_facts=[["民办非企业单位", "社会服务机构"], ["登记证书"], ["国土空间规划"]],
         notes="public | 符合国土空间规划的，凭民办非企业单位（社会服务机构）登记证书和其他法定材料申请划拨供地。"
               "Trap: 营利性用地不能划拨，须租赁/先租后让/出让。"),
    dict(key="P2", doc=D1, category="procedure",
         question="我在昆明开了家托育，想在同一个区再开个点，得不得另外设分支机构噶？",
         gold_quotes=["养老托育机构经营场所属于同一县级登记机关管辖的，可免于设立分支机构，但应当申请增加经营场所登记"],
         key_facts=[["免于设立分支机构", "不用设立分支机构", "不需要设立分支机构"], ["增加经营场所登记"]],
         notes="dialect | 同一县级登记机关管辖的，可免于设立分支机构，但应当申请增加经营场所登记。"
               "Trap: 省2021意见只说“免于办理分支机构登记”，漏掉增加经营场所登记这一步。"),
    dict(key="P3", doc=D4, category="procedure",
         question="老房子改养劳院，旧房的历史资料找不齐了，可以拿什么代替？",
         gold_quotes=["对无法完整获得旧房历史资料的项目，可利用房屋建筑结构安全性鉴定报告替代原始资料"],
         key_facts=[["房屋建筑结构安全性鉴定报告", "结构安全性鉴定报告", "安全性鉴定报告"]],
         notes="homophone (养劳院=养老院) | 可用房屋建筑结构安全性鉴定报告替代原始资料。"
               "Trap: 前一句是1000平方米以下可免出具的材料清单，不是替代办法。"),
    # ------------------------------------------------------------------ condition (3)
    dict(key="C1", doc=D4, category="condition",
         question="我们有栋1500平米的独栋楼想改成养老院，是不是可以不交环评审批文件？",
         gold_quotes=["凡利用建筑面积1000平方米以下的独栋建筑或内部楼层改造为养老服务设施的",
                      "可不出具近期动迁计划说明、临时改变建筑使用功能说明、环评审批文件或备案回执"],
         key_facts=[["1000平方米以下", "1000平方米"], ["环评审批文件"]],
         notes="public | 不能按该条免：免出具环评审批文件等限于建筑面积1000平方米以下的独栋建筑或内部楼层（且符合国家有关标准），1500平方米超出。"
               "Trap: 条件带面积上限，问句数字超限。"),
    dict(key="C2", doc=D4, category="condition",
         question="闲置写字楼 改办养老机构 土地用途 过渡期 条件",
         gold_quotes=["所使用存量房屋在符合详细规划且不改变用地主体的条件下，可在5年内实行继续按照土地原用途和权利类型适用过渡期政策"],
         key_facts=[["5年"], ["符合详细规划"], ["不改变用地主体"]],
         notes="hotline | 符合详细规划且不改变用地主体，可在5年内继续按原用途和权利类型适用过渡期政策。"
               "Trap: 两个条件缺一不可；年限5年。"),
    dict(key="C3", doc=D0, category="condition",
         question="我们那个商场面积才8000平方，不过一天人流有一万二，省头规定得不得要建母婴室？",
         gold_quotes=["在建筑面积超过1万平方米或日客流量超过1万人的交通枢纽、商业中心、旅游景区、医院等公共场所建立母婴室"],
         key_facts=[["日客流量超过1万人", "客流量超过1万人", "1万人"], ["母婴室"]],
         notes="dialect | 要建：面积或日客流量两个条件满足其一即可，日客流量1.2万人超过1万人。"
               "Trap: 面积不到1万平方米容易误判为不用建（“或”条件）；昆明版景区限4A级及以上，但商场不受影响。"),
    # ------------------------------------------------------------------ list (4)
    dict(key="L1", doc=D4, category="list",
         question="三年行动方案里社区养老的“十住”服务具体是哪十项？",
         gold_quotes=["助餐、助洁、助浴、助医、助急、助行、助购、助学、助乐、助聊等“十助”社区养老服务"],
         key_facts=[["助餐"], ["助洁"], ["助浴"], ["助医"], ["助急"], ["助行"], ["助购"], ["助学"], ["助乐"], ["助聊"]],
         notes="homophone (十住=十助) | 助餐、助洁、助浴、助医、助急、助行、助购、助学、助乐、助聊。"
               "Trap: 昆明方案列的是助餐、助浴、助行、助医等居家服务，不是“十助”。"),
    dict(key="L2", doc=D0, category="list",
         question="省裡的文件說，房子、土地拿來做養老托育服務，可以免掉哪些稅費？",
         gold_quotes=["按照政策规定免征其契税、房产税、城镇土地使用税和城市基础设施配套费等有关费用"],
         key_facts=[["契税"], ["房产税"], ["城镇土地使用税"], ["城市基础设施配套费"]],
         notes="traditional | 契税、房产税、城镇土地使用税、城市基础设施配套费。"
               "Trap: 增值税、企业所得税是“符合条件的收入享受税收优惠”，不是免征项；昆明版限于非营利性。"),
    dict(key="L3", doc=D3, category="list",
         question="玉溪 一老一小 重大平台清单 有哪些",
         gold_quotes=["1" + NL + "农村区域性养老服务中心",
                      "养老服务人才培训基地（政府、学校、企业合作，培养医养康护工学等老年服务人才）",
                      "市级婴幼儿早期发展促进基地（婴幼儿身心发育、营养健康、安全素养、急救知识等研发、推广）"],
         key_facts=[["农村区域性养老服务中心"], ["养老服务人才培训基地", "人才培训基地"],
                    ["婴幼儿早期发展促进基地"]],
         notes="hotline | 附件4共3个平台：农村区域性养老服务中心；养老服务人才培训基地（玉溪科教创新城职教园区）；"
               "市级婴幼儿早期发展促进基地（市儿童医院）。Trap: 不要把附件9试点清单或附件5产业清单混入。"),
    dict(key="L4", doc=D4, category="list",
         question="省里推的那种智能养老终端设备，要求有哪些功能？",
         gold_quotes=["依托具备一键呼叫、跌倒报警、日常监测心率血压、实时定位等契合老年人需求功能的智能终端设备"],
         key_facts=[["一键呼叫"], ["跌倒报警"], ["心率血压", "监测心率血压"], ["实时定位", "定位"]],
         notes="public | 一键呼叫、跌倒报警、日常监测心率血压、实时定位。"
               "Trap: 2021省意见列的是环境监控、老年人监护、防走失定位等智能辅助产品，问的是2024方案的终端功能。"),
    # ------------------------------------------------------------------ count (3)
    dict(key="N1", doc=D3, category="count",
         question="玉溪那个重大项目清单里头，托育的项目一共有几个嘛？",
         gold_quotes=["托育项目小计（23个）"],
         key_facts=[["23个", "23"]],
         notes="dialect | 23个。Trap: 合计50个、养老项目27个。"),
    dict(key="N2", doc=D3, category="count",
         question="玉溪重大項目清單裡，新平縣的托育項目一共有幾個？",
         gold_quotes=["玉溪市托育服务示范园新平分园", "新平青宸婴幼儿照护项目", "新平宝贝佳托儿所项目",
                      "新平恩吉拉早教托育项目", "新平县真爱幼婴幼儿照护服务项目"],
         key_facts=[["5个", "5项", "五个", "5"]],
         notes="traditional | 5个（示范园新平分园、青宸、宝贝佳、恩吉拉、真爱幼）。computed count. "
               "Trap: 新平另有2个养老项目（老厂区域性养老服务中心、社区居家养老服务网络）不能算入。"),
    dict(key="N3", doc=D1, category="count",
         question="昆明截止2021年底，社会力量兴半的养老机构有几家？",
         gold_quotes=["社会力量兴办的养老服务机构80个"],
         key_facts=[["80个", "80"]],
         notes="homophone (兴半=兴办) | 80个（截至2021年12月）。Trap: 养老机构总数125个，农村敬老院31个、城市公办14个。"),
    # ------------------------------------------------------------------ yesno (4)
    dict(key="Y1", doc=D1, category="yesno",
         question="昆明的幼儿园得不得收两岁多点的小娃娃？",
         gold_quotes=["有条件的幼儿园可以开设小小班，招收2—3岁幼儿"],
         key_facts=[["可以"], ["小小班"], ["2—3岁", "2-3岁", "两到三岁"]],
         notes="dialect | 可以：有条件的幼儿园可开设小小班招收2—3岁幼儿。Trap: 省意见叫“托育班”，玉溪叫“托班”。"),
    dict(key="Y2", doc=D3, category="yesno",
         question="玉溪这边，是不是家里只要有老人，政府都给补贴做适老化改造？",
         gold_quotes=["按照每年不低于200户的目标",
                      "对纳入特困供养、脱贫户、边缘易致贫户范围的高龄、失能、部分失能、残疾等低收入老年人家庭"],
         key_facts=[["特困供养"], ["脱贫户"], ["边缘易致贫户"], ["低收入"]],
         notes="public | 不是：针对纳入特困供养、脱贫户、边缘易致贫户范围的高龄、失能、部分失能、残疾等低收入老年人家庭，每年不低于200户。"
               "Trap: 省2021意见每年5000户。"),
    dict(key="Y3", doc=D0, category="yesno",
         question="消防條件還不合格的托育機構，可以先開業再慢慢整改嗎？",
         gold_quotes=["不具备消防安全条件的，不得从事养老托育服务"],
         key_facts=[["不得", "不能", "不可以"]],
         notes="traditional | 不可以：不具备消防安全条件的，不得从事养老托育服务。"),
    dict(key="Y4", doc=D4, category="yesno",
         question="营利性养老设施 用地 能否划拨供应",
         gold_quotes=["对单独成宗供应的营利性养老服务设施用地，应当以租赁、先租后让、出让等方式供应"],
         key_facts=[["租赁"], ["先租后让"], ["出让"]],
         notes="hotline | 否：单独成宗供应的营利性养老服务设施用地应以租赁、先租后让、出让等方式供应（鼓励优先租赁、先租后让）；"
               "划拨只适用于非营利性养老机构。Trap: 同段下一句讲非营利划拨。"),
    # ------------------------------------------------------------------ premise (4)
    dict(key="PR1", doc=D0, category="premise",
         question="听说省里每年给1万户困难老人家庭做适老化改造，到2025年一共5万户，对吧？",
         gold_quotes=["每年支持5000户，到2025年共支持2.5万户"],
         key_facts=[["5000户", "5000"], ["2.5万户", "2.5万"]],
         notes="public | 不对：每年支持5000户，到2025年共2.5万户。Trap: 问句数字翻倍。"),
    dict(key="PR2", doc=D3, category="premise",
         question="玉溪到2025年每千人口托位数是不是就定的3个噶？",
         gold_quotes=["每千人拥有3岁以下婴幼儿托位数达到4.5个以上"],
         key_facts=[["4.5个", "4.5"]],
         notes="dialect | 不是：玉溪为4.5个以上（3个是省2021意见的全省目标；2023年阶段值2个）。"),
    dict(key="PR3", doc=D4, category="premise",
         question="三年行动方案里农村区域养老服务中心复盖率要求到90%，是这样吧？",
         gold_quotes=["农村区域养老服务中心覆盖率总体达到65%",
                      "城市社区养老服务中心及设施覆盖率达到90%"],
         key_facts=[["65%"]],
         notes="homophone (复盖率=覆盖率) | 不对：农村区域养老服务中心覆盖率总体65%；90%是城市社区养老服务中心及设施覆盖率。"),
    dict(key="PR4", doc=D1, category="premise",
         question="聽說昆明的入託率已經有5.5%，比全國平均還高，是真的嗎？",
         gold_quotes=["全市入托人数0.68万人，入托率1.8%，低于全省平均数（2.5%），低于全国平均数（5.5%）"],
         key_facts=[["1.8%"], ["5.5%"]],
         notes="traditional | 不是：昆明入托率1.8%（截至2021年12月），低于全省2.5%和全国5.5%；5.5%是全国平均数。"),
    # ------------------------------------------------------------------ named_doc (3)
    dict(key="ND1", doc=D4, category="named_doc",
         question="2024年省政府办公厅发的养老服务三年行动方案，基层医疗机构要优先给哪些老人建健康挡案？",
         gold_quotes=["基层医疗卫生机构要优先为辖区内80岁以上常住老年人或高危人群建立健康档案"],
         key_facts=[["80岁以上"], ["高危人群"]],
         notes="homophone (挡案=档案) | 辖区内80岁以上常住老年人或高危人群。Trap: 玉溪指标是65岁以上老年人健康管理率。"),
    dict(key="ND2", doc=D0, category="named_doc",
         question="2021年8月省政府办公厅出的养老托育健康发展实施意见，到2025年要打造多少家医养结合的优质服务单位？",
         gold_quotes=["到2025年，打造100家医养结合优质服务单位"],
         key_facts=[["100家", "100"]],
         notes="public | 100家。Trap: 同段三级中医医院设康复科比例85%；昆明要求每个县区至少1个医养结合机构。"),
    dict(key="ND3", doc=D3, category="named_doc",
         question="玉溪市2023年1月印發的「一老一小」整體解決方案，對二級以上公立綜合醫院開設老年病科的比例要求是多少？",
         gold_quotes=["全市二级以上公立综合医院（含中医医院）开设老年病科比例达到70%以上"],
         key_facts=[["70%"]],
         notes="traditional | 到2025年70%以上（含中医医院）。Trap: 昆明是二级及以上综合性医院设老年医学科65%以上。"),
    # ------------------------------------------------------------------ followup (5)
    dict(key="FU1", doc=D1, category="followup",
         history=[U("省里的文件讲到2025年，每千人口要有几个3岁以下婴幼儿托位？"),
                  A("按2021年省政府办公厅的实施意见，到2025年全省每千人口拥有3岁以下婴幼儿托位数3个。")],
         question="那昆明呢？",
         gold_quotes=["每千人口托位数达到4.5个"],
         key_facts=[["4.5个", "4.5"]],
         notes="public | 昆明2025年目标每千人口托位数4.5个。Trap: 昆明现状1.2个；新建小区配建标准8个/千人。"),
    dict(key="FU2", doc=D3, category="followup",
         history=[U("玉溪 65岁以上老人 健康管理率 2025目标"),
                  A("2025年目标为75%（2020年为71.64%），责任单位是市卫生健康委。")],
         question="2023年的呢",
         gold_quotes=["65岁以上老年人健康管理率" + NL + "%" + NL + "71.64" + NL + "72" + NL + "75"],
         key_facts=[["72%", "72"]],
         notes="hotline | 2023年目标72%。Trap: 同行2020年71.64、2025年75。"),
    dict(key="FU3", doc=D1, category="followup",
         history=[U("昆明现在护理型床位占比是好多？"),
                  A("按昆明市整体解决方案，截至2021年12月，全市护理型床位占比47.33%。")],
         question="那到2025年要整到好多嘛？",
         gold_quotes=["养老机构护理型养老床位占比60%以上"],
         key_facts=[["60%"]],
         notes="dialect | 2025年养老机构护理型养老床位占比60%以上。Trap: 省2021意见55%、玉溪55%。"),
    dict(key="FU4", doc=D3, category="followup",
         history=[U("玉溪托育服務示範園通海分園總投資多少？"),
                  A("通海分園總投資2500萬元，其中申請中央預算內投資1500萬元，建設期限2023—2025年。")],
         question="那華寧分園呢？申請中央的錢有多少？",
         gold_quotes=["玉溪市托育服务示范园华宁分园项目", "2467" + NL + "1200" + NL + "华宁县人民政府"],
         key_facts=[["1200"]],
         notes="traditional | 华宁分园申请中央预算内投资1200万元（总投资2467万元，2023—2024）。"
               "Trap: 易门分园1500；华宁县另有小燕子艺术幼儿园托育中心申请150万元。"),
    dict(key="FU5", doc=D1, category="followup",
         history=[U("省里对老年大学有什么要求？"),
                  A("2021年省政府办公厅的实施意见提出：到2025年各县、市、区至少建有1所老年大学，50%以上乡镇、街道建有老年学校。")],
         question="那昆明对乡镇这一级的要求是多少？",
         gold_quotes=["70%以上乡镇（街道）建有老年大学分校（老年学校）"],
         key_facts=[["70%"]],
         notes="public | 昆明：70%以上乡镇（街道）建有老年大学分校（老年学校）。Trap: 省50%；村（社区）学习点50%是另一层级。"),
    # ------------------------------------------------------------------ unanswerable (10)
    dict(key="U1", doc=None, category="unanswerable",
         question="昆明 高龄津贴 发放标准 每月多少",
         notes="hotline | (a) 昆明方案只说“完善高龄津贴制度”，未给标准；应说明文件未载明，建议咨询民政部门。"),
    dict(key="U2", doc=None, category="unanswerable",
         question="省头讲的养老护理员入职补贴，一次性给好多钱嘛？",
         notes="dialect | (a) 2024方案仅“探索建立养老护理员入职补贴制度”，无金额。Trap: 昆明每月50至150元护理补助是另一项，不能拿来回答。"),
    dict(key="U3", doc=None, category="unanswerable",
         question="个人养老金一年最多能存多少钱？玉溪不是说要当先行城市吗？",
         notes="public | (b) 玉溪只列“国家个人养老金先行城市”试点，未规定缴存上限；文件不涉及。"),
    dict(key="U4", doc=None, category="unanswerable",
         question="幼兒園托班一個學期的保育費大概要交多少？",
         notes="traditional | (b) 文件只鼓励幼儿园开设托班/小小班，未规定任何收费标准。"),
    dict(key="U5", doc=None, category="unanswerable",
         question="玉溪市儿童医院周末门诊几点开们？",
         notes="homophone (开们=开门) | (b) 市儿童医院仅作为婴幼儿早期发展促进基地出现，文件无门诊时间。"),
    dict(key="U6", doc=None, category="unanswerable",
         question="大理州那边到2025年每千人口托位数要整到几个噶？",
         notes="dialect | (c) 无大理州文件；省意见全省3个不是大理州的专门指标，应说明并可提示全省口径。"),
    dict(key="U7", doc=None, category="unanswerable",
         question="曲靖 麒麟区 普惠托育机构 2025年 建设数量",
         notes="hotline | (c) 无曲靖文件；玉溪“普惠性托育示范项目县2个”、昆明“每个乡镇（街道）至少1家”均不适用曲靖。"),
    dict(key="U8", doc=None, category="unanswerable",
         question="到2030年全省养老院的护理型床位要占多大比例？",
         notes="public | (d) 文件最远到2026年底（不低于60%），无2030年目标。"),
    dict(key="U9", doc=None, category="unanswerable",
         question="昆明2015年的時候總共有多少家養老機構？",
         notes="traditional | (d) 只有截至2021年12月125个的数据，无2015年数据。"),
    dict(key="U10", doc=None, category="unanswerable",
         question="成都的托育补帖每个月能领多少？",
         notes="homophone (补帖=补贴) | (e) 成都不在云南，文件不涉及。"),
]


def load_seeds():
    seeds = {}
    for name in sorted(os.listdir(SEED_DIR)):
        if name.endswith(".txt") and name[:3] in {"000", "001", "002", "003", "004"}:
            with open(os.path.join(SEED_DIR, name), encoding="utf-8") as f:
                seeds[name] = f.read()
    return seeds


def build_records():
    order = list(range(len(ITEMS)))
    random.Random(16).shuffle(order)
    records, keymap = [], {}
    for n, idx in enumerate(order, 1):
        it = ITEMS[idx]
        rid = "p16-%03d" % n
        keymap[rid] = it["key"]
        unans = it["category"] == "unanswerable"
        records.append({
            "id": rid,
            "doc": it["doc"],
            "category": it["category"],
            "question": it["question"],
            "history": it.get("history", []),
            "answerable": not unans,
            "gold_quotes": [] if unans else it["gold_quotes"],
            "key_facts": [] if unans else it["key_facts"],
            "notes": it["notes"],
        })
    return records, keymap


def ngrams(s, n=12):
    return {s[i:i + n] for i in range(len(s) - n + 1)}


def validate(records, keymap, seeds):
    errors, warnings = [], []
    fields = ["id", "doc", "category", "question", "history", "answerable", "gold_quotes", "key_facts", "notes"]
    # ids
    ids = [r["id"] for r in records]
    if ids != ["p16-%03d" % i for i in range(1, 61)]:
        errors.append("ids are not p16-001..p16-060 in order")
    if len(set(ids)) != 60:
        errors.append("ids not unique / not 60")
    # categories
    cc = Counter(r["category"] for r in records)
    if dict(cc) != CATEGORY_COUNTS:
        errors.append("category counts %s != %s" % (dict(cc), CATEGORY_COUNTS))
    dep = Counter(DEPT_DIRECTION[keymap[r["id"]]] for r in records if r["category"] == "department")
    if dep != Counter({"forward": 4, "reverse": 2}):
        errors.append("department direction counts %s" % dep)
    # styles
    sc = Counter()
    for r in records:
        tag = r["notes"].split(" | ", 1)[0].split()[0] if " | " in r["notes"] else None
        if tag not in STYLES:
            errors.append("%s: notes must start with a style tag then ' | '" % r["id"])
        sc[tag] += 1
    for s, m in STYLE_MIN.items():
        if sc[s] < m:
            errors.append("style %s count %d < %d" % (s, sc[s], m))
    # overlap index over all seeds (raw and whitespace-stripped)
    grams = set()
    for text in seeds.values():
        grams |= ngrams(text)
        grams |= ngrams("".join(text.split()))
    for r in records:
        rid = r["id"]
        if list(r.keys()) != fields:
            errors.append("%s: fields %s" % (rid, list(r.keys())))
        cat = r["category"]
        # doc
        if cat == "unanswerable":
            if r["doc"] is not None or r["answerable"] is not False:
                errors.append("%s: unanswerable must have doc null and answerable false" % rid)
            if r["gold_quotes"] or r["key_facts"]:
                errors.append("%s: unanswerable must have no quotes/facts" % rid)
        else:
            if r["answerable"] is not True:
                errors.append("%s: answerable must be true" % rid)
            if r["doc"] not in seeds or r["doc"] == D2:
                errors.append("%s: bad doc %r" % (rid, r["doc"]))
                continue
            text = seeds[r["doc"]]
            if not r["gold_quotes"]:
                errors.append("%s: no gold quotes" % rid)
            for q in r["gold_quotes"]:
                if not (8 <= len(q) <= 80):
                    errors.append("%s: quote length %d: %r" % (rid, len(q), q))
                if q not in text:
                    errors.append("%s: quote not in doc: %r" % (rid, q))
            if not r["key_facts"]:
                errors.append("%s: no key facts" % rid)
            for g in r["key_facts"]:
                if not isinstance(g, list) or not g or not all(isinstance(v, str) and v for v in g):
                    errors.append("%s: malformed key-fact group %r" % (rid, g))
                    continue
                if not any(v in text for v in g):
                    msg = "%s: no variant of key-fact group %r in doc" % (rid, g)
                    if keymap[rid] in COMPUTED:
                        warnings.append(msg + " (computed count)")
                    else:
                        errors.append(msg)
                # the fact should be supported by at least one gold quote (or be a computed count)
                if keymap[rid] not in COMPUTED and not any(v in q for v in g for q in r["gold_quotes"]):
                    warnings.append("%s: key-fact group %r not inside any gold quote" % (rid, g))
        # history
        h = r["history"]
        if cat == "followup":
            if not h or len(h) % 2:
                errors.append("%s: followup history must be non-empty user/assistant pairs" % rid)
            for i, t in enumerate(h):
                want = "user" if i % 2 == 0 else "assistant"
                if set(t.keys()) != {"role", "content"} or t["role"] != want or not t["content"].strip():
                    errors.append("%s: history turn %d malformed" % (rid, i))
        elif h != []:
            errors.append("%s: non-followup must have empty history" % rid)
        # overlap check: question and user turns
        texts = [r["question"]] + [t["content"] for t in h if t.get("role") == "user"]
        for t in texts:
            for variant in (t, "".join(t.split())):
                hit = ngrams(variant) & grams
                if hit:
                    errors.append("%s: 12-char overlap with seed: %s" % (rid, sorted(hit)[:3]))
                    break
        if not r["question"].strip():
            errors.append("%s: empty question" % rid)
    return errors, warnings, cc, sc


def main():
    seeds = load_seeds()
    assert len(seeds) == 5, seeds.keys()
    records, keymap = build_records()
    with open(OUT, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    # re-read from disk to validate what was written
    with open(OUT, encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    errors, warnings, cc, sc = validate(records, keymap, seeds)
    print("items:", len(records))
    print("categories:", dict(sorted(cc.items())))
    print("styles:", dict(sorted(sc.items())))
    print("docs:", dict(sorted(Counter(str(r["doc"]) for r in records).items())))
    for w in warnings:
        print("WARN", w)
    for e in errors:
        print("ERROR", e)
    print("RESULT:", "PASS" if not errors else "FAIL (%d errors)" % len(errors),
          "with %d warnings" % len(warnings))
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
