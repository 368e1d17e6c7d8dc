"""What the playground page and its Python worker tell each other: typed messages, sent as JSON text.

The cells run in a Web Worker (``playground.worker``), so a runaway cell never blocks the page. A worker has no
``window.parent``: the page keeps the Workspace edge (origin and source checks of ``wwe.browser``) and relays the
Workspace messages it accepted (``FromWorkspace``); the worker's client posts through the page (``ToWorkspace``).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from typing import Any, Union


@dataclass(frozen=True)
class Start:
    """Page -> worker, first: the Workspace origin the page connected to ("" when it connected to none) and the
    text saying why, shown when a cell uses ``service``."""

    origin: str
    refusal: str = ""


@dataclass(frozen=True)
class Run:
    """Page -> worker: run a cell."""

    cell: int
    source: str


@dataclass(frozen=True)
class Cancel:
    """Page -> worker: cancel a cell's task (a cell waiting on an await stops; a busy one cannot read this)."""

    cell: int


@dataclass(frozen=True)
class FromWorkspace:
    """Page -> worker: a message of the Workspace that the page's edge accepted (its origin and window)."""

    message: Any


@dataclass(frozen=True)
class Ready:
    """Worker -> page: Python is ready; ``origin``: the Workspace its ``service`` talks to ("" for none)."""

    origin: str


@dataclass(frozen=True)
class Output:
    """Worker -> page: printed text (``kind``: "output" or "error") of ``cell`` (0: no cell, e.g. an event handler
    the Workspace called)."""

    cell: int
    kind: str
    text: str


@dataclass(frozen=True)
class Finished:
    """Worker -> page: a cell ended; ``outcome`` is a runner Outcome kind, "cancelled" or "interrupted"."""

    cell: int
    outcome: str
    text: str


@dataclass(frozen=True)
class ToWorkspace:
    """Worker -> page: a wire message for the Workspace window."""

    message: dict[str, Any]


Message = Union[Start, Run, Cancel, FromWorkspace, Ready, Output, Finished, ToWorkspace]
KINDS: dict[str, type] = {kind.__name__: kind for kind in
                          (Start, Run, Cancel, FromWorkspace, Ready, Output, Finished, ToWorkspace)}


def encode(message: Message) -> str:
    """A message as JSON text: {"type": <class name>, <its fields>}."""
    return json.dumps({"type": type(message).__name__, **asdict(message)})


def decode(text: str) -> Message:
    """The message of ``encode``'s text; ValueError for anything else (the other side is our own code)."""
    data = json.loads(text)
    kind = KINDS.get(data.pop("type", None)) if isinstance(data, dict) else None
    if kind is None or set(data) - {field.name for field in fields(kind)}:
        raise ValueError(f"not a playground message: {text[:200]!r}")
    return kind(**data)
