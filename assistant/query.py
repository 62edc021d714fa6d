"""What a question asks for: region, intent, years, and its weighted search terms."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.lexicon import Lexicon
from assistant.text import arabize, normalize

# Cue words per intent; checked on the normalized question (several intents may hold).
INTENT_CUES: dict[str, tuple[str, ...]] = {
    "amount": (
        "多少钱",
        "补贴",
        "补助",
        "津贴",
        "元",
        "金额",
        "标准",
        "多拿",
        "给多少",
        "奖补",
        "奖励",
        "资金",
        "投资",
        "扣除",
        "钱",
        "收费",
        "费用",
        "供养金",
        "养老金",
        "生活费",
        "工资",
        "薪酬",
        "发多少",
        "领多少",
    ),
    "deadline": (
        "什么时候",
        "何时",
        "最晚",
        "截止",
        "期限",
        "哪年",
        "几年",
        "时限",
        "年底",
        "底前",
        "之前",
        "多久",
        "啥时候",
        "完成时间",
    ),
    "target": (
        "目标",
        "指标",
        "达到",
        "占比",
        "比例",
        "覆盖率",
        "达标率",
        "多少个",
        "多少家",
        "多少所",
        "比率",
        "率",
        "要求",
        "至少",
        "不低于",
        "不少于",
    ),
    "department": (
        "哪个部门",
        "部门",
        "谁负责",
        "负责",
        "责任单位",
        "谁管",
        "找谁",
        "牵头",
        "主管",
        "归谁",
        "哪家单位",
        "哪些单位",
    ),
    "eligibility": ("谁能", "谁可以", "条件", "符合", "享受", "资格", "哪些人", "能不能", "可以吗", "有没有", "对象", "适用"),
    # 怎么 / 如何 alone (怎么用, 如何布局) ask how, not for an administrative procedure
    "procedure": ("怎么办", "如何办", "怎么弄", "流程", "备案", "登记", "手续", "申请", "办理", "步骤", "程序"),
    "table": ("项目", "清单", "序号", "列表", "表", "重大", "名单"),
}

# Question forms that say outright what is asked; they outrank topic words such as 补贴.
QUESTION_FORMS: dict[str, re.Pattern[str]] = {
    "department": re.compile(
        r"哪个部门|哪些部门|哪个单位|哪些单位|谁负责|谁来负责|谁来抓|谁来管|谁管|归谁|归哪|哪几个厅|哪个厅|哪个局|责任单位|牵头"
    ),
    "deadline": re.compile(r"什么时候|啥时候|哪一年|哪年|何时|最晚|截止|期限|几年内|工期"),
    "amount": re.compile(r"多少钱|多少元|金额|补多少|给多少钱|几块"),
    "procedure": re.compile(r"怎么办|怎么申请|如何申请|要不要.{0,6}(注册|登记|备案)"),
    # how many of something (护工, 托位, 床位): a count or target, not a sum of money
    "target": re.compile(
        r"多少(?![^，。？?！!]*(?:钱|元|块|补|资金|经费|费用|投资))(?![啊呀呢吗啦哇嘛])[\u4e00-\u9fff]|(?<![哪好])几(?:个|家|所|张|名|户|位|类|项|成)"
    ),
}
_YEAR = re.compile(r"(20\d{2})")
# Words that name a document (2021年意见, 那个文件): a year before one names the document, not a target year.
DOCUMENT_WORDS = ("意见", "方案", "文件", "行动", "规划", "政策", "规定", "通知", "办法")
_DOCUMENT_YEAR = re.compile(rf"(20\d{{2}})年?[^，,。？?、和与]{{0,4}}?(?:{'|'.join(DOCUMENT_WORDS)})")
# What 多少 measures, not what it counts.
MEASURES = {
    "比例",
    "比率",
    "占比",
    "百分比",
    "钱",
    "金额",
    "资金",
    "时间",
    "年限",
    "期限",
    "标准",
}
_MONEY_NOUNS = {"补贴", "补助", "津贴", "奖补"}  # 能拿多少钱补贴: a sum, not a number of things
_SEVERAL = re.compile(r"好几[个年天次趟回家]?")  # 好几年了: several, not a question
_HOW_MANY = re.compile(r"多少|(?<![哪好])几")
_UNITS = "户人床家所张名"  # 户数, 人数: one character is enough for these
# 多少护工, 几个托位: the thing whose number is asked for follows the question word (not 多少岁, 多少钱)
_COUNTED = re.compile(r"(?:多少|(?<![哪好])几)(?![岁钱元块])(?:个|家|所|张|名|户|位)?([\u4e00-\u9fff0-9]{2,10})")
_GREETING = re.compile(r"^(你好|您好|hi|hello|在吗|谢谢|再见|早上好|晚上好|哈喽)[!！。.?？~ ]*$")
_INJECTION = re.compile(
    r"(忽略|无视|忘记|忘掉).{0,8}(指令|提示|规则|设定|要求)|系统提示|system prompt|ignore (all|previous|the)|扮演|越狱|jailbreak|prompt"
)


@dataclass
class Query:
    """An analysed question."""

    text: str
    norm: str
    words: list[str]
    bigrams: list[str]
    expansions: list[str]
    regions: list[str]
    other_places: list[str]
    intents: list[str]
    years: list[str]
    greeting: bool = False
    injection: bool = False
    expansion_words: list[str] = field(default_factory=list)
    nouns: list[str] = field(default_factory=list)
    counted: list[str] = field(default_factory=list)  # what a how-many question counts, with its official terms
    document_years: list[str] = field(default_factory=list)  # years that name a document: 2021年意见
    colloquial: list[str] = field(default_factory=list)  # the user's everyday words that have official terms
    places: list[str] = field(default_factory=list)  # gazetteer places named, most specific as written
    names_province: bool = False  # the home province named outright (省里, 全省)

    @property
    def primary_intent(self) -> str | None:
        """The first detected intent, if any."""
        return self.intents[0] if self.intents else None


def analyse(text: str, lexicon: Lexicon) -> Query:
    """Analyse a question (already resolved against the conversation)."""
    norm = normalize(text)
    folded = arabize(norm)
    named = lexicon.named_places(norm)
    regions, others = lexicon.regions_of(named)
    expansions = lexicon.expansions(norm)
    expansion_words: list[str] = []
    for term in expansions:
        expansion_words += [w for w in lexicon.words_of(term) if w not in expansion_words]
    words = lexicon.words_of(folded)
    return Query(
        text=text,
        norm=norm,
        words=words,
        colloquial=[w for w in words if w in lexicon.colloquial_words],
        bigrams=lexicon.bigrams_of(folded),
        expansions=expansions,
        expansion_words=expansion_words,
        regions=regions,
        other_places=[p for p in others if not any(p in r for r in regions)],
        intents=detect_intents(_SEVERAL.sub("", folded)),
        years=_YEAR.findall(folded),
        nouns=lexicon.nouns_of(folded),
        counted=counted_terms(norm, lexicon),
        document_years=_DOCUMENT_YEAR.findall(folded),
        places=named,
        names_province=lexicon.names_province(norm),
        greeting=bool(_GREETING.match(norm)),
        injection=bool(_INJECTION.search(norm)),
    )


def counted_terms(norm: str, lexicon: Lexicon) -> list[str]:
    """The noun a how-many question counts (多少护工 → 护工; 户数……多少 → 户) and the official terms for it."""
    out: list[str] = []
    nouns = [lexicon.head_noun(m.group(1), skip=MEASURES | _MONEY_NOUNS) for m in _COUNTED.finditer(norm)]
    if _HOW_MANY.search(norm):  # 户数, 床位数: a number of 户, of 床位
        counted = [w[:-1] for w in lexicon.words_of(norm) if w.endswith("数") and len(w) >= 2]
        nouns += [n for n in counted if (len(n) >= 2 or n in _UNITS) and n not in MEASURES]
    for noun in nouns:
        if noun and noun not in out:
            out += [w for w in dict.fromkeys([noun, *lexicon.official_words(noun)]) if w not in out]
    return out


def detect_intents(norm: str) -> list[str]:
    """Intents whose cues appear, strongest (most cues) first."""
    scored = []
    for intent, cues in INTENT_CUES.items():
        hits = sum(cue in norm for cue in cues)
        form = QUESTION_FORMS.get(intent)
        if form is not None and form.search(norm):
            hits += 10  # a question form outranks any number of topic cues
        if hits:
            scored.append((hits, intent))
    return [intent for _, intent in sorted(scored, key=lambda s: -s[0])]
