"""Wire shapes of the Service Client API, as the official JavaScript client sends and reads them.

See SPEC-NOTES §11. Every outgoing message carries ``referenceId`` (a string counter), ``userAgent``,
``protocolVersion`` and, once the host assigned one, ``frameId`` (the official client stamps all three on
requests, subscribe and unsubscribe alike).
"""

from __future__ import annotations

from typing import Any

USER_AGENT = "WWE Client"
PROTOCOL_VERSION = 2
TIMEOUT_FAILURE = "Request timeout"  # what the official client passes to `failed` on timeout


def _stamp(message: dict, reference_id: str, frame_id: Any) -> dict:
    message["referenceId"] = reference_id
    message["userAgent"] = USER_AGENT
    message["protocolVersion"] = PROTOCOL_VERSION
    if frame_id is not None:
        message["frameId"] = frame_id
    return message


def request_message(name: str, parameters: list, reference_id: str, frame_id: Any = None) -> dict:
    """``{"request": "ns.method", "parameters": [...], "referenceId": ..., "userAgent": ..., ...}``."""
    return _stamp({"request": name, "parameters": list(parameters)}, reference_id, frame_id)


def subscribe_message(names: str | list[str], reference_id: str, frame_id: Any = None) -> dict:
    """``{"event": "subscribe", "data": <name or list of names>, "referenceId": ..., ...}``."""
    return _stamp({"event": "subscribe", "data": names}, reference_id, frame_id)


def unsubscribe_message(subscription_id: Any, reference_id: str, frame_id: Any = None) -> dict:
    """``{"event": "unsubscribe", "data": <subscriptionId>, "referenceId": ..., ...}``."""
    return _stamp({"event": "unsubscribe", "data": subscription_id}, reference_id, frame_id)


def is_host_message(message: Any) -> bool:
    """True for a protocol message: an object whose ``userAgent`` contains "WWE" (as the official client tests)."""
    user_agent = message.get("userAgent") if isinstance(message, dict) else None
    return isinstance(user_agent, str) and "WWE" in user_agent


def is_wwe_text(message: Any) -> bool:
    """True for a plain string starting with "wwe" (handed to the ``onMessage`` hook)."""
    return isinstance(message, str) and message.startswith("wwe")


def reply_body(message: dict) -> dict:
    """The reply as callbacks receive it: the whole message without ``referenceId``."""
    return {key: value for key, value in message.items() if key != "referenceId"}


def is_failure(message: dict) -> bool:
    """A reply fails when it carries ``errorMessage`` (any value, as the official client tests)."""
    return "errorMessage" in message


def subscription_id(reply: dict) -> Any:
    """The ``subscriptionId`` of a subscribe answer: top level (official client), else inside ``data``."""
    if "subscriptionId" in reply:
        return reply["subscriptionId"]
    data = reply.get("data")
    return data.get("subscriptionId") if isinstance(data, dict) else None
