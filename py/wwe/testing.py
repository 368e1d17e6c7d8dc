"""Test helpers: an in-memory transport, a manual clock, and fake windows that mimic postMessage.

``MemoryTransport`` connects a Service to any host callable ``(message, origin) -> list of replies``:

    transport = MemoryTransport(host)
    service = Service(transport)
    data = await service.agent.get()     # inside a running asyncio loop

Deliveries are asynchronous like postMessage: scheduled on the running asyncio loop, or queued until
``flush()`` when no loop runs. Timers fire when the ManualClock is advanced. ``ScriptedHost`` is a host that
answers from a table; ``FakeBrowser`` windows drive ``wwe.browser.PostMessageTransport`` on CPython.
"""

from __future__ import annotations

import asyncio
import copy
import heapq
import itertools
from collections import deque
from dataclasses import dataclass
from typing import Any, Callable

from .wire.messages import HOST_AGENT, stamp

Host = Callable[[dict[str, Any], str], "list[Any] | None"]


class DataCloneError(TypeError):
    """Raised like the browser's DataCloneError when a message holds something structured clone refuses."""


def structured_clone(value: Any) -> Any:
    """A deep copy that, like structured clone, refuses functions (and non-string object keys)."""

    def check(item: Any) -> None:
        if callable(item):
            raise DataCloneError(f"{item!r} could not be cloned")
        if isinstance(item, dict):
            for key, nested in item.items():
                if not isinstance(key, str):
                    raise DataCloneError(f"object key {key!r} is not a string")
                check(nested)
        elif isinstance(item, (list, tuple)):
            for nested in item:
                check(nested)

    check(value)
    return copy.deepcopy(value)


class ManualTimer:
    """A timer of a ManualClock."""

    def __init__(self, deadline: float, callback: Callable[[], None]) -> None:
        self.deadline = deadline
        self.callback = callback
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class ManualClock:
    """``now()`` and ``call_at()`` driven by ``advance(seconds)``."""

    def __init__(self, start: float = 0.0) -> None:
        self.time = start
        self._timers: list[tuple[float, int, ManualTimer]] = []
        self._sequence = itertools.count()

    def now(self) -> float:
        return self.time

    def call_at(self, deadline: float, callback: Callable[[], None]) -> ManualTimer:
        timer = ManualTimer(deadline, callback)
        heapq.heappush(self._timers, (deadline, next(self._sequence), timer))
        return timer

    @property
    def pending(self) -> list[ManualTimer]:
        """Timers not yet fired nor cancelled."""
        return [timer for _, _, timer in sorted(self._timers) if not timer.cancelled]

    def advance(self, seconds: float) -> None:
        """Move time forward, firing due timers in deadline order."""
        end = self.time + seconds
        while self._timers and self._timers[0][0] <= end:
            deadline, _, timer = heapq.heappop(self._timers)
            if not timer.cancelled:
                self.time = max(self.time, deadline)
                timer.callback()
        self.time = end


class Postbox:
    """Asynchronous delivery like postMessage: on the running asyncio loop if any, else on ``flush()``."""

    def __init__(self) -> None:
        self._queue: deque[Callable[[], None]] = deque()

    def post(self, delivery: Callable[[], None]) -> None:
        self._queue.append(delivery)
        try:
            asyncio.get_running_loop().call_soon(self._deliver_one)
        except RuntimeError:
            pass  # no loop: wait for flush()

    def _deliver_one(self) -> None:
        if self._queue:
            self._queue.popleft()()

    def flush(self) -> None:
        """Deliver everything queued, including what deliveries post."""
        while self._queue:
            self._queue.popleft()()


class MemoryTransport:
    """A Service transport that calls ``host(message, origin)`` and delivers the returned replies.

    ``sent`` records every message sent; ``push(message)`` delivers a host-initiated message (an event).
    """

    def __init__(self, host: Host, origin: str = "https://extension.test", clock: ManualClock | None = None) -> None:
        self.host = host
        self.origin = origin
        self.clock = clock or ManualClock()
        self.sent: list[dict[str, Any]] = []
        self.closed = False
        self._postbox = Postbox()
        self._receiver: Callable[[Any], None] | None = None

    def attach(self, receiver: Callable[[Any], None]) -> None:
        self._receiver = receiver

    def send(self, message: dict[str, Any]) -> None:
        if self.closed:
            raise RuntimeError("transport closed")
        self.sent.append(structured_clone(message))
        for reply in self.host(structured_clone(message), self.origin) or ():
            self.push(reply)

    def push(self, message: Any) -> None:
        """Deliver a message from the host (cloned, asynchronously)."""
        clone = structured_clone(message)
        self._postbox.post(lambda: self._deliver(clone))

    def _deliver(self, message: Any) -> None:
        if not self.closed and self._receiver is not None:
            self._receiver(message)

    def flush(self) -> None:
        """Deliver queued messages now (when no asyncio loop runs)."""
        self._postbox.flush()

    def now(self) -> float:
        return self.clock.now()

    def call_at(self, deadline: float, callback: Callable[[], None]) -> ManualTimer:
        return self.clock.call_at(deadline, callback)

    def close(self) -> None:
        self.closed = True


