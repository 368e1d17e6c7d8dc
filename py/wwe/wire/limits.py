"""How long and how deep a message may be, in one place (docs/SIMULATOR.md "Limits", docs/THREAT-MODEL.md).

Before parsing, on both sides: a JSON text from another window is refused unread past MAX_JSON_CHARS or
MAX_JSON_DEPTH (``read_json``). After parsing, on the host: a message is refused past MAX_MESSAGE_CHARS or
MAX_MESSAGE_DEPTH (``measure``).
"""
from __future__ import annotations

import json
from itertools import accumulate
from typing import Any

MAX_JSON_CHARS = 4_000_000  # characters of JSON text (as JSON.stringify writes it)
MAX_JSON_DEPTH = 256        # levels of nesting of objects and arrays
MAX_MESSAGE_CHARS = 1_000_000  # the JSON text of a message a host reads (as JSON.stringify writes it)
MAX_MESSAGE_DEPTH = 32         # objects and arrays may nest this deep (the message itself is level 1)
MAX_ECHOED_CHARS = 256         # an oversize message is answered only if its referenceId is at most this long

_NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[]{}")))
_NESTING_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


# -- JSON texts, before parsing ----------------------------------------------------------------------------------


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


def read_json_text(text: str) -> Any:
    """A message for a host, from its JSON text (what the browser edge gets from JSON.stringify).

    A text that ``read_json`` refuses becomes a description string, which the host drops as malformed.
    """
    try:
        return read_json(text)
    except ValueError as error:  # refused unread, or not JSON.stringify's output
        return f"<{error}>" if str(error).startswith("message ") else f"<unreadable message: {error}>"


def nesting_over(text: str, limit: int) -> int | None:
    """The nesting depth of a JSON text if it is over ``limit``, else None; string operations run in C only."""
    if text.count("[") + text.count("{") <= limit:
        return None
    unescaped = text.replace("\\\\", "").replace('\\"', "")  # escaped backslashes, then escaped quotes
    outside_strings = "".join(unescaped.split('"')[::2])
    brackets = outside_strings.encode("utf-8", "ignore").translate(None, _NOT_BRACKETS)
    depth = max(accumulate(map(_NESTING_STEP.__getitem__, brackets)), default=0)
    return depth if depth > limit else None


# -- parsed messages ---------------------------------------------------------------------------------------------


def over_limits(message: Any) -> str | None:
    """Why ``message`` exceeds MAX_MESSAGE_CHARS or MAX_MESSAGE_DEPTH, or None if it does not."""
    return measure(message)[1]


def measure(message: Any) -> tuple[int, str | None]:
    """The length of ``message`` as compact JSON text (close to what JSON.stringify writes; anything JSON cannot
    hold counts as its repr()), and why it exceeds MAX_MESSAGE_CHARS or MAX_MESSAGE_DEPTH, or None.

    Walks the message without recursion and stops as soon as a limit is passed, so a message of any size or
    depth (even a Python object that contains itself) costs at most about MAX_MESSAGE_CHARS steps.
    """
    size = 0
    stack: list[tuple[Any, int]] = [(message, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (dict, list, tuple)):
            if depth > MAX_MESSAGE_DEPTH:
                return size, f"nested deeper than {MAX_MESSAGE_DEPTH} levels"
            size += 2 + max(len(value) - 1, 0) + (len(value) if isinstance(value, dict) else 0)  # brackets , :
            if size > MAX_MESSAGE_CHARS:
                break
            if isinstance(value, dict):
                for key, item in value.items():
                    size += _scalar_chars(key) + (0 if isinstance(key, str) else 2)  # JSON quotes other keys
                    stack.append((item, depth + 1))
            else:
                stack.extend((item, depth + 1) for item in value)
        else:
            size += _scalar_chars(value)
        if size > MAX_MESSAGE_CHARS:
            break
    return size, f"larger than {MAX_MESSAGE_CHARS} characters" if size > MAX_MESSAGE_CHARS else None


def _scalar_chars(value: Any) -> int:
    """The length of one scalar in JSON text."""
    if isinstance(value, str):
        if len(value) > MAX_MESSAGE_CHARS:
            return len(value) + 2
        if value.isascii() and value.isprintable() and '"' not in value and "\\" not in value:
            return len(value) + 2  # nothing to escape: json.dumps would only add the quotes (most strings)
        return len(json.dumps(value, ensure_ascii=False))
    if value is None or value is True:
        return 4
    if value is False:
        return 5
    if isinstance(value, int):  # bounded work: str() of a huge int is slow (and refused past 4300 digits)
        return len(str(value)) if value.bit_length() < 1000 else value.bit_length() * 30103 // 100000 + 1
    if isinstance(value, float):
        return len(json.dumps(value))
    try:
        return len(repr(value))
    except Exception:  # an object whose repr fails (only Python callers can pass one)
        return MAX_MESSAGE_CHARS + 1
