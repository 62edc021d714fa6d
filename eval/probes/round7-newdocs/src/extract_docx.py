# -*- coding: utf-8 -*-
"""Extract plain text from docA.docx in document order -> src/docA.txt (UTF-8).
Table rows are written one per line, cells separated by ' | '; a vertically merged
cell's text appears only in its first row."""
import os, sys
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

HERE = os.path.dirname(os.path.abspath(__file__))
d = Document(os.path.join(os.path.dirname(HERE), "docA.docx"))
out = []
for el in d.element.body.iterchildren():
    tag = el.tag.split('}')[1]
    if tag == 'p':
        t = Paragraph(el, d).text
        if t.strip():
            out.append(t)
    elif tag == 'tbl':
        tbl = Table(el, d)
        for tr in tbl._tbl.tr_lst:
            cells = []
            for tc in tr.tc_lst:
                vm = tc.vMerge
                txt = "".join(n.text or "" for n in tc.iter() if n.tag.endswith('}t'))
                cells.append("" if vm == "continue" else txt)
            out.append(" | ".join(cells))
open(os.path.join(HERE, "docA.txt"), "w", encoding="utf-8").write("\n".join(out) + "\n")
print("\n".join(out[-14:]))
