"""What to tell the agent when a request or a form fails: refused origin, rate limit, timeout, invalid input."""

from __future__ import annotations

from wwe import RequestFailed, RequestTimeout, ServiceClosed

from .inputs import InvalidInput
from .state import Notice


def reply_text(error: RequestFailed) -> str:
    """The host's errorMessage, or the client's failure value ("Request timeout"...)."""
    reply = error.reply
    return str(reply.get("errorMessage", reply)) if isinstance(reply, dict) else str(reply)


def failure_notice(error: Exception) -> Notice:
    """A notice for ``error``, labelled with what kind of failure it is."""
    if isinstance(error, InvalidInput):
        return Notice("error", str(error), "Invalid input")
    if isinstance(error, RequestTimeout):
        return Notice("error", f"{error.request}: no answer from Agent Workspace in time. A request over its rate "
                               "limit is ignored without an answer; try again later.", "Timed out")
    if isinstance(error, ServiceClosed):
        return Notice("error", f"{error.request}: the connection to Agent Workspace is closed.", "Disconnected")
    if isinstance(error, RequestFailed):
        text = reply_text(error)
        lowered = text.lower()
        if "rate limit" in lowered:
            return Notice("error", text, "Rate limited")
        if "not allowed" in lowered:  # origin, request filter, user-data write list
            return Notice("error", text, "Refused")
        return Notice("error", text, "Failed")
    return Notice("error", f"{type(error).__name__}: {error}", "Unexpected error")
