"""Service: the public facade ``service.<ns>.<method>(*params, succeeded=None, failed=None, timeout=None)``.

A Service wraps a ClientCore and a transport (``attach``, ``send``, ``now``, ``call_at``, ``close``; see
docs/CLIENT.md). Each method returns a Call: await it for the reply's ``data``, or pass callbacks that receive
the whole reply like the official client; or both.
"""

from __future__ import annotations

import logging
from collections import Counter
from functools import partial
from typing import Any, Callable, Generator, Literal, Protocol, Sequence, overload

from . import errors, methods
from .calls import Call, Failed, Succeeded, check_options, guarded
from .core import ClientCore, FrameAssigned, Incoming, Notification, Settled, WweText
from .namespaces import NAMESPACE_CLASSES, ServiceNamespaces
from .types import AgentEvent, Event, InteractionEvent, OutboundEvent, SystemEvent
from .wire.parse import subscription_id

logger = logging.getLogger("wwe")

Handler = Callable[[Event[Any]], object]


class TimerHandle(Protocol):
    def cancel(self) -> None: ...


class Clock(Protocol):
    """Time for a transport: ``now()`` and ``call_at()`` (wwe.browser.JsClock, wwe.testing.ManualClock)."""

    def now(self) -> float:
        """Monotonic time in seconds."""

    def call_at(self, deadline: float, callback: Callable[[], None]) -> TimerHandle:
        """Call ``callback`` once, at ``deadline`` (same clock as ``now``)."""


class Transport(Clock, Protocol):
    """What a Service needs from its transport (its clock too)."""

    def attach(self, receiver: Callable[[Any], None]) -> None:
        """Start delivering accepted incoming messages to ``receiver``."""

    def send(self, message: dict[str, Any]) -> None:
        """Post one wire message to the host."""

    def close(self) -> None:
        """Stop delivering and release resources."""


class Subscription:
    """Handle of one ``subscribe`` call: one handler for some event names.

    ``await subscription`` waits for the host's answer (raises RequestFailed if it refused);
    ``subscription.unsubscribe()`` removes this handler.
    """

    def __init__(self, service: Service, names: tuple[str, ...], handler: Handler,
                 calls: tuple[Call[Any], ...]) -> None:
        self.names = names
        self.handler = handler
        self.active = True
        self._service = service
        self._calls = calls

    def __repr__(self) -> str:
        return f"<Subscription {list(self.names)} {'active' if self.active else 'removed'}>"

    def unsubscribe(self) -> None:
        """Remove this handler (same as ``service.unsubscribe(self)``)."""
        self._service.unsubscribe(self)

    def __await__(self) -> Generator[Any, None, Subscription]:
        for call in self._calls:
            yield from call.__await__()
        return self


