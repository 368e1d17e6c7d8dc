"""One registry of what a control or a form does, by its ``data-action``: the page's own actions, the scenario
panel's and every control-panel action (``workspace.actions.ActionName``). A name registered twice is refused
when it is registered (at import), instead of one action silently shadowing another."""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Generic, TypeVar

H = TypeVar("H", bound=Callable[..., object])


class ActionClash(ValueError):
    """Two actions under one name."""


class Registry(Mapping[str, H], Generic[H]):
    """Action name -> handler; ``add`` refuses a name already there."""

    def __init__(self) -> None:
        self._handlers: dict[str, H] = {}

    def add(self, handler: H, *names: str) -> None:
        """``handler`` does each of ``names``."""
        for name in names:
            if name in self._handlers:
                raise ActionClash(f"the action {name!r} is registered twice")
            self._handlers[str(name)] = handler

    def __getitem__(self, name: str) -> H:
        return self._handlers[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._handlers)

    def __len__(self) -> int:
        return len(self._handlers)
