"""Shared pieces of the hostile-input, bypass and load tests: a host with the real contact centre behind a
security configuration that exercises every rule, the frames of a Workspace page, and the checks that must hold
after every message (docs/THREAT-MODEL.md)."""
from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable
from typing import Any

from tests import suite_counts
from tests.unit.test_host_protocol import FakeClock
from workspace import Config, Host
from workspace.host import Outgoing, journal
from workspace.host.journal import MAX_INSPECTOR_ENTRIES
from workspace.model.capabilities import (
    DIRECT_PUSH_CALL_CAPABILITIES,
    OPENMEDIA_CAPABILITIES,
    PREVIEW_CAPABILITIES,
    VOICE_CAPABILITIES,
)
from workspace.model.lifecycle import ENDED_STATES

IN_PYODIDE = sys.platform == "emscripten"
# How deep the "very deep" messages go. Pyodide dies (a fatal JavaScript stack overflow, not a RecursionError) when it
# frees a list nested about 20,000 deep, so there the tests stay at 5,000, still far past every limit.
VERY_DEEP = 5_000 if IN_PYODIDE else 100_000

TRUSTED = "https://ext-a.example"  # listed with everything, auth.getJwtToken included
FILTERED = "https://ext-b.example"  # listed with (agent.*, interaction.*, messenger.broadcastMessage)
WILDCARD = "https://ext-c.example"  # listed with (*): everything but auth.getJwtToken
UNLISTED = "https://evil.example"   # an embedded frame whose origin is not listed
ORIGINS = (f"{TRUSTED} (*, auth.getJwtToken), {FILTERED} (agent.*, interaction.*, messenger.broadcastMessage), "
           f"{WILDCARD} (*)")
READABLE = ("Key1", "Key2", "IW_CaseUid", "IW_BundleUid")
WRITABLE = ("Key1", "Key3")  # Key3 may be written but not read back
CANARY = "canary-7f3a9c1e-not-readable"  # the value of an unreadable key: it must never be sent to a frame
FRAMES = {"f1": TRUSTED, "f2": FILTERED, "f3": UNLISTED, "f4": WILDCARD}

VERDICTS = {journal.ANSWERED, journal.ERROR, journal.REFUSED_ORIGIN, journal.REFUSED_FILTER,
            journal.RATE_LIMITED, journal.QUARANTINED, journal.MALFORMED, journal.UNKNOWN_FRAME}
REFUSED = VERDICTS - {journal.ANSWERED, journal.ERROR}
STATES = (set(VOICE_CAPABILITIES) | set(OPENMEDIA_CAPABILITIES) | set(PREVIEW_CAPABILITIES)
          | set(DIRECT_PUSH_CALL_CAPABILITIES) | set(ENDED_STATES)
          | {"ADDED", "JOIN_PENDING", "INVITED", "PREVIEWING", "DIALING", "TALKING", "HELD", "RINGING"})


def options(**extra: Any) -> dict[str, Any]:
    """[interaction-workspace] with the three origins' rules and the user-data lists, plus ``extra``."""
    main = {"service-client-api.accepted-web-content-origins": ORIGINS,
            "service-client-api.user-data.read-allowed": ",".join(READABLE),
            "service-client-api.user-data.write-allowed": ",".join(WRITABLE)}
    main.update(extra)
    return main


def make_host(main: dict[str, Any] | None = None, clock: FakeClock | None = None,
              frames: dict[str, str] | None = None) -> tuple[Host, FakeClock]:
    """The real host and contact centre, with ``frames`` (default FRAMES) attached and the frameIds sent."""
    clock = clock or FakeClock()
    config = Config.from_dict({"interaction-workspace": main if main is not None else options(),
                               "scenario": {"auth": {"jwt-secret": "hostile-tests"}}})
    host = Host(config, clock=lambda: clock.now, wall_clock=lambda: clock.wall)
    for frame_id, origin in (FRAMES if frames is None else frames).items():
        host.attach_frame(frame_id, origin, frame_id)
    return host, clock


def request(name: str, *parameters: Any, ref: str = "1", **extra: Any) -> dict[str, Any]:
    """A request as the official client sends it."""
    return {"request": name, "parameters": list(parameters), "referenceId": ref, "userAgent": "WWE Client",
            "protocolVersion": 2, **extra}


def subscribe(names: Any, ref: str = "s1") -> dict[str, Any]:
    return {"event": "subscribe", "data": names, "referenceId": ref, "userAgent": "WWE Client", "protocolVersion": 2}


def snapshot_text(host: Host) -> str:
    """The model's whole state as text (NaN-safe comparison)."""
    return json.dumps(host.model.snapshot(), default=repr, sort_keys=True)


def user_data_objects(value: Any, path: str = "") -> Iterable[tuple[str, Any]]:
    """Every object under a ``userData`` key, at any depth (iterative)."""
    stack = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, dict):
            for key, nested in item.items():
                if key == "userData":
                    yield f"{where}.userData", nested
                stack.append((nested, f"{where}.{key}"))
        elif isinstance(item, list):
            stack.extend((nested, f"{where}[{i}]") for i, nested in enumerate(item))


def user_data_keys(host: Host) -> dict[str, dict[str, Any]]:
    """interactionId -> a copy of its user data (interactions and workbin)."""
    model = host.model
    everything = {**getattr(model, "workbin", {}), **model.interactions}
    return {iid: dict(it.user_data) for iid, it in everything.items()}


