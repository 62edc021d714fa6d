# -*- coding: utf-8 -*-
"""Verify questions.jsonl against the plain-text sources (run with python3).
Checks: schema, quote length 8-80, every gold quote is an exact substring of the
document's plain text (src/docX.txt, and also re-decoded from the shipped file for
docC (GBK) and docB (HTML text)), 20 questions per doc, category vocabulary."""
import json, os, re, sys, collections
HERE = os.path.dirname(os.path.abspath(__file__)); ROOT = os.path.dirname(HERE)
src = {"docA.docx": open(os.path.join(HERE, "docA.txt"), encoding="utf-8").read(),
       "docB.html": open(os.path.join(HERE, "docB.txt"), encoding="utf-8").read(),
       "docC.txt": open(os.path.join(HERE, "docC.txt"), encoding="utf-8").read()}
shipped_c = open(os.path.join(ROOT, "docC.txt"), "rb").read().decode("gbk").replace("\r\n", "\n")
assert shipped_c == src["docC.txt"], "docC GBK file differs from UTF-8 source"
assert b"\r\n" in open(os.path.join(ROOT, "docC.txt"), "rb").read()
CATS = {"amount","deadline","target","department","list","count","yesno","premise","procedure","condition","followup","named_doc","unanswerable"}
errs = 0; per_doc = collections.Counter(); cats = collections.Counter()
ids = set()
for line in open(os.path.join(ROOT, "questions.jsonl"), encoding="utf-8"):
    q = json.loads(line)
    assert set(q) == {"id","doc","category","question","history","answerable","gold_quotes","key_facts","notes"}, q["id"]
    assert q["id"] not in ids; ids.add(q["id"])
    per_doc[q["doc"]] += 1; cats[q["category"]] += 1
    if q["category"] not in CATS: print("bad category", q["id"]); errs += 1
    if q["category"] == "unanswerable" or not q["answerable"]:
        if q["answerable"] or q["gold_quotes"] or q["key_facts"] or q["category"] != "unanswerable":
            print("unanswerable inconsistency", q["id"]); errs += 1
        continue
    if not q["gold_quotes"] or not q["key_facts"]:
        print("missing quotes/facts", q["id"]); errs += 1
    text = src[q["doc"]]
    for g in q["gold_quotes"]:
        if not (8 <= len(g) <= 80): print("quote length", q["id"], len(g), g); errs += 1
        if g not in text: print("QUOTE NOT FOUND", q["id"], g); errs += 1
        for od, ot in src.items():
            if od != q["doc"] and g in ot: print("quote also in", od, q["id"], g)
    for kf in q["key_facts"]:
        if not any(alt in text for alt in kf):
            print("note: key fact not literally in doc (computed/paraphrase?)", q["id"], kf)
    for h in q["history"]:
        assert h["role"] in ("user","assistant") and h["content"]
print(dict(per_doc)); print(dict(cats)); print("errors:", errs)
sys.exit(1 if errs else 0)
