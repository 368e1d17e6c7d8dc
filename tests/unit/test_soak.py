"""Soak: 100,000 calls from the client (wwe.Service over the sans-I/O core) to the real host and contact centre,
in-process, with stable memory: after a warm-up (the inspector full, timers recycled), traced memory and the number
of live objects stay flat, every call is settled and nothing is left pending (docs/THREAT-MODEL.md "Faults").
The browser soak (50,000 calls through postMessage) is the benchmark's memory section (bench/)."""
from __future__ import annotations

import gc
import json
import sys
import tracemalloc
from collections import Counter, deque
from typing import Any, Callable

import wwe
from tests import suite_counts
from wwe.testing import ManualClock
from workspace import Config, Host
from workspace.config import DEMO_EXTENSION_ORIGIN
from workspace.testing import DEFAULT_SCENARIO, WALL_START

CALLS = 30_000 if sys.platform == "emscripten" else 100_000  # Pyodide runs the same soak, shorter
CHUNK = 5_000  # calls between two measures: more than the inspector holds (10,000 entries, about 4,000 calls)
STEP = 0.01  # simulated seconds between calls: client timers (10 s) are recycled, rate-limit minutes roll over
TRACED_FROM = CALLS // CHUNK - 3  # tracemalloc starts three chunks before the end (it slows and allocates itself;
# blocks allocated before it started and recycled through free lists blur the first traced chunk)
GROWTH_BLOCKS = 1_000      # what the allocated memory blocks and the live objects may move from chunk 3 until
GROWTH_OBJECTS = 1_000     # tracemalloc starts (a leak of one object every 5 calls on CPython, 2 in Pyodide)
GROWTH_BYTES = 256 * 1024  # what the traced memory may grow over the last chunk (a leak of 52 bytes a call)


class InProcess:
    """A Service transport straight into Host.receive; replies and events are delivered in order on ``flush()``,
    as JSON copies (what postMessage's structured clone of a JSON-safe message gives)."""

    def __init__(self, host: Host, frame_id: str, clock: ManualClock) -> None:
        self.host, self.frame_id, self.clock = host, frame_id, clock
        self.inbox: deque[dict[str, Any]] = deque()
        self.receiver: Callable[[Any], None] | None = None

    def attach(self, receiver: Callable[[Any], None]) -> None:
        self.receiver = receiver

    def send(self, message: dict) -> None:
        self.deliver(self.host.receive(self.frame_id, DEMO_EXTENSION_ORIGIN, json.loads(json.dumps(message))))

    def deliver(self, out: list) -> None:
        self.inbox.extend(json.loads(json.dumps(message)) for frame_id, message in out if frame_id == self.frame_id)

    def flush(self) -> None:
        while self.inbox:
            self.receiver(self.inbox.popleft())

    def now(self) -> float:
        return self.clock.now()

    def call_at(self, deadline: float, callback: Callable[[], None]) -> Any:
        return self.clock.call_at(deadline, callback)

    def close(self) -> None:
        self.receiver = None


def test_100000_calls_keep_memory_flat_and_lose_nothing():
    clock = ManualClock(1000.0)
    host = Host(Config.load(DEFAULT_SCENARIO), clock=clock.now, wall_clock=lambda: WALL_START + clock.now())
    transport = InProcess(host, "frame1", clock)
    transport.deliver(host.attach_frame("frame1", DEMO_EXTENSION_ORIGIN, "Dashboard"))
    service = wwe.Service(transport)
    events: Counter[str] = Counter()  # counts only: the test itself must not grow with the calls

    def broadcast_back(message: dict[str, Any]) -> None:
        events["in order" if message["data"]["n"] == events["next"] else "out of order"] += 1
        events["next"] = message["data"]["n"] + len(calls)

    events["next"] = 2
    service.subscribe(["messenger:soak"], broadcast_back)
    transport.flush()
    outcomes: Counter[str] = Counter()

    def ok(reply: Any) -> None:
        outcomes["succeeded"] += 1

    def failed(reply: Any) -> None:
        outcomes["failed"] += 1

    calls = (
        lambda n: service.agent.getState(succeeded=ok, failed=failed),
        lambda n: service.interaction.getInteractions(succeeded=ok, failed=failed),
        lambda n: service.messenger.broadcastMessage("soak", {"n": n}, succeeded=ok, failed=failed),
        lambda n: service.interaction.markdone("no-such-id", succeeded=ok, failed=failed),  # an error
        lambda n: service.system.amIVisible(succeeded=ok, failed=failed),
    )
    samples: list[tuple[int, int]] = []  # (allocated memory blocks, live objects) after each chunk
    traced: list[tracemalloc.Snapshot] = []  # over the last chunks (tracing slows every allocation)
    try:
        for n in range(CALLS):
            calls[n % len(calls)](n)
            transport.flush()
            clock.advance(STEP)
            if (n + 1) % CHUNK == 0:
                gc.collect()
                samples.append((sys.getallocatedblocks(), len(gc.get_objects())))
                if len(samples) >= TRACED_FROM:
                    if not tracemalloc.is_tracing():
                        tracemalloc.start()
                    traced.append(tracemalloc.take_snapshot())
    finally:
        tracemalloc.stop()
    broadcasts = len(range(2, CALLS, len(calls)))
    suite_counts.lost(CALLS, sum(outcomes.values()))
    suite_counts.lost(broadcasts, events["in order"] + events["out of order"])

    assert outcomes == {"succeeded": CALLS - CALLS // len(calls), "failed": CALLS // len(calls)}
    assert events == {"in order": broadcasts, "next": CALLS + 2}  # every broadcast came back, in order
    assert service.pending == () and service.core.pending == ()
    blocks = [b for b, _ in samples[2:TRACED_FROM]]  # from the third chunk on: the inspector full, timers recycled
    objects = [o for _, o in samples[2:TRACED_FROM]]
    growth = sum(stat.size_diff for stat in traced[-1].compare_to(traced[-2], "filename"))
    print(f"soak: {CALLS} calls; memory blocks {blocks[0]:,} -> {blocks[-1]:,}, live objects {objects[0]:,} -> "
          f"{objects[-1]:,}; traced growth over the last {CHUNK:,} calls: {growth:,} bytes")
    assert max(blocks) - blocks[0] < GROWTH_BLOCKS, samples
    assert max(objects) - objects[0] < GROWTH_OBJECTS, samples
    assert growth < GROWTH_BYTES
