"""Leader election between simulator tabs (sans-I/O; the browser edge carries the messages on a BroadcastChannel).

Agent Workspace open in several tabs elects one leader tab, which does the automatic work; an election also runs
when the leader tab closes. While an election runs every tab is NEGOTIATING; then the oldest tab alive is LEADING
and the others are FOLLOWING; a leader that hears of an older tab follows it. The last tab the agent used is
the "last active" one.

Messages (plain dicts, JSON-safe): ``hello`` (a tab starts), ``beat`` (a heartbeat), ``bye`` (a tab closes),
``active`` (the agent used a tab). Each carries ``tab`` (id) and ``born`` (start time, for seniority).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NEGOTIATING, LEADING, FOLLOWING = "NEGOTIATING", "LEADING", "FOLLOWING"
NEGOTIATION_SECONDS = 0.3   # how long a tab listens for older tabs before it decides
HEARTBEAT_SECONDS = 0.5
EXPIRY_SECONDS = 1.6        # a tab not heard from for this long is gone (closed without a bye, crashed)


@dataclass
class Election:
    """One tab's view of the election. Call ``start``, then ``receive`` each message and ``tick`` regularly;
    each returns the messages to broadcast. ``state`` and ``last_active`` say what this tab is now."""

    tab: str
    born: float
    state: str = NEGOTIATING
    last_active: bool = True
    _peers: dict[str, tuple[float, float]] = field(default_factory=dict)  # tab -> (born, last heard)
    _decide_at: float | None = None
    _next_beat: float = 0.0

    def _message(self, kind: str) -> dict[str, Any]:
        return {"type": kind, "tab": self.tab, "born": self.born}

    def _seniority(self) -> tuple[float, str]:
        return (self.born, self.tab)

    def _negotiate(self, now: float) -> None:
        self.state = NEGOTIATING
        self._decide_at = now + NEGOTIATION_SECONDS

    def start(self, now: float) -> list[dict[str, Any]]:
        """This tab opens: negotiate, and announce itself."""
        self._negotiate(now)
        self._next_beat = now + HEARTBEAT_SECONDS
        return [self._message("hello")]

    def leave(self) -> list[dict[str, Any]]:
        """This tab closes."""
        return [self._message("bye")]

    def activate(self) -> list[dict[str, Any]]:
        """The agent used this tab: it becomes the last active one."""
        self.last_active = True
        return [self._message("active")]

    def receive(self, message: Any, now: float) -> list[dict[str, Any]]:
        """Handle a message from another tab; malformed ones are ignored."""
        if not isinstance(message, dict) or not isinstance(message.get("tab"), str) or message["tab"] == self.tab:
            return []
        kind, tab, born = message.get("type"), message["tab"], message.get("born")
        if not isinstance(born, (int, float)) or isinstance(born, bool):
            return []
        if kind == "bye":
            self._peers.pop(tab, None)
            if self.state != NEGOTIATING:
                self._negotiate(now)
            return []
        if kind not in ("hello", "beat", "active"):
            return []
        known = tab in self._peers
        self._peers[tab] = (born, now)
        if self.state == LEADING and (born, tab) < self._seniority():
            self.state = FOLLOWING  # two leaders (a partition healed, a tab thought gone): the older one leads
        if kind == "active":
            self.last_active = False
        if kind == "hello" and not known:
            return [self._message("beat")]  # let the newcomer hear of this tab at once
        return []

    def tick(self, now: float) -> list[dict[str, Any]]:
        """Heartbeats, forgetting silent tabs, and deciding when a negotiation is over."""
        out = []
        if now >= self._next_beat:
            self._next_beat = now + HEARTBEAT_SECONDS
            out.append(self._message("beat"))
        gone = [tab for tab, (_, heard) in self._peers.items() if now - heard > EXPIRY_SECONDS]
        for tab in gone:
            del self._peers[tab]
        if gone and self.state != NEGOTIATING:
            self._negotiate(now)
        if self.state == NEGOTIATING and self._decide_at is not None and now >= self._decide_at:
            self._decide_at = None
            older = [peer for peer, (born, _) in self._peers.items() if (born, peer) < self._seniority()]
            self.state = FOLLOWING if older else LEADING
        return out
