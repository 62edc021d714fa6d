"""The part-of-speech tagger: jieba's, over the project's private tokenizer.

Imported only where words are tagged (`Lexicon.pos_tagger`): importing jieba.posseg reads its tag table.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby

import jieba
import jieba.posseg
from jieba.posseg.char_state_tab import P as HMM_CHARS


class SharedTags(jieba.posseg.POSTokenizer):
    """A part-of-speech tagger over a private tokenizer that reuses the default dictionary's tags.

    jieba.posseg reads its tag table (~0.7 s) once at import for its own default tagger; a new
    POSTokenizer would read the same file again. Words added to the private tokenizer carry
    their tags through `user_word_tag_tab`, as with any POSTokenizer.
    """

    def __init__(self, tokenizer: jieba.Tokenizer) -> None:
        self.tokenizer = tokenizer
        self.word_tag_tab = dict(jieba.posseg.dt.word_tag_tab)

    def _POSTokenizer__cut_detail(self, sentence: str) -> Iterator[jieba.posseg.pair]:
        """jieba's HMM pass over a run the dictionary did not segment, only where it is cheap.

        The HMM gives a character it has never seen all of its ~250 states, which costs ~8 ms of
        CPU per such character (a 500-character question of rare characters: ~4.5 s). Such
        characters are tagged one by one from the dictionary ('x' when unknown); runs of known
        characters keep the HMM (~0.04 ms a character). Overrides the private method that
        jieba's `__cut_DAG` calls for these runs; tests/test_limits.py measures the bound.
        """
        for unseen, chars in groupby(sentence, key=_unseen_by_hmm):
            run = "".join(chars)
            if unseen:
                yield from (jieba.posseg.pair(c, self.word_tag_tab.get(c, "x")) for c in run)
            else:
                yield from super()._POSTokenizer__cut_detail(run)


def _unseen_by_hmm(char: str) -> bool:
    """A Chinese character absent from the part-of-speech HMM's emission table."""
    return "\u4e00" <= char <= "\u9fd5" and char not in HMM_CHARS
