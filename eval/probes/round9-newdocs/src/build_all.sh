#!/bin/sh
# Regenerate all documents, canonical texts and questions, then verify.
set -e
PY=${PY:-/work/main/.venv/bin/python}
cd "$(dirname "$0")/.."
$PY src/gen_docA.py
$PY src/gen_docB.py
$PY src/gen_docC.py
$PY src/make_questions.py
$PY src/verify.py
