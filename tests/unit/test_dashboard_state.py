"""The dashboard's model (sans-I/O): events and replies in, Changes out; controls from capabilities."""
from __future__ import annotations

import base64
import json

import pytest

from dashboard import controls
from dashboard.state import LOG_LIMIT, Change, DashboardState, Notice, jwt_claims, parse_key_list, state_label

from .dashboard_support import WALL_START


def event(name: str, data: dict) -> dict:
    return {"event": name, "data": data, "userAgent": "WWE Server", "protocolVersion": 2}


def interaction(interaction_id: str = "1", **fields) -> dict:
    wire = {"interactionId": interaction_id, "media": "voice", "state": "RINGING", "capabilities": ["ANSWER", "REJECT"],
            "parties": [{"name": "+15551234567"}], "contact": {"displayName": "Kate Smith"}, "caseId": "case-1",
            "userData": {"Key1": "v1"}, "recordingState": "STOPPED"}
    return {**wire, **fields}


def interaction_event(event_type: str, wire: dict) -> dict:
    return event("interaction", {"eventType": event_type, "media": wire.get("media"), "interaction": wire})


def new_state() -> DashboardState:
    return DashboardState(clock=lambda: WALL_START)


def kinds(changes: list[Change]) -> list[str]:
    return [change.kind for change in changes]


# --- agent ----------------------------------------------------------------------------------------------------

STATES = [
    {"type": "READY", "displayName": "Ready", "operationName": "Ready"},
    {"type": "NOT_READY_ACTION_CODE", "displayName": "Not Ready - Break", "operationName": "NotReadyBreak"},
    {"type": "NOT_READY_ACTION_CODE", "displayName": "Not Ready - Lunch", "operationName": "NotReadyLunch"},
]


def test_agent_state_changed_finds_the_display_name_by_type_and_reason():
    state = new_state()
    state.states_loaded(STATES)
    changes = state.apply_event(event("agent", {"eventType": "STATE_CHANGED", "mediaState": "NOT_READY_ACTION_CODE",
                                                "reason": "Lunch", "reasonCode": "1512"}))
    assert Change("agent") in changes
    assert state.agent.state["displayName"] == "Not Ready - Lunch"
    assert state_label(state.agent.state) == "Not Ready - Lunch"


def test_media_state_changed_updates_that_media_only():
    state = new_state()
    state.states_loaded(STATES)
    state.media_loaded([{"name": "voice", "state": STATES[0]}, {"name": "chat", "state": STATES[0]}])
    state.apply_event(event("agent", {"eventType": "STATE_CHANGED", "mediaState": "NOT_READY_ACTION_CODE",
                                      "reason": "Break", "media": "chat"}))
    assert state.agent.media["voice"]["displayName"] == "Ready"
    assert state.agent.media["chat"]["displayName"] == "Not Ready - Break"
    assert state.agent.state is None


def test_state_label_without_a_known_display_name_shows_type_and_reason():
    assert state_label({"type": "NOT_READY_ACTION_CODE", "reason": "Training", "reasonCode": "7"}) == \
        "NOT_READY_ACTION_CODE: Training (7)"
    assert state_label(None) == "Unknown"


# --- interactions ---------------------------------------------------------------------------------------------

def test_added_interaction_gets_a_safe_key_a_row_and_the_selection():
    state = new_state()
    changes = state.apply_event(interaction_event("ADDED", interaction(interaction_id='"><b>1')))
    record = state.interactions['"><b>1']
    assert record.key.startswith("ix") and record.key.isalnum()
    assert {"row", "interactions-summary", "details"} <= set(kinds(changes))
    assert state.selected == '"><b>1'


def test_user_data_change_rerenders_the_details_not_the_row():
    state = new_state()
    state.apply_event(interaction_event("ADDED", interaction()))
    changes = state.apply_event(interaction_event("ATTACHED_DATA_CHANGED", interaction(userData={"Key1": "v2"})))
    assert "row" not in kinds(changes)
    assert {"facts", "user-data"} <= set(kinds(changes))


def test_state_change_rerenders_the_row_but_not_other_rows():
    state = new_state()
    state.apply_event(interaction_event("ADDED", interaction("1")))
    state.apply_event(interaction_event("ADDED", interaction("2")))
    changes = state.apply_event(interaction_event("ESTABLISHED", interaction("2", state="TALKING",
                                                                             capabilities=["HANGUP", "HOLD"])))
    rows = [c.key for c in changes if c.kind == "row"]
    assert rows == [state.interactions["2"].key]
    assert "user-data" not in kinds(changes) and "facts" not in kinds(changes)  # "1" is the selected one


