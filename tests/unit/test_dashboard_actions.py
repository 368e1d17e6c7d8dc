"""The dashboard's controls against the simulator's Host (real wwe.Service, real workspace.Host, sans-I/O)."""
from __future__ import annotations

import asyncio

from dashboard.actions import ACTIONS, start_status
from dashboard.controls import BY_ACTION
from workspace import Config
from wwe.scripted import ScriptedRequest

from .dashboard_support import ROOT, Workspace, perform, run, settle, started
from .test_dashboard_render import Inspector

DEFAULT_TOML = (ROOT / "scenario" / "default.toml").read_text(encoding="utf-8")
ORIGINS_LINE = '"service-client-api.accepted-web-content-origins" = "http://localhost:8001 (*, auth.getJwtToken)"'


def workspace_with(**replacements: str) -> Workspace:
    """The default scenario with some lines replaced (``old=new`` pairs given as keyword values ``(old, new)``)."""
    text = DEFAULT_TOML
    for old, new in replacements.values():
        assert old in text
        text = text.replace(old, new)
    return Workspace(Config.from_toml(text))


def notice_text(page, area: str) -> str:
    return Inspector(page[f"{area}-notice"]).text


async def inbound_call(workspace: Workspace, dashboard):
    interaction_id = workspace.perform(lambda model, ctx: model.inbound_call(ctx))
    await settle()
    return dashboard.state.interactions[interaction_id]


# --- start-up ----------------------------------------------------------------------------------------------------

@run
async def test_start_loads_every_panel_and_renders_them_once():
    dashboard, page = await started(Workspace())
    state = dashboard.state
    assert state.status.kind == "ready"
    assert state.agent.name == "Ada Lovelace" and state.agent.state["displayName"] == "Ready"
    assert set(state.agent.media) == {"voice", "chat", "email"}
    assert state.write_allowed == {"Key1", "Key3", "CustomerSegment"}
    assert state.jwt.allowed and state.call_results["BUSY"] == 6
    assert [c["name"] for c in state.campaigns] == ["Offer of the Month", "Renewals", "Win Back"]
    assert [f.element_id for f in page.applied if f.element_id == "panels"] == ["panels"]
    panels = page["panels"]
    assert "Ada Lovelace" in panels and 'value="NotReadyBreak"' in panels and "Loading the" not in panels
    assert 'id="jwt" class="panel" aria-labelledby="jwt-title">' in panels  # shown: the origin names auth.getJwtToken


@run
async def test_a_following_tab_s_dashboard_asks_its_frame_state_at_start_and_events_change_it_later():
    workspace = Workspace()
    dashboard, page = workspace.attach()
    workspace.session.update("f1", frame_state="FOLLOWING")   # told before the dashboard subscribed: never heard
    await dashboard.start()
    await settle()
    assert dashboard.state.frame_state == "FOLLOWING" and "Tab: FOLLOWING" in page["workspace-state"]
    workspace.session.update("f1", frame_state="LEADING")
    await settle()
    assert dashboard.state.frame_state == "LEADING"
    assert dashboard.state.frame_state_answered(False, "NEGOTIATING") == [] and dashboard.state.frame_state == "LEADING"


def test_every_data_action_in_the_templates_has_a_handler():
    actions = set()
    for template in (ROOT / "templates" / "dashboard").glob("*.html"):
        actions |= {value for name, value in Inspector(template.read_text()).attributes if name == "data-action"}
    actions = {a for a in actions if "{{" not in a} | set(BY_ACTION)
    assert actions <= set(ACTIONS), actions - set(ACTIONS)


@run
async def test_refused_origin_is_the_status_and_every_panel_says_so():
    workspace = workspace_with(origins=(ORIGINS_LINE, ORIGINS_LINE.replace("http://localhost:8001", "https://other.example")))
    dashboard, page = await started(workspace)
    assert dashboard.state.status.kind == "failed"
    assert "not allowed to use the Service Client API" in Inspector(page["status"]).text
    assert notice_text(page, "agent").startswith("Refused: The origin 'http://localhost:8001' is not allowed")
    assert "Refused:" in Inspector(page["panels"]).text


