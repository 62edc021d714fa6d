# -*- coding: utf-8 -*-
"""Validate probe17 deliverables. Run: /work/main/.venv/bin/python src/verify.py"""
import os, re, json, sys, collections
from html.parser import HTMLParser

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ERR = []
def err(m): ERR.append(m)

def cjk(s): return len(re.findall(r"[\u4e00-\u9fff]", s))

# ---------- canonical texts ----------
TXT = {}
for k in ("docA", "docB", "docC"):
    b = open(os.path.join(ROOT, "text", k + ".txt"), "rb").read()
    t = b.decode("utf-8")
    if "\r" in t: err(f"text/{k}.txt contains CR")
    TXT[k] = t
    n = cjk(t)
    if not 2500 <= n <= 6000: err(f"{k}: {n} CJK chars, outside 2500-6000")
DOCKEY = {"docA.docx": "docA", "docB.html": "docB", "docC.txt": "docC"}

# ---------- docA.docx ----------
import docx
d = docx.Document(os.path.join(ROOT, "docA.docx"))
if not d.tables: err("docA.docx has no table")
else:
    xml = d.tables[0]._tbl.xml
    if "w:gridSpan" not in xml or "w:vMerge" not in xml: err("docA table lacks merged cells")
    cells = [c.text for r in d.tables[0].rows for c in r.cells]
    if "合计" not in cells or "1104" not in cells: err("docA table lacks 合计 row")
paras = [p.text for p in d.paragraphs if p.text.strip()]
for p in paras:
    if p not in TXT["docA"]: err(f"docA paragraph not in canonical: {p[:30]}")
for kw in ("第一章", "第二十二条", "有效期5年", "同时废止", "抄送："):
    if kw not in "\n".join(paras): err(f"docA missing {kw}")

# ---------- docB.html ----------
h = open(os.path.join(ROOT, "docB.html"), encoding="utf-8").read()
for kw in ("索引号", "发布机构", "文号", "成文日期", "发布日期", "有效性", "meta-table"):
    if kw not in h: err(f"docB.html metadata table lacks {kw}")
if not re.search(r"<ol[^>]*>\s*<li>", h): err("docB.html lacks <ol><li>")
for li in re.findall(r"<li>([^<]*)</li>", h):
    if re.match(r"\s*(\d+[.、]|（\d+）|\(\d+\))", li): err(f"li has typed number: {li}")
if h.count("<table") < 2: err("docB.html should contain metadata table + content table")
for kw in ("breadcrumb", "<script", "footer", "TRS_Editor"): 
    if kw not in h: err(f"docB.html lacks {kw}")

class TextGrab(HTMLParser):
    def __init__(self):
        super().__init__(); self.buf = []; self.skip = 0
    def handle_starttag(self, t, a):
        if t in ("script", "style"): self.skip += 1
    def handle_endtag(self, t):
        if t in ("script", "style"): self.skip -= 1
    def handle_data(self, x):
        if not self.skip: self.buf.append(x)
g = TextGrab(); g.feed(h)
flat_html = re.sub(r"\s+", "", "".join(g.buf))
for line in TXT["docB"].splitlines():
    for cell in line.split("\t"):
        if re.sub(r"\s+", "", cell) not in flat_html: err(f"docB canonical piece not in html: {cell[:30]}")

# ---------- docC.txt ----------
raw = open(os.path.join(ROOT, "docC.txt"), "rb").read()
try:
    raw.decode("utf-8"); err("docC.txt decodes as UTF-8")
except UnicodeDecodeError:
    pass
rt = raw.decode("gbk")
if "\r\n" not in rt or re.search(r"(?<!\r)\n", rt): err("docC.txt not CRLF-only")
rl = [l.strip("\u3000 ") for l in rt.split("\r\n")]
for line in TXT["docC"].splitlines():
    if "\t" in line:
        pat = r"\s{2,}".join(re.escape(c) for c in line.split("\t"))
        if not re.search(pat, rt): err(f"docC table row not flattened with space runs: {line[:30]}")
    elif line not in rl: err(f"docC canonical line not in raw: {line[:30]}")
if "问：" not in rt or "答：" not in rt: err("docC lacks 问答")

