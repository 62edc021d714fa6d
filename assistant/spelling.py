"""Questions typed in traditional characters, or with a homophone typo, read as the documents are written.

Traditional → simplified is OpenCC's `t2s` (臺灣/香港 input methods are common among older
users). A pinyin input method's typical slip is a homophone (拖育 for 托育, 民正局 for
民政局): a run of characters that is neither a dictionary word nor a word of the documents,
but sounds like exactly one word of the documents, is read as that word; so is one that sounds
like it as southwestern Mandarin speakers say it (高林 for 高龄: -ng and -n merge).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
_NUMERALS = set("零〇一二三四五六七八九十百千万两几第")
LENGTHS = (4, 3, 2)  # longer windows first: 民正局 is read before 民正
RARE_WORD = 50  # jieba's count for a dictionary word this rare (公义 17; 公益 404, 时间 33288) that sounds like one word of
# the documents is read as that word: 公义金 for 公益金 (a pinyin slip the dictionary happens to join)
MAX_RUN = 8  # a longer run of characters the dictionary cannot join is no typo but unusual text: left alone (bounded cost)


@lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    import opencc  # loaded on first use: ~3 ms

    return opencc.OpenCC("t2s")


def pinyin(text: str) -> tuple[str, ...]:
    """The syllables of a text, toneless (拖育 → tuo, yu)."""
    # imported on first use: pypinyin's phrase tables take ~0.2 s to load, and a process with a stored
    # speller table needs them only for a question with a run of characters the dictionary cannot join
    from pypinyin import lazy_pinyin

    return tuple(lazy_pinyin(text))


def simplified(text: str) -> str:
    """The text in simplified characters (simplified text is returned unchanged)."""
    return _converter().convert(text)


def sounds(corpus_words: Iterable[str]) -> dict[tuple[str, ...], str]:
    """The documents' words of 2–4 characters by their pinyin, where a sound belongs to exactly one word."""
    return unique_sounds(word_sounds(corpus_words))


def word_sounds(corpus_words: Iterable[str], known: Mapping[str, tuple[str, ...]] | None = None) -> dict[str, tuple[str, ...]]:
    """The pinyin of each of the documents' words of 2–4 characters.

    `known`: sounds computed before (by an earlier build): only the other words are read with pypinyin.
    """
    known = known or {}
    words = {w for w in corpus_words if 2 <= len(w) <= max(LENGTHS) and _CJK.match(w)}
    return {word: known.get(word) or pinyin(word) for word in words}


def unique_sounds(by_word: Mapping[str, tuple[str, ...]]) -> dict[tuple[str, ...], str]:
    """Sound → word, where a sound belongs to exactly one word."""
    by_sound: dict[tuple[str, ...], set[str]] = {}
    for word, sound in by_word.items():
        by_sound.setdefault(sound, set()).add(word)
    return {sound: next(iter(words)) for sound, words in by_sound.items() if len(words) == 1}


