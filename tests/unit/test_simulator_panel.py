"""Control panel of the simulator page: the controls offered for each interaction and campaign, and each action
run through Host.perform (events routed to subscribed frames, refusals reported)."""
from __future__ import annotations

from typing import Any

import pytest

from workspace import Config, Host
from workspace.actions import ACTIONS, CUSTOMER_LINES, ActionName, key_values
from workspace.model import voice
from workspace.control_panel import Button, agent_buttons, campaign_buttons, centre_buttons, remote_buttons, run, workbin_buttons
from workspace.timeline import EXTENSION_REQUEST, NOTE, STEP_KINDS

EXTENSION = "http://localhost:8001"
SCENARIO = f"""
[interaction-workspace]
"service-client-api.accepted-web-content-origins" = "{EXTENSION}"
"interaction.web-content" = ["Agent", "Monitor"]

[Agent]
url = "{EXTENSION}/index.html"
label = "Agent view"

[Monitor]
url = "{EXTENSION}/monitor.html"
mode = "background"

[scenario.timers]
remote_answer_after = -1
"""


def page_host() -> Host:
    """A host with the Agent view attached as frame1."""
    host = Host(Config.from_toml(SCENARIO))
    host.attach_frame("frame1", EXTENSION, "Agent")
    return host


def request(host: Host, name: str, *parameters: Any, frame: str = "frame1") -> dict[str, Any]:
    """The reply to one request from ``frame``."""
    out = host.receive(frame, EXTENSION, {"request": name, "parameters": list(parameters), "referenceId": "r",
                                          "frameId": frame})
    return next(message for _, message in out if message.get("referenceId") == "r")


def subscribe(host: Host, *names: str, frame: str = "frame1") -> None:
    host.receive(frame, EXTENSION, {"event": "subscribe", "data": list(names), "referenceId": "s", "frameId": frame})


def events(out, name: str) -> list[Any]:
    return [message["data"] for _, message in out if message.get("event") == name]


def perform(host: Host, name: str, **fields: str) -> list:
    """Run a panel action that must succeed; its outgoing messages."""
    out, refusal = run(host, name, fields)
    assert refusal is None
    return out


def only_call(host: Host) -> dict[str, Any]:
    (call,) = host.model.snapshot()["interactions"]
    return call


# -- controls offered ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("state, agent, remote", [
    ("RINGING", ["answer", "reject"], ["ring-no-answer", "remote-hang-up"]),
    ("DIALING", ["hang-up"], ["remote-answer", "remote-hang-up"]),
    ("TALKING", ["hang-up", "hold"], ["remote-hang-up"]),
    ("HELD", ["hang-up", "resume"], ["remote-hang-up"]),
    ("IDLE", ["mark-done"], []),
])
def test_voice_controls_follow_the_capabilities_and_the_state(state, agent, remote):
    from workspace.model.capabilities import VOICE_CAPABILITIES
    call = {"media": "voice", "state": state, "capabilities": list(VOICE_CAPABILITIES[state]), "endDate": None}
    assert [b.action for b in agent_buttons(call)] == agent
    assert [b.action for b in remote_buttons(call)] == remote


def test_a_preview_record_offers_one_call_per_record_of_its_chain():
    preview = {"media": "outbound", "state": "PREVIEWING", "capabilities": ["CALL", "REJECT_RECORD", "CANCEL_RECORD"],
               "chainedRecords": [{"GSW_RECORD_HANDLE": 283, "GSW_PHONE": "+33647005"},
                                  {"GSW_RECORD_HANDLE": 284, "GSW_PHONE": "+33647006"}]}
    assert agent_buttons(preview) == [Button("call-record", "Call +33647005", "primary", "283"),
                                      Button("call-record", "Call +33647006", "primary", "284"),
                                      Button("reject-record", "Reject record"), Button("cancel-record", "Cancel record")]


def test_customer_controls_of_chats_and_email_drafts():
    assert [b.action for b in remote_buttons({"media": "chat", "state": "ACCEPTED", "endDate": None})] == ["chat-ended"]
    assert remote_buttons({"media": "chat", "state": "ACCEPTED", "endDate": "2024-01-01T00:00:00.000Z"}) == []
    assert [b.action for b in remote_buttons({"media": "email", "state": "CREATED"})] == ["send-email", "cancel-email"]
    assert remote_buttons({"media": "email", "state": "INVITED"}) == []


