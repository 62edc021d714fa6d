"""Policy question-answering assistant for Yunnan's elderly-care and childcare services."""

import sys

__version__ = "0.1.0"


def _import_jieba_without_pkg_resources() -> None:
    """Import jieba while pkg_resources is hidden from it.

    jieba 0.42 imports pkg_resources (setuptools, 0.2–0.35 s: a fifth of a cold `ask`) only to open
    its own bundled files, and opens them by path when the import fails: the same bytes either way.
    Nothing else an answer needs imports pkg_resources; a later import of it is unaffected.
    """
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        return
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes `import pkg_resources` raise ImportError
    try:
        import jieba  # noqa: F401
    finally:
        del sys.modules["pkg_resources"]


_import_jieba_without_pkg_resources()