def test_removed_interaction_drops_its_row_selection_and_notices():
    state = new_state()
    state.apply_event(interaction_event("ADDED", interaction()))
    key = state.interactions["1"].key
    state.set_notice(key, Notice("error", "x"))
    changes = state.apply_event(interaction_event("REMOVED", interaction(state="IDLE")))
    assert Change("row-removed", key) in changes and Change("details") in changes
    assert state.interactions == {} and state.selected is None and key not in state.notices
    assert state.interaction_by_key(key) is None


def test_case_selected_flags_only_that_case():
    state = new_state()
    state.apply_event(interaction_event("ADDED", interaction("1", caseId="a", isCaseSelected=True)))
    state.apply_event(interaction_event("ADDED", interaction("2", caseId="b", isCaseSelected=False)))
    changes = state.apply_event(event("interaction", {"eventType": "CASE_SELECTED", "selectedCaseId": "b"}))
    assert [c.key for c in changes if c.kind == "row"] == [state.interactions["1"].key, state.interactions["2"].key]
    assert state.interactions["2"].data["isCaseSelected"] is True
    assert state.interactions["1"].data["isCaseSelected"] is False


def test_case_id_changed_moves_interactions_to_the_new_case():
    state = new_state()
    state.apply_event(interaction_event("ADDED", interaction("1", caseId="old")))
    state.apply_event(event("interaction", {"eventType": "CASE_ID_CHANGED", "caseId": "new", "previousCaseId": "old"}))
    assert state.interactions["1"].data["caseId"] == "new"


def test_select_moves_the_highlight_between_rows():
    state = new_state()
    state.apply_event(interaction_event("ADDED", interaction("1")))
    state.apply_event(interaction_event("ADDED", interaction("2")))
    first, second = state.interactions["1"].key, state.interactions["2"].key
    assert state.select(second) == [Change("row", first), Change("row", second), Change("details")]
    assert state.select(second) == []


def test_write_allowed_option_parsing():
    state = new_state()
    state.write_allowed_loaded({"interaction-workspace": {"service-client-api.user-data.write-allowed": "Key1, Key3"}})
    assert state.may_write("Key1") and not state.may_write("Key2")
    assert parse_key_list("*") is None and parse_key_list(None) is None and parse_key_list(["A"]) == {"A"}


# --- controls -------------------------------------------------------------------------------------------------

def record(**fields):
    state = new_state()
    state.apply_event(interaction_event("ADDED", interaction(**fields)))
    return state.interactions[fields.get("interactionId", "1")]


def actions(found: list[controls.Control]) -> list[str]:
    return [control.action for control in found]


def test_call_controls_follow_capabilities():
    assert actions(controls.call_controls(record())) == ["answer", "reject"]
    assert actions(controls.call_controls(record(state="TALKING", capabilities=["HANGUP", "HOLD"]))) == ["hold", "hang-up"]
    assert actions(controls.call_controls(record(state="HELD", capabilities=["HANGUP", "RESUME"]))) == ["resume", "hang-up"]
    assert actions(controls.call_controls(record(state="IDLE", capabilities=["MARK_DONE"]))) == ["mark-done"]
    assert controls.call_controls(record(capabilities="ANSWER")) == []  # not a list: nothing offered


def test_recording_controls_follow_recording_state_on_established_calls():
    talking = {"state": "TALKING", "capabilities": ["HANGUP", "HOLD"]}
    assert actions(controls.recording_controls(record(**talking))) == ["start-recording"]
    assert actions(controls.recording_controls(record(**talking, recordingState="RECORDING"))) == \
        ["pause-recording", "stop-recording"]
    assert actions(controls.recording_controls(record(**talking, recordingState="PAUSED"))) == \
        ["resume-recording", "stop-recording"]
    assert controls.recording_controls(record()) == []  # ringing
    assert controls.recording_controls(record(**talking, recordingState=None)) == []  # not a voice call


def test_preview_controls_and_their_arguments():
    preview = record(media="outbound", state="PREVIEWING", capabilities=["CALL", "REJECT_RECORD", "CANCEL_RECORD"],
                     chainedRecords=[{"GSW_RECORD_HANDLE": 283, "GSW_CAMPAIGN_NAME": "Offer"}])
    found = controls.preview_controls(preview)
    assert actions(found) == ["call-record", "reject-record", "cancel-record"]
    assert found[0].arguments(preview) == ("1", 283) and found[1].arguments(preview) == ()
    assert preview.campaign == "Offer" and preview.is_outbound_record


# --- toasts, messenger, campaigns, workspace ------------------------------------------------------------------

