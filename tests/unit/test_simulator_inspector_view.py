"""The protocol inspector's rows, filter and incremental updates."""
from __future__ import annotations

import pytest

from workspace.host import journal
from workspace.host.journal import InspectorEntry
from workspace.inspector_view import InspectorFilter, newer, row, summary

from .test_simulator_panel import EXTENSION, page_host, request, subscribe


def entry(direction: str, message, verdict: str, frame: str | None = "frame1", note: str = "") -> InspectorEntry:
    return InspectorEntry(1_700_000_000.25, direction, EXTENSION, frame, message, verdict, note)


@pytest.mark.parametrize("shown, expected", [
    (entry("in", {"request": "agent.setState", "parameters": ["Ready"], "referenceId": "1"}, "answered"),
     'agent.setState ["Ready"]'),
    (entry("in", {"event": "subscribe", "data": ["agent", "interaction"], "referenceId": "2"}, "answered"),
     "subscribe agent, interaction"),
    (entry("in", {"event": "unsubscribe", "data": "3"}, "answered"), 'unsubscribe "3"'),
    (entry("in", "hello", "malformed"), "hello"),
    (entry("in", 42, "malformed"), "(int)"),
    (entry("out", {"request": "agent.get", "referenceId": "1", "data": {"a": 1}}, "reply"), 'agent.get -> {"a":1}'),
    (entry("out", {"request": "agent.fly", "referenceId": "1", "errorMessage": "Unknown request 'agent.fly'."}, "reply"),
     "agent.fly failed: Unknown request 'agent.fly'."),
    (entry("out", {"event": "interaction", "data": {"eventType": "ADDED", "interaction": {"interactionId": "1",
                                                                                         "state": "RINGING"}}}, "event"),
     "interaction ADDED #1 (RINGING)"),
    (entry("out", {"event": "interaction", "data": {"eventType": "RINGING", "interaction": {"interactionId": "1",
                                                                                           "state": "RINGING"}}}, "event"),
     "interaction RINGING #1"),
    (entry("out", {"event": "system", "data": {"frameState": "LEADING"}}, "event"), "system frameState LEADING"),
    (entry("out", {"frameId": "frame1"}, "frame-id"), "frameId frame1"),
    (entry("out", {"event": "system", "data": {"frameState": "LEADING"}}, "replayed"), "system frameState LEADING"),
    (entry("out", {"request": "agent.get", "referenceId": "1", "data": 1}, "replayed"), "agent.get -> 1"),
])
def test_summaries(shown, expected):
    assert summary(shown) == expected


def test_rows_say_direction_verdict_and_clip_long_messages():
    long = entry("in", {"request": "x", "parameters": ["y" * 5000], "referenceId": "1"}, journal.RATE_LIMITED,
                 note="The rate limit...")
    shown = row(long)
    assert shown.direction == "in" and shown.tone == "bad" and shown.note == "The rate limit..."
    assert len(shown.summary) == 120 and shown.summary.endswith("…")
    assert len(shown.detail) == 4000
    assert shown.time.endswith(".250") and shown.origin == EXTENSION
    assert row(entry("out", {"frameId": "frame1"}, "frame-id", frame=None)).frame == "?"
    assert row(entry("in", {}, "answered")).tone == "ok"
    marked = row(entry("in", {"event": "subscribe", "data": ["agentt"]}, "answered", note="unknown event name 'agentt'"))
    assert (marked.tone, marked.note) == ("warn", "unknown event name 'agentt'")  # D15: a typo is visible


def test_the_filter_by_verdict_direction_problems_and_frame():
    answered, refused, event = (entry("in", {}, "answered"), entry("in", {}, "refused-origin", "frame2"),
                                entry("out", {}, "event"))
    assert [InspectorFilter().matches(e) for e in (answered, refused, event)] == [True, True, True]
    assert [InspectorFilter("in").matches(e) for e in (answered, refused, event)] == [True, True, False]
    assert [InspectorFilter("problems").matches(e) for e in (answered, refused, event)] == [False, True, False]
    assert [InspectorFilter("event").matches(e) for e in (answered, refused, event)] == [False, False, True]
    assert [InspectorFilter("", "frame2").matches(e) for e in (answered, refused, event)] == [False, True, False]
    assert InspectorFilter("answered", "frame2").matches(answered) is False


def test_newer_entries_since_the_last_shown_one():
    host = page_host()
    subscribe(host, "agent")
    log = host.inspector
    first_batch = newer(log, None, 400)
    assert first_batch == log
    last = log[-1]
    request(host, "agent.get")
    request(host, "agent.fly")
    added = newer(log, last, 400)
    assert [e.verdict for e in added] == ["answered", "reply", "error", "reply"]
    assert newer(log, last, 1) == added[-1:]
    assert [e.verdict for e in newer(log, last, 400, InspectorFilter("problems"))] == ["error"]
    assert newer(log, log[-1], 400) == []
    gone = entry("in", {}, "answered")  # no longer held (trimmed): everything retained is new
    assert newer(log, gone, 400) == log


@pytest.mark.parametrize("message, verdict, text, frame, tone", [
    ({"action": "inbound", "fields": {"media": "voice", "party": "+1"}}, "done", "action inbound media=voice party=+1",
     "page", ""),
    ({"action": "answer", "fields": {"id": "9"}}, "refused", "action answer id=9", "page", "bad"),
    ({"attach": "frame2", "origin": EXTENSION, "name": "Dashboard"}, "done", "attach frame2 Dashboard", "frame2", ""),
    ({"detach": "frame2"}, "done", "detach frame2", "frame2", ""),
    ({"update": "frame1", "visible": False}, "done", "update frame1 visible=False", "frame1", ""),
])
def test_happenings_on_the_page_have_their_own_rows(message, verdict, text, frame, tone):
    shown = row(InspectorEntry(1_700_000_000.0, journal.HOST, None, None, message, verdict))
    assert (shown.summary, shown.frame, shown.direction, shown.tone) == (text, frame, "host", tone)
    assert shown.arrow == ("•", "on the simulator page")
    assert InspectorFilter(journal.HOST).matches(InspectorEntry(0, journal.HOST, None, None, message, verdict))
    assert InspectorFilter("problems").matches(InspectorEntry(0, "host", None, None, message, verdict)) == (tone == "bad")
