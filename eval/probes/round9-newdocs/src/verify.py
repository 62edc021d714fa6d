# -*- coding: utf-8 -*-
"""Verify /work/probe15 test material. Exit code 0 iff all checks pass."""
import json
import re
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = {"docA.txt": ROOT / "docs" / "docA.txt", "docB.html": ROOT / "docs" / "docB.html", "docC.pdf": ROOT / "docs" / "docC.pdf"}
TEXTS = {k: ROOT / "text" / (k.split(".")[0] + ".txt") for k in DOCS}

CAT_COUNTS = {"amount": 8, "deadline": 5, "target": 5, "department": 6, "procedure": 4, "condition": 4,
              "list": 3, "count": 3, "yesno": 3, "premise": 3, "named_doc": 3, "followup": 4, "unanswerable": 9}
STYLE_TARGET = {"public": 25, "hotline": 10, "dialect": 10, "traditional": 8, "homophone": 7}
FIELDS = ["id", "doc", "category", "question", "history", "answerable", "gold_quotes", "key_facts", "notes"]

errors = []
warnings = []


def err(msg):
    errors.append(msg)


def nows(s):
    return re.sub(r"\s+", "", s)


# ---------- extraction from the real files ----------
def extract_txt(path):
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
        err("docA.txt decodes as UTF-8; expected GB18030-only bytes")
    except UnicodeDecodeError:
        pass
    text = raw.decode("gb18030")
    if "\r\n" not in text or re.search(r"(?<!\r)\n", text):
        err("docA.txt does not use CRLF line endings consistently")
    return text