@dataclass
class Failure:
    """A ScriptedHost answer that fails with this ``errorMessage``."""

    errorMessage: str  # noqa: N815 (wire name)


def host_message(**fields: Any) -> dict[str, Any]:
    """A message as the host sends it: ``fields`` plus userAgent "WWE Server" and protocolVersion 2."""
    return stamp(fields, HOST_AGENT)


class ScriptedHost:
    """A host callable for MemoryTransport that answers requests from ``answers``.

    ``answers["ns.method"]`` is the reply's data, a Failure, or a callable ``(*parameters) -> data | Failure``.
    A request with no entry gets no answer (the caller times out). Subscribe answers carry
    ``subscriptionId`` "sub-1", "sub-2"...; ``subscriptions`` maps the live ones to their names.
    """

    def __init__(self, answers: dict[str, Any] | None = None) -> None:
        self.answers = dict(answers or {})
        self.received: list[tuple[dict[str, Any], str]] = []
        self.subscriptions: dict[str, Any] = {}
        self._ids = itertools.count(1)

    def __call__(self, message: dict[str, Any], origin: str) -> list[dict[str, Any]]:
        self.received.append((message, origin))
        ref = message.get("referenceId")
        if message.get("event") == "subscribe":
            subscription_id = f"sub-{next(self._ids)}"
            self.subscriptions[subscription_id] = message["data"]
            return [host_message(referenceId=ref, subscriptionId=subscription_id)]
        if message.get("event") == "unsubscribe":
            self.subscriptions.pop(message["data"], None)
            return []
        name = message.get("request")
        if name not in self.answers:
            return []
        answer = self.answers[name]
        if callable(answer):
            answer = answer(*message.get("parameters", ()))
        if isinstance(answer, Failure):
            return [host_message(request=name, referenceId=ref, errorMessage=answer.errorMessage)]
        return [host_message(request=name, referenceId=ref, data=answer)]


# --- fake browser windows (for wwe.browser.PostMessageTransport) ----------------------------------------------


@dataclass
class MessageEvent:
    """What a "message" listener receives."""

    data: Any
    origin: str
    source: WindowRef


class FakeProxy:
    """Stands in for pyodide.ffi.create_proxy: callable until destroyed."""

    def __init__(self, function: Callable[..., Any]) -> None:
        self.function = function
        self.destroyed = False

    def __call__(self, *args: Any) -> Any:
        if self.destroyed:
            raise RuntimeError("called a destroyed proxy")
        return self.function(*args)

    def destroy(self) -> None:
        self.destroyed = True


class WindowRef:
    """A reference one window holds to another (like a WindowProxy); equal refs denote the same window."""

    def __init__(self, window: FakeWindow, viewer: FakeWindow) -> None:
        self.window = window
        self.viewer = viewer

    def postMessage(self, data: Any, target_origin: str) -> None:  # noqa: N802 (DOM name)
        self.window.browser.post(self.viewer, self.window, data, target_origin)

    def __eq__(self, other: object) -> bool:
        return (other.window if isinstance(other, WindowRef) else other) is self.window

    def __hash__(self) -> int:
        return id(self.window)


class FakeWindow:
    """A window with an origin, ``parent``/``opener`` references and "message" listeners."""

    def __init__(self, browser: FakeBrowser, origin: str, parent: FakeWindow | None, opener: FakeWindow | None) -> None:
        self.browser = browser
        self.origin = origin
        self.listeners: list[Callable[[MessageEvent], Any]] = []
        self._parent = parent or self
        self._opener = opener

    @property
    def parent(self) -> WindowRef:
        return WindowRef(self._parent, self)

    @property
    def opener(self) -> WindowRef | None:
        return WindowRef(self._opener, self) if self._opener else None

    def view(self, other: FakeWindow) -> WindowRef:
        """This window's reference to ``other``."""
        return WindowRef(other, self)

    def addEventListener(self, kind: str, listener: Callable[[MessageEvent], Any]) -> None:  # noqa: N802
        assert kind == "message"
        self.listeners.append(listener)

    def removeEventListener(self, kind: str, listener: Callable[[MessageEvent], Any]) -> None:  # noqa: N802
        assert kind == "message"
        self.listeners.remove(listener)

    def dispatch(self, event: MessageEvent) -> None:
        for listener in list(self.listeners):
            listener(event)


class FakeBrowser:
    """Windows that talk through postMessage: clone on post, deliver later, check the target origin."""

    def __init__(self) -> None:
        self.postbox = Postbox()
        self.blocked: list[tuple[str, str, Any]] = []  # (target origin asked, actual origin, data) not delivered

    def window(self, origin: str, *, parent: FakeWindow | None = None, opener: FakeWindow | None = None) -> FakeWindow:
        return FakeWindow(self, origin, parent, opener)

    def post(self, source: FakeWindow, target: FakeWindow, data: Any, target_origin: str) -> None:
        clone = structured_clone(data)
        if target_origin not in ("*", target.origin):
            self.blocked.append((target_origin, target.origin, clone))
            return
        event = MessageEvent(clone, source.origin, WindowRef(source, target))
        self.postbox.post(lambda: target.dispatch(event))

    def flush(self) -> None:
        self.postbox.flush()
