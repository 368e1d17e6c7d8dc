"""Load on the host (CPU only, injectable clocks): rate limits hold exactly under 1,000 requests in one second,
and events to many frames are neither lost nor reordered (docs/SIMULATOR.md "Rate limits", docs/THREAT-MODEL.md)."""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import pytest

from tests import suite_counts
from tests.unit import hostile_support as hs
from tests.unit.hostile_support import TRUSTED, make_host, options, request, subscribe
from tests.unit.test_host_protocol import FakeClock
from workspace.host import journal
from workspace.host.journal import MAX_INSPECTOR_ENTRIES

MADE: Counter[str] = Counter()  # requests and events pushed through the host (printed at the end)
REQUESTS = 1_000

RATE_LIMITS = [
    # (label, options, request name, requests allowed in a burst within one minute, in a burst across a minute)
    ("global 1", {"service-client-api.rate-limit": 1}, "agent.getState", 1, 1),
    ("global 10", {"service-client-api.rate-limit": 10}, "agent.getState", 10, 10),
    ("global 100, quarantine for the session",
     {"service-client-api.rate-limit": 100, "service-client-api.rate-limit-quarantine-delay": 0}, "agent.getState", 100,
     100),
    # Fixed calendar minutes (D6): 500 requests fall in each minute, and neither minute passes 999.
    ("global 999", {"service-client-api.rate-limit": 999}, "agent.getState", 999, 1000),
    ("global 1000", {"service-client-api.rate-limit": 1000}, "agent.getState", 1000, 1000),
    ("unlimited", {"service-client-api.rate-limit": 0}, "agent.getState", 1000, 1000),
    ("per request 50 over global 5",
     {"service-client-api.rate-limit": 5, "service-client-api.rate-limit.system.amIVisible": 50}, "system.amIVisible",
     50, 50),
    ("per request 0 (unlimited) over global 5",
     {"service-client-api.rate-limit": 5, "service-client-api.rate-limit.system.amIVisible": 0}, "system.amIVisible",
     1000, 1000),
    ("per request 3, quarantine 1 s",
     {"service-client-api.rate-limit.auth.getJwtToken": 3, "service-client-api.rate-limit-quarantine-delay": 1},
     "auth.getJwtToken", 3, 3),
]


def burst(host, clock, frame_id: str, name: str, count: int = REQUESTS, step: float = 0.001) -> list[list]:
    """``count`` requests from one frame, ``step`` seconds apart; the host's output for each."""
    outs = []
    for n in range(count):
        outs.append(host.receive(frame_id, TRUSTED, request(name, ref=str(n + 1), frameId=frame_id)))
        clock.advance(step)
    MADE["requests"] += count
    return outs


def tally(outs: list[list], frame_id: str) -> tuple[int, int, int]:
    """(answered, refused by the rate limit, silent) for one burst."""
    answered = limited = silent = 0
    for out in outs:
        replies = [m for f, m in out if "referenceId" in m]
        assert all(f == frame_id for f, _ in out)
        if not replies:
            silent += 1
        elif "data" in replies[0]:
            answered += 1
        else:
            assert replies[0]["errorMessage"].startswith(f"The rate limit for the request '{replies[0]['request']}'")
            limited += 1
    return answered, limited, silent


@pytest.mark.parametrize(("label", "extra", "name", "within", "across"), RATE_LIMITS, ids=[r[0] for r in RATE_LIMITS])
@pytest.mark.parametrize("start", [0.0, 59.5], ids=["minute-start", "across-a-minute"])
def test_a_burst_of_1000_requests_in_one_second_gets_exactly_the_limit(label, extra, name, within, across, start):
    """Exactly the allowed count, then one rate-limit reply, then silence (quarantine)."""
    allowed = within if start == 0.0 else across
    clock = FakeClock()
    clock.advance(start)
    host, _ = make_host(options(**extra), clock=clock, frames={"f1": TRUSTED})
    outs = burst(host, clock, "f1", name)
    over = REQUESTS > allowed
    assert tally(outs, "f1") == (allowed, int(over), REQUESTS - allowed - int(over))
    if over:  # the limited one is the first over the limit, silence after it
        first_refused = next(n for n, out in enumerate(outs) if "errorMessage" in out[-1].message)
        assert first_refused == allowed and all(out == [] for out in outs[allowed + 1:])
    verdicts = Counter(e.verdict for e in host.inspector if e.direction == "in")
    assert verdicts == Counter({journal.ANSWERED: allowed, journal.RATE_LIMITED: int(over),
                                journal.QUARANTINED: REQUESTS - allowed - int(over)}) - Counter()


