"""The inspector's detail pane: indented JSON line by line, the fields changed since the previous message of the same
kind, and which message that is."""
from __future__ import annotations

import json

import pytest

from workspace.host import journal
from workspace.host.journal import InspectorEntry
from workspace.message_detail import LINE_CHARS, MAX_LINES, changed, kind, lines, previous_of

EXTENSION = "http://localhost:8001"


def event(event_type: str, state: str, interaction: str = "1", frame: str = "frame1", **user_data: str) -> InspectorEntry:
    message = {"event": "interaction", "data": {"eventType": event_type, "interaction": {
        "interactionId": interaction, "state": state, "userData": dict(user_data)}},
        "userAgent": "WWE Server", "protocolVersion": 2}
    return InspectorEntry(1.0, "out", EXTENSION, frame, message, journal.EVENT)


@pytest.mark.parametrize("value", [
    {"event": "interaction", "data": {"a": [1, {"b": None}, []], "c": {}, "d": "é\"x"}},
    [1, 2, [3]], "text", 4, {}, [],
])
def test_the_lines_are_json_dumps_with_an_indent_of_two(value):
    shown = lines(value)
    assert "\n".join(line.indented for line in shown) == json.dumps(value, indent=2, ensure_ascii=False)
    assert not any(line.changed for line in shown)


def test_changed_fields_are_the_deepest_that_differ_or_are_new():
    before, after = event("RINGING", "RINGING").message, event("ESTABLISHED", "TALKING", Key1="Gold").message
    after = {**after, "referenceId": "9"}                        # the envelope says which message, not what changed
    assert changed(before, after) == {("data", "eventType"), ("data", "interaction", "state"),
                                      ("data", "interaction", "userData", "Key1")}
    assert changed(after, after) == frozenset()
    assert changed({"a": [1, 2]}, {"a": [1, 2, 3]}) == {("a",)}   # a list of another length: the list changed
    assert changed({"a": {"b": 1}}, {"a": 5}) == {("a",)}


def test_a_line_is_marked_when_it_shows_a_changed_field_or_sits_inside_one():
    marked = changed({"data": {"x": 1, "y": {"z": 1}}}, {"data": {"x": 1, "y": {"z": 1}, "new": {"k": [1]}}})
    shown = {line.indented: line.changed for line in lines({"data": {"x": 1, "y": {"z": 1}, "new": {"k": [1]}}}, marked)}
    assert [text.strip() for text, hit in shown.items() if hit] == ['"new": {', '"k": [', '1', ']', '}']
    assert shown['    "x": 1,'] is False and shown['  "data": {'] is False


def test_long_values_and_long_messages_are_clipped():
    shown = lines({"message": "m" * 5000, "many": list(range(2 * MAX_LINES))})
    assert len(shown[1].text) == LINE_CHARS and shown[1].text.endswith("…")
    assert len(shown) == MAX_LINES and shown[-1].text.startswith("… ") and "more lines" in shown[-1].text


def test_the_previous_message_of_the_same_kind():
    log = [event("ADDED", "RINGING"), event("ADDED", "RINGING", interaction="2"), event("RINGING", "RINGING"),
           event("RINGING", "RINGING", frame="frame2"),
           InspectorEntry(1.0, "in", EXTENSION, "frame1", {"request": "agent.get", "referenceId": "1"}, "answered"),
           event("ESTABLISHED", "TALKING")]
    assert previous_of(log, 5) is log[2]                          # same frame, event and interaction
    assert previous_of(log, 3) is None                            # frame2's first
    assert previous_of(log, 1) is None                            # interaction 2's first
    assert kind(log[4]) == ("in", "frame1", "agent.get", "None")
    assert kind(InspectorEntry(1.0, "host", None, None, {"action": "inbound", "fields": {}}, "done")) == ("host", "inbound")
