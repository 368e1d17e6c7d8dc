"""Rate limits: fixed calendar minutes per frame and request name, quarantine (decisions D6, D7)."""
from __future__ import annotations

import pytest

from tests.unit.test_host_protocol import Client, FakeClock, last_in, make_host
from workspace.host import journal
from workspace.ratelimit import RateLimiter, RateLimits, Verdict, rate_limit_message

MINUTE = 1_700_000_040.0  # a wall-clock minute boundary


def run(limiter: RateLimiter, times: list[tuple[float, float]], request: str = "voice.dial",
        frame: str = "f1") -> list[str]:
    return [limiter.check(frame, request, now, wall).value for now, wall in times]


def test_message_text_is_exactly_d7():
    assert rate_limit_message("voice.dial", 30) == (
        "The rate limit for the request 'voice.dial' has been reached.\n"
        "Further requests of the same type will be ignored for 30 seconds.")
    assert rate_limit_message("email.create", 0) == (
        "The rate limit for the request 'email.create' has been reached.\n"
        "Further requests of the same type will be ignored until the end of the session.")


@pytest.mark.parametrize("limit", [1, 2, 4, 50])
def test_n_allowed_then_one_refusal_then_silence(limit):
    limiter = RateLimiter(RateLimits(per_request={"voice.dial": limit}, quarantine_delay=30))
    verdicts = run(limiter, [(float(i), MINUTE + i * 0.1) for i in range(limit + 3)])
    assert verdicts == ["allowed"] * limit + ["limited", "quarantined", "quarantined"]


def test_zero_is_unlimited():
    limiter = RateLimiter(RateLimits(default=0))
    assert set(run(limiter, [(0.0, MINUTE)] * 1000)) == {"allowed"}


def test_global_limit_is_the_default_of_every_request_name_and_per_request_overrides_it():
    limits = RateLimits(default=2, per_request={"voice.dial": 0, "email.create": 1})
    assert [limits.limit_for(name) for name in ("agent.get", "voice.dial", "email.create")] == [2, 0, 1]
    limiter = RateLimiter(limits)
    # each request name has its own count
    assert run(limiter, [(0, MINUTE)] * 3, "agent.get") == ["allowed", "allowed", "limited"]
    assert run(limiter, [(0, MINUTE)] * 3, "agent.getState") == ["allowed", "allowed", "limited"]
    assert run(limiter, [(0, MINUTE)] * 5, "voice.dial") == ["allowed"] * 5
    assert run(limiter, [(0, MINUTE)] * 2, "email.create") == ["allowed", "limited"]


def test_counts_are_per_frame():
    limiter = RateLimiter(RateLimits(default=1))
    assert run(limiter, [(0, MINUTE)] * 2, frame="a") == ["allowed", "limited"]
    assert run(limiter, [(0, MINUTE)] * 2, frame="b") == ["allowed", "limited"]


def test_window_resets_at_the_calendar_minute_boundary():
    limiter = RateLimiter(RateLimits(default=2, quarantine_delay=5))
    times = [(0.0, MINUTE + 58), (0.5, MINUTE + 58.5), (1.5, MINUTE + 59.5), (2.0, MINUTE + 60)]
    # two in the first minute, the third at :59.5 is refused (quarantine until monotonic 6.5);
    # at :60 a new minute has begun but the quarantine still runs
    assert run(limiter, times) == ["allowed", "allowed", "limited", "quarantined"]
    assert run(limiter, [(6.4, MINUTE + 64.9), (6.5, MINUTE + 65), (6.6, MINUTE + 65.1), (6.7, MINUTE + 65.2)]) \
        == ["quarantined", "allowed", "allowed", "limited"]


def test_fixed_window_is_not_sliding():
    limiter = RateLimiter(RateLimits(default=2, quarantine_delay=1))
    # two at the end of one minute and two at the start of the next: all allowed (a sliding window would refuse)
    times = [(0.0, MINUTE + 59), (0.1, MINUTE + 59.1), (1.0, MINUTE + 60), (1.1, MINUTE + 60.1)]
    assert run(limiter, times) == ["allowed"] * 4


