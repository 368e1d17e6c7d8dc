"""Wire shapes of the Service Client API, as the official JavaScript client sends and reads them.

See SPEC-NOTES §11. Every outgoing message carries ``referenceId`` (a string counter), ``userAgent``,
``protocolVersion`` and, once the host assigned one, ``frameId`` (the official client stamps all three on
requests, subscribe and unsubscribe alike).
"""

from __future__ import annotations

import json
from itertools import accumulate
from typing import Any

USER_AGENT = "WWE Client"
PROTOCOL_VERSION = 2
TIMEOUT_FAILURE = "Request timeout"  # what the official client passes to `failed` on timeout
HOST_RESTARTED_FAILURE = "Host restarted"  # pending calls when the host assigns another frameId (docs/CLIENT.md)

# What a window's message may be before it is parsed, on both sides (the simulator host uses the same limits).
MAX_JSON_CHARS = 4_000_000  # characters of JSON text (as JSON.stringify writes it)
MAX_JSON_DEPTH = 256        # levels of nesting of objects and arrays


def _stamp(message: dict, reference_id: str, frame_id: Any) -> dict:
    message["referenceId"] = reference_id
    message["userAgent"] = USER_AGENT
    message["protocolVersion"] = PROTOCOL_VERSION
    if frame_id is not None:
        message["frameId"] = frame_id
    return message


def request_message(name: str, parameters: list, reference_id: str, frame_id: Any = None) -> dict:
    """``{"request": "ns.method", "parameters": [...], "referenceId": ..., "userAgent": ..., ...}``.

    Empty ``parameters`` (a method without parameters) send no ``parameters`` key, as the official client does.
    """
    message: dict = {"request": name}
    if parameters:
        message["parameters"] = list(parameters)
    return _stamp(message, reference_id, frame_id)


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


_NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[]{}")))
_NESTING_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def json_text_refusal(text: str) -> str | None:
    """Why a JSON text from another window must not be parsed (too long, too deep), or None.

    json.loads must never see a very deep text: in Pyodide it dies of a JavaScript stack overflow (fatal, not a
    RecursionError) near 8,000 levels, a 16 KB message. The check costs a few passes over the text in C.
    """
    if len(text) > MAX_JSON_CHARS:
        return f"of {len(text)} characters refused unread: the limit is {MAX_JSON_CHARS}"
    depth = nesting_over(text, MAX_JSON_DEPTH)
    if depth is not None:
        return f"nested {depth} levels deep refused unread: the limit is {MAX_JSON_DEPTH}"
    return None


def read_json(text: str) -> Any:
    """Parse a JSON text from another window; raises ValueError (saying why) for a text json_text_refusal refuses
    or that is not JSON."""
    refusal = json_text_refusal(text)
    if refusal is not None:
        raise ValueError(f"message {refusal}")
    try:
        return json.loads(text)
    except RecursionError as error:  # deeper than this interpreter's recursion limit (CPython)
        raise ValueError(str(error)) from None


def nesting_over(text: str, limit: int) -> int | None:
    """The nesting depth of a JSON text if it is over ``limit``, else None; string operations run in C only."""
    if text.count("[") + text.count("{") <= limit:
        return None
    unescaped = text.replace("\\\\", "").replace('\\"', "")  # escaped backslashes, then escaped quotes
    outside_strings = "".join(unescaped.split('"')[::2])
    brackets = outside_strings.encode("utf-8", "ignore").translate(None, _NOT_BRACKETS)
    depth = max(accumulate(map(_NESTING_STEP.__getitem__, brackets)), default=0)
    return depth if depth > limit else None
