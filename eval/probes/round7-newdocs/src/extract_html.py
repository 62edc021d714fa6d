# -*- coding: utf-8 -*-
"""Extract plain text from docB.html (stdlib HTMLParser): skips script/style, newline at
block tags, table cells on separate lines -> src/docB.txt (whole page) ."""
import os, re
from html.parser import HTMLParser
HERE = os.path.dirname(os.path.abspath(__file__))
BLOCK = {"p","div","li","tr","td","th","h1","h2","h3","table","ul","br","title"}
class P(HTMLParser):
    def __init__(s): super().__init__(); s.buf=[]; s.skip=0
    def handle_starttag(s,t,a):
        if t in ("script","style"): s.skip+=1
        if t in BLOCK: s.buf.append("\n")
    def handle_endtag(s,t):
        if t in ("script","style"): s.skip-=1
        if t in BLOCK: s.buf.append("\n")
    def handle_data(s,d):
        if not s.skip: s.buf.append(d)
p=P(); p.feed(open(os.path.join(os.path.dirname(HERE),"docB.html"),encoding="utf-8").read())
lines=[re.sub(r"[ \t\r]+"," ",l).strip() for l in "".join(p.buf).split("\n")]
txt="\n".join(l for l in lines if l)+"\n"
open(os.path.join(HERE,"docB.txt"),"w",encoding="utf-8").write(txt)
art=txt[txt.index("丽政办发〔2025〕18号\n丽江市"[:12]):]
print(len(re.findall(r"[\u4e00-\u9fff]",txt)), "han total")
