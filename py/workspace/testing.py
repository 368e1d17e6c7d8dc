"""Test kit for extension authors: the Workspace simulator in-process on CPython, reached through the client API.

Run an extension's Python logic against the real host (security rules, contact-centre model, events) with no
browser and no waiting: messages are delivered on the asyncio loop, time is a manual clock.

    from workspace.testing import Simulator, settle

    async def test_my_extension_sees_the_call():
        simulator = Simulator()                      # scenario/default.toml; or Simulator(Config.from_toml(...))
        service = simulator.connect()                # a wwe.Service in frame "frame1", origin http://localhost:8001
        events = []
        await service.subscribe(["interaction"], events.append)
        simulator.perform(lambda model, ctx: model.inbound_call(ctx, "+15551234567"))
        await settle()
        assert events[-1]["data"]["eventType"] == "RINGING"

With pytest, ``pytest_plugins = ["workspace.testing"]`` in a conftest.py gives the fixture ``simulator``.

A session recorded in the browser (the inspector's Export button) is a regression test:

    def test_the_recorded_bug_stays_fixed():
        assert_reproduces(Path("tests/recordings/bug-42.json").read_text())   # default scenario; or config=...
"""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from wwe import Service
from wwe.testing import ManualClock, MemoryTransport

from . import replay, timeline
from .config import DEMO_EXTENSION_ORIGIN, Config
from .host import Host, Outgoing
from .session import Session

DEFAULT_SCENARIO = timeline.SCENARIO_FOLDER / "default.toml"
WALL_START = 1_700_000_040.0              # the simulated wall clock at time 0 (a Tuesday, 22:14 UTC)


class Simulator:
    """The simulator host on a manual clock (a ``Session`` delivering to in-memory transports), with clients
    attached as frames."""

    def __init__(self, config: Config | None = None, start: float = 1000.0) -> None:
        self.clock = ManualClock(start)
        self.session = Session(config or Config.load(DEFAULT_SCENARIO), self.deliver,
                               clock=self.clock.now, wall_clock=lambda: WALL_START + self.clock.now())
        self.transports: dict[str, MemoryTransport] = {}

    @property
    def host(self) -> Host:
        """The session's Host."""
        return self.session.host

    @property
    def model(self):
        """The contact centre (``workspace.model.ContactCentre``)."""
        return self.host.model

    def transport(self, frame_id: str = "frame1", origin: str = DEMO_EXTENSION_ORIGIN,
                  view: str = "Dashboard") -> MemoryTransport:
        """Attach a frame and return the client-side transport that reaches the host from it."""
        transport = MemoryTransport(lambda message, sender: self._receive(frame_id, sender, message), origin, self.clock)
        self.transports[frame_id] = transport
        self.session.attach(frame_id, origin, view)
        return transport

    def connect(self, frame_id: str = "frame1", origin: str = DEMO_EXTENSION_ORIGIN, timeout: float = 10.0) -> Service:
        """A client Service in a new frame."""
        return Service(self.transport(frame_id, origin), timeout=timeout)

    def _receive(self, frame_id: str, origin: str, message: dict) -> list[Any]:
        self.session.receive(frame_id, origin, message)
        return []

    def deliver(self, outgoing: list[Outgoing]) -> None:
        """Post the host's messages to their frames."""
        for frame_id, message in outgoing:
            self.transports[frame_id].push(message)

    def perform(self, action: Callable[[Any, Any], Any]) -> Any:
        """Make something happen in the contact centre: ``action(model, ctx)`` (a control method); its result."""
        results = []
        self.session.perform(lambda ctx: results.append(action(self.host.model, ctx)))
        return results[0]

    def act(self, action: str, **fields: str) -> str | None:
        """A control-panel action (``workspace.actions.ACTIONS``: ``act("inbound", media="voice")``), recorded in
        the inspector so that the session can be replayed; returns the refusal text, or None."""
        return self.session.act(action, fields)

    def recording(self) -> list[dict[str, Any]]:
        """The session so far, as the inspector exports it."""
        return self.session.recording()

    def advance(self, seconds: float) -> None:
        """Move time on: client timeouts fire, then the host's timers (remote answer, toast auto-close...)."""
        self.clock.advance(seconds)
        self.session.tick()


def load_scenario(name_or_path: str | Path) -> tuple[Config, timeline.Script]:
    """A scenario file's configuration and script: a bundled name ("call-recording-transfer") or a path."""
    if isinstance(name_or_path, str) and timeline.is_bundled_name(name_or_path):
        return timeline.load(timeline.bundled(name_or_path))
    return timeline.load(Path(name_or_path).read_text(encoding="utf-8"))


def assert_reproduces(recording: str | list[Any], config: Config | None = None) -> None:
    """Fail (AssertionError listing the differences) unless a fresh host given the recording's requests and
    happenings sends exactly what was recorded (see ``workspace.replay.check`` for what is ignored)."""
    differences = replay.check(recording, config or Config.load(DEFAULT_SCENARIO))
    assert not differences, "the replay differs from the recording:\n" + "\n".join(differences)


async def settle(turns: int = 20) -> None:
    """Let queued deliveries, and the tasks they wake, run."""
    for _ in range(turns):
        await asyncio.sleep(0)


try:  # the pytest fixture, when pytest is there (never in the browser)
    import pytest
except ImportError:  # pragma: no cover - Pyodide in the browser
    pytest = None

if pytest is not None:
    @pytest.fixture
    def simulator() -> Simulator:
        """A fresh Workspace simulator with the default scenario (see ``Simulator``)."""
        return Simulator()
