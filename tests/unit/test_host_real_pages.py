"""What pages written for the official JavaScript client send, accepted as SPEC-NOTES §11.1 and D3, D15-D18 say.

Every message here is built the way §11/§11.1 describe the official client, not the way our own client builds it:
no ``parameters`` key for methods without parameters, referenceIds from "0", ``sendMessage`` with any name.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.unit.test_host_protocol import EXTENSION, make_host
from workspace.config import Config
from workspace.host import Host, journal

SPEC = json.loads((Path(__file__).resolve().parents[2] / "spec" / "scapi-spec.json").read_text(encoding="utf-8"))
NO_ARGUMENT = sorted(f"{ns}.{name}" for ns, table in SPEC["namespaces"].items() for name, method in table["methods"].items()
                     if not [p for p in method["params"] if p.get("wire", True)])
SIP_ENDPOINT = [f"sipEndpoint.{name}" for name in ("isMicrophoneMute", "muteMicrophone", "unmuteMicrophone",
                                                   "isSpeakerMute", "muteSpeaker", "unmuteSpeaker")]
SERVER = {"userAgent": "WWE Server", "protocolVersion": 2}
ORIGIN = "https://crm.example"


class OfficialPage:
    """A frame that posts what the official client's ``sendMessage`` posts (§11.1): a referenceId counting from
    "0" on every message, userAgent, protocolVersion and, once known, the frameId."""

    def __init__(self, host: Host, frame_id: str = "f1") -> None:
        self.host, self.frame_id, self.count = host, frame_id, 0
        host.attach_frame(frame_id, ORIGIN, "Sample")

    def send_message(self, message: dict[str, Any]) -> list[dict[str, Any]]:
        """genesys.wwe.service.sendMessage(message): the messages the host posts back to this frame."""
        stamped = {**message, "referenceId": str(self.count), "userAgent": "WWE Client", "protocolVersion": 2,
                   "frameId": self.frame_id}
        self.count += 1
        return [m for frame, m in self.host.receive(self.frame_id, ORIGIN, stamped) if frame == self.frame_id]

    def reply(self, message: dict[str, Any]) -> dict[str, Any]:
        """The one reply to ``message`` (events it caused are left out)."""
        [reply] = [m for m in self.send_message(message) if "referenceId" in m]
        return reply


def sample_host(**options: str) -> Host:
    """The real contact centre, the page's origin accepted with everything (``*, auth.getJwtToken``)."""
    return Host(Config.from_dict({"interaction-workspace": {
        "service-client-api.accepted-web-content-origins": f"{ORIGIN} (*, auth.getJwtToken)", **options}}))


def last_in(host: Host) -> journal.InspectorEntry:
    return [e for e in host.inspector if e.direction == "in"][-1]


def test_the_spec_lists_the_no_argument_methods_the_notes_name():
    assert {"agent.get", "agent.getState", "agent.getStateList", "interaction.getInteractions", "media.getMediaList",
            "system.getAllowedServices", "system.triggerActivity", "auth.getJwtToken"} <= set(NO_ARGUMENT)


@pytest.mark.parametrize("request_name", NO_ARGUMENT + SIP_ENDPOINT)
@pytest.mark.parametrize("shape", ["no parameters key", "parameters null", "parameters []"])
def test_no_argument_methods_are_answered_in_every_shape_real_pages_send(request_name, shape):
    """D3: no ``parameters`` key (the official client) and ``null`` mean no parameters, as ``[]`` does."""
    host = sample_host()
    page = OfficialPage(host)
    message: dict[str, Any] = {"request": request_name}
    if shape != "no parameters key":
        message["parameters"] = None if shape == "parameters null" else []
    reply = page.reply(message)
    assert reply["request"] == request_name and reply["referenceId"] == "0"
    assert last_in(host).verdict != journal.MALFORMED
    assert "Malformed" not in reply.get("errorMessage", "")


def test_no_argument_methods_succeed_without_a_parameters_key():
    """The calls the Genesys samples make first, each with the data a page reads (§11.1)."""
    host = sample_host()
    page = OfficialPage(host)
    agent = page.reply({"request": "agent.get"})
    assert set(agent) == {"request", "referenceId", "data", *SERVER} and agent["referenceId"] == "0"
    assert {"username", "firstname", "lastname", "employeeId"} <= set(agent["data"])
    states = page.reply({"request": "agent.getStateList"})["data"]
    assert {"operationName", "displayName"} <= set(states[0])
    media = page.reply({"request": "media.getMediaList"})["data"]
    assert all(item["media"] == item["name"] and "displayName" in item["state"] for item in media)  # D17
    assert page.reply({"request": "interaction.getInteractions"})["data"] == []
    assert "agent.get" in page.reply({"request": "system.getAllowedServices"})["data"]
    assert page.reply({"request": "system.triggerActivity"}) == {"request": "system.triggerActivity",
                                                                 "referenceId": "5", "data": None, **SERVER}


