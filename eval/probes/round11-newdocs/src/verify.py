# -*- coding: utf-8 -*-
"""Checks for probe19 material. Exit code 0 = all hard checks passed.

Hard checks
  * questions.jsonl: 60 lines, ids p19-001..060, exact field set, valid category/doc/history/style,
    20 per document (unanswerable counted by the document section they sit in)
  * every gold_quote occurs in text/<doc>.txt (whitespace-insensitive)
  * answerable questions have gold_quotes and key_facts; unanswerable ones have doc=null and none
  * docB.docx: 10 'List Number' paragraphs, numbering is chineseCounting, and NO paragraph text
    (body or table) starts with a list number (一、 / 1. / （一）...)
  * docA.pdf: has a text layer (pypdf or pdfplumber; skipped with a message if neither is installed),
    table header row repeated on the continuation page, page numbers present
  * docC.md: UTF-8, '#' title, '##' sections, pipe table | 项目 | 标准 | 备注 |, 注： line, 问：/答：, 联系电话
  * each text copy has 2,500–5,000 CJK characters
Soft checks (printed as INFO/WARN, do not fail)
  * gold quotes that are not contiguous in the raw file extraction (e.g. across PDF page breaks)
  * key_fact alternatives none of which appears literally in the document (derived/computed facts)
"""
import json, os, re, sys, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from common import ROOT, norm, cjk_count

DOCS = {"docA.pdf": "docA.txt", "docB.docx": "docB.txt", "docC.md": "docC.txt"}
CATS = {"amount", "deadline", "target", "department", "list", "count", "condition", "yesno",
        "premise", "procedure", "followup", "named_doc", "unanswerable"}
STYLES = ("hotline", "dialect", "traditional", "homophone", "public")
FIELDS = ["id", "doc", "category", "question", "history", "answerable", "gold_quotes", "key_facts", "notes"]

errors, warns = [], []


def err(m):
    errors.append(m); print("FAIL:", m)


def warn(m):
    warns.append(m); print("WARN:", m)


def read(p):
    with open(p, encoding="utf-8") as f:
        return f.read()


texts = {d: read(os.path.join(ROOT, "text", t)) for d, t in DOCS.items()}
ntexts = {d: norm(t) for d, t in texts.items()}

# ---------------------------------------------------------------- raw extractions (soft)
raw = {}
try:
    import pypdf
    raw["docA.pdf"] = "\n".join(p.extract_text() or "" for p in pypdf.PdfReader(os.path.join(ROOT, "docA.pdf")).pages)
    PDF_LIB = "pypdf"
except ImportError:
    try:
        import pdfplumber
        with pdfplumber.open(os.path.join(ROOT, "docA.pdf")) as pdf:
            raw["docA.pdf"] = "\n".join(p.extract_text() or "" for p in pdf.pages)
        PDF_LIB = "pdfplumber"
    except ImportError:
        PDF_LIB = None
try:
    import docx
    d = docx.Document(os.path.join(ROOT, "docB.docx"))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for r in t.rows:
            parts.append(" ".join(c.text for c in r.cells))
    raw["docB.docx"] = "\n".join(parts)
except ImportError:
    d = None
raw["docC.md"] = read(os.path.join(ROOT, "docC.md"))

# ---------------------------------------------------------------- questions
lines = [l for l in read(os.path.join(ROOT, "questions.jsonl")).splitlines() if l.strip()]
if len(lines) != 60:
    err("questions.jsonl has %d lines, expected 60" % len(lines))