class Invariants:
    """Checks run after every step; ``counts`` keeps what was seen (verdicts, replies, events)."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self.counts: Counter[str] = Counter()
        self.sent_refs: dict[str, set[str]] = {frame_id: set() for frame_id in FRAMES}

    def after_message(self, frame_id: Any, origin: Any, message: Any, out: list[Outgoing], before: str,
                      data_before: dict[str, dict[str, Any]]) -> None:
        host = self.host
        entry = host.inspector[-1 - len(out)]
        assert entry.direction == "in" and entry.verdict in VERDICTS, entry
        self.counts[entry.verdict] += 1
        if isinstance(frame_id, str) and isinstance(message, dict) and isinstance(message.get("referenceId"), str):
            self.sent_refs.setdefault(frame_id, set()).add(message["referenceId"])
        if entry.verdict in (journal.QUARANTINED, journal.UNKNOWN_FRAME):
            assert out == [], f"{entry.verdict} must be silent: {out}"
        if entry.verdict in REFUSED:
            assert snapshot_text(host) == before, f"a refused message ({entry.verdict}) changed the model"
            assert all("event" not in m for _, m in out), "a refused message caused events"
        else:
            json.dumps(host.model.snapshot(), default=repr)  # the simulator page can always render the model
        self.check_outgoing(out, origin)
        self.check_writes(frame_id, data_before, entry.verdict)
        self.check_state(render=False)

    def check_outgoing(self, out: list[Outgoing], origin: Any = None) -> None:
        host = self.host
        readable = host.config.user_data.read
        for target, message in out:
            assert target in host.frames, f"message to a frame that is not attached: {target}"
            assert message["userAgent"] == "WWE Server" and message["protocolVersion"] == 2
            if "referenceId" in message:
                self.counts["replies"] += 1
                assert ("data" in message) != ("errorMessage" in message), message
                assert message["referenceId"] in self.sent_refs.get(target, ()), "a reply to a call never made"
                error = message.get("errorMessage")
                if isinstance(error, str) and error.startswith("Internal simulator error"):
                    self.counts[f"model crash: {message['request']}: {error[:120]}"] += 1
                    suite_counts.FOUND[suite_counts.CRASHES] += 1
                if message.get("request") == "auth.getJwtToken" and "data" in message:
                    rule = host.config.origins.rule_for(origin)
                    assert rule is not None and "auth.getJwtToken" in rule.keywords, f"a token for {origin!r}"
            if "event" in message:
                self.counts["events"] += 1
                assert any(names for sid, (fid, names) in host.subscriptions.held.items()
                           if fid == target and message["event"] in names), "event to a frame not subscribed"
                if str(message["event"]).startswith("messenger:"):
                    continue  # app-to-app payload, sent as it was broadcast (not Workspace data)
            for where, user_data in user_data_objects(message):
                if isinstance(user_data, dict) and readable is not None:
                    hidden = set(user_data) - readable
                    assert not hidden, f"unreadable user-data keys {hidden} sent to {target} at {where}"
            assert CANARY not in json.dumps(message, default=repr), f"the unreadable value was sent: {message}"

    def check_writes(self, frame_id: Any, before: dict[str, dict[str, Any]], verdict: str) -> None:
        """A frame's request never changes user-data keys outside write-allowed of an existing interaction."""
        writable = self.host.config.user_data.write
        if writable is None:
            return
        after = user_data_keys(self.host)
        for iid, old in before.items():
            new = after.get(iid)
            if new is None:
                continue
            changed = {k for k in old.keys() | new.keys() if _text(old, k) != _text(new, k)}
            assert changed <= writable, f"{frame_id} ({verdict}) changed unwritable keys {changed - writable} of {iid}"

    def check_state(self, render: bool = True) -> None:
        host = self.host
        assert len(host.inspector) <= MAX_INSPECTOR_ENTRIES
        attached = set(host.frames)
        assert {fid for fid, _ in host.subscriptions.held.values()} <= attached, "subscription of a detached frame"
        model = host.model
        for iid, interaction in {**getattr(model, "workbin", {}), **model.interactions}.items():
            assert interaction.interaction_id == iid
            assert interaction.state in STATES, f"interaction {iid} in unknown state {interaction.state!r}"
            assert set(interaction.capabilities) <= {c for table in (VOICE_CAPABILITIES, OPENMEDIA_CAPABILITIES,
                                                                     PREVIEW_CAPABILITIES) for caps in table.values()
                                                     for c in caps}
        if render:
            json.dumps(model.snapshot(), default=repr)  # the simulator page can always render the model


def _text(values: dict[str, Any], key: str) -> str:
    return json.dumps(values[key], default=repr, sort_keys=True) if key in values else "<missing>"


def send(host: Host, checks: Invariants, frame_id: Any, origin: Any, message: Any) -> list[Outgoing]:
    """host.receive with every invariant checked afterwards."""
    before = snapshot_text(host)
    data_before = user_data_keys(host)
    out = host.receive(frame_id, origin, message)
    checks.after_message(frame_id, origin, message, out, before, data_before)
    return out


def report(capsys: Any, lines: Iterable[str]) -> None:
    """Print through pytest's capture, so the counts show in every test run's output."""
    with capsys.disabled():
        print()
        for line in lines:
            print(f"    {line}")
