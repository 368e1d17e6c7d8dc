"""The subscriptions of the page's worker, as the page's relay sees them (sans-I/O), so that a restart ends them.

The worker's client subscribes through the page: the page sees each subscribe go out and the Workspace's answer
come back with its subscriptionId. When the page terminates a stuck worker, the Workspace still holds that client's
subscriptions under the page's frame: its events would reach the new client (and twice, once a cell subscribes
again). So the page unsubscribes them itself, as the lost client would have (``Unsubscribe``, never answered), and
a subscription the Workspace grants after the restart to the old client's pending subscribe is ended as it comes.
The Workspace answers a frame's messages in order, so the answers to one referenceId come in the order of the
subscribes that used it, even when the new client reuses a number the old one had pending.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from wwe.wire.messages import SUBSCRIBE, UNSUBSCRIBE, Unsubscribe
from wwe.wire.parse import is_failure, is_host_message, subscription_id


@dataclass
class WorkerSubscriptions:
    """What the current worker (``generation``) subscribed: pending subscribes by referenceId (each with its
    worker's generation and frameId), granted subscriptions by subscriptionId (with the frameId to stamp)."""

    generation: int = 0
    pending: dict[str, deque[tuple[int, Any]]] = field(default_factory=dict)
    granted: dict[Any, Any] = field(default_factory=dict)

    def sent(self, message: Any) -> None:
        """A wire message the worker's client posts to the Workspace."""
        if not isinstance(message, dict):
            return
        if message.get("event") == SUBSCRIBE and isinstance(message.get("referenceId"), str):
            self.pending.setdefault(message["referenceId"], deque()).append((self.generation, message.get("frameId")))
        elif message.get("event") == UNSUBSCRIBE:
            self.granted.pop(message.get("data"), None)

    def received(self, message: Any) -> list[dict[str, Any]]:
        """A message of the Workspace the page accepted; the unsubscribes to post now (an old worker's
        subscription granted after its restart)."""
        if not is_host_message(message) or message.get("request") != SUBSCRIBE:
            return []
        reference = message.get("referenceId")
        if not isinstance(reference, str) or reference not in self.pending:
            return []
        waiting = self.pending[reference]
        generation, frame_id = waiting.popleft()
        if not waiting:
            del self.pending[reference]
        granted = None if is_failure(message) else subscription_id(message)
        if granted is None:
            return []
        if generation == self.generation:
            self.granted[granted] = frame_id
            return []
        return [Unsubscribe(granted).to_wire(frame_id)]

    def restarted(self) -> list[dict[str, Any]]:
        """The worker was replaced: the unsubscribes of its granted subscriptions, to post now."""
        self.generation += 1
        ended = [Unsubscribe(granted).to_wire(frame_id) for granted, frame_id in self.granted.items()]
        self.granted.clear()
        return ended
