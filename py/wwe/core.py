"""ClientCore: the sans-I/O state of a Service Client API client.

No I/O and no clock: callers pass ``now`` (seconds, any monotonic origin) and send the returned messages.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from dataclasses import dataclass
from typing import Any, Union

from .errors import HOST_RESTARTED_FAILURE, TIMEOUT_FAILURE
from .wire.messages import Request, Subscribe, Unsubscribe
from .wire.parse import is_failure, is_host_message, is_wwe_text, reply_body


@dataclass(frozen=True)
class Settled:
    """A request settled: ``reply`` is the host's message without ``referenceId``, or "Request timeout"."""

    reference_id: str
    ok: bool
    reply: Any


@dataclass(frozen=True)
class Notification:
    """An event for subscribers of ``name``; ``message`` is the whole message (what handlers receive)."""

    name: str
    message: dict[str, Any]


@dataclass(frozen=True)
class FrameAssigned:
    """The host assigned this client a frame id; later messages carry it. Another id than the one held means a new
    host (the Workspace restarted under the frame): the pending requests fail first with "Host restarted"."""

    frame_id: Any
    restarted: bool = False


@dataclass(frozen=True)
class WweText:
    """A plain string starting with "wwe" (for the optional ``onMessage`` hook)."""

    text: str


Incoming = Union[Settled, Notification, FrameAssigned, WweText]
"""What an incoming message (or a deadline) means to the client."""


def _reference_key(value: Any) -> str | None:
    """The referenceId of an incoming reply as the string we sent, or None if it cannot be one of ours.

    A number matches its decimal string, as JavaScript's ``==`` has it (1 and 1.0 match "1"); booleans, arrays
    and objects match nothing (JavaScript would match ``["1"]``), and neither do numbers past 1e21 (JavaScript
    writes them in exponent form; Python would spend long on, or refuse, converting a huge integer).
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not abs(value) < 1e21:
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    return str(int(value))


class ClientCore:
    """Reference ids, pending requests with deadlines, and the frame id.

    ``ignored`` counts incoming messages that led nowhere: ``not_wwe`` (no "WWE" userAgent and not a "wwe"
    string), ``unknown_reference`` (late, cancelled or unsolicited replies, answers to unsubscribe, referenceIds
    that are no string or number) and ``unrecognised`` (a WWE message with neither event, referenceId nor
    frameId, or whose event name is not a string).
    """

    def __init__(self, timeout: float = 10.0) -> None:
        self.timeout = timeout
        self.frame_id: Any = None
        self.ignored: Counter[str] = Counter()
        self._counter = 0
        self._pending: dict[str, float] = {}  # referenceId -> deadline (math.inf: never)
        self._deadlines: list[tuple[float, int, str]] = []  # a heap of finite deadlines; answered ones linger
        # until _drop_answered

    def _next_reference(self) -> str:
        """The next referenceId: "0", "1", ... shared by requests, subscribe and unsubscribe (official client)."""
        ref = str(self._counter)
        self._counter += 1
        return ref

    def _start(self, now: float, timeout: float | None) -> str:
        ref = self._next_reference()
        deadline = now + (self.timeout if timeout is None else timeout)
        self._pending[ref] = deadline
        if deadline != math.inf:
            heapq.heappush(self._deadlines, (deadline, int(ref), ref))
            self._drop_answered()
        return ref

    def _drop_answered(self) -> None:
        """Drop the deadlines of answered (or cancelled) requests from the heap: every one when they outnumber the
        pending (the heap rebuilt from what is pending), else those on top, so that its first is a pending one's."""
        if len(self._deadlines) > 2 * len(self._pending) + 64:
            self._deadlines = [(due, int(key), key) for key, due in self._pending.items() if due != math.inf]
            heapq.heapify(self._deadlines)
        while self._deadlines and self._pending.get(self._deadlines[0][2]) != self._deadlines[0][0]:
            heapq.heappop(self._deadlines)

    def request(self, name: str, params: list[Any], now: float, timeout: float | None = None
                ) -> tuple[str, dict[str, Any]]:
        """Start request ``name`` ("ns.method"); returns its referenceId and the exact wire message."""
        ref = self._start(now, timeout)
        return ref, Request(name, params, ref).to_wire(self.frame_id)

    def subscribe(self, names: str | list[str], now: float, timeout: float | None = None
                  ) -> tuple[str, dict[str, Any]]:
        """Start a subscribe request; the host's answer (Settled) carries the subscriptionId."""
        ref = self._start(now, timeout)
        return ref, Subscribe(names, ref).to_wire(self.frame_id)

    def unsubscribe(self, subscription_id: Any) -> dict[str, Any]:
        """The unsubscribe message; like the official client, no answer is awaited."""
        return Unsubscribe(subscription_id, self._next_reference()).to_wire(self.frame_id)

    def receive(self, message: Any, now: float) -> list[Incoming]:
        """Classify one incoming message. Requests overdue at ``now`` time out first."""
        incoming: list[Incoming] = list(self.expire(now))
        if is_wwe_text(message):
            incoming.append(WweText(message))
        elif not is_host_message(message):
            self.ignored["not_wwe"] += 1
        elif message.get("event"):
            if isinstance(message["event"], str):
                incoming.append(Notification(message["event"], message))
            else:  # an event name must be a string (handlers are looked up by it)
                self.ignored["unrecognised"] += 1
        elif message.get("referenceId"):
            ref = _reference_key(message["referenceId"])
            if ref is None or self._pending.pop(ref, None) is None:
                self.ignored["unknown_reference"] += 1
            else:
                incoming.append(Settled(ref, not is_failure(message), reply_body(message)))
        elif "frameId" in message:
            restarted = self.frame_id is not None and message["frameId"] != self.frame_id
            if restarted:  # a new host: it will never answer what the old one was asked
                incoming.extend(self._fail_pending(HOST_RESTARTED_FAILURE))
            self.frame_id = message["frameId"]
            incoming.append(FrameAssigned(self.frame_id, restarted))
        else:
            self.ignored["unrecognised"] += 1
        return incoming

    def expire(self, now: float) -> list[Settled]:
        """Fail every request whose deadline has passed with "Request timeout"."""
        due = []
        while (deadline := self.next_deadline()) is not None and deadline <= now:
            _, _, ref = heapq.heappop(self._deadlines)
            del self._pending[ref]
            due.append(ref)
        return [Settled(ref, False, TIMEOUT_FAILURE) for ref in due]

    def _fail_pending(self, failure: str) -> list[Settled]:
        """Fail every pending request with ``failure``."""
        return [Settled(ref, False, failure) for ref in self.close()]

    @property
    def pending(self) -> tuple[str, ...]:
        """The referenceIds of the requests still waiting for an answer, oldest first."""
        return tuple(self._pending)

    def next_deadline(self) -> float | None:
        """The earliest finite deadline of a pending request, or None."""
        self._drop_answered()
        return self._deadlines[0][0] if self._deadlines else None

    def cancel(self, reference_id: str) -> bool:
        """Stop waiting for ``reference_id``; a later answer is ignored. True if it was pending."""
        return self._pending.pop(reference_id, None) is not None

    def close(self) -> list[str]:
        """Forget every pending request; returns their referenceIds."""
        refs = list(self._pending)
        self._pending.clear()
        self._deadlines.clear()
        return refs