@run
async def test_filtered_origin_keeps_what_it_may_use():
    workspace = workspace_with(origins=(ORIGINS_LINE, ORIGINS_LINE.replace("(*, auth.getJwtToken)", "(agent.*, media.*)")))
    dashboard, page = await started(workspace)
    assert dashboard.state.status.kind == "ready" and "failed" in dashboard.state.status.text
    assert dashboard.state.agent.name == "Ada Lovelace"
    assert "is not allowed for the origin" in notice_text(page, "interactions")
    assert dashboard.state.write_allowed is None and not dashboard.state.jwt.allowed  # unknown: host still checks


def test_start_status_text():
    assert start_status([], 10) == ("ready", "Connected to Agent Workspace.")
    assert start_status([ValueError("x")] * 10, 10)[0] == "failed"


# --- agent state --------------------------------------------------------------------------------------------------

@run
async def test_state_switcher_sets_agent_and_media_state():
    dashboard, page = await started(Workspace())
    await perform(dashboard, "set-state", state="NotReadyBreak")
    assert dashboard.state.agent.state["displayName"] == "Not Ready - Break"
    assert "Not Ready - Break" in page["agent-summary"]
    await perform(dashboard, "set-state", state="Ready", media="chat")
    assert dashboard.state.agent.media["chat"]["displayName"] == "Ready"
    assert dashboard.state.agent.state["type"] == "PARTIAL_READY"
    await perform(dashboard, "set-state", state="NoSuchState")
    assert "Unknown state operation name" in notice_text(page, "agent")


@run
async def test_a_state_for_every_media_reloads_the_media_states_and_keeps_the_switcher():
    """An agent STATE_CHANGED without media does not say which media changed: the dashboard reads them again."""
    workspace = Workspace()
    dashboard, page = await started(workspace)
    await perform(dashboard, "set-state", state="NotReady", media="chat")
    assert dashboard.state.agent.state["type"] == "PARTIAL_READY"
    assert dashboard.state.agent.media["chat"]["type"] == "NOT_READY"
    workspace.perform(lambda model, ctx: model.set_agent_state(ctx, "DndOn", None))  # from the control panel
    await settle()
    assert {name: state["type"] for name, state in dashboard.state.agent.media.items()} == \
        {"voice": "DND_ON", "chat": "DND_ON", "email": "DND_ON"}
    assert page["agent-summary"].count("Do Not Disturb") == 4  # the agent and its three media
    await perform(dashboard, "set-state", state="Ready")
    assert {state["type"] for state in dashboard.state.agent.media.values()} == {"READY"}
    assert [f for f in page.applied if f.element_id == "agent-switcher"] == []  # the agent's choice stays put


# --- calls ----------------------------------------------------------------------------------------------------------

@run
async def test_call_controls_follow_the_call_through_its_life():
    workspace = Workspace()
    dashboard, page = await started(workspace)
    call = await inbound_call(workspace, dashboard)
    key = call.key
    assert "Kate Smith" in page[key] and 'data-action="answer"' in page[key] and 'data-action="hold"' not in page[key]
    for action, state, shown in (("answer", "TALKING", "hold"), ("hold", "HELD", "resume"),
                                 ("resume", "TALKING", "hang-up"), ("hang-up", "IDLE", "mark-done")):
        await perform(dashboard, action, key)
        assert call.state == state, action
        assert f'data-action="{shown}"' in page[key], action
        assert notice_text(page, key) == ""
    await perform(dashboard, "mark-done", key)
    assert call.id not in dashboard.state.interactions and key not in page.elements