class _Wire:
    """One subscription on the wire; it covers ``names`` until no handler needs them."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names
        self.subscription_id: Any = None
        self.released = False  # handlers gone before the host answered: unsubscribe on the answer
        self.call: Call[Any] | None = None


def _event_names(names: Any) -> list[str]:
    methods.check_value("subscribe", methods.TOP_LEVEL["subscribe"].params[0], names)
    event_names = [names] if isinstance(names, str) else list(names)
    if not event_names or not all(event_names):
        raise TypeError(f"subscribe: names must be non-empty, not {names!r}")
    return list(dict.fromkeys(event_names))


class Service(ServiceNamespaces):
    """The client: ``service.<namespace>.<method>(...)``, ``subscribe``, ``unsubscribe``, ``close``.

    ``onMessage``: optional hook for plain "wwe..." strings from the host (as in the official client).
    """

    def __init__(self, transport: Transport, *, timeout: float = 10.0) -> None:
        check_options(None, None, timeout)
        self.core = ClientCore(timeout)
        self.transport = transport
        self.onMessage: Callable[[str], Any] | None = None
        self.closed = False
        self._calls: dict[str, Call[Any]] = {}
        self._handlers: dict[str, list[Subscription]] = {}
        self._wires: dict[str, _Wire] = {}
        self._timer: TimerHandle | None = None
        self._wakeup: float | None = None
        self._ignored: Counter[str] = Counter()
        for namespace, namespace_class in NAMESPACE_CLASSES.items():
            setattr(self, namespace, namespace_class(self))
        transport.attach(self.receive)

    @property
    def pending(self) -> tuple[Call[Any], ...]:
        """The calls still waiting for an answer (subscribe calls included)."""
        return tuple(self._calls.values())

    @property
    def dropped(self) -> Counter[str]:
        """Counts of incoming messages dropped by the transport (wrong source/origin...), ignored by the core,
        or events no handler wanted (``no_handler``)."""
        return Counter(getattr(self.transport, "dropped", {})) + self.core.ignored + self._ignored

    # --- requests -------------------------------------------------------------------------------------------

    def _ensure_open(self, request: str) -> None:
        if self.closed:
            raise errors.ServiceClosed(request, errors.CLOSED_FAILURE)

    def _start(self, request: str, build: Callable[[float, float | None], tuple[str, dict[str, Any]]],
               succeeded: Succeeded | None, failed: Failed | None, timeout: float | None) -> Call[Any]:
        check_options(succeeded, failed, timeout)
        self._ensure_open(request)
        ref, message = build(self.transport.now(), timeout)
        call: Call[Any] = Call(self, ref, request, succeeded, failed)
        self._calls[ref] = call
        try:
            self.transport.send(message)
        except BaseException:
            self._forget(ref)
            raise
        self._schedule()
        return call

    def _forget(self, ref: str) -> None:
        self.core.cancel(ref)
        self._calls.pop(ref, None)
        self._schedule()

    def _schedule(self) -> None:
        """Keep exactly one timer, at the core's next deadline."""
        deadline = None if self.closed else self.core.next_deadline()
        if deadline == self._wakeup:
            return
        if self._timer is not None:
            self._timer.cancel()
        self._timer, self._wakeup = None, deadline
        if deadline is not None:
            self._timer = self.transport.call_at(deadline, self._on_timer)

    def _on_timer(self) -> None:
        self._timer = self._wakeup = None
        self._dispatch(self.core.expire(self.transport.now()))

    # --- incoming -------------------------------------------------------------------------------------------

    def receive(self, message: Any) -> None:
        """Handle one accepted incoming message (the transport calls this)."""
        if not self.closed:
            self._dispatch(self.core.receive(message, self.transport.now()))

    def _dispatch(self, incoming: Sequence[Incoming]) -> None:
        for item in incoming:
            if isinstance(item, Settled):
                call = self._calls.pop(item.reference_id, None)
                if call is not None:
                    call._settle(item.ok, item.reply)
            elif isinstance(item, Notification):
                handlers = tuple(self._handlers.get(item.name, ()))
                if not handlers:
                    self._ignored["no_handler"] += 1
                for subscription in handlers:
                    guarded(subscription.handler, item.message, f"handler of event {item.name!r}")
            elif isinstance(item, WweText):
                if self.onMessage is not None:
                    guarded(self.onMessage, item.text, "onMessage")
            elif isinstance(item, FrameAssigned):
                logger.debug("wwe: frameId %r assigned", item.frame_id)
                if item.restarted:
                    self._resubscribe()
        self._schedule()

    # --- subscriptions --------------------------------------------------------------------------------------

    @overload
    def subscribe(self, names: Literal["agent"] | list[Literal["agent"]], handler: Callable[[AgentEvent], object], *,
                  timeout: float | None = None) -> Subscription: ...

    @overload
    def subscribe(self, names: Literal["interaction"] | list[Literal["interaction"]],
                  handler: Callable[[InteractionEvent], object], *, timeout: float | None = None) -> Subscription: ...

    @overload
    def subscribe(self, names: Literal["system"] | list[Literal["system"]], handler: Callable[[SystemEvent], object],
                  *, timeout: float | None = None) -> Subscription: ...

    @overload
    def subscribe(self, names: Literal["outbound"] | list[Literal["outbound"]],
                  handler: Callable[[OutboundEvent], object], *, timeout: float | None = None) -> Subscription: ...

    @overload
    def subscribe(self, names: str | list[str] | tuple[str, ...], handler: Handler, *,
                  timeout: float | None = None) -> Subscription: ...

    def subscribe(self, names: str | Sequence[str], handler: Callable[[Any], object], *,
                  timeout: float | None = None) -> Subscription:
        """Call ``handler(message)`` for every event named in ``names``; returns a Subscription handle.

        ``message`` is the whole event (``wwe.types.Event``); its ``data`` is typed for one documented name
        (``AgentEvent``, ``InteractionEvent``, ``SystemEvent``, ``OutboundEvent``; docs/EVENTS.md).

        Several handlers per name are fine: the client keeps one wire subscription per name and sends
        ``subscribe`` only for names it is not subscribed to yet.
        """
        event_names = _event_names(names)
        if not callable(handler):
            raise TypeError(f"subscribe: handler must be callable, not {type(handler).__name__}")
        self._ensure_open("subscribe")
        new = [name for name in event_names if name not in self._wires]
        if new:
            wire = _Wire(tuple(new))
            self._send_subscribe(wire, names if isinstance(names, str) else new, timeout)
            self._wires.update(dict.fromkeys(new, wire))
        calls = tuple(dict.fromkeys(call for name in event_names if (call := self._wires[name].call) is not None))
        subscription = Subscription(self, tuple(event_names), handler, calls)
        for name in event_names:
            self._handlers.setdefault(name, []).append(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription | str) -> None:
        """Remove a handler (a Subscription), or every handler using a subscriptionId.

        The ``unsubscribe`` wire message goes out once no handler needs the wire subscription;
        an unknown subscriptionId is sent as is.
        """
        if isinstance(subscription, Subscription):
            self._detach(subscription)
            return
        if not isinstance(subscription, str):
            raise TypeError(f"unsubscribe: expected a Subscription or a subscriptionId string, not {subscription!r}")
        self._ensure_open("unsubscribe")
        wire = next((w for w in self._wires.values() if w.subscription_id == subscription), None)
        if wire is None:
            self.transport.send(self.core.unsubscribe(subscription))
            return
        for handle in dict.fromkeys(h for name in wire.names for h in self._handlers.get(name, ())):
            self._detach(handle)

    def _send_subscribe(self, wire: _Wire, names: str | list[str], timeout: float | None) -> None:
        wire.subscription_id = None
        wire.call = self._start("subscribe", lambda now, t: self.core.subscribe(names, now, t),
                                partial(self._subscribed, wire), partial(self._refused, wire), timeout)

    def _resubscribe(self) -> None:
        """A new host (another frameId) knows none of our subscriptions: subscribe again to what handlers need."""
        for wire in dict.fromkeys(self._wires.values()):
            self._send_subscribe(wire, list(wire.names), None)

    def _subscribed(self, wire: _Wire, reply: dict[str, Any]) -> None:
        wire.subscription_id = subscription_id(reply)
        if wire.subscription_id is None:
            logger.warning("wwe: the subscribe answer for %s has no subscriptionId: %r", list(wire.names), reply)
        elif wire.released:
            self.transport.send(self.core.unsubscribe(wire.subscription_id))

    def _refused(self, wire: _Wire, reply: Any) -> None:
        """The subscribe failed: forget the wire subscription and remove the handlers that relied on it (unless the
        host restarted: the wire is subscribed again on the new frameId)."""
        if reply == errors.HOST_RESTARTED_FAILURE:
            return
        logger.error("wwe: subscribe %s failed: %r", list(wire.names), reply)
        for name in wire.names:
            if self._wires.get(name) is wire:
                del self._wires[name]
        for handle in dict.fromkeys(h for handles in self._handlers.values() for h in handles if wire.call in h._calls):
            self._detach(handle)

    def _detach(self, subscription: Subscription) -> None:
        if not subscription.active:
            return
        subscription.active = False
        for name in subscription.names:
            self._handlers[name].remove(subscription)
            if not self._handlers[name]:
                del self._handlers[name]
        for wire in dict.fromkeys(self._wires[name] for name in subscription.names if name in self._wires):
            if not any(name in self._handlers for name in wire.names):
                self._release(wire)

    def _release(self, wire: _Wire) -> None:
        for name in wire.names:
            if self._wires.get(name) is wire:
                del self._wires[name]
        if wire.subscription_id is not None:
            self.transport.send(self.core.unsubscribe(wire.subscription_id))
        else:
            wire.released = True

    # --- shutdown -------------------------------------------------------------------------------------------

    def close(self) -> None:
        """Unsubscribe everything, fail pending calls with ServiceClosed ("Service closed"), close the transport."""
        if self.closed:
            return
        try:
            for subscription in dict.fromkeys(s for handles in self._handlers.values() for s in handles):
                self._detach(subscription)
        except Exception:
            logger.exception("wwe: could not unsubscribe while closing")
        self.closed = True
        self._schedule()
        for ref in self.core.close():
            self._calls.pop(ref)._settle(False, errors.CLOSED_FAILURE)
        self.transport.close()

