"""Search over clauses: lexical (BM25), vector (Chroma) and their fusion with structural reranking."""