@run
async def test_refused_call_control_shows_next_to_the_call():
    workspace = Workspace()
    dashboard, page = await started(workspace)
    call = await inbound_call(workspace, dashboard)
    await perform(dashboard, "hold", call.key)  # ringing: no HOLD capability
    assert notice_text(page, call.key) == f"Failed: Error: Cannot hold interaction {call.id} in state RINGING."


@run
async def test_recording_controls_follow_recording_state():
    workspace = Workspace()
    dashboard, page = await started(workspace)
    call = await inbound_call(workspace, dashboard)
    await perform(dashboard, "answer", call.key)
    for action, recording, shown in (("start-recording", "RECORDING", "pause-recording"),
                                     ("pause-recording", "PAUSED", "resume-recording"),
                                     ("resume-recording", "RECORDING", "stop-recording"),
                                     ("stop-recording", "STOPPED", "start-recording")):
        await perform(dashboard, action, call.key)
        assert call.recording_state == recording, action
        assert f'data-action="{shown}"' in page[call.key]
    assert "interaction CALL_RECORDING_STATE_CHANGED" in page.text()


@run
async def test_dial_and_its_validation():
    workspace = Workspace()
    dashboard, page = await started(workspace)
    await perform(dashboard, "dial", destination="  ")
    assert notice_text(page, "dial") == "Invalid input: Phone number is required."
    await perform(dashboard, "dial", destination="+33647005")
    (call,) = dashboard.state.interactions.values()
    assert call.state == "DIALING" and call.contact_name == "Omar Haddad"
    workspace.advance(3)  # the remote party answers
    await settle()
    assert call.state == "TALKING" and notice_text(page, "dial") == ""


@run
async def test_rate_limit_then_timeout_show_next_to_the_control():
    workspace = workspace_with(dial=('"service-client-api.rate-limit.voice.dial" = 10',
                                     '"service-client-api.rate-limit.voice.dial" = 1'))
    dashboard, page = await started(workspace)
    await perform(dashboard, "dial", destination="5001")
    await perform(dashboard, "dial", destination="5002")
    assert notice_text(page, "dial").startswith("Rate limited: The rate limit for the request 'voice.dial'")
    pending = asyncio.ensure_future(perform(dashboard, "dial", destination="5003"))  # quarantined: no answer
    await settle()
    workspace.advance(10)
    await pending
    assert notice_text(page, "dial").startswith("Timed out: voice.dial: no answer from Agent Workspace")


# --- details and attached data ------------------------------------------------------------------------------------

@run
async def test_attached_data_edit_and_delete_follow_write_allowed():
    workspace = Workspace()
    dashboard, page = await started(workspace)
    call = await inbound_call(workspace, dashboard)
    await perform(dashboard, "set-user-data", call.key, key="Key1", value="first")
    assert call.user_data["Key1"] == "first"
    data = page["interaction-data"]
    assert 'data-arg="Key1"' in data and 'value="first"' in data
    assert "IW_CaseUid" in data and 'data-arg="IW_CaseUid"' not in data  # readable, not writable: no controls
    await perform(dashboard, "set-user-data", call.key, key="Key2", value="x")
    assert notice_text(page, "details").startswith("Invalid input: The key 'Key2' is not writable here")
    await perform(dashboard, "delete-user-data", call.key, "Key1")
    assert "Key1" not in call.user_data
    await perform(dashboard, "delete-user-data", call.key, "IW_CaseUid")
    assert notice_text(page, "details") == "Refused: Writing the user data key 'IW_CaseUid' is not allowed."


