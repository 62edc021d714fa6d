"""Prompt files: every file in prompts/ loads, validates and renders; broken files are rejected."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import LLMError
from assistant.prompts import get_prompt, load_prompt, load_prompts
from assistant.settings import PROJECT_ROOT

PROMPTS_DIR = PROJECT_ROOT / "prompts"
VALID = """
name = "demo"
version = 1
description = "测试用"
variables = ["question", "today"]
system = '''今天是{today}。字面花括号：{{C1}}'''
user = '''{question}'''
"""


@pytest.mark.parametrize("path", sorted(p for p in PROMPTS_DIR.iterdir() if p.is_file()), ids=lambda p: p.name)
def test_every_prompt_file_validates_and_renders(path: Path) -> None:
    prompt = load_prompt(path)
    template = prompt.template()
    assert sorted(template.input_variables) == sorted(prompt.variables)
    values = {name: f"<{name}的值>" for name in prompt.variables}
    messages = template.format_messages(**values)
    assert [m.type for m in messages] == ["system", "human"]
    rendered = "\n".join(str(m.content) for m in messages)
    for value in values.values():
        assert value in rendered
    assert "{" not in rendered.replace("{{", "")  # no placeholder left unfilled


def test_answer_prompt_declares_its_variables_and_rules() -> None:
    prompt = load_prompts(PROMPTS_DIR)["answer"]
    assert set(prompt.variables) == {"question", "context", "today"}
    assert "[C1]" in prompt.system and "120" in prompt.system


def write(tmp_path: Path, text: str, name: str = "demo.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_file_renders_literal_braces(tmp_path: Path) -> None:
    prompt = load_prompt(write(tmp_path, VALID))
    system, human = prompt.template().format_messages(question="问？", today="2026年11月23日")
    assert system.content == "今天是2026年11月23日。字面花括号：{C1}"
    assert human.content == "问？"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (VALID + 'model = "gpt"\n', "model"),  # unknown key
        (VALID.replace("version = 1\n", ""), "version"),
        (VALID.replace('["question", "today"]', '["question"]'), "不一致"),  # {today} used but not declared
        (VALID.replace('["question", "today"]', '["question", "today", "context"]'), "不一致"),
        (VALID.replace("{{C1}}", "{C1"), "花括号"),
        (VALID.replace('name = "demo"', 'name = "other"'), "文件名"),
        ("name = ", "TOML"),
    ],
)
def test_broken_files_are_rejected_with_the_file_name(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(LLMError, match=message) as error:
        load_prompt(write(tmp_path, text))
    assert "demo.toml" in str(error.value)


def test_only_toml_files_are_prompts(tmp_path: Path) -> None:
    with pytest.raises(LLMError, match=r"\.toml"):
        load_prompt(write(tmp_path, "system: x", name="demo.yaml"))


def test_missing_prompt_lists_the_available_ones(tmp_path: Path) -> None:
    write(tmp_path, VALID)
    with pytest.raises(LLMError, match="可用：demo"):
        get_prompt(tmp_path, "answer")