def test_toast_button_click_is_recorded_with_its_label():
    state = new_state()
    state.toast_opened("wweCustomToast1", {"title": "T", "buttons": ["Yes", "No"]})
    key = next(iter(state.toasts))
    changes = state.apply_event(event("system", {"eventType": "CUSTOM_TOAST_BUTTON_CLICK",
                                                 "customToastId": "wweCustomToast1", "buttonIndex": 1}))
    assert Change("toast", key) in changes
    assert state.toasts[key].clicks == [(WALL_START, "No")] and not state.toasts[key].open


@pytest.mark.parametrize(("parameters", "index", "label"), [
    ({"title": "T", "buttonShowDismiss": True, "buttons": ["Yes"]}, 0, "Show"),
    ({"title": "T", "buttonShowDismiss": True}, 1, "Dismiss"),
    ({"title": "T"}, 0, "OK"),
])
def test_a_click_is_named_by_the_button_workspace_showed(parameters, index, label):
    state = new_state()
    state.toast_opened("wweCustomToast0", parameters)
    key = next(iter(state.toasts))
    state.apply_event(event("system", {"eventType": "CUSTOM_TOAST_BUTTON_CLICK", "customToastId": "wweCustomToast0",
                                       "buttonIndex": index}))
    assert state.toasts[key].clicks == [(WALL_START, label)]


def test_messenger_messages_go_to_joined_channels_only():
    state = new_state()
    channel, changes = state.join("team")
    assert changes == [Change("channel", channel.key)]
    assert state.join("team") == (channel, [])
    assert Change("channel-log", channel.key) in state.apply_event(event("messenger:team", {"text": "hi"}))
    assert not any(c.kind == "channel-log" for c in state.apply_event(event("messenger:other", {"text": "x"})))
    assert [m.payload for m in channel.messages] == [{"text": "hi"}]
    assert state.leave(channel.key) == [Change("channel-removed", channel.key)]


def test_campaign_events_update_the_campaign_list():
    state = new_state()
    state.campaigns_loaded([{"name": "A", "mode": "Preview", "status": "started"}])
    state.apply_event(event("outbound", {"eventType": "CampaignStopped", "campaign": "A"}))
    state.apply_event(event("outbound", {"eventType": "CampaignStarted", "campaign": "B", "mode": "Push Preview"}))
    assert state.campaigns == [{"name": "A", "mode": "Preview", "status": "loaded"},
                               {"name": "B", "status": "started", "mode": "Push Preview"}]
    state.apply_event(event("outbound", {"eventType": "CampaignUnloaded", "campaign": "A"}))
    assert [c["name"] for c in state.campaigns] == ["B"]


def test_frame_state_and_realtime_connection():
    state = new_state()
    assert state.apply_event(event("system", {"frameState": "FOLLOWING"}))[-1] == Change("workspace")
    state.apply_event(event("system", {"eventType": "REALTIME_CONNECTION", "state": "DISCONNECTED"}))
    assert (state.frame_state, state.connection) == ("FOLLOWING", "DISCONNECTED")


# --- log, notices, JWT ----------------------------------------------------------------------------------------

def test_log_is_bounded_and_filtered():
    state = new_state()
    for number in range(LOG_LIMIT + 5):
        changes = state.add_log("event", f"e{number}", {"n": number})
    assert len(state.log) == LOG_LIMIT
    assert kinds(changes) == ["log", "log-removed"]
    state.set_log_filter("failure")
    assert kinds(state.add_log("request", "agent.get", {})) == ["log-removed"]  # hidden by the filter
    assert state.set_log_filter("nonsense") == [Change("log-all")] and state.log_filter == "all"


def test_notice_changes_only_when_it_differs():
    state = new_state()
    notice = Notice("error", "boom", "Failed")
    assert state.set_notice("agent", notice) == [Change("notice", "agent")]
    assert state.set_notice("agent", notice) == []
    assert state.set_notice("agent", None) == [Change("notice", "agent")]


def test_jwt_panel_shows_only_when_allowed_and_decodes_claims():
    state = new_state()
    state.services_loaded(["agent.get", "system.getAllowedServices"])
    assert not state.jwt.allowed
    state.services_loaded(["agent.get", "auth.getJwtToken"])
    assert state.jwt.allowed
    payload = base64.urlsafe_b64encode(json.dumps({"sub": "ada"}).encode()).decode().rstrip("=")
    state.jwt_loaded({"jwtToken": f"h.{payload}.s", "expiration": "2030-01-01T00:00:00.000Z"})
    assert state.jwt.claims == {"sub": "ada"}
    assert jwt_claims("not a token") is None and jwt_claims("a.!!!.c") is None