@run
async def test_a_lessons_scripted_request_is_sent_as_the_dashboards_and_the_hosts_refusal_logged():
    workspace = Workspace()
    dashboard, page = await started(workspace)
    call = await inbound_call(workspace, dashboard)
    dashboard.on_scripted(ScriptedRequest("interaction.setUserData", [call.id, {"Key2": "x"}], 4).to_text())
    await settle()
    assert "Key2" not in call.user_data                      # not written: the host refused, not the dashboard
    failure = dashboard.state.log[0]
    assert (failure.kind, failure.title) == ("failure", "interaction.setUserData")
    assert "Writing the user data key 'Key2' is not allowed." in failure.detail
    assert f'id="log-{failure.number}"' in page.text()      # shown in the event log
    dashboard.on_scripted(ScriptedRequest("interaction.setUserData", [call.id], 5).to_text())  # a missing argument
    dashboard.on_scripted("wweAnything else")               # no scripted request: ignored
    await settle()
    assert dashboard.state.log[0].kind == "failure" and "missing" in dashboard.state.log[0].detail.lower()
    sent = [e.message for e in workspace.host.inspector if e.direction == "in" and e.message.get("request")
            == "interaction.setUserData"]
    assert len(sent) == 1


@run
async def test_selecting_an_interaction_and_its_case():
    workspace = Workspace()
    dashboard, page = await started(workspace)
    first = await inbound_call(workspace, dashboard)
    second = await inbound_call(workspace, dashboard)
    assert dashboard.state.selected == first.id
    await perform(dashboard, "select-interaction", second.key)
    assert second.title in page["interaction-details"] and 'aria-pressed="true"' in page[second.key]
    await perform(dashboard, "select-case", second.key)
    assert second.data["isCaseSelected"] and not first.data["isCaseSelected"]
    assert "(selected)" in page["interaction-facts"]


# --- toasts ---------------------------------------------------------------------------------------------------------

@run
async def test_toast_compose_update_click_and_close():
    workspace = Workspace()
    dashboard, page = await started(workspace)
    await perform(dashboard, "popup-toast", title="Callback", message="Call Kate", keyValues="Key1=v1",
                  buttons="Call, Later", autoClose="")
    (toast,) = dashboard.state.toasts.values()
    assert workspace.host.model.toasts[toast.toast_id].parameters["buttons"] == ["Call", "Later"]
    await perform(dashboard, "update-toast", toast.key, message="Call Kate now")
    assert workspace.host.model.toasts[toast.toast_id].parameters["message"] == "Call Kate now"
    workspace.perform(lambda model, ctx: model.click_toast_button(ctx, toast.toast_id, 1))
    await settle()
    assert toast.clicks[-1][1] == "Later" and "clicked “Later”" in page[toast.key]
    assert 'data-action="close-toast"' not in page[toast.key]


@run
async def test_toast_close_and_form_errors():
    workspace = Workspace()
    dashboard, page = await started(workspace)
    await perform(dashboard, "popup-toast", title="Hi", autoClose="soon")
    assert notice_text(page, "toasts") == "Invalid input: Close automatically after: enter a number of seconds."
    await perform(dashboard, "popup-toast", title="Hi", autoClose="1")
    (toast,) = dashboard.state.toasts.values()
    workspace.advance(2)  # auto-closed by Workspace
    await perform(dashboard, "close-toast", toast.key)
    assert notice_text(page, toast.key) == "This toast was already closed." and not toast.open


# --- messenger ------------------------------------------------------------------------------------------------------

@run
async def test_two_dashboards_talk_on_a_channel():
    workspace = Workspace()
    alice, alice_page = await started(workspace, "f1")
    bob, bob_page = await started(workspace, "f2")
    await perform(alice, "join-channel", channel="team")
    await perform(bob, "join-channel", channel="team")
    (alice_channel,), (bob_channel,) = alice.state.channels.values(), bob.state.channels.values()
    await perform(alice, "broadcast", alice_channel.key, message='{"text": "<b>hello</b>"}')
    assert [m.payload for m in bob_channel.messages] == [{"text": "<b>hello</b>"}]
    assert "&lt;b&gt;hello&lt;/b&gt;" in bob_page[f"{bob_channel.key}-log"]
    await perform(bob, "leave-channel", bob_channel.key)
    await perform(alice, "broadcast", alice_channel.key, message='{"text": "still there?"}')
    assert bob.state.channels == {} and bob_channel.key not in bob_page.elements
    assert len(alice_channel.messages) == 2  # the sender is subscribed too
    await perform(alice, "broadcast", alice_channel.key, message="[1, 2]")
    assert notice_text(alice_page, alice_channel.key) == \
        'Invalid input: Message: write a JSON object, such as {"text": "hello"}.'
    await perform(alice, "join-channel", channel="team")
    assert "already joined" in notice_text(alice_page, "messenger")


