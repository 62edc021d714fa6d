"""Prompt files: loaded and validated in one place, turned into langchain chat templates.

A prompt is a TOML file in `prompts/` named after the prompt (`answer.toml` holds the prompt
named "answer"), with exactly these keys:

    name = "answer"              # must equal the file name without .toml
    version = 1                  # bump when the wording changes, so logs and evaluations can tell
    description = "…"            # what the prompt is for
    variables = ["context", "question", "today"]
    system = '''…'''             # the system message
    user = '''…'''               # the user message

`system` and `user` are f-string templates (`{question}`); a literal brace is written `{{` or
`}}`. The variables the two templates use must be exactly the declared ones, so a typo in a
placeholder is caught when the file is loaded rather than when a model sees it. Unknown keys
are an error. Every problem raises `LLMError` with a message naming the file.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from langchain_core.prompts import ChatPromptTemplate
from pydantic import Field, ValidationError, model_validator

from assistant.errors import LLMError
from assistant.models import Strict

SUFFIX = ".toml"


class PromptFile(Strict):
    """One validated prompt file."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    version: int = Field(ge=1)
    description: str = Field(min_length=1)
    variables: list[str] = Field(min_length=1)
    system: str = Field(min_length=1)
    user: str = Field(min_length=1)

    @model_validator(mode="after")
    def _variables_match(self) -> PromptFile:
        declared = set(self.variables)
        if len(declared) != len(self.variables):
            raise ValueError("variables 中有重复的变量名")
        try:
            used = set(self.template().input_variables)
        except ValueError as e:  # unbalanced braces in a template
            raise ValueError(f"模板无法解析（字面的花括号要写成 {{{{ 或 }}}}）：{e}") from e
        if used != declared:
            raise ValueError(f"模板使用的变量 {sorted(used)} 与 variables 声明的 {sorted(declared)} 不一致")
        return self

    def template(self) -> ChatPromptTemplate:
        """The system and user messages as a chat prompt template."""
        return ChatPromptTemplate.from_messages([("system", self.system.strip()), ("human", self.user.strip())])


def load_prompt(path: Path) -> PromptFile:
    """Read and validate one prompt file; raises LLMError naming the file."""
    if path.suffix != SUFFIX:
        raise LLMError(f"提示词文件 {path.name} 的格式不受支持：提示词文件必须是 {SUFFIX} 文件。")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise LLMError(f"无法读取提示词文件 {path}：{e.strerror or e}") from e
    except tomllib.TOMLDecodeError as e:
        raise LLMError(f"提示词文件 {path.name} 不是有效的 TOML：{e}") from e
    try:
        prompt = PromptFile.model_validate(data)
    except ValidationError as e:
        problems = "；".join(f"{'.'.join(map(str, err['loc'])) or '文件'}：{err['msg']}" for err in e.errors())
        raise LLMError(f"提示词文件 {path.name} 无效：{problems}") from e
    if prompt.name != path.stem:
        raise LLMError(f"提示词文件 {path.name} 的 name 是“{prompt.name}”，应与文件名“{path.stem}”一致。")
    return prompt


def load_prompts(folder: Path) -> dict[str, PromptFile]:
    """Every prompt in a folder by name; any file that is not a valid prompt is an error."""
    if not folder.is_dir():
        raise LLMError(f"找不到提示词目录：{folder}")
    prompts = [load_prompt(path) for path in sorted(folder.iterdir()) if path.is_file()]
    return {p.name: p for p in prompts}


def get_prompt(folder: Path, name: str) -> PromptFile:
    """The prompt called `name` in a folder; a missing one lists those available."""
    path = folder / f"{name}{SUFFIX}"
    if not path.is_file():
        available = "、".join(sorted(p.stem for p in folder.glob(f"*{SUFFIX}"))) or "无"
        raise LLMError(f"找不到提示词“{name}”（{path}）。可用：{available}")
    return load_prompt(path)