def test_campaign_controls_follow_status_mode_and_records_left():
    host = page_host()
    campaigns = host.model.campaigns
    assert [b.arg for b in campaign_buttons(campaigns["Offer of the Month"], False)] == ["stop"]
    push = campaign_buttons(campaigns["Renewals"], False)
    assert [(b.action, b.label) for b in push] == [("campaign", "Stop"), ("push-record", "Push record (2 left)")]
    direct = campaigns["Win Back"]
    assert [(b.action, b.arg) for b in campaign_buttons(direct, False)] == [("campaign", "stop"), ("direct-push", "start")]
    assert [b.action for b in campaign_buttons(direct, True)] == ["campaign", "direct-push", "push-record"]
    perform(host, "campaign", campaign="Renewals", arg="stop")
    assert [b.arg for b in campaign_buttons(campaigns["Renewals"], False)] == ["start", "unload"]
    perform(host, "campaign", campaign="Renewals", arg="unload")
    assert [b.arg for b in campaign_buttons(campaigns["Renewals"], False)] == ["load"]


def test_every_offered_control_has_an_action():
    offered = {b.action for b in agent_buttons({"capabilities": ["ANSWER", "ACCEPT", "REJECT", "HANGUP", "HOLD", "RESUME",
                                                                 "REJECT_RECORD", "CANCEL_RECORD", "MARK_DONE"]})}
    assert offered <= set(ACTIONS)


def test_attached_data_is_typed_as_key_value_pairs():
    assert key_values("") == {}
    assert key_values(" Key1 = Gold customer ; Key2=a=b; ") == {"Key1": "Gold customer", "Key2": "a=b"}
    with pytest.raises(ValueError, match="'Key1' is not key=value"):
        key_values("Key1")
    with pytest.raises(ValueError, match="'=x' is not key=value"):
        key_values("=x")


# -- actions ------------------------------------------------------------------------------------------------

def test_a_full_inbound_call_driven_from_the_panel():
    host = page_host()
    subscribe(host, "interaction", "markdone")
    out = perform(host, "inbound", media="voice", party="+15550001111", user_data="Key1=Gold")
    assert [e["eventType"] for e in events(out, "interaction")] == ["ADDED", "RINGING"]
    call = only_call(host)
    assert call["userData"]["Key1"] == "Gold" and call["parties"] == [{"name": "+15550001111"}]
    seen = []
    for action, state in (("answer", "TALKING"), ("hold", "HELD"), ("resume", "TALKING"), ("hang-up", "IDLE")):
        seen += [e["eventType"] for e in events(perform(host, action, id=call["interactionId"]), "interaction")]
        assert only_call(host)["state"] == state
    out = perform(host, "mark-done", id=call["interactionId"])
    assert events(out, "markdone") == [{"eventType": "MARKDONE", "interactionId": call["interactionId"]}]
    seen += [e["eventType"] for e in events(out, "interaction")]
    assert seen == ["ESTABLISHED", "HELD", "ESTABLISHED", "RELEASED", "REMOVED"]
    assert host.model.snapshot()["interactions"] == []


def test_the_customer_side_of_calls_chats_and_emails():
    host = page_host()
    perform(host, "inbound", media="voice", party="")
    call_id = only_call(host)["interactionId"]
    perform(host, "remote-hang-up", id=call_id)
    assert host.model.interactions == {}
    chat = perform(host, "inbound", media="chat", party="kate@example.com")
    assert chat == []  # nobody subscribed
    chat_id = next(iter(host.model.interactions))
    perform(host, "accept", id=chat_id)
    perform(host, "chat-ended", id=chat_id)
    assert host.model.interactions[chat_id].end_date is not None
    perform(host, "inbound", media="email", party="omar@example.com", subject="Invoice")
    email = list(host.model.interactions.values())[-1]
    assert (email.media, email.subject, email.state) == ("email", "Invoice", "INVITED")


def test_outbound_push_and_preview_call():
    host = page_host()
    perform(host, "push-record", campaign="Renewals")
    preview = only_call(host)
    perform(host, "accept", id=preview["interactionId"])
    handle = agent_buttons(only_call(host))[0].arg
    perform(host, "call-record", id=preview["interactionId"], arg=handle)
    voice = [it for it in host.model.interactions.values() if it.media == "voice"]
    assert voice and voice[0].state == "DIALING"
    perform(host, "remote-answer", id=voice[0].interaction_id)
    assert voice[0].state == "TALKING"