def test_limits_count_per_frame_and_per_request_name_under_interleaved_load():
    clock = FakeClock()
    frames = {f"f{n}": TRUSTED for n in range(1, 6)}
    host, _ = make_host(options(**{"service-client-api.rate-limit": 7}), clock=clock, frames=frames)
    outs: dict[tuple[str, str], list] = defaultdict(list)
    for n in range(REQUESTS):  # 1,000 requests in one second, round robin over 5 frames and 2 names
        frame_id, name = f"f{n % 5 + 1}", ("agent.getState", "agent.get")[n // 5 % 2]
        outs[frame_id, name].append(host.receive(frame_id, TRUSTED, request(name, ref=str(n), frameId=frame_id)))
        clock.advance(0.001)
    MADE["requests"] += REQUESTS
    for (frame_id, _), frame_outs in outs.items():
        assert tally(frame_outs, frame_id) == (7, 1, len(frame_outs) - 8)


def test_after_the_quarantine_a_used_up_minute_refuses_again_and_the_next_minute_allows_the_limit():
    clock = FakeClock()
    host, _ = make_host(options(**{"service-client-api.rate-limit": 10,
                                   "service-client-api.rate-limit-quarantine-delay": 1}), clock=clock,
                        frames={"f1": TRUSTED})
    first = tally(burst(host, clock, "f1", "agent.getState", step=0.002), "f1")   # 2 s: two quarantines
    assert first == (10, 2, REQUESTS - 12)
    clock.advance(60)  # a new minute
    assert tally(burst(host, clock, "f1", "agent.getState"), "f1") == (10, 1, REQUESTS - 11)


# -- events: many frames, many events, nothing lost, order kept per frame -------------------------------------------

FRAMES = {f"f{n}": TRUSTED for n in range(1, 11)}
EVENTS = 1_000


def subscribed_host(names: list[str]):
    host, clock = make_host(options(), frames=FRAMES)
    for frame_id in FRAMES:
        out = host.receive(frame_id, TRUSTED, subscribe(names))
        assert "subscriptionId" in out[-1].message
    return host, clock


def by_frame(outs: list) -> dict[str, list[dict[str, Any]]]:
    got: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for out in outs:
        for frame_id, message in out:
            assert "event" in message
            got[frame_id].append(message)
    return got


def test_1000_events_to_each_of_10_frames_one_by_one_arrive_all_and_in_order():
    host, _ = subscribed_host(["system"])
    outs = [host.perform(lambda ctx, n=n: ctx.emit("system", {"eventType": "TEST", "n": n, "to": f"f{n % 10 + 1}"},
                                                   to=f"f{n % 10 + 1}"))
            for n in range(EVENTS * len(FRAMES))]
    MADE["events"] += EVENTS * len(FRAMES)
    got = by_frame(outs)
    assert sorted(got) == sorted(FRAMES)
    for frame_id in FRAMES:
        suite_counts.lost(EVENTS, len(got[frame_id]))
    for frame_id, messages in got.items():
        assert [m["data"]["to"] for m in messages] == [frame_id] * EVENTS
        numbers = [m["data"]["n"] for m in messages]
        assert numbers == sorted(numbers) and len(set(numbers)) == EVENTS
    assert len(host.inspector) <= MAX_INSPECTOR_ENTRIES


def test_1000_agent_state_changes_reach_10_frames_complete_and_in_order():
    host, _ = subscribed_host(["agent"])
    emitted: list[dict[str, Any]] = []

    def change(state):
        def action(ctx):
            host.model.set_agent_state(ctx, state)
            emitted.extend(data for name, data, _ in ctx.events if name == "agent")
        return action

    outs = [host.perform(change("NotReady" if n % 2 else "Ready")) for n in range(EVENTS)]
    MADE["events"] += len(emitted) * len(FRAMES)
    got = by_frame(outs)
    assert len(emitted) >= EVENTS
    for frame_id in FRAMES:
        suite_counts.lost(len(emitted), len(got[frame_id]))
        assert [m["data"] for m in got[frame_id]] == emitted  # every frame: all of them, in emission order


def test_interaction_events_of_500_calls_reach_10_frames_complete_in_order_and_filtered():
    host, _ = subscribed_host(["interaction", "agent"])
    emitted: list[tuple[str, str]] = []

    def record(ctx):
        emitted.extend((data["eventType"], data["interaction"]["interactionId"]) for name, data, _ in ctx.events
                       if name == "interaction")

    def ring(ctx):
        host.model.inbound_call(ctx, user_data={"Secret": hs.CANARY, "Key1": "v"})
        record(ctx)

    def hang_up(ctx):
        host.model.remote_hang_up(ctx, list(host.model.interactions)[-1])
        record(ctx)

    outs = []
    for _ in range(500):
        outs.append(host.perform(ring))
        outs.append(host.perform(hang_up))
    MADE["events"] += len(emitted) * len(FRAMES)
    got = by_frame(outs)
    assert len(emitted) >= 2 * EVENTS
    checks = hs.Invariants(host)
    for frame_id in FRAMES:
        seen = [(m["data"]["eventType"], m["data"]["interaction"]["interactionId"]) for m in got[frame_id]]
        suite_counts.lost(len(emitted), len(seen))
        assert seen == emitted
        checks.check_outgoing([(frame_id, m) for m in got[frame_id]])  # read-filtered, the canary never sent
    assert not host.model.interactions  # every call came and went


def test_messenger_broadcasts_from_10_frames_keep_each_senders_order():
    host, clock = subscribed_host(["messenger:load"])
    outs = []
    for n in range(EVENTS):
        sender = f"f{n % 10 + 1}"
        message = request("messenger.broadcastMessage", "load", {"from": sender, "n": n}, ref=str(n), frameId=sender)
        outs.append(host.receive(sender, TRUSTED, message))
    MADE["requests"] += EVENTS
    MADE["events"] += EVENTS * len(FRAMES)
    for frame_id in FRAMES:
        received = [m["data"] for out in outs for f, m in out if f == frame_id and "event" in m]
        suite_counts.lost(EVENTS, len(received))
        assert [d["n"] for d in received] == list(range(EVENTS))  # all of them, sender order kept, own included


def test_zz_report_load(capsys):
    hs.report(capsys, [f"load: {MADE['requests']} requests and {MADE['events']} events delivered through the host"])
    assert MADE["requests"] > 0
