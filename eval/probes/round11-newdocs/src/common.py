"""Shared helpers for probe19 generators."""
import re, os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEXT_DIR = os.path.join(ROOT, "text")


def cjk_count(s: str) -> int:
    return len(re.findall(r"[\u4e00-\u9fff]", s))


def norm(s: str) -> str:
    """Whitespace-insensitive normalisation (also drops U+3000 etc.)."""
    return "".join(ch for ch in s if not ch.isspace())


def write_text(name: str, text: str) -> str:
    os.makedirs(TEXT_DIR, exist_ok=True)
    p = os.path.join(TEXT_DIR, name)
    with open(p, "w", encoding="utf-8") as f:
        f.write(text.rstrip("\n") + "\n")
    return p