def test_agent_state_connection_and_direct_push():
    host = page_host()
    subscribe(host, "agent", "system")
    out = perform(host, "agent-state", state="NotReadyBreak", media="")
    assert events(out, "agent") == [{"eventType": "STATE_CHANGED", "mediaState": "NOT_READY_ACTION_CODE",
                                     "reason": "Break", "reasonCode": "1511"}]
    out = perform(host, "agent-state", state="OUT_OF_SERVICE", media="chat")
    assert events(out, "agent")[0]["media"] == "chat"
    out = perform(host, "connection", arg="DOWN")
    assert events(out, "system") == [{"eventType": "REALTIME_CONNECTION", "state": "DOWN"}]
    perform(host, "direct-push", arg="start")
    assert host.model.direct_push_active
    perform(host, "direct-push", arg="stop")
    assert not host.model.direct_push_active


def test_a_toast_button_goes_back_to_the_frame_that_opened_the_toast():
    host = page_host()
    host.attach_frame("frame2", EXTENSION, "Monitor")
    subscribe(host, "system")
    subscribe(host, "system", frame="frame2")
    toast_id = request(host, "system.popupToast", {"title": "T", "buttons": ["Yes", "No"]})["data"]
    out = perform(host, "toast-button", toast=toast_id, arg="1")
    assert out == [("frame1", {"event": "system", "userAgent": "WWE Server", "protocolVersion": 2, "data": {
        "eventType": "CUSTOM_TOAST_BUTTON_CLICK", "customToastId": toast_id, "buttonIndex": 1}})]
    assert host.model.toasts == {}
    closed = request(host, "system.popupToast", {"title": "U"})["data"]
    assert perform(host, "toast-close", toast=closed) == [] and host.model.toasts == {}
    dialog = request(host, "system.openDialog", "https://example.com/d", {})["data"]
    perform(host, "dialog-close", dialog=dialog)
    assert host.model.dialogs == {}


def test_refusals_are_reported_and_the_events_before_them_still_routed():
    host = page_host()
    subscribe(host, "markdone")
    perform(host, "inbound", media="voice", party="")
    call_id = only_call(host)["interactionId"]
    assert run(host, "hold", {"id": call_id})[1] == f"Error: Cannot hold interaction {call_id} in state RINGING."
    perform(host, "answer", id=call_id)
    perform(host, "hang-up", id=call_id)
    request(host, "interaction.blockMarkdone", call_id, "Fill in the disposition first.")
    out, refusal = run(host, "mark-done", {"id": call_id})
    assert refusal == "Fill in the disposition first."
    assert events(out, "markdone") == [{"eventType": "MARKDONE_BLOCKED", "interactionId": call_id,
                                        "warningMessage": "Fill in the disposition first."}]


@pytest.mark.parametrize("name, fields, refusal", [
    ("fly", {}, "Unknown control 'fly'."),
    ("answer", {}, "Missing field 'id'."),
    ("answer", {"id": "404"}, "Error: Interaction not found."),
    ("toast-button", {"toast": "wweCustomToast0", "arg": "x"}, "invalid literal for int() with base 10: 'x'"),
    ("inbound", {"media": "fax"}, "Unknown media 'fax'."),
    ("inbound", {"media": "voice", "user_data": "oops"}, "Attached data: 'oops' is not key=value."),
    ("campaign", {"campaign": "Renewals", "arg": "load"}, "Error: Cannot load campaign 'Renewals': it is started."),
])
def test_refused_controls(name, fields, refusal):
    host = page_host()
    assert run(host, name, fields) == ([], refusal)
    assert host.model.interactions == {}


def test_a_key_error_from_the_model_is_a_bug_not_a_missing_field(monkeypatch):
    host = page_host()
    perform(host, "inbound", media="voice")
    call = only_call(host)["interactionId"]
    monkeypatch.setattr(voice, "release_unanswered", lambda *args: {}["a model bug"])
    assert run(host, "ring-no-answer", {}) == ([], "Missing field 'id'.")
    with pytest.raises(KeyError, match="a model bug"):
        run(host, "ring-no-answer", {"id": call})


def test_controls_and_scenario_steps_share_one_action_registry():
    assert set(ACTIONS) == set(ActionName)
    assert set(ACTIONS) - set(STEP_KINDS) == {"toast-button", "toast-close", "dialog-close"}
    assert set(STEP_KINDS) - set(ACTIONS) == {NOTE, EXTENSION_REQUEST}  # steps of the script only


def interaction_in(host: Host, media: str, accept: bool) -> dict[str, Any]:
    """A fresh chat/email/call routed to the agent, accepted (or answered) when ``accept``."""
    perform(host, "inbound", media=media, party="")
    wire = host.model.snapshot()["interactions"][-1]
    if accept:
        perform(host, "answer" if media == "voice" else "accept", id=wire["interactionId"])
        wire = host.model.snapshot()["interactions"][-1]
    return wire


