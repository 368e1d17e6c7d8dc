"""The worker's side of the playground (sans-I/O): runs the cells the page sends, each in its own task, and the
client ``service`` over the page's relay.

Each cell's task carries its number in a context variable: asyncio copies it into everything the cell schedules
(a ``loop.call_later`` callback, a task it creates), so what they print later is anchored under that cell. Output
from elsewhere (an event handler the Workspace's message called) is cell 0. ``playground.worker`` is the edge that
gives a Kernel its ``post`` (to the page) and clock.
"""

from __future__ import annotations

import asyncio
import builtins
import contextvars
import json
from typing import Any, Callable

import wwe
from wwe.service import Clock, TimerHandle

from .protocol import Cancel, FromWorkspace, Finished, Message, Output, Ready, Run, Start, ToWorkspace, decode, encode
from .runner import run

CELL: contextvars.ContextVar[int] = contextvars.ContextVar("playground_cell", default=0)
"""The cell whose code is running (0: none)."""
CANCELLED = "Stopped while it waited (its task was cancelled); Python's state is kept."


class RelayTransport:
    """A wwe transport for a worker: posts wire messages to the page (which posts them to the Workspace window) and
    receives what the page's edge accepted (``deliver``)."""

    def __init__(self, post: Callable[[Message], None], clock: Clock, origin: str) -> None:
        self.origin = origin
        self._post = post
        self._clock = clock
        self._receiver: Callable[[Any], None] | None = None

    def attach(self, receiver: Callable[[Any], None]) -> None:
        self._receiver = receiver

    def send(self, message: dict[str, Any]) -> None:
        self._post(ToWorkspace(message))

    def deliver(self, message: Any) -> None:
        if self._receiver is not None:
            self._receiver(message)

    def now(self) -> float:
        return self._clock.now()

    def call_at(self, deadline: float, callback: Callable[[], None]) -> TimerHandle:
        return self._clock.call_at(deadline, callback)

    def close(self) -> None:
        self._receiver = None


def pretty(value: Any) -> str | None:
    """A dict or list as indented JSON text (what the Workspace sent reads as it came), None for anything else or
    anything JSON cannot hold."""
    if not isinstance(value, (dict, list)):
        return None
    try:
        return json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return None


def pretty_print(*values: Any, **options: Any) -> None:
    """``print``, with dicts and lists (events, replies) shown as indented JSON."""
    builtins.print(*(text if (text := pretty(value)) is not None else value for value in values), **options)


class Kernel:
    """Runs cells in one namespace and answers the page; ``post(text)`` sends an encoded message to the page."""

    def __init__(self, post: Callable[[str], None], clock: Clock) -> None:
        self._post_text = post
        self._clock = clock
        self.transport: RelayTransport | None = None
        self.tasks: dict[int, asyncio.Task[None]] = {}
        self.namespace: dict[str, Any] = {"__name__": "__main__", "asyncio": asyncio, "wwe": wwe, "service": None,
                                          "print": pretty_print}

    def post(self, message: Message) -> None:
        self._post_text(encode(message))

    def write(self, kind: str, text: str) -> None:
        """Printed text (sys.stdout and sys.stderr of the worker), anchored to the running cell."""
        self.post(Output(CELL.get(), kind, text))

    def receive(self, text: str) -> None:
        """One message from the page."""
        message = decode(text)
        if isinstance(message, FromWorkspace):
            if self.transport is not None:
                self.transport.deliver(message.message)
        elif isinstance(message, Run):
            self.start(message.cell, message.source)
        elif isinstance(message, Cancel):
            task = self.tasks.get(message.cell)
            if task is not None:
                task.cancel()
        elif isinstance(message, Start):
            self.connect(message.origin)
        else:
            raise ValueError(f"the worker does not take {type(message).__name__}")

    def connect(self, origin: str) -> None:
        """``service``: a client talking to ``origin`` through the page ("": none), then Ready."""
        if origin:
            self.transport = RelayTransport(self.post, self._clock, origin)
            self.namespace["service"] = wwe.Service(self.transport)
        self.post(Ready(origin))

    def start(self, cell: int, source: str) -> None:
        """Run a cell in its own task, with CELL set for everything it does."""
        context = contextvars.copy_context()
        context.run(CELL.set, cell)
        self.tasks[cell] = asyncio.get_event_loop().create_task(self._run(cell, source), context=context)

    async def _run(self, cell: int, source: str) -> None:
        try:
            outcome = await run(source, self.namespace, f"<cell {cell}>")
        except asyncio.CancelledError:
            self.post(Finished(cell, "cancelled", CANCELLED))
        else:
            self.post(Finished(cell, outcome.kind, outcome.text))
        finally:
            self.tasks.pop(cell, None)
