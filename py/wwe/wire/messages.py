"""The messages of the Service Client API as values; ``to_wire()`` gives the exact dict that is posted.

A client sends Request, Subscribe and Unsubscribe, stamped with userAgent "WWE Client", its referenceId and, once
the host assigned one, its frameId. A host sends Reply, ErrorReply, SubscribeReply, Event and FrameIdAssignment,
stamped with userAgent "WWE Server". Both stamp protocolVersion 2.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Union

CLIENT_AGENT = "WWE Client"
HOST_AGENT = "WWE Server"
PROTOCOL_VERSION = 2
SUBSCRIBE, UNSUBSCRIBE = "subscribe", "unsubscribe"


def stamp(fields: dict[str, Any], user_agent: str, frame_id: Any = None) -> dict[str, Any]:
    """``fields``, then ``userAgent``, ``protocolVersion`` and (a client's, once it has one) ``frameId``."""
    message = {**fields, "userAgent": user_agent, "protocolVersion": PROTOCOL_VERSION}
    if frame_id is not None:
        message["frameId"] = frame_id
    return message


# -- what a client sends ---------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Request:
    """``{"request": "ns.method", "parameters": [...], "referenceId": ...}``."""

    name: str
    parameters: list[Any]
    reference_id: str

    def to_wire(self, frame_id: Any = None) -> dict[str, Any]:
        """No ``parameters`` key for a method without parameters, as the official client sends it."""
        fields: dict[str, Any] = {"request": self.name}
        if self.parameters:
            fields["parameters"] = list(self.parameters)
        fields["referenceId"] = self.reference_id
        return stamp(fields, CLIENT_AGENT, frame_id)


@dataclass(frozen=True, slots=True)
class Subscribe:
    """``{"event": "subscribe", "data": <an event name or a list of names>, "referenceId": ...}``."""

    data: str | list[str]
    reference_id: str

    @property
    def names(self) -> list[str]:
        """The event names, as a list."""
        return [self.data] if isinstance(self.data, str) else list(self.data)

    def to_wire(self, frame_id: Any = None) -> dict[str, Any]:
        return stamp({"event": SUBSCRIBE, "data": self.data, "referenceId": self.reference_id}, CLIENT_AGENT, frame_id)


@dataclass(frozen=True, slots=True)
class Unsubscribe:
    """``{"event": "unsubscribe", "data": <subscriptionId>, "referenceId": ...}``; never answered."""

    subscription_id: Any
    reference_id: str | None = None

    def to_wire(self, frame_id: Any = None) -> dict[str, Any]:
        fields = {"event": UNSUBSCRIBE, "data": self.subscription_id, "referenceId": self.reference_id}
        return stamp(fields, CLIENT_AGENT, frame_id)


ClientMessage = Union[Request, Subscribe, Unsubscribe]


@dataclass(frozen=True, slots=True)
class Malformed:
    """Input from a frame that is no client message: ``reason`` says why. It is answered (``reply()``) only when it
    carries a string ``referenceId``, naming its ``request`` when that is known."""

    reason: str
    request: str | None = None
    reference_id: str | None = None

    def reply(self) -> ErrorReply | None:
        if self.reference_id is None:
            return None
        return ErrorReply(self.request, self.reference_id, f"Malformed message: {self.reason}.")


# -- what a host sends -----------------------------------------------------------------------------------------

def _answer(request: str | None, reference_id: str, **outcome: Any) -> dict[str, Any]:
    """``{"request", "referenceId", <outcome>}`` from the host."""
    return stamp({"request": request, "referenceId": reference_id, **outcome}, HOST_AGENT)


@dataclass(frozen=True, slots=True)
class Reply:
    """A request answered: ``{"request", "referenceId", "data"}``."""

    request: str | None
    reference_id: str
    data: Any

    def to_wire(self) -> dict[str, Any]:
        return _answer(self.request, self.reference_id, data=self.data)


@dataclass(frozen=True, slots=True)
class ErrorReply:
    """A request refused or failed: ``{"request", "referenceId", "errorMessage"}``."""

    request: str | None
    reference_id: str
    error_message: str

    def to_wire(self) -> dict[str, Any]:
        return _answer(self.request, self.reference_id, errorMessage=self.error_message)


@dataclass(frozen=True, slots=True)
class SubscribeReply:
    """A subscribe answered: ``{"request": "subscribe", "referenceId", "subscriptionId", "data": [names]}``."""

    reference_id: str
    subscription_id: str
    names: list[str]

    def to_wire(self) -> dict[str, Any]:
        return _answer(SUBSCRIBE, self.reference_id, subscriptionId=self.subscription_id, data=list(self.names))


@dataclass(frozen=True, slots=True)
class Event:
    """An event for the subscribers of ``name``: ``{"event", "data"}``."""

    name: str
    data: Any

    def to_wire(self) -> dict[str, Any]:
        return stamp({"event": self.name, "data": self.data}, HOST_AGENT)


@dataclass(frozen=True, slots=True)
class FrameIdAssignment:
    """Tells a frame its id: ``{"frameId"}``, with neither ``event`` nor ``referenceId``."""

    frame_id: str

    def to_wire(self) -> dict[str, Any]:
        return stamp({"frameId": self.frame_id}, HOST_AGENT)


HostMessage = Union[Reply, ErrorReply, SubscribeReply, Event, FrameIdAssignment]