qs = [json.loads(l) for l in lines]
per_doc_section = {"docA.pdf": 0, "docB.docx": 0, "docC.md": 0}
cat_count, style_count = {}, {}
for i, q in enumerate(qs):
    exp_id = "p19-%03d" % (i + 1)
    if list(q.keys()) != FIELDS:
        err("%s: fields %s" % (q.get("id"), list(q.keys())))
    if q["id"] != exp_id:
        err("id %s, expected %s" % (q["id"], exp_id))
    section = ["docA.pdf", "docB.docx", "docC.md"][i // 20]
    per_doc_section[section] += 1
    if q["category"] not in CATS:
        err("%s: bad category %s" % (q["id"], q["category"]))
    cat_count.setdefault(section, {}).setdefault(q["category"], 0)
    cat_count[section][q["category"]] += 1
    style = q["notes"].split("|")[0].strip().split(" ")[0]
    if style not in STYLES:
        err("%s: notes do not start with a style: %r" % (q["id"], q["notes"][:30]))
    style_count.setdefault(section, {}).setdefault(style, 0)
    style_count[section][style] += 1
    if "Trap:" not in q["notes"]:
        err("%s: notes lack 'Trap:'" % q["id"])
    if not isinstance(q["history"], list) or any(set(h) != {"role", "content"} or h["role"] not in ("user", "assistant") for h in q["history"]):
        err("%s: bad history" % q["id"])
    if q["category"] == "followup" and not q["history"]:
        err("%s: followup without history" % q["id"])
    if q["category"] == "unanswerable":
        if q["doc"] is not None or q["answerable"] or q["gold_quotes"] or q["key_facts"]:
            err("%s: unanswerable must have doc=null, answerable=false, no quotes/facts" % q["id"])
        continue
    if q["doc"] != section:
        err("%s: doc %s but sits in %s section" % (q["id"], q["doc"], section))
    if q["answerable"] is not True or not q["gold_quotes"] or not q["key_facts"]:
        err("%s: answerable question needs answerable=true, gold_quotes and key_facts" % q["id"])
    for g in q["gold_quotes"]:
        if norm(g) not in ntexts[q["doc"]]:
            err("%s: gold quote not in text copy: %s" % (q["id"], g))
        elif q["doc"] in raw and norm(g) not in norm(raw[q["doc"]]):
            print("INFO: %s quote not contiguous in raw %s extraction (page break/table/markup): %s" % (q["id"], q["doc"], g[:40]))
    for alts in q["key_facts"]:
        if not isinstance(alts, list) or not alts or not all(isinstance(a, str) and a for a in alts):
            err("%s: key_facts must be a list of non-empty string lists" % q["id"])
        elif not any(norm(a) in ntexts[q["doc"]] for a in alts):
            warn("%s: no alternative of key fact %s appears literally in the document (derived?)" % (q["id"], alts))
for k, v in per_doc_section.items():
    if v != 20:
        err("%s section has %d questions" % (k, v))

# ---------------------------------------------------------------- docB.docx
NUM_RE = re.compile(r"^\s*([一二三四五六七八九十]+、|\d+[\.．、]|（[一二三四五六七八九十]+）|\(\d+\))")
if d is None:
    print("SKIP: python-docx not installed; docx checks skipped")
else:
    lst = [p for p in d.paragraphs if p.style.name == "List Number"]
    if len(lst) != 10:
        err("docB: expected 10 'List Number' paragraphs, found %d" % len(lst))
    for p in lst:
        if NUM_RE.match(p.text):
            err("docB: list number appears in paragraph text: %s" % p.text[:20])
        if not (p.runs and p.runs[0].bold):
            err("docB: measure lacks bold lead phrase: %s" % p.text[:20])
        if "（责任单位：" not in p.text:
            err("docB: measure lacks responsibility note: %s" % p.text[:20])
    for p in d.paragraphs:
        if NUM_RE.match(p.text):
            err("docB: numbered text in body paragraph: %s" % p.text[:20])
    with zipfile.ZipFile(os.path.join(ROOT, "docB.docx")) as z:
        numxml = z.read("word/numbering.xml").decode("utf-8")
    if 'w:numFmt w:val="chineseCounting"' not in numxml:
        err("docB: numbering is not chineseCounting")
    if len(d.tables) != 2:
        err("docB: expected 2 tables (targets, 附件清单), found %d" % len(d.tables))
    else:
        hdr = [c.text for c in d.tables[0].rows[0].cells]
        if hdr[2:5] != ["2026年", "2027年", "2028年"]:
            err("docB: target table header %s" % hdr)
    print("docB: %d list paragraphs, numbers absent from paragraph.text; tables %s" % (len(lst), [len(t.rows) for t in d.tables]))

# ---------------------------------------------------------------- docA.pdf
if PDF_LIB is None:
    print("SKIP: neither pypdf nor pdfplumber installed; PDF text-layer check skipped")
else:
    pages = raw["docA.pdf"]
    if cjk_count(pages) < 2500:
        err("docA.pdf: text layer too small (%d CJK chars)" % cjk_count(pages))
    import pypdf as _p
    rd = _p.PdfReader(os.path.join(ROOT, "docA.pdf"))
    ptexts = [p.extract_text() for p in rd.pages]
    hdr_pages = [i + 1 for i, t in enumerate(ptexts) if "补助标准" in t and "备注" in t and "序号" in t]
    if len(hdr_pages) < 2:
        err("docA.pdf: table header row not repeated (pages %s)" % hdr_pages)
    for i, t in enumerate(ptexts):
        if "— %d —" % (i + 1) not in t:
            err("docA.pdf: page number missing on page %d" % (i + 1))
    fonts = set()
    for p in rd.pages:
        for f in (p.get("/Resources") or {}).get("/Font", {}).values():
            fonts.add(str(f.get_object().get("/BaseFont")))
    print("docA: %s text layer OK, %d pages, table header on pages %s, fonts %s" % (PDF_LIB, len(rd.pages), hdr_pages, sorted(fonts)))

# ---------------------------------------------------------------- docC.md
md_bytes = open(os.path.join(ROOT, "docC.md"), "rb").read()
md = md_bytes.decode("utf-8")
if md_bytes.startswith(b"\xef\xbb\xbf"):
    warn("docC.md has a BOM")
checks = {
    "# title": re.search(r"^# \S", md, re.M),
    "文号 line": re.search(r"^宣卫健发〔2025〕27号$", md, re.M),
    "## sections": len(re.findall(r"^## ", md, re.M)) >= 5,
    "1. list": re.search(r"^1\. ", md, re.M),
    "nested - bullets": re.search(r"^\s{2,}- ", md, re.M),
    "pipe table": "| 项目 | 标准 | 备注 |" in md,
    "多孩 row": re.search(r"^\|[^\n]*多孩[^\n]*\|$", md, re.M),
    "注： line": re.search(r"^注：", md, re.M),
    "问/答": md.count("问：") >= 3 and md.count("问：") == md.count("答："),
    "联系电话": "联系电话" in md,
}
for k, v in checks.items():
    if not v:
        err("docC.md: missing %s" % k)

# ---------------------------------------------------------------- sizes
for dname, t in texts.items():
    n = cjk_count(t)
    print("%s text copy: %d CJK characters" % (dname, n))
    if not 2500 <= n <= 5000:
        err("%s: %d CJK characters, expected 2500-5000" % (dname, n))

print("\ncategories per document section:")
for k in cat_count:
    print(" ", k, dict(sorted(cat_count[k].items())))
print("styles per document section:")
for k in style_count:
    print(" ", k, dict(sorted(style_count[k].items())))
print("\n%d passed, %d failed" % (0 if errors else 1, 1 if errors else 0), "(%d errors, %d warnings)" % (len(errors), len(warns)))
sys.exit(1 if errors else 0)