# ---------- questions ----------
FIELDS = ["id", "doc", "category", "question", "history", "answerable", "gold_quotes", "key_facts", "notes"]
qs = [json.loads(l) for l in open(os.path.join(ROOT, "questions.jsonl"), encoding="utf-8") if l.strip()]
if len(qs) != 60: err(f"{len(qs)} questions")
for i, q in enumerate(qs, 1):
    if list(q.keys()) != FIELDS: err(f"{q.get('id')}: fields {list(q.keys())}")
    if q["id"] != f"p17-{i:03d}": err(f"id {q['id']} out of order")
cat = collections.Counter(q["category"] for q in qs)
WANT = dict(amount=8, deadline=5, target=5, department=6, procedure=4, condition=4, list=3, count=3,
            yesno=3, premise=3, named_doc=3, followup=4, unanswerable=9)
if dict(cat) != WANT: err(f"category counts {dict(cat)}")
rev = sum(1 for q in qs if q["category"] == "department" and "反向" in q["notes"])
if rev != 2: err(f"reverse department items {rev}")
style = collections.Counter(q["notes"].split(" | ")[0] for q in qs)
for s in style:
    if s not in ("public", "hotline", "dialect", "traditional", "homophone"): err(f"bad style {s}")
for s, m in dict(traditional=8, homophone=7, hotline=10, dialect=10).items():
    if style[s] < m: err(f"style {s}: {style[s]} < {m}")
perdoc = collections.Counter(q["doc"] for q in qs)
for dk in DOCKEY:
    if not 15 <= perdoc[dk] <= 19: err(f"{dk}: {perdoc[dk]} items")

import opencc
t2s = opencc.OpenCC("tw2s")
def overlap(a, text, n=12):
    for i in range(len(a) - n + 1):
        if a[i:i + n] in text: return a[i:i + n]
    return None

ALL = "\n".join(TXT.values())
for q in qs:
    qid = q["id"]
    if q["category"] == "unanswerable":
        if q["doc"] is not None or q["answerable"] or q["gold_quotes"] or q["key_facts"]:
            err(f"{qid}: unanswerable fields")
    else:
        if q["doc"] not in DOCKEY or q["answerable"] is not True: err(f"{qid}: doc/answerable")
        text = TXT[DOCKEY[q["doc"]]]
        if not q["gold_quotes"] or not q["key_facts"]: err(f"{qid}: empty gold/key facts")
        for g_ in q["gold_quotes"]:
            if not 8 <= len(g_) <= 80: err(f"{qid}: gold length {len(g_)}")
            if g_ not in text: err(f"{qid}: gold not in text: {g_}")
        exempt = q["category"] == "count" or "(computed)" in q["notes"]
        for grp in q["key_facts"]:
            if not grp or not all(isinstance(v, str) and v for v in grp): err(f"{qid}: bad group")
            if not exempt and not any(v in text for v in grp): err(f"{qid}: key fact group not in text {grp}")
    if q["category"] == "followup":
        h_ = q["history"]
        if any(set(x.keys()) != {"role", "content"} or x["role"] not in ("user", "assistant") for x in h_):
            err(f"{qid}: history turn keys/roles")
        if len(h_) < 2 or h_[0]["role"] != "user" or h_[-1]["role"] != "assistant": err(f"{qid}: history shape")
        if not q["question"].startswith("那"): err(f"{qid}: followup should start with 那")
    elif q["history"] != []: err(f"{qid}: history must be []")
    turns = [q["question"]] + [x["content"] for x in q["history"] if x["role"] == "user"]
    for t in turns:
        for variant in {t, t2s.convert(t)}:
            o = overlap(variant, ALL)
            if o: err(f"{qid}: 12-char overlap '{o}'")
    if q["notes"].split(" | ")[0] == "traditional" and t2s.convert(q["question"]) == q["question"]:
        err(f"{qid}: traditional item not in traditional script")

print("CJK chars:", {k: cjk(v) for k, v in TXT.items()})
print("categories:", dict(cat))
print("styles:", dict(style))
print("per doc:", dict(perdoc))
if ERR:
    print("FAIL"); [print(" -", e) for e in ERR]; sys.exit(1)
print("PASS: all checks OK")