class ArticleExtractor(HTMLParser):
    """Collect visible text inside <div class="article-content">, skipping script/style."""
    VOID = {"br", "img", "hr", "meta", "link", "input", "col", "source", "wbr"}
    BLOCK = {"p", "div", "tr", "br", "h1", "h2", "h3", "li", "table"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # depth inside the article container (0 = outside)
        self.skip = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.depth == 0:
            if tag == "div" and "article-content" in (a.get("class") or "").split():
                self.depth = 1
            return
        if tag in ("script", "style"):
            self.skip += 1
        if tag not in self.VOID:
            self.depth += 1
        if tag in self.BLOCK:
            self.parts.append("\n")
        if tag in ("td", "th"):
            self.parts.append("\t")

    def handle_endtag(self, tag):
        if self.depth == 0 or tag in self.VOID:
            return
        if tag in ("script", "style"):
            self.skip -= 1
        self.depth -= 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.depth > 0 and not self.skip:
            self.parts.append(data)


def extract_html(path):
    p = ArticleExtractor()
    p.feed(path.read_text(encoding="utf-8"))
    text = "".join(p.parts)
    for junk in ("主办单位", "ICP备", "分享到", "当前位置", "索 引 号", "hm.baidu"):
        if junk in text:
            err(f"docB article container unexpectedly contains page chrome: {junk}")
    page = path.read_text(encoding="utf-8")
    for need in ("索 引 号", "发布机构", "文　　号", "成文日期", "主办单位", "ICP备", "分享到", "<script", "当前位置"):
        if need not in page:
            err(f"docB page lacks expected portal element: {need}")
    return text


def extract_pdf(path):
    from pypdf import PdfReader
    r = PdfReader(str(path))
    n = len(r.pages)
    pages = [pg.extract_text() or "" for pg in r.pages]
    cut = 0
    for i, t in enumerate(pages, 1):
        if f"第{i}页 共{n}页" not in t:
            err(f"docC page {i} lacks footer 第{i}页 共{n}页")
        if "会政办发〔2025〕9号" not in t:
            err(f"docC page {i} lacks running header")
        lines = [l.strip() for l in t.splitlines() if l.strip()]
        body = [l for l in lines if not re.fullmatch(r"第\d+页 共\d+页", l) and "会泽县人民政府办公室\u3000会政办发" not in l]
        if i < n and body and not re.search(r"[。；：）]$", body[-1]) and not body[-1].endswith("发展"):
            cut += 1
    if cut == 0:
        err("docC: no sentence is cut by a page break")
    if n < 2:
        err("docC has fewer than 2 pages")
    return "\n".join(pages), n, cut


def main():
    extracted = {}
    extracted["docA.txt"] = extract_txt(DOCS["docA.txt"])
    extracted["docB.html"] = extract_html(DOCS["docB.html"])
    extracted["docC.pdf"], npages, ncut = extract_pdf(DOCS["docC.pdf"])
    canon = {k: p.read_text(encoding="utf-8") for k, p in TEXTS.items()}
    ext_n = {k: nows(v) for k, v in extracted.items()}
    canon_n = {k: nows(v) for k, v in canon.items()}

    # canonical text should equal the real file's visible text (modulo whitespace)
    if canon_n["docA.txt"] != ext_n["docA.txt"]:
        err("text/docA.txt differs from decoded docs/docA.txt")
    if canon_n["docB.html"] != ext_n["docB.html"]:
        err("text/docB.txt differs from docB article-container text")
    pdf_body = "\n".join(l for l in extracted["docC.pdf"].splitlines()
                          if not re.fullmatch(r"\s*第\d+页 共\d+页\s*", l) and "会泽县人民政府办公室\u3000会政办发" not in l)
    if canon_n["docC.pdf"] != nows(pdf_body):
        err("text/docC.txt differs from pypdf text of docs/docC.pdf (after removing running header/footer)")

    # ---------- questions ----------
    rows = [json.loads(l) for l in (ROOT / "questions.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    if len(rows) != 60:
        err(f"expected 60 questions, got {len(rows)}")
    ids = [r.get("id") for r in rows]
    if ids != [f"p15-{i:03d}" for i in range(1, 61)]:
        err("ids are not p15-001..p15-060 in order")
    cats = Counter(r.get("category") for r in rows)
    if dict(cats) != CAT_COUNTS:
        err(f"category counts {dict(cats)} != {CAT_COUNTS}")
    styles = Counter((r.get("notes") or "").split()[0] if r.get("notes") else None for r in rows)
    if dict(styles) != STYLE_TARGET:
        err(f"style counts {dict(styles)} != {STYLE_TARGET}")
    doc_counts = Counter(r.get("doc") for r in rows)

    for r in rows:
        rid = r.get("id")
        if list(r.keys()) != FIELDS:
            err(f"{rid}: fields {list(r.keys())} != {FIELDS}")
            continue
        doc, ans = r["doc"], r["answerable"]
        if not isinstance(r["question"], str) or not r["question"].strip():
            err(f"{rid}: empty question")
        if not isinstance(r["history"], list):
            err(f"{rid}: history not a list")
        if r["category"] == "followup":
            h = r["history"]
            if len(h) < 2 or len(h) % 2 or any(t.get("role") != ("user" if i % 2 == 0 else "assistant") or not t.get("content") for i, t in enumerate(h)):
                err(f"{rid}: followup needs alternating user/assistant history")
        elif r["history"]:
            err(f"{rid}: non-followup with history")
        if r["category"] == "unanswerable":
            if doc is not None or ans is not False or r["gold_quotes"] or r["key_facts"]:
                err(f"{rid}: unanswerable must have doc null, answerable false, empty gold/key")
            continue
        if doc not in DOCS or ans is not True:
            err(f"{rid}: bad doc/answerable ({doc}, {ans})")
            continue
        if not r["gold_quotes"] or not r["key_facts"]:
            err(f"{rid}: answerable item needs gold_quotes and key_facts")
        for g in r["gold_quotes"]:
            if not (8 <= len(g) <= 80):
                err(f"{rid}: gold quote length {len(g)} outside 8–80: {g!r}")
            if g not in canon[doc]:
                err(f"{rid}: gold quote not in text/{doc.split('.')[0]}.txt: {g!r}")
            if nows(g) not in ext_n[doc]:
                err(f"{rid}: gold quote not in extracted {doc} text: {g!r}")
        for grp in r["key_facts"]:
            if not isinstance(grp, list) or not grp:
                err(f"{rid}: key-fact group must be a non-empty list")
                continue
            if not any(nows(v) in canon_n[doc] for v in grp):
                err(f"{rid}: no variant of key-fact group {grp} in {doc}")

    # ---------- question must not copy a 14-char span of any document ----------
    for r in rows:
        q = nows(r["question"])
        for i in range(len(q) - 13):
            span = q[i:i + 14]
            hit = [k for k in canon_n if span in canon_n[k]]
            if hit:
                err(f"{r['id']}: question copies 14-char span {span!r} from {hit}")
                break

    # ---------- report ----------
    print("documents:")
    for k in DOCS:
        print(f"  {k:10s} canonical non-whitespace chars = {len(canon_n[k])}")
    print(f"  docC.pdf pages = {npages}, pages ending mid-sentence = {ncut}")
    print("questions:", len(rows))
    print("  by category:", dict(cats))
    print("  by style:", dict(styles))
    print("  by doc:", dict(doc_counts))
    if errors:
        print(f"\nFAILED: {len(errors)} error(s)")
        for e in errors:
            print("  -", e)
        sys.exit(1)
    print("\nPASS: all checks passed")


if __name__ == "__main__":
    main()