# --- outbound preview -----------------------------------------------------------------------------------------------

@run
async def test_outbound_preview_record_fields_call_result_and_reschedule():
    workspace = Workspace()
    dashboard, page = await started(workspace)
    await perform(dashboard, "get-preview-record", campaign="Offer of the Month")
    (preview,) = dashboard.state.outbound_records
    area = f"{preview.key}-preview"
    assert preview.state == "PREVIEWING" and 'data-action="call-record"' in page[area]
    await perform(dashboard, "load-record-fields", preview.key)
    assert "Phone Type" in page[area]
    await perform(dashboard, "update-record-field", preview.key, "Custom_Integer", value="nine")
    assert notice_text(page, area) == "Invalid input: Custom integer: enter a number."
    await perform(dashboard, "update-record-field", preview.key, "Custom_Integer", value="9")
    assert notice_text(page, area).startswith("Custom integer saved")
    await perform(dashboard, "reschedule", preview.key, date="2000-01-01T10:00", callbackType="PERSONAL")
    assert "is not in the future" in notice_text(page, area)
    await perform(dashboard, "reschedule", preview.key, date="2099-01-01T10:00", callbackType="PERSONAL")
    assert notice_text(page, area).startswith("Rescheduled at 01/01/2099 10:00")
    await perform(dashboard, "call-record", preview.key)
    (call,) = dashboard.state.outbound_records  # pull preview: the record interaction is replaced by the call
    assert call.media == "voice" and call.state == "DIALING" and area not in page.elements
    await perform(dashboard, "set-call-result", call.key, result="BUSY")
    assert notice_text(page, f"{call.key}-preview") == "Call result set (6)."


@run
async def test_reject_record_and_direct_push():
    workspace = Workspace()
    dashboard, page = await started(workspace)
    await perform(dashboard, "get-preview-record", campaign="Offer of the Month")
    (preview,) = dashboard.state.outbound_records
    await perform(dashboard, "reject-record", preview.key)
    assert preview.state == "REJECTED" and 'data-action="mark-done"' in page[preview.key]
    await perform(dashboard, "get-preview-record", campaign="Renewals")
    assert "does not deliver records this way" in notice_text(page, "outbound")
    await perform(dashboard, "start-direct-push")
    assert notice_text(page, "outbound") == "Direct push preview started."
    pushed = [ix for ix in dashboard.state.outbound_records if ix.state == "INVITED"]
    assert pushed and 'data-action="accept"' in page[pushed[0].key]


# --- JWT and log ----------------------------------------------------------------------------------------------------

@run
async def test_jwt_panel_gets_a_token_and_shows_its_claims():
    dashboard, page = await started(Workspace())
    await perform(dashboard, "get-jwt")
    assert dashboard.state.jwt.claims["sub"] == "ada.lovelace"
    token = dashboard.state.jwt.token["jwtToken"]
    assert "ada.lovelace" in page["jwt"] and token in page["jwt"]
    assert not [f for f in page.applied if f.element_id.startswith("log-") and token in f.html]  # a credential


@run
async def test_log_filter_shows_failures_only():
    workspace = Workspace()
    dashboard, page = await started(workspace)
    await perform(dashboard, "set-state", state="Nope")
    await perform(dashboard, "filter-log", value="failure")
    log = Inspector(page["event-log"]).text
    assert "agent.setState" in log and "agent.get" not in log.replace("agent.setState", "")
