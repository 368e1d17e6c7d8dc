"""agent.* and media.*: the agent, its states, media states and STATE_CHANGED events."""

from __future__ import annotations

import pytest

from tests.unit.test_model_support import Ctx, model
from workspace.errors import RequestError

READY = {"type": "READY", "displayName": "Ready", "operationName": "Ready"}
BREAK = {"type": "NOT_READY_ACTION_CODE", "displayName": "Not Ready - Break", "operationName": "NotReadyBreak"}


def test_agent_get_returns_the_agent_object():
    assert model().handle("agent.get", [], Ctx()) == {
        "employeeId": "1001",
        "firstname": "Ada",
        "lastname": "Lovelace",
        "username": "ada.lovelace",
    }


def test_scenario_agent_table_is_merged_into_the_default():
    centre = model(agent={"firstname": "Grace", "state": "NotReady"})
    assert centre.handle("agent.get", [], Ctx())["firstname"] == "Grace"
    assert centre.handle("agent.get", [], Ctx())["lastname"] == "Lovelace"
    assert centre.handle("agent.getState", [], Ctx())["type"] == "NOT_READY"


def test_state_list_holds_media_state_objects_only():
    states = model().handle("agent.getStateList", [], Ctx())
    assert states[0] == READY
    assert BREAK in states
    assert all(set(state) == {"type", "displayName", "operationName"} for state in states)


@pytest.mark.parametrize(
    ("operation", "event"),
    [
        ("Ready", {"eventType": "STATE_CHANGED", "mediaState": "READY"}),
        ("NotReady", {"eventType": "STATE_CHANGED", "mediaState": "NOT_READY"}),
        ("NotReadyBreak", {"eventType": "STATE_CHANGED", "mediaState": "NOT_READY_ACTION_CODE", "reason": "Break", "reasonCode": "1511"}),
        ("DndOn", {"eventType": "STATE_CHANGED", "mediaState": "DND_ON"}),
        ("Logout", {"eventType": "STATE_CHANGED", "mediaState": "LOGOUT"}),
    ],
)
def test_set_state_changes_every_media_and_emits_the_reference_event(operation, event):
    centre, ctx = model(), Ctx()
    assert centre.handle("agent.setState", [operation], ctx) is None
    assert ctx.take("agent") == [event]
    state = centre.handle("agent.getState", [], ctx)
    assert state["operationName"] == operation
    assert {m["state"]["operationName"] for m in centre.handle("media.getMediaList", [], ctx)} == {operation}


def test_unknown_state_operation_is_refused():
    with pytest.raises(RequestError, match="Error: Unknown state operation name 'Sleeping'."):
        model().handle("agent.setState", ["Sleeping"], Ctx())


@pytest.mark.parametrize("state_type", ["OUT_OF_SERVICE", "LOGOUT_DND"])
def test_event_only_states_cannot_be_set_by_code_but_can_happen(state_type):
    states = [READY, {"type": state_type, "displayName": "Event only", "operationName": "EventOnly"}]
    centre, ctx = model(states=states), Ctx()
    with pytest.raises(RequestError, match=f"cannot be set by code"):
        centre.handle("agent.setState", ["EventOnly"], ctx)
    with pytest.raises(RequestError, match=f"cannot be set by code"):
        centre.handle("media.setState", ["voice", "EventOnly"], ctx)
    centre.set_agent_state(ctx, state_type)
    assert ctx.take("agent") == [{"eventType": "STATE_CHANGED", "mediaState": state_type}]


def test_media_list_and_media_by_name():
    centre, ctx = model(), Ctx()
    assert [m["name"] for m in centre.handle("media.getMediaList", [], ctx)] == ["voice", "chat", "email"]
    assert centre.handle("media.getMediaByName", ["chat"], ctx) == {"name": "chat", "media": "chat", "state": READY}
    assert all(m["media"] == m["name"] for m in centre.handle("media.getMediaList", [], ctx))  # D17
    with pytest.raises(RequestError, match="Error: Media 'fax' not found."):
        centre.handle("media.getMediaByName", ["fax"], ctx)


@pytest.mark.parametrize(
    ("changes", "agent_type", "agent_events"),
    [
        ([("chat", "NotReady")], "PARTIAL_READY", 1),
        ([("chat", "NotReady"), ("voice", "NotReady"), ("email", "NotReady")], "NOT_READY", 2),
        ([("chat", "NotReady"), ("chat", "Ready")], "READY", 2),
        ([("voice", "Ready")], "READY", 0),
    ],
)
def test_media_set_state_emits_a_media_event_and_the_agent_state_follows(changes, agent_type, agent_events):
    centre, ctx = model(), Ctx()
    for media, operation in changes:
        centre.handle("media.setState", [media, operation], ctx)
    events = ctx.take("agent")
    media_events = [e for e in events if "media" in e]
    assert [(e["media"], e["mediaState"]) for e in media_events] == [
        (media, centre.handle("agent.getStateList", [], ctx)[0 if op == "Ready" else 1]["type"]) for media, op in changes
    ]
    assert len(events) - len(media_events) == agent_events
    assert centre.handle("agent.getState", [], ctx)["type"] == agent_type


def test_media_set_state_on_unknown_media_is_refused():
    with pytest.raises(RequestError, match="Error: Media 'fax' not found."):
        model().handle("media.setState", ["fax", "Ready"], Ctx())


def test_control_panel_sets_one_media():
    centre, ctx = model(), Ctx()
    centre.set_agent_state(ctx, "NotReadyBreak", media="voice")
    assert ctx.take("agent")[0] == {
        "eventType": "STATE_CHANGED",
        "mediaState": "NOT_READY_ACTION_CODE",
        "reason": "Break",
        "reasonCode": "1511",
        "media": "voice",
    }


def media_events(ctx: Ctx) -> list[tuple[str, str]]:
    """(media name, state type) of each ``media`` event emitted since the last take (D16)."""
    events = [d for name, d, _ in ctx.events if name == "media"]
    assert all(set(d) == {"eventType", "media"} and d["eventType"] == "STATE_CHANGED" for d in events)
    assert all(d["media"]["media"] == d["media"]["name"] for d in events)  # D17
    ctx.events.clear()
    return [(d["media"]["name"], d["media"]["state"]["type"]) for d in events]


def test_media_events_follow_every_media_state_change():
    """D16: agent.setState (all media), media.setState, the control panel: one ``media`` event per changed media."""
    centre, ctx = model(states=[READY, BREAK]), Ctx()
    centre.handle("agent.setState", ["NotReadyBreak"], ctx)
    assert media_events(ctx) == [("voice", "NOT_READY_ACTION_CODE"), ("chat", "NOT_READY_ACTION_CODE"),
                                 ("email", "NOT_READY_ACTION_CODE")]
    centre.handle("media.setState", ["chat", "Ready"], ctx)
    assert media_events(ctx) == [("chat", "READY")]
    centre.handle("media.setState", ["chat", "Ready"], ctx)
    assert media_events(ctx) == []  # no change, no media event
    centre.set_agent_state(ctx, "Ready")
    assert media_events(ctx) == [("voice", "READY"), ("email", "READY")]
    centre.set_agent_state(ctx, "OUT_OF_SERVICE", "voice")
    assert media_events(ctx) == [("voice", "OUT_OF_SERVICE")]
