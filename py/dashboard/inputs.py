"""Form input checked and converted before it is sent; InvalidInput says what to fix."""

from __future__ import annotations

import json
import math
import re
from datetime import datetime
from typing import Any, Mapping

RESCHEDULE_FORMAT = "%m/%d/%Y %H:%M"
"""outbound.rescheduleRecord's date format, in the record's time zone."""
LOCAL_INPUT_FORMAT = "%Y-%m-%dT%H:%M"
"""What an <input type="datetime-local"> submits."""
CALLBACK_TYPES = ("PERSONAL", "CAMPAIGN")
MAX_NAME = 200


class InvalidInput(ValueError):
    """The form's content cannot be sent; the message names the field and what is expected."""


def required(fields: Mapping[str, str], name: str, label: str) -> str:
    """The stripped value of a field that must not be empty."""
    value = str(fields.get(name, "")).strip()
    if not value:
        raise InvalidInput(f"{label} is required.")
    if len(value) > MAX_NAME:
        raise InvalidInput(f"{label} is too long (at most {MAX_NAME} characters).")
    return value


def key_values(text: str) -> dict[str, str]:
    """``key=value`` lines (blank lines skipped) as a dict."""
    result: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        key, equals, value = line.partition("=")
        if not equals or not key.strip():
            raise InvalidInput(f"Key values, line {number}: write key=value.")
        result[key.strip()] = value.strip()
    return result


def labels(text: str) -> list[str]:
    """Comma-separated button labels, empty ones dropped."""
    return [label.strip() for label in text.split(",") if label.strip()]


def milliseconds(text: str, label: str) -> int | None:
    """A number of seconds (blank: None) as whole milliseconds."""
    if not text.strip():
        return None
    try:
        seconds = float(text)
    except ValueError:
        raise InvalidInput(f"{label}: enter a number of seconds.") from None
    if not math.isfinite(seconds) or seconds < 0:
        raise InvalidInput(f"{label}: enter a number of seconds, 0 or more.")
    return round(seconds * 1000)


def json_object(text: str, label: str) -> dict[str, Any]:
    """A JSON object typed by the agent."""
    try:
        value = json.loads(text)
    except ValueError as error:
        raise InvalidInput(f"{label}: not valid JSON ({error}).") from None
    if not isinstance(value, dict):
        raise InvalidInput(f"{label}: write a JSON object, such as {{\"text\": \"hello\"}}.")
    return value


def reschedule_date(text: str) -> str:
    """A date-time from <input type="datetime-local"> (or typed MM/DD/YYYY HH:MM) in rescheduleRecord's format."""
    text = text.strip()
    for pattern in (LOCAL_INPUT_FORMAT, RESCHEDULE_FORMAT):
        try:
            return datetime.strptime(text, pattern).strftime(RESCHEDULE_FORMAT)
        except ValueError:
            continue
    raise InvalidInput("Reschedule date: choose a date and time (MM/DD/YYYY HH:MM).")


def callback_type(text: str) -> str:
    if text not in CALLBACK_TYPES:
        raise InvalidInput(f"Callback type: choose {' or '.join(CALLBACK_TYPES)}.")
    return text


def call_result(text: str, results: Mapping[str, int]) -> int:
    """A call result chosen by name (from getListOfCallResults) or typed as its code."""
    if text in results:
        return int(results[text])
    if re.fullmatch(r"\d+", text.strip()):
        return int(text)
    raise InvalidInput("Call result: choose a result from the list.")


def field_value(field: Mapping[str, Any], text: str) -> Any:
    """A record field's new value, converted to the field's valueType (number, boolean or string)."""
    value_type = field.get("valueType", "string")
    name = field.get("displayName") or field.get("name")
    if value_type == "number" and text.strip():
        try:
            number = float(text)
        except ValueError:
            raise InvalidInput(f"{name}: enter a number.") from None
        return int(number) if number.is_integer() else number
    if value_type == "boolean":
        if text not in ("true", "false"):
            raise InvalidInput(f"{name}: choose true or false.")
        return text == "true"
    return text


def toast_parameters(fields: Mapping[str, str]) -> dict[str, Any]:
    """system.popupToast / updateToast parameters from the toast form: only the fields filled in."""
    parameters: dict[str, Any] = {}
    for name in ("title", "message"):
        if fields.get(name, "").strip():
            parameters[name] = fields[name].strip()
    key_value_map = key_values(fields.get("keyValues", ""))
    if key_value_map:
        parameters["keyValues"] = key_value_map
    buttons = labels(fields.get("buttons", ""))
    if buttons:
        parameters["buttons"] = buttons
    if fields.get("buttonShowDismiss") == "true":
        parameters["buttonShowDismiss"] = True
    timeout = milliseconds(fields.get("autoClose", ""), "Close automatically after")
    if timeout is not None:
        parameters["autoCloseTimeout"] = timeout
    if not parameters:
        raise InvalidInput("Fill in at least a title or a message.")
    return parameters
