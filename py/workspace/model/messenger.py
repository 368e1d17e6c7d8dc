"""messenger.broadcastMessage: frames subscribed to ``messenger:<channel>`` receive the message."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workspace.errors import RequestError

from .dispatch import Param, RequestTable, obj, string

if TYPE_CHECKING:
    from .context import RequestContext
    from .state import CentreState

REQUESTS = RequestTable()


@REQUESTS.handles("messenger.broadcastMessage", Param("channel", string), Param("message", obj))
def broadcast_message(centre: CentreState, ctx: RequestContext, channel: str, message: dict[str, Any]) -> None:
    """Emit ``messenger:<channel>`` with ``message`` to every subscriber, the sender included if subscribed."""
    if not channel:
        raise RequestError("Error: Invalid parameter 'channel': expected a non-empty string.")
    ctx.emit(f"messenger:{channel}", message)
