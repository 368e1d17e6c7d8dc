"""Exceptions raised by awaited calls."""

from __future__ import annotations

from typing import Any

TIMEOUT_FAILURE = "Request timeout"  # what the official client passes to `failed` on timeout
HOST_RESTARTED_FAILURE = "Host restarted"  # pending calls when the host assigns another frameId (docs/CLIENT.md)
CLOSED_FAILURE = "Service closed"  # what `failed` receives for calls still pending at close()


class RequestFailed(Exception):
    """A request failed. ``reply`` is exactly what a ``failed`` callback receives: the host's reply
    (without referenceId), or the string "Request timeout" / "Service closed" / "Host restarted"."""

    def __init__(self, request: str, reply: Any) -> None:
        detail = reply.get("errorMessage", reply) if isinstance(reply, dict) else reply
        super().__init__(f"{request}: {detail}")
        self.request = request
        self.reply = reply


class RequestTimeout(RequestFailed):
    """No answer within the timeout (``reply == "Request timeout"``)."""


class ServiceClosed(RequestFailed):
    """The Service was closed before the answer came, or a call was made after ``close()``."""


class HostRestarted(RequestFailed):
    """The host assigned the client another frameId while the call waited: a new Workspace that never got it."""


def failure(request: str, reply: Any) -> RequestFailed:
    """The exception for a failed ``request`` with this ``reply``."""
    if reply == TIMEOUT_FAILURE:
        return RequestTimeout(request, reply)
    if reply == CLOSED_FAILURE:
        return ServiceClosed(request, reply)
    if reply == HOST_RESTARTED_FAILURE:
        return HostRestarted(request, reply)
    return RequestFailed(request, reply)
