"""The one driver of a host (page, test kit, bench): deliveries, fault injection, a restart followed by the player;
and the page events the journal records, to and from their exported form."""
from __future__ import annotations

import pytest

from workspace import timeline
from workspace.config import DEMO_EXTENSION_ORIGIN, Config
from workspace.host import Outgoing
from workspace.host.page_events import ActionPerformed, Attached, Detached, Updated, page_event
from workspace.session import Session
from workspace.testing import DEFAULT_SCENARIO
from wwe.wire.messages import Request


def session() -> tuple[Session, list[Outgoing]]:
    delivered: list[Outgoing] = []
    driver = Session(Config.load(DEFAULT_SCENARIO), delivered.extend, clock=lambda: 0.0, wall_clock=lambda: 1.0)
    return driver, delivered


def test_what_the_host_sends_goes_to_deliver():
    driver, delivered = session()
    driver.attach("frame1", DEMO_EXTENSION_ORIGIN, "Dashboard")
    driver.receive("frame1", DEMO_EXTENSION_ORIGIN, Request("agent.getState", [], "0").to_wire("frame1"))
    assert [out.message.get("frameId", out.message.get("request")) for out in delivered] == ["frame1", "agent.getState"]
    assert driver.act("no-such-control", {}) == "Unknown control 'no-such-control'."


def test_a_stopped_host_ignores_messages_and_a_restart_replaces_it_for_its_players():
    driver, delivered = session()
    driver.attach("frame1", DEMO_EXTENSION_ORIGIN, "Dashboard")
    _, script = timeline.load('[timeline]\nbase = "default"\ntitle = "T"\n')
    player = driver.player(script)
    driver.stop()
    driver.receive("frame1", DEMO_EXTENSION_ORIGIN, Request("agent.getState", [], "0").to_wire("frame1"))
    assert len(delivered) == 1 and [e.direction for e in driver.host.inspector] == ["host", "out"]
    old = driver.host
    driver.restart()
    assert driver.host is not old and player.host is driver.host and not driver.host.frames and not driver.stopped
    assert driver.recording() == []


@pytest.mark.parametrize("event, exported", [
    (Attached("frame1", "http://x", "Dashboard"), {"attach": "frame1", "origin": "http://x", "name": "Dashboard"}),
    (Detached("frame1"), {"detach": "frame1"}),
    (Updated("frame1", visible=False, frame_state="FOLLOWING"),
     {"update": "frame1", "visible": False, "frame_state": "FOLLOWING"}),
    (ActionPerformed("inbound", {"media": "voice"}), {"action": "inbound", "fields": {"media": "voice"}}),
])
def test_page_events_round_trip_through_their_exported_form(event, exported):
    assert event.to_json() == exported and list(event.to_json()) == list(exported)  # same keys, same order
    assert page_event(exported) == event


@pytest.mark.parametrize("message", [None, "attach", {}, {"eval": "x"}, {"attach": 5}, {"action": "a"},
                                     {"action": 1, "fields": {}}])
def test_what_is_no_page_event_reads_as_none(message):
    assert page_event(message) is None