@pytest.mark.parametrize("media, accept", [("chat", True), ("chat", False), ("email", True), ("email", False),
                                           ("voice", True), ("voice", False)])
def test_every_contact_centre_control_offered_is_accepted(media, accept):
    """Each button the page offers in the "Contact centre" row works in the state it is offered in."""
    offered = [b.action for b in centre_buttons(interaction_in(page_host(), media, accept))]
    assert offered and set(offered) <= set(ACTIONS)
    for action in offered:
        host = page_host()
        wire = interaction_in(host, media, accept)
        subscribe(host, "interaction")
        out = perform(host, action, id=wire["interactionId"])
        assert events(out, "interaction"), action


def test_chat_traffic_and_the_workbin_round_trip():
    host = page_host()
    subscribe(host, "interaction")
    chat_id = interaction_in(host, "chat", True)["interactionId"]
    said = [events(perform(host, "customer-writes", id=chat_id), "interaction")[0]["eventType"] for _ in range(2)]
    assert said == ["NEW_MESSAGE", "NEW_MESSAGE"]
    assert [line["text"] for line in host.model.find(chat_id).transcript] == list(CUSTOMER_LINES[:2])
    perform(host, "to-workbin", id=chat_id)
    (pull,) = workbin_buttons(host.model.snapshot()["workbin"])
    assert (pull.action, pull.arg) == ("from-workbin", chat_id)
    out = perform(host, "from-workbin", arg=chat_id)
    assert "PULLED" in [data["eventType"] for data in events(out, "interaction")]
    assert workbin_buttons(host.model.snapshot()["workbin"]) == []


# -- actions added for scenario scripts ------------------------------------------------------------------------

def test_attach_data_merges_key_values_and_announces_it():
    host = page_host()
    subscribe(host, "interaction")
    perform(host, "inbound", media="voice")
    call = only_call(host)["interactionId"]
    out = perform(host, "attach-data", id=call, user_data="Key3=Invoice 1042")
    assert [d["eventType"] for d in events(out, "interaction")] == ["ATTACHED_DATA_CHANGED"]
    assert only_call(host)["userData"]["Key3"] == "Invoice 1042"


def test_request_action_is_the_agent_using_workspace_screens():
    host = page_host()
    subscribe(host, "interaction")
    perform(host, "inbound", media="voice")
    call = only_call(host)["interactionId"]
    perform(host, "answer", id=call)
    out = perform(host, "request", request="voice.startCallRecording", parameters=f'["{call}"]')
    assert [d["eventType"] for d in events(out, "interaction")] == ["CALL_RECORDING_STATE_CHANGED"]
    for fields, refusal in [({"request": "voice.nope", "parameters": "[]"}, "Unknown request 'voice.nope'."),
                            ({"request": "voice.hold", "parameters": "{"}, "Parameters: not JSON"),
                            ({"request": "voice.hold", "parameters": "{}"}, "Parameters: must be a JSON array."),
                            ({"parameters": "[]"}, "Missing field 'request'.")]:
        assert run(host, "request", fields)[1].startswith(refusal)


def test_every_action_is_recorded_with_its_fields_and_outcome():
    host = page_host()
    perform(host, "inbound", media="chat")
    run(host, "answer", {"id": "404"})
    done, refused = [e for e in host.inspector if e.direction == "host" and "action" in e.message]
    assert (done.message, done.verdict) == ({"action": "inbound", "fields": {"media": "chat"}}, "done")
    assert (refused.message["action"], refused.verdict, refused.note) == ("answer", "refused",
                                                                          "Error: Interaction not found.")
    assert run(host, "no-such-control", {}) == ([], "Unknown control 'no-such-control'.")
    assert host.inspector[-1] is refused


def test_frame_changes_are_recorded_only_when_something_changes():
    host = page_host()
    assert host.update_frame("frame1", visible=True) == []
    host.update_frame("frame1", visible=False, frame_state="FOLLOWING")
    host.detach_frame("frame1")
    host.detach_frame("frame1")
    happenings = [e.message for e in host.inspector if e.direction == "host"]
    assert happenings == [{"attach": "frame1", "origin": EXTENSION, "name": "Agent"},
                          {"update": "frame1", "visible": False, "frame_state": "FOLLOWING"}, {"detach": "frame1"}]
    with pytest.raises(ValueError, match="frame state must be one of"):
        page_host().update_frame("frame1", visible=False, frame_state="BOSS")