def test_after_quarantine_the_same_used_up_minute_refuses_again():
    limiter = RateLimiter(RateLimits(default=1, quarantine_delay=10))
    times = [(0.0, MINUTE), (1.0, MINUTE + 1), (5.0, MINUTE + 5), (11.0, MINUTE + 11), (12.0, MINUTE + 12),
             (21.0, MINUTE + 21), (60.0, MINUTE + 60)]
    assert run(limiter, times) == ["allowed", "limited", "quarantined", "limited", "quarantined", "limited",
                                   "allowed"]


def test_quarantine_is_measured_on_the_monotonic_clock():
    limiter = RateLimiter(RateLimits(default=1, quarantine_delay=30))
    run(limiter, [(0.0, MINUTE), (0.0, MINUTE)])
    # the wall clock jumps a day ahead: still quarantined until 30 monotonic seconds have passed
    assert run(limiter, [(29.9, MINUTE + 86_400), (30.0, MINUTE + 86_400)]) == ["quarantined", "allowed"]


def test_quarantine_zero_is_forever():
    limiter = RateLimiter(RateLimits(default=1, quarantine_delay=0))
    assert run(limiter, [(0.0, MINUTE), (1.0, MINUTE)]) == ["allowed", "limited"]
    assert run(limiter, [(1e9, MINUTE + 1e9)]) == ["quarantined"]


def test_verdict_values():
    assert {v.value for v in Verdict} == {"allowed", "limited", "quarantined"}


# -- through the host ----------------------------------------------------------------------------------------------

def test_host_answers_n_requests_then_one_error_then_nothing():
    host, model, clock = make_host({"service-client-api.rate-limit": 0,
                                    "service-client-api.rate-limit.voice.dial": 4,
                                    "service-client-api.rate-limit-quarantine-delay": 30})
    client = Client(host)
    for _ in range(4):
        assert "data" in client.call("voice.dial", "5002", {})
    [(_, reply)] = client.request("voice.dial", "5002", {})
    assert reply == {"request": "voice.dial", "referenceId": "5", "errorMessage": (
        "The rate limit for the request 'voice.dial' has been reached.\n"
        "Further requests of the same type will be ignored for 30 seconds."),
        "userAgent": "WWE Server", "protocolVersion": 2}
    assert last_in(host).verdict == journal.RATE_LIMITED
    assert client.request("voice.dial", "5002", {}) == []
    assert last_in(host).verdict == journal.QUARANTINED
    assert "data" in client.call("agent.get")  # other request names are not affected
    assert len([c for c in model.calls if c[0] == "voice.dial"]) == 4
    clock.advance(60)
    assert "data" in client.call("voice.dial", "5002", {})


def test_host_rate_limits_its_own_requests_too():
    host, _, _ = make_host({"service-client-api.rate-limit": 1})
    client = Client(host)
    assert "data" in client.call("system.getAllowedServices")
    assert "errorMessage" in client.call("system.getAllowedServices")


def test_refused_requests_are_not_counted():
    host, _, _ = make_host({"service-client-api.rate-limit": 1,
                            "service-client-api.accepted-web-content-origins": "http://localhost:8001 (agent.*)"})
    client = Client(host)
    for _ in range(3):
        client.request("voice.dial", "1", {})  # refused by the filter
        client.request("agent.nope")  # unknown
    assert "data" in client.call("agent.get")


def test_quarantine_survives_detach_and_reattach_of_the_same_frame():
    host, _, clock = make_host({"service-client-api.rate-limit": 1,
                                "service-client-api.rate-limit-quarantine-delay": 0})
    client = Client(host)
    client.request("agent.get")
    client.request("agent.get")
    host.detach_frame("f1")
    client = Client(host)
    clock.advance(3600)
    assert client.request("agent.get") == []


def test_fake_clock_starts_on_a_minute():
    assert FakeClock().wall % 60 == 0
