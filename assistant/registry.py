"""A name → factory registry shared by the swappable backends (embedders, answerers)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from assistant.errors import BackendError

F = TypeVar("F", bound=Callable[..., object])


class Registry(Generic[F]):
    """Factories by name; a clashing name is an error, an unknown one lists the valid names."""

    def __init__(self, kind: str) -> None:
        self.kind = kind  # shown to users, e.g. 嵌入后端
        self._factories: dict[str, F] = {}

    def register(self, name: str) -> Callable[[F], F]:
        """Decorator registering a factory under `name`."""

        def decorator(factory: F) -> F:
            if name in self._factories:
                raise BackendError(f"{self.kind}名称重复：{name}")
            self._factories[name] = factory
            return factory

        return decorator

    def get(self, name: str) -> F:
        """The factory for `name`."""
        try:
            return self._factories[name]
        except KeyError as e:
            raise BackendError(f"未知的{self.kind}：{name}。可选：{'、'.join(self.names())}") from e

    def names(self) -> list[str]:
        """Registered names, sorted."""
        return sorted(self._factories)
