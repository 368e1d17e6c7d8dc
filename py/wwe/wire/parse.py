"""Reading messages: what a host makes of a message from a frame (by the official client's shapes, SPEC-NOTES §11),
and what a client tests on a message from its host (as the official client does)."""
from __future__ import annotations

from typing import Any, cast

from .limits import MAX_ECHOED_CHARS
from .messages import SUBSCRIBE, UNSUBSCRIBE, ClientMessage, Malformed, Request, Subscribe, Unsubscribe

# -- host side -------------------------------------------------------------------------------------------------


def parse(message: Any) -> ClientMessage | Malformed:
    """A message from a frame as a Request, Subscribe or Unsubscribe; else Malformed, saying why.

    No ``parameters`` key, or null, is no parameters (D3): only a present non-array is malformed.
    """
    if not isinstance(message, dict):
        return Malformed(f"expected an object, got {type(message).__name__}")
    reference_id = message.get("referenceId")
    answerable = reference_id if isinstance(reference_id, str) else None  # only a string can be answered
    event = message.get("event")
    if event is not None:
        return _parse_event(message, event, answerable)
    request = message.get("request")
    if request is None:
        return Malformed("neither 'request' nor 'event'", None, answerable)
    if not isinstance(request, str) or not request:
        return Malformed("'request' must be a non-empty string", None, answerable)
    if answerable is None:
        return Malformed("'referenceId' must be a string", request)
    parameters = message.get("parameters")
    if parameters is None:  # no key (the official client's no-argument methods) or null: no parameters (D3)
        return Request(request, [], answerable)
    if not isinstance(parameters, list):
        return Malformed(f"'parameters' must be an array, got {_json_type(parameters)}", request, answerable)
    return Request(request, parameters, answerable)


def _parse_event(message: dict[str, Any], event: Any, answerable: str | None) -> Subscribe | Unsubscribe | Malformed:
    data = message.get("data")
    if event == UNSUBSCRIBE:
        if not isinstance(data, str):
            return Malformed("'data' of unsubscribe must be a subscriptionId string")
        return Unsubscribe(data)
    if event != SUBSCRIBE:
        return Malformed(f"unknown event {excerpt(event)} (expected subscribe or unsubscribe)", None, answerable)
    if answerable is None:
        return Malformed("'referenceId' must be a string", SUBSCRIBE)
    names = [data] if isinstance(data, str) else data
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        return Malformed("'data' of subscribe must be a name or a non-empty array of names", SUBSCRIBE, answerable)
    return Subscribe(cast("str | list[str]", data), answerable)


def parse_oversize(message: Any, excess: str) -> Malformed:
    """A message over the limits (``excess`` says which) is not read further; it is answered only when its
    referenceId is a short string (the reply must stay small), naming its request only when that is short too."""
    def short(value: Any) -> str | None:
        return value if isinstance(value, str) and len(value) <= MAX_ECHOED_CHARS else None
    if not isinstance(message, dict) or message.get("event") == UNSUBSCRIBE:  # unsubscribe is never answered
        return Malformed(excess)
    request = short(message.get("request"))
    if request is None and message.get("event") == SUBSCRIBE:
        request = SUBSCRIBE
    return Malformed(excess, request, short(message.get("referenceId")))


def _json_type(value: Any) -> str:
    """The JSON name of a value's type, for error texts."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    names: dict[type[Any], str] = {str: "a string", dict: "an object"}
    return names.get(type(value), type(value).__name__)


def excerpt(value: Any, limit: int = 60) -> str:
    """repr() of a value for an error text, cut to ``limit`` characters."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit - 1]}…"


# -- client side -----------------------------------------------------------------------------------------------


def is_host_message(message: Any) -> bool:
    """True for a protocol message: an object whose ``userAgent`` contains "WWE" (as the official client tests)."""
    user_agent = message.get("userAgent") if isinstance(message, dict) else None
    return isinstance(user_agent, str) and "WWE" in user_agent


def is_wwe_text(message: Any) -> bool:
    """True for a plain string starting with "wwe" (handed to the ``onMessage`` hook)."""
    return isinstance(message, str) and message.startswith("wwe")


def reply_body(message: dict[str, Any]) -> dict[str, Any]:
    """The reply as callbacks receive it: the whole message without ``referenceId``."""
    return {key: value for key, value in message.items() if key != "referenceId"}


def is_failure(message: dict[str, Any]) -> bool:
    """A reply fails when it carries ``errorMessage`` (any value, as the official client tests)."""
    return "errorMessage" in message


def subscription_id(reply: dict[str, Any]) -> Any:
    """The ``subscriptionId`` of a subscribe answer: top level (official client), else inside ``data``."""
    if "subscriptionId" in reply:
        return reply["subscriptionId"]
    data = reply.get("data")
    return data.get("subscriptionId") if isinstance(data, dict) else None