class Speller:
    """Reads homophone typos of the documents' own words.

    A typo breaks a word into characters the dictionary cannot join (拖育 → 拖 / 育), so runs of
    single-character tokens are looked at, and a window of such a run is replaced only when it
    sounds exactly like one word of the documents and is no dictionary word. A typo the dictionary
    happens to join (公义 for 公益) is read only when that word is rare (`RARE_WORD`).
    """

    def __init__(
        self,
        corpus_words: Iterable[str],
        cut: Callable[[str], list[str]],
        is_word: Callable[[str], bool],
        function_chars: str = "",
        by_sound: dict[tuple[str, ...], str] | None = None,
        particles: str = "",
        frequency: Callable[[str], int] | None = None,
    ) -> None:
        self.frequency = frequency
        self.function_chars = set(function_chars)
        self.particles = set(particles)
        self.cut = cut
        self.is_word = is_word
        # `by_sound` given: the table an earlier process computed from the same words (the search index artifact)
        self.by_sound = sounds(corpus_words) if by_sound is None else by_sound
        # the same words by their sound as southwestern Mandarin merges it, where that sound is one word's alone
        # (a word left out of `by_sound` shares its exact sound, so its merged sound is no one word's either)
        by_like: dict[tuple[str, ...], set[str]] = {}
        for sound, word in self.by_sound.items():
            by_like.setdefault(_alike(sound), set()).add(word)
        self.by_like = {sound: next(iter(words)) for sound, words in by_like.items() if len(words) == 1}

    def correct(self, text: str) -> str:
        """The text with each homophone typo replaced by the corpus word it sounds like."""
        out: list[str] = []
        run: list[str] = []
        counted = False  # the run follows a number: its first character is the unit (300元是 is no 原始)
        for token in [*self.cut(text), ""]:
            if len(token) == 1 and _CJK.match(token):
                run.append(token)
                continue
            if len(run) == 1 and out and not counted:
                out[-1], run = self._orphan(out[-1], run[0])
            out.append(self._run("".join(run), counted) if 1 < len(run) <= MAX_RUN else "".join(run))
            out.append(self._rare(token))
            counted = token[-1:].isdigit()
            run = []
        return "".join(out)

    def _rare(self, token: str) -> str:
        """A rare dictionary word that sounds exactly like one word of the documents (公义 → 公益), read as it."""
        if self.frequency is None or not 2 <= len(token) <= 3 or not _CJK.match(token):
            return token
        if not 0 < self.frequency(token) <= RARE_WORD or any(ch in self.function_chars or ch in _NUMERALS for ch in token):
            return token  # 哪十项 asks how many items, it is no 事项
        word = self.by_sound.get(pinyin(token))
        return word if word and word != token else token

    def _orphan(self, word: str, char: str) -> tuple[str, list[str]]:
        """A lone character after a word may be the typo of a term's last character (护理圆 for 护理员):
        the word's tail and the character are read as the term they sound like. Returns the word and the run left."""
        if len(word) < 2 or not _CJK.match(word) or char in self.function_chars or char in self.particles:
            return word, [char]
        for size in (3,):  # the window: the word's last two characters and the lone one (人建 is no 人间)
            window = word[-(size - 1) :] + char
            if len(window) < size:
                continue
            term = self.by_sound.get(pinyin(window))
            # only the lone character may be the slip: 服务战 → 服务站, but 哪个局 is no 哪格局
            if term and term[:-1] == window[:-1] and term != window and not self.is_word(window):
                return word[: -(size - 1)] + term, []
        return word, [char]

    def _run(self, run: str, counted: bool = False) -> str:
        out, i = run[:1] if counted else "", 1 if counted else 0
        while i < len(run):
            for size in LENGTHS:
                window = run[i : i + size]
                if len(window) < size:
                    continue  # the run's end: only shorter windows fit
                sound = pinyin(window)
                word = self.by_sound.get(sound) or self.by_like.get(_alike(sound))
                if word and not self._excluded(window):
                    out += word
                    i += size
                    break
            else:
                out += run[i]
                i += 1
        return out

    def _excluded(self, window: str) -> bool:
        """A dictionary word, a window opening with a grammar character (会, 要: 要补贴 is no typo) or ending in a
        particle (补的 is no 不得) is typed as meant.

        A grammar character inside the window may be the typo itself (普会 for 普惠).
        """
        grammar = [ch in self.function_chars for ch in window]
        return self.is_word(window) or grammar[0] or sum(grammar) > 1 or window[-1] in self.particles


_LIKE = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("ing", "in"), ("eng", "en"))


def _alike(sound: tuple[str, ...]) -> tuple[str, ...]:
    """Syllables as southwestern Mandarin speakers often type them: zh/z, ch/c, sh/s, -ing/-in and -eng/-en merge
    (高林 for 高龄). -ang/-an stay apart (院建 is no 元江)."""
    out = []
    for syllable in sound:
        for a, b in _LIKE:
            syllable = syllable.replace(a, b)
        out.append(syllable)
    return tuple(out)
