"""Embedding backends behind one registry. The default is offline and downloads nothing.

- `hashed`: TF-IDF over jieba words and character bigrams, hashed into a fixed number of
  dimensions, IDF fitted on the clause corpus. Deterministic, no model, no network.
- `sentence-transformers`: a local model directory (ASSISTANT_EMBEDDING_MODEL_PATH), loaded
  with the hub switched off.
- `openai`: any OpenAI-compatible embeddings endpoint (ASSISTANT_EMBEDDING_BASE_URL / _MODEL).
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from assistant.errors import BackendError
from assistant.lexicon import Lexicon
from assistant.registry import Registry
from assistant.settings import Settings

EmbedderFactory = Callable[[Settings, Lexicon, Sequence[str]], "Embedder"]
EMBEDDERS: Registry[EmbedderFactory] = Registry("嵌入后端")
register = EMBEDDERS.register


class Embedder(ABC):
    """Vectors for clause texts and questions, with a fingerprint: vectors from different fingerprints don't mix.

    The interface of LangChain's `Embeddings` (embed_documents, embed_query) without inheriting it: importing
    langchain-core's embeddings module (its runnables and callbacks) took ~0.2 s of every cold start.
    """

    @abstractmethod
    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Vectors for clause texts."""

    @abstractmethod
    def embed_query(self, text: str) -> list[float]:
        """Vector for a question."""

    def fingerprint(self) -> str:
        """Identifies the model and its fitted state."""
        raise NotImplementedError

    def state(self) -> str | None:
        """The fitted state as text, stored with the index so later builds can keep it (None: nothing fitted)."""
        return None

    def adopt(self, state: str) -> bool:
        """Use a stored fitted state instead of this one's; True when adopted (vectors are then comparable)."""
        return False


def available() -> list[str]:
    """Names of the registered embedding backends."""
    return EMBEDDERS.names()


def create_embedder(settings: Settings, lexicon: Lexicon, corpus: Sequence[str]) -> Embedder:
    """The configured embedder, fitted on the corpus where it needs fitting."""
    return EMBEDDERS.get(settings.embedding)(settings, lexicon, corpus)


@functools.lru_cache(maxsize=1 << 18)  # a corpus repeats its terms: hashing each once per build saved ~30% of embedding
def _bucket(term: str, dim: int) -> tuple[int, float]:
    digest = hashlib.blake2b(term.encode("utf-8"), digest_size=8).digest()
    value = int.from_bytes(digest, "little")
    return value % dim, (1.0 if (value >> 63) & 1 else -1.0)


