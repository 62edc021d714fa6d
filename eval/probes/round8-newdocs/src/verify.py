# -*- coding: utf-8 -*-
"""Verify questions.jsonl: schema, ids, categories, gold quotes (exact substring of the
canonical text in text/*.txt, 8-80 chars), and also whitespace-insensitive presence in text
extracted from the real files (pypdf / python-docx / HTML article div). Key facts: every
group must have at least one alternative present in the document text.
Run with: /work/main/.venv/bin/python src/verify.py"""
import json, os, re, sys
from html.parser import HTMLParser
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CATS = {'amount', 'deadline', 'target', 'department', 'procedure', 'condition', 'list', 'count',
        'yesno', 'premise', 'named_doc', 'followup', 'unanswerable'}
DOCS = {'docA.pdf': 'docA.txt', 'docB.html': 'docB.txt', 'docC.docx': 'docC.txt'}
FIELDS = ['id', 'doc', 'category', 'question', 'history', 'answerable', 'gold_quotes', 'key_facts', 'notes']

def ws(s):
    return re.sub(r'\s+', '', s)

def extract_pdf(path):
    from pypdf import PdfReader
    return '\n'.join(p.extract_text() for p in PdfReader(path).pages)

def extract_docx(path):
    from docx import Document
    d = Document(path)
    out = [p.text for p in d.paragraphs]
    for t in d.tables:
        for r in t.rows:
            prev = None
            for c in r.cells:
                if c._tc is not prev:
                    out.append(c.text)
                prev = c._tc
    return '\n'.join(out)

class Art(HTMLParser):
    def __init__(self):
        super().__init__(); self.depth = 0; self.buf = []; self.in_title = False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.depth:
            if tag == 'div': self.depth += 1
        elif tag == 'div' and a.get('id') == 'zoom':
            self.depth = 1
        if tag == 'h1' and a.get('id') == 'title':
            self.in_title = True
    def handle_endtag(self, tag):
        if tag == 'div' and self.depth: self.depth -= 1
        if tag == 'h1': self.in_title = False
        if tag == 'p' and self.depth: self.buf.append('\n')
    def handle_data(self, d):
        if self.depth or self.in_title: self.buf.append(d)

def extract_html(path):
    p = Art(); p.feed(open(path, encoding='utf-8').read())
    return ''.join(p.buf)

EXTRACT = {'docA.pdf': extract_pdf, 'docB.html': extract_html, 'docC.docx': extract_docx}

def main():
    errs = []
    canon = {d: open(os.path.join(ROOT, 'text', t), encoding='utf-8').read() for d, t in DOCS.items()}
    real = {d: EXTRACT[d](os.path.join(ROOT, d)) for d in DOCS}
    for d in DOCS:
        print('%-10s canonical chars=%d (non-ws %d), extracted non-ws chars=%d'
              % (d, len(canon[d]), len(ws(canon[d])), len(ws(real[d]))))
    rows = [json.loads(l) for l in open(os.path.join(ROOT, 'questions.jsonl'), encoding='utf-8')]
    if len(rows) != 60: errs.append('expected 60 rows, got %d' % len(rows))
    for i, r in enumerate(rows, 1):
        rid = r.get('id')
        if list(r.keys()) != FIELDS: errs.append('%s: fields %s' % (rid, list(r.keys())))
        if rid != 'p13-%03d' % i: errs.append('bad id %s at %d' % (rid, i))
        if r['category'] not in CATS: errs.append('%s: bad category' % rid)
        if not isinstance(r['question'], str) or not r['question'].strip(): errs.append('%s: empty q' % rid)
        h = r['history']
        if not isinstance(h, list) or len(h) % 2 or any(
                set(t) != {'role', 'content'} or t['role'] != ('user', 'assistant')[k % 2] for k, t in enumerate(h)):
            errs.append('%s: bad history' % rid)
        if r['category'] == 'followup' and not h: errs.append('%s: followup without history' % rid)
        if not isinstance(r['notes'], str) or r['notes'].count(';') < 2: errs.append('%s: notes format' % rid)
        if r['doc'] is None:
            if r['answerable'] is not False or r['gold_quotes'] or r['key_facts'] or r['category'] != 'unanswerable':
                errs.append('%s: unanswerable item inconsistent' % rid)
            continue
        if r['doc'] not in DOCS: errs.append('%s: bad doc' % rid); continue
        if r['answerable'] is not True: errs.append('%s: answerable should be true' % rid)
        if r['category'] == 'unanswerable': errs.append('%s: answerable but category unanswerable' % rid)
        if not r['gold_quotes']: errs.append('%s: no gold quotes' % rid)
        for g in r['gold_quotes']:
            if not (8 <= len(g) <= 80): errs.append('%s: quote length %d: %r' % (rid, len(g), g))
            if g not in canon[r['doc']]: errs.append('%s: quote not exact substring: %r' % (rid, g))
            if ws(g) not in ws(real[r['doc']]): errs.append('%s: quote not in extracted %s text: %r' % (rid, r['doc'], g))
        if not r['key_facts'] or any(not grp for grp in r['key_facts']):
            errs.append('%s: empty key_facts' % rid)
        for grp in r['key_facts']:
            if not any(ws(a) in ws(canon[r['doc']]) for a in grp):
                errs.append('%s: no alternative of key group %s occurs in doc text' % (rid, grp))
    c = Counter(r['category'] for r in rows)
    print('categories:', dict(sorted(c.items())))
    print('per doc:', dict(Counter(str(r['doc']) for r in rows)))
    print('answerable:', sum(r['answerable'] for r in rows), 'unanswerable:', sum(not r['answerable'] for r in rows))
    print('gold quotes checked:', sum(len(r['gold_quotes']) for r in rows))
    if errs:
        print('\nERRORS (%d):' % len(errs)); [print(' -', e) for e in errs]; sys.exit(1)
    print('\nALL CHECKS PASSED')

if __name__ == '__main__':
    main()
