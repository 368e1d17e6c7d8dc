"""The subscription registry: which frame holds which subscription to which event names."""
from __future__ import annotations

import types
from collections.abc import Mapping

EVENT_NAMES = frozenset({"agent", "interaction", "media", "system", "outbound", "markdone"})
"""The event names; and ``messenger:<channel>`` (D15)."""
MESSENGER_PREFIX = "messenger:"
MAX_SUBSCRIPTIONS_PER_FRAME = 100


def is_event_name(name: str) -> bool:
    """Whether any event has this name (a subscription to another name is kept but never receives one)."""
    return name in EVENT_NAMES or (name.startswith(MESSENGER_PREFIX) and len(name) > len(MESSENGER_PREFIX))


class Subscriptions:
    """Subscriptions by id ("1", "2"... in the order they were made), each with its frame and event names."""

    def __init__(self) -> None:
        self._by_id: dict[str, tuple[str, frozenset[str]]] = {}
        self._count = 0

    @property
    def held(self) -> Mapping[str, tuple[str, frozenset[str]]]:
        """subscriptionId -> (frame id, event names) (read-only view)."""
        return types.MappingProxyType(self._by_id)

    def add(self, frame_id: str, names: list[str]) -> str | None:
        """A new subscription of ``frame_id`` to ``names``: its id; None if the frame holds
        MAX_SUBSCRIPTIONS_PER_FRAME already."""
        if sum(owner == frame_id for owner, _ in self._by_id.values()) >= MAX_SUBSCRIPTIONS_PER_FRAME:
            return None
        self._count += 1
        subscription_id = str(self._count)
        self._by_id[subscription_id] = (frame_id, frozenset(names))
        return subscription_id

    def remove(self, frame_id: str, subscription_id: str) -> bool:
        """Remove one of the frame's own subscriptions; False if it holds no such subscription."""
        subscription = self._by_id.get(subscription_id)
        if subscription is None or subscription[0] != frame_id:
            return False
        del self._by_id[subscription_id]
        return True

    def forget(self, frame_id: str) -> None:
        """Remove every subscription of a frame."""
        self._by_id = {sid: sub for sid, sub in self._by_id.items() if sub[0] != frame_id}

    def names_of(self, frame_id: str) -> list[list[str]]:
        """The sorted event names of each subscription of ``frame_id``."""
        return [sorted(names) for owner, names in self._by_id.values() if owner == frame_id]

    def subscribers(self, event: str) -> list[str]:
        """Frames subscribed to ``event``, each once, in subscription order."""
        frames = (frame_id for frame_id, names in self._by_id.values() if event in names)
        return list(dict.fromkeys(frames))