class HashedTfidf(Embedder):
    """Signed feature hashing of words and bigrams with corpus IDF and sublinear TF."""

    def __init__(self, lexicon: Lexicon, corpus: Sequence[str], dim: int = 512) -> None:
        self.lexicon = lexicon
        self.dim = dim
        # Fitted on first use: a process that adopts the state stored with the index never tokenizes the corpus.
        self._corpus: Sequence[str] | None = corpus

    def _fitted(self) -> HashedTfidf:
        if self._corpus is not None:
            df: Counter[str] = Counter()
            for text in self._corpus:
                df.update(set(self._terms(text)))
            self._fit(dict(df), max(len(self._corpus), 1))
        return self

    def _fit(self, df: dict[str, int], n: int) -> None:
        self._corpus = None
        self.df, self.n = df, n
        self.idf = {t: math.log((1 + n) / (1 + c)) + 1 for t, c in df.items()}
        self.default_idf = math.log(1 + n) + 1
        state = "|".join(f"{t}:{c}" for t, c in sorted(df.items()))
        self._fingerprint = "hashed-" + hashlib.sha1(f"{self.dim}|{n}|{state}".encode()).hexdigest()[:12]

    def state(self) -> str:
        """The document frequencies the IDF was fitted on."""
        self._fitted()
        return json.dumps({"dim": self.dim, "n": self.n, "df": self.df}, ensure_ascii=False, sort_keys=True)

    def adopt(self, state: str) -> bool:
        """Keep the IDF an earlier build was fitted on, so unchanged documents keep their vectors.

        Terms of documents added since get the highest IDF (they are rare in the fitted corpus);
        `python -m assistant index --force` refits on the whole corpus.
        """
        try:
            data = json.loads(state)
            if data["dim"] != self.dim:
                return False
            self._fit({str(k): int(v) for k, v in data["df"].items()}, int(data["n"]))
        except (ValueError, KeyError, TypeError):
            return False
        return True

    def _terms(self, text: str) -> list[str]:
        return ["w:" + w for w in self.lexicon.words_of(text)] + ["b:" + b for b in self.lexicon.bigrams_of(text)]

    def _vector(self, text: str) -> list[float]:
        self._fitted()
        vec = np.zeros(self.dim)
        for term, tf in Counter(self._terms(text)).items():
            index, sign = _bucket(term, self.dim)
            weight = (1 + math.log(tf)) * self.idf.get(term, self.default_idf)
            vec[index] += sign * weight * (0.5 if term.startswith("b:") else 1.0)
        norm = np.linalg.norm(vec)
        return (vec / norm if norm else vec).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Vectors for clause texts."""
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        """Vector for a question."""
        return self._vector(text)

    def fingerprint(self) -> str:
        """Changes whenever the corpus vocabulary or the dimension changes."""
        return self._fitted()._fingerprint


@register("hashed")
def _hashed(settings: Settings, lexicon: Lexicon, corpus: Sequence[str]) -> Embedder:
    return HashedTfidf(lexicon, corpus, settings.embedding_dim)


class SentenceTransformerEmbedder(Embedder):
    """A sentence-transformers model from a local directory; never downloads."""

    def __init__(self, path: str) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer  # type: ignore[import-not-found]
        except ImportError as e:
            raise BackendError("使用本地向量模型需要安装 sentence-transformers：pip install sentence-transformers") from e
        if not os.path.isdir(path):
            raise BackendError(f"本地向量模型目录不存在：{path}（不会从网络下载模型）")
        self.path = path
        self.model = SentenceTransformer(path, local_files_only=True)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Vectors for clause texts."""
        return self.model.encode(texts, normalize_embeddings=True).tolist()

    def embed_query(self, text: str) -> list[float]:
        """Vector for a question."""
        return self.embed_documents([text])[0]

    def fingerprint(self) -> str:
        """The model directory."""
        return "st-" + hashlib.sha1(self.path.encode()).hexdigest()[:12]


@register("sentence-transformers")
def _sentence_transformers(settings: Settings, lexicon: Lexicon, corpus: Sequence[str]) -> Embedder:
    if not settings.embedding_model_path:
        raise BackendError("请设置 ASSISTANT_EMBEDDING_MODEL_PATH 为本地模型目录。")
    return SentenceTransformerEmbedder(settings.embedding_model_path)


class OpenAICompatibleEmbedder(Embedder):
    """An OpenAI-compatible /v1/embeddings endpoint through langchain-openai."""

    def __init__(self, base_url: str, model: str, api_key: str | None, timeout: float) -> None:
        from langchain_openai import OpenAIEmbeddings

        # check_embedding_ctx_length=False: no tiktoken, which would fetch its encodings.
        self.inner = OpenAIEmbeddings(
            base_url=base_url,
            model=model,
            api_key=api_key or "none",  # type: ignore[arg-type]
            check_embedding_ctx_length=False,
            timeout=timeout,
            max_retries=0,
        )
        self.name = f"{base_url}|{model}"

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Vectors for clause texts."""
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        """Vector for a question."""
        return self.inner.embed_query(text)

    def fingerprint(self) -> str:
        """Endpoint and model."""
        return "openai-" + hashlib.sha1(self.name.encode()).hexdigest()[:12]


@register("openai")
def _openai(settings: Settings, lexicon: Lexicon, corpus: Sequence[str]) -> Embedder:
    if not (settings.embedding_base_url and settings.embedding_model):
        raise BackendError("请设置 ASSISTANT_EMBEDDING_BASE_URL 和 ASSISTANT_EMBEDDING_MODEL。")
    return OpenAICompatibleEmbedder(
        settings.embedding_base_url, settings.embedding_model, settings.embedding_api_key, settings.llm_timeout
    )