@pytest.mark.parametrize("parameters", [None, []])
def test_send_message_with_an_undocumented_name_is_an_unknown_request(parameters):
    """§11.1: real pages call sendMessage with names such as voice.pauseRecording: D3's answer, never Malformed."""
    host = sample_host()
    page = OfficialPage(host)
    message = {"request": "voice.pauseRecording"} if parameters is None else {"request": "voice.pauseRecording",
                                                                             "parameters": parameters}
    assert page.reply(message) == {"request": "voice.pauseRecording", "referenceId": "0",
                                   "errorMessage": "Unknown request 'voice.pauseRecording'.", **SERVER}
    assert last_in(host).verdict == journal.ERROR


@pytest.mark.parametrize(("parameters", "named"), [({"a": 1}, "an object"), ("Ready", "a string"), (7, "a number"),
                                                   (True, "a boolean")])
def test_only_a_parameters_value_that_is_present_and_not_an_array_is_malformed(parameters, named):
    host = sample_host()
    page = OfficialPage(host)
    reply = page.reply({"request": "agent.setState", "parameters": parameters})
    assert reply["errorMessage"] == f"Malformed message: 'parameters' must be an array, got {named}."
    assert last_in(host).verdict == journal.MALFORMED
    assert host.model.agent_state["operationName"] == "Ready"


def test_a_method_with_parameters_sent_without_them_names_the_missing_one():
    host = sample_host()
    reply = OfficialPage(host).reply({"request": "agent.setState"})
    assert reply["errorMessage"] == "Error: Missing parameter 'stateOperationName'."


REAL_SUBSCRIPTIONS = [["agent", "interaction", "media", "system", "markdone"], ["agent", "interaction", "media", "system"],
                      "media", "markdone", ["outbound", "messenger:crm"]]


@pytest.mark.parametrize("names", REAL_SUBSCRIPTIONS)
def test_the_subscriptions_real_pages_make_succeed(names):
    """D15 with the lists of Genesys' samples: answered with a subscriptionId, nothing marked unknown."""
    host = sample_host()
    reply = OfficialPage(host).reply({"event": "subscribe", "data": names})
    assert reply == {"request": "subscribe", "referenceId": "0", "subscriptionId": "1",
                     "data": [names] if isinstance(names, str) else names, **SERVER}
    assert (last_in(host).verdict, last_in(host).note) == (journal.ANSWERED, "")


def test_an_unknown_name_in_a_subscribe_is_kept_marked_and_never_receives_an_event():
    host = sample_host()
    page = OfficialPage(host)
    assert "subscriptionId" in page.reply({"event": "subscribe", "data": ["agent", "agentt", "Media"]})
    assert last_in(host).note == "unknown event name 'agentt'; unknown event name 'Media'"
    events = page.send_message({"request": "agent.setState", "parameters": ["NotReady"]})
    assert sorted({m["event"] for m in events if "event" in m}) == ["agent"]


@pytest.mark.parametrize(("names", "why"), [([], "no name"), (["agent", None], "a name that is not a string"),
                                            ([["agent"]], "a name that is not a string"), (None, "no name")])
def test_a_subscribe_with_no_name_or_a_non_string_name_is_refused_and_subscribes_nothing(names, why):
    host = sample_host()
    page = OfficialPage(host)
    reply = page.reply({"event": "subscribe", "data": names})
    assert reply["errorMessage"] == "Malformed message: 'data' of subscribe must be a name or a non-empty array of names."
    assert host.held_for("f1")["subscriptions"] == []


def test_an_unsubscribe_that_carries_a_reference_id_removes_the_subscription():
    """§11.1: unsubscribe goes through sendMessage too, so it carries a referenceId; it is not answered (§11)."""
    host = sample_host()
    page = OfficialPage(host)
    subscription = page.reply({"event": "subscribe", "data": ["agent", "media"]})["subscriptionId"]
    assert page.send_message({"event": "unsubscribe", "data": subscription}) == []
    assert last_in(host).verdict == journal.ANSWERED
    assert host.held_for("f1")["subscriptions"] == []
    assert [m for m in page.send_message({"request": "agent.setState", "parameters": ["NotReady"]}) if "event" in m] == []


