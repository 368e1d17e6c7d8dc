"""Requests a Workspace lesson asks an extension to send (the simulator's ``extension-request`` step, decision P4 in
docs/SIMULATOR.md): the message the simulator posts, and how a page that opts in sends the request.

The message is a plain "wwe..." string, the kind the official client hands to its ``onMessage`` hook, so the
transport's checks apply unchanged (only from the pinned Workspace origin and window) and nothing happens in a page
that does not opt in::

    service.onMessage = lambda text: wwe.scripted.perform(service, text)

The request then goes out through the page's own client, like any other: the host's rules apply to it and the
inspector shows it with its reply.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import methods

if TYPE_CHECKING:
    from .calls import Call
    from .service import Service

PREFIX = "wweScriptedRequest "
MAX_CHARS = 100_000
"""The longest scripted message a page reads (a lesson's parameters are small)."""

logger = logging.getLogger("wwe")


@dataclass(frozen=True)
class ScriptedRequest:
    """``request`` ("ns.method", a documented method) with its wire ``parameters``; ``step``: the lesson's step."""

    request: str
    parameters: list[Any]
    step: int = 0

    def to_text(self) -> str:
        """The message the simulator posts to the frame."""
        return PREFIX + json.dumps({"request": self.request, "parameters": self.parameters, "step": self.step})


def is_documented(request: str) -> bool:
    """Whether ``request`` names a method of the reference (what a page's client can send)."""
    namespace, _, method = request.partition(".")
    return method in methods.NAMESPACES.get(namespace, {})


def read(text: str) -> ScriptedRequest | None:
    """The scripted request ``text`` holds, or None when it is no such message (or a malformed one)."""
    if not isinstance(text, str) or not text.startswith(PREFIX) or len(text) > MAX_CHARS:
        return None
    try:
        body = json.loads(text[len(PREFIX):])
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    request, parameters, step = body.get("request"), body.get("parameters", []), body.get("step", 0)
    if not isinstance(request, str) or not is_documented(request) or not isinstance(parameters, list) \
            or isinstance(step, bool) or not isinstance(step, int):
        return None
    return ScriptedRequest(request, parameters, step)


def perform(service: Service, text: str) -> Call[Any] | None:
    """Send the request a scripted message asks for through ``service`` (its method, so its argument checks run);
    None for any other text, or arguments the method refuses (logged)."""
    scripted = read(text)
    if scripted is None:
        return None
    namespace, method = scripted.request.split(".")
    try:
        return getattr(getattr(service, namespace), method)(*scripted.parameters)  # type: ignore[no-any-return]
    except TypeError as error:
        logger.warning("wwe: the lesson's step %s asked for %s with arguments it refuses: %s",
                       scripted.step, scripted.request, error)
        return None
