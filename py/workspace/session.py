"""The one driver of a simulator session, for the simulator page, the test kit and the bench.

A ``Session`` owns the Host and hands everything the host sends to a pluggable ``deliver`` (the page posts to its
iframes, the test kit to in-memory transports). ``restart()`` replaces the Host in this one place: the players made
by ``player()`` follow it.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from . import control_panel, timeline
from .config import Config
from .host import Context, Host, Outgoing
from .host.journal import export

Deliver = Callable[[list[Outgoing]], None]


class Session:
    """A Host built from ``config`` on the given clocks, whose messages go to ``deliver``."""

    def __init__(self, config: Config, deliver: Deliver, *, clock: Callable[[], float] = time.monotonic,
                 wall_clock: Callable[[], float] = time.time) -> None:
        self.deliver = deliver
        self.clock = clock
        self.wall_clock = wall_clock
        self.host = Host(config, clock=clock, wall_clock=wall_clock)
        self.stopped = False  # fault injection: the host ignores incoming messages until restart()
        self._players: list[timeline.Player] = []

    def attach(self, frame_id: str, origin: str, name: str) -> None:
        self.deliver(self.host.attach_frame(frame_id, origin, name))

    def detach(self, frame_id: str) -> None:
        self.deliver(self.host.detach_frame(frame_id))

    def update(self, frame_id: str, **changes: Any) -> None:
        """``Host.update_frame``: ``visible``, ``frame_state``, ``last_active``."""
        self.deliver(self.host.update_frame(frame_id, **changes))

    def receive(self, frame_id: str | None, origin: str, message: Any) -> None:
        """One incoming postMessage (ignored while the host is stopped)."""
        if not self.stopped:
            self.deliver(self.host.receive(frame_id, origin, message))

    def tick(self) -> None:
        """The model's timers."""
        self.deliver(self.host.tick())

    def perform(self, action: Callable[[Context], Any]) -> None:
        """``Host.perform``: a simulator-side action on the model."""
        self.deliver(self.host.perform(action))

    def act(self, name: str, fields: control_panel.Fields, at: float | None = None) -> str | None:
        """A control-panel action (``workspace.actions.ACTIONS``), recorded in the journal; the refusal text, or None.
        ``at``: the model's time (``Host.perform``)."""
        out, refusal = control_panel.run(self.host, name, fields, at)
        self.deliver(out)
        return refusal

    def player(self, script: timeline.Script) -> timeline.Player:
        """A player of ``script`` on this session's host (the caller delivers what it returns)."""
        player = timeline.Player(script, self.host)
        self._players.append(player)
        return player

    def stop(self) -> None:
        """Fault injection: the Workspace stops answering, as if its page were gone."""
        self.stopped = True

    def restart(self) -> None:
        """Fault injection: a new Host (fresh model, same configuration and clocks) replaces this one."""
        self.host = Host(self.host.config, clock=self.clock, wall_clock=self.wall_clock)
        self.stopped = False
        for player in self._players:
            player.host = self.host

    def recording(self) -> list[dict[str, Any]]:
        """The session so far, as the journal exports it."""
        return export(self.host.inspector)