def test_media_events_reach_media_subscribers():
    """D16: ``{"event": "media", "data": {"eventType": "STATE_CHANGED", "media": <Media>}}``, besides ``agent``."""
    host = sample_host()
    page = OfficialPage(host)
    page.reply({"event": "subscribe", "data": ["agent", "interaction", "media", "system", "markdone"]})
    events = [m for m in page.send_message({"request": "media.setState", "parameters": ["voice", "NotReady"]})
              if "event" in m]
    media = [m for m in events if m["event"] == "media"]
    assert [m["data"]["media"]["name"] for m in media] == ["voice"]
    assert media[0] == {"event": "media", "data": {"eventType": "STATE_CHANGED", "media": {
        "name": "voice", "media": "voice", "state": {"type": "NOT_READY", "displayName": "Not Ready",
                                                     "operationName": "NotReady"}}}, **SERVER}
    assert {m["event"] for m in events} == {"agent", "media"}


def test_dial_with_attached_data_outside_write_allowed_attaches_it():
    """Amended D8 with §11.1's sample: ``voice.dial(number, {CRMCaseId: ...})`` although write-allowed lists
    only Key1; setUserData stays checked; read-allowed filters what is read back."""
    host = sample_host(**{"service-client-api.user-data.write-allowed": "Key1",
                          "service-client-api.user-data.read-allowed": "CRMCaseId,Key1"})
    page = OfficialPage(host)
    assert page.reply({"request": "voice.dial", "parameters": ["5551234", {"CRMCaseId": "C-1", "Secret": "s"}]})["data"] \
        is None
    [call] = page.reply({"request": "interaction.getInteractions"})["data"]
    assert call["userData"] == {"CRMCaseId": "C-1"}
    found = page.reply({"request": "interaction.getByInteractionId", "parameters": [call["interactionId"]]})["data"]
    assert found["media"] == "voice" and found["userData"]["CRMCaseId"] == "C-1"
    refused = page.reply({"request": "interaction.setUserData", "parameters": [call["interactionId"], {"CRMCaseId": "x"}]})
    assert refused["errorMessage"] == "Writing the user data key 'CRMCaseId' is not allowed."
    assert host.model.interactions[call["interactionId"]].user_data["CRMCaseId"] == "C-1"
    assert "data" in page.reply({"request": "interaction.setUserData", "parameters": [call["interactionId"], {"Key1": "v"}]})


def test_dial_with_a_callback_in_place_of_user_data_sends_null_and_succeeds():
    """§11.1: ``voice.dial(number, callback)`` sends ``[number, null]``."""
    host = sample_host()
    page = OfficialPage(host)
    assert "data" in page.reply({"request": "voice.dial", "parameters": ["5551234", None]})
    assert "data" in page.reply({"request": "email.create", "parameters": ["kate@example.com", None]})


def test_toasts_as_the_samples_use_them():
    """D18: the first toast is wweCustomToast0; the samples then update and close it by that id."""
    host = sample_host()
    page = OfficialPage(host)
    page.reply({"event": "subscribe", "data": ["system"]})
    toast = page.reply({"request": "system.popupToast", "parameters": [{
        "title": "Sample", "subject": "Hello", "message": "Line 1\r\nLine 2", "buttonShowDismiss": True,
        "autoCloseTimeout": 0, "sendToMyMessage": False, "keyValues": {"k": "v"}, "iconUrl": "https://x/i.png"}]})
    assert toast["data"] == "wweCustomToast0"
    assert host.model.toasts["wweCustomToast0"].parameters["message"] == "Line 1\r\nLine 2"
    assert page.reply({"request": "system.updateToast", "parameters": ["wweCustomToast0", {"title": "T2"}]})["data"] is True
    out = host.perform(lambda ctx: host.model.click_toast_button(ctx, "wweCustomToast0", 0))  # Show
    assert [m["data"] for _, m in out] == [{"eventType": "CUSTOM_TOAST_BUTTON_CLICK", "customToastId": "wweCustomToast0",
                                            "buttonIndex": 0}]
    assert page.reply({"request": "system.closeToast", "parameters": ["wweCustomToast0"]})["data"] is False  # gone
    assert page.reply({"request": "system.popupToast", "parameters": [{"buttons": ["Yes", "No"]}]})["data"] \
        == "wweCustomToast1"


def test_the_old_make_host_model_accepts_a_request_with_no_parameters_key():
    """The same rule with the recording model of the host protocol tests (what the model received)."""
    host, model, _ = make_host()
    host.attach_frame("f1", EXTENSION, "x")
    host.receive("f1", EXTENSION, {"request": "agent.get", "referenceId": "0"})
    assert model.calls == [("agent.get", [])]
