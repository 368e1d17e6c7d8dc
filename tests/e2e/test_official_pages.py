"""A page written for Genesys' official JavaScript client works in the simulator unchanged (issue 12).

The page (tests/e2e/pages/genesys_sample.html) is in the style of Genesys' own samples: plain JavaScript, one button
per method, a field with the last reply and one with the last event. Its client (tests/e2e/js/official_client.js)
behaves as SPEC-NOTES §11/§11.1 describe the official one. The simulator (127.0.0.1) and the page (localhost) are two
sites. Every step is written from §11, §11.1 and DECISIONS D1-D3, D8, D15-D19, and checks the exact reply shape:
callbacks get ``{request, data | errorMessage, userAgent: "WWE Server", protocolVersion: 2}`` without referenceId.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import screenshot
from .test_boot import BOOT_TIMEOUT_MS

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
PAGE = HERE / "pages" / "genesys_sample.html"
CLIENT = HERE / "js" / "official_client.js"
VIEW = "Sample"
WRITE_ALLOWED = ["Allowed1", "Allowed2"]  # CRMCaseId is deliberately not listed (D8 amended: dial attaches it anyway)
SUBSCRIBE_ALL = ["agent", "interaction", "media", "system", "markdone"]  # §11.1, D15


def scenario(site) -> str:
    origin = site.extension_origin
    return f"""
[interaction-workspace]
"service-client-api.accepted-web-content-origins" = "{origin} (*, auth.getJwtToken)"
"service-client-api.user-data.write-allowed" = "{', '.join(WRITE_ALLOWED)}"
"interaction.web-content" = ["{VIEW}"]

[{VIEW}]
url = "{origin}/sample/genesys_sample.html"
label = "WWE Service Client API Sample"

[scenario.timers]
remote_answer_after = 0.3
"""


class Sample:
    """The sample page inside the simulator, driven as a person would: fill the parameters, press the button."""

    def __init__(self, page, frame, frame_id: str) -> None:
        self.page, self.frame, self.frame_id = page, frame, frame_id

    def _wait_reply(self, before: int) -> dict:
        # polling on a timer: the default (requestAnimationFrame) never runs in a collapsed (display: none) view
        self.frame.wait_for_function(f"sample.replies.length > {before}", polling=50, timeout=15_000)  # client: 10 s
        return self.frame.evaluate(f"sample.replies[{before}]")

    def call(self, request: str, *params, by_script: bool = False) -> dict:
        """Press the method's button with ``params`` in the parameters field; the reply a callback got."""
        before = self.frame.evaluate("sample.replies.length")
        if by_script:  # the view is collapsed (display: none): a script presses the button
            self.frame.evaluate("([p, r]) => { document.getElementById('parameters').value = p; "
                                "document.querySelector(`button[data-request='${r}']`).click(); }",
                                [json.dumps(list(params)), request])
        else:
            self.frame.fill("#parameters", json.dumps(list(params)))
            self.frame.click(f"button[data-request='{request}']")
        return self._wait_reply(before)

    def send(self, message: dict) -> dict:
        """genesys.wwe.service.sendMessage(message, ...) from the page's sendMessage field."""
        before = self.frame.evaluate("sample.replies.length")
        self.frame.fill("#message", json.dumps(message))
        self.frame.click("#sendMessage")
        return self._wait_reply(before)

    def subscribe(self, names: list[str]) -> dict:
        """Press subscribe; wait for the host's reply to it and return it (as the host sent it)."""
        self.frame.fill("#eventNames", json.dumps(names))
        sent = len(self.wire_in())
        self.frame.click("#subscribe")
        self.page.wait_for_function(
            f"JSON.parse(wweSimulator.session_json()).filter(e => e.direction === 'in' && e.frame === {self.frame_id!r})"
            f".length > {sent}")
        message = self.wire_in()[sent]
        assert message["event"] == "subscribe"
        reference = message["referenceId"]
        self.page.wait_for_function(
            "r => JSON.parse(wweSimulator.session_json()).some(e => e.direction === 'out' && e.message.referenceId === r)",
            arg=reference)
        return next(m for m in self.wire_out() if m.get("referenceId") == reference)

    def events(self, name: str | None = None) -> list[dict]:
        events = self.frame.evaluate("sample.events")
        assert all(e["thisIsContext"] for e in events), "a callback was called without this = context (§11.1)"
        return [e["message"] for e in events if name is None or e["message"]["event"] == name]

    def session(self) -> list[dict]:
        return json.loads(self.page.evaluate("wweSimulator.session_json()"))

    def wire_in(self) -> list[dict]:
        """What the host received from the page, in order."""
        return [e["message"] for e in self.session() if e["direction"] == "in" and e["frame"] == self.frame_id]

    def wire_out(self) -> list[dict]:
        """What the host sent to the page, in order."""
        return [e["message"] for e in self.session() if e["direction"] == "out" and e["frame"] == self.frame_id]


@pytest.fixture
def sample(site, context, page) -> Sample:
    context.route(f"{site.extension_origin}/sample/genesys_sample.html",
                  lambda route: route.fulfill(path=str(PAGE), content_type="text/html"))
    context.route(f"{site.extension_origin}/sample/official_client.js",
                  lambda route: route.fulfill(path=str(CLIENT), content_type="text/javascript"))
    context.route(f"{site.workspace_origin}/test-scenario.toml",
                  lambda route: route.fulfill(body=scenario(site), content_type="application/toml"))
    page.goto(site.simulator_url("scenario=/test-scenario.toml"))
    page.wait_for_function("document.getElementById('host-status').dataset.state === 'ready'", timeout=BOOT_TIMEOUT_MS)
    # the host has told the frame its id (§11 Frame id assignment)
    page.wait_for_function("JSON.parse(wweSimulator.session_json()).some(e => e.direction === 'out' && "
                           "e.message.frameId !== undefined && e.message.referenceId === undefined)",
                           timeout=BOOT_TIMEOUT_MS)
    session = json.loads(page.evaluate("wweSimulator.session_json()"))
    frame_id = next(e["message"]["frameId"] for e in session if e["direction"] == "out" and "frameId" in e["message"])
    frame = next(f for f in page.frames if f.url.startswith(f"{site.extension_origin}/sample/"))
    frame.wait_for_function("typeof sample === 'object' && document.querySelectorAll('#methods button').length > 70")
    return Sample(page, frame, frame_id)


# ---------------------------------------------------------------- reply shapes (D1)

def ok(result: dict, request: str):
    """The success callback got exactly {request, data, userAgent, protocolVersion}; returns data."""
    assert result["callback"] == "succeeded", result
    reply = result["reply"]
    assert sorted(reply) == ["data", "protocolVersion", "request", "userAgent"], reply
    assert (reply["request"], reply["userAgent"], reply["protocolVersion"]) == (request, "WWE Server", 2), reply
    return reply["data"]


def failed(result: dict, request: str, error: str | None = None) -> str:
    """The failure callback got exactly {request, errorMessage, userAgent, protocolVersion}; returns errorMessage."""
    assert result["callback"] == "failed", result
    reply = result["reply"]
    assert sorted(reply) == ["errorMessage", "protocolVersion", "request", "userAgent"], reply
    assert (reply["request"], reply["userAgent"], reply["protocolVersion"]) == (request, "WWE Server", 2), reply
    if error is not None:
        assert reply["errorMessage"] == error
    return reply["errorMessage"]


def assert_refused_write(result: dict, request: str, refused: str, allowed: str | None = None) -> None:
    """D8: the write fails as a whole with an error naming the refused key (and not an allowed one)."""
    error = failed(result, request)
    assert f"'{refused}'" in error and "not allowed" in error, error
    assert allowed is None or allowed not in error, error


# ---------------------------------------------------------------- steps

def test_every_no_argument_method_succeeds_and_sends_no_parameters(sample):
    """§11.1: no-argument methods send no `parameters` key; D3: the host answers them. referenceIds from "0"."""
    methods = sample.frame.evaluate("Object.entries(genesys.wwe.service.METHODS).flatMap(([ns, m]) => "
                                    "Object.entries(m).filter(([, p]) => p.length === 0).map(([n]) => ns + '.' + n))")
    assert {"agent.get", "agent.getState", "agent.getStateList", "interaction.getInteractions", "media.getMediaList",
            "system.getAllowedServices", "system.triggerActivity", "sipEndpoint.isMicrophoneMute",
            "sipEndpoint.muteSpeaker"} <= set(methods)
    failures = {}
    for request in methods:
        if request in ("outbound.rejectPreviewRecord", "outbound.cancelPreviewRecord"):
            # both act on the agent's current preview record (D4): take one first
            ok(sample.call("outbound.getPreviewRecord", "Offer of the Month"), "outbound.getPreviewRecord")
        result = sample.call(request)
        try:
            ok(result, request)
        except AssertionError:
            failures[request] = result
    assert failures == {}

    assert sample.frame.locator("#agent").inner_text() == "Ada Lovelace (ada.lovelace, 1001)"
    assert json.loads(sample.frame.locator("#lastReply").inner_text().split("\n", 1)[1])["request"] == methods[-1]

    # the sipEndpoint.* names are the voice mute methods (D4)
    ok(sample.call("sipEndpoint.muteMicrophone"), "sipEndpoint.muteMicrophone")
    assert ok(sample.call("voice.isMicrophoneMute"), "voice.isMicrophoneMute") is True
    ok(sample.call("voice.unmuteMicrophone"), "voice.unmuteMicrophone")
    assert ok(sample.call("sipEndpoint.isMicrophoneMute"), "sipEndpoint.isMicrophoneMute") is False

    # what the host received: the official client's exact shape (§11)
    sent = [m for m in sample.wire_in() if m.get("request") in methods]
    assert sent, "the host logged none of the requests"
    for message in sent:
        assert sorted(message) == ["frameId", "protocolVersion", "referenceId", "request", "userAgent"], message
        assert (message["userAgent"], message["protocolVersion"], message["frameId"]) == ("WWE Client", 2, sample.frame_id)
    assert [m["referenceId"] for m in sample.wire_in()] == [str(n) for n in range(len(sample.wire_in()))]


def test_send_message_with_any_name_and_shape(sample):
    """§11.1: pages call sendMessage directly, with undocumented names, `parameters: []` or no `parameters` key."""
    failed(sample.send({"request": "voice.pauseRecording", "parameters": []}), "voice.pauseRecording",
           "Unknown request 'voice.pauseRecording'.")
    assert ok(sample.send({"request": "agent.get"}), "agent.get")["username"] == "ada.lovelace"
    assert ok(sample.send({"request": "agent.get", "parameters": []}), "agent.get")["username"] == "ada.lovelace"
    assert sample.frame.locator("#lastReply").inner_text().startswith("succeeded agent.get\n")

    first, second, third = sample.wire_in()[:3]
    assert first == {"request": "voice.pauseRecording", "parameters": [], "referenceId": "0", "userAgent": "WWE Client",
                     "protocolVersion": 2, "frameId": sample.frame_id}
    assert second == {"request": "agent.get", "referenceId": "1", "userAgent": "WWE Client", "protocolVersion": 2,
                      "frameId": sample.frame_id}
    assert third["referenceId"] == "2" and third["parameters"] == []


def test_agent_and_media_states(sample):
    """§11.1: state-list items carry operationName and displayName; pages call agent.setState("NotReady") and
    media.setState("voice", "NotReady"); media-list items carry `media` and `state.displayName` (D17)."""
    states = ok(sample.call("agent.getStateList"), "agent.getStateList")
    assert all({"operationName", "displayName"} <= set(s) for s in states), states
    not_ready = next(s for s in states if s["operationName"] == "NotReady")

    ok(sample.call("media.setState", "voice", "NotReady"), "media.setState")
    media = ok(sample.call("media.getMediaList"), "media.getMediaList")
    assert media, "no media"
    for item in media:
        assert item["media"] == item["name"], item                       # D17: both, the same value
        assert {"displayName", "operationName"} <= set(item["state"]), item
    by_name = {item["media"]: item for item in media}
    assert by_name["voice"]["state"]["operationName"] == "NotReady"
    assert by_name["voice"]["state"]["displayName"] == not_ready["displayName"]
    assert ok(sample.call("media.getMediaByName", "voice"), "media.getMediaByName")["state"]["operationName"] == "NotReady"

    ok(sample.call("agent.setState", "NotReady"), "agent.setState")
    assert ok(sample.call("agent.getState"), "agent.getState")["operationName"] == "NotReady"
    media = ok(sample.call("media.getMediaList"), "media.getMediaList")
    assert {item["media"]: item["state"]["displayName"] for item in media} == \
        {item["media"]: not_ready["displayName"] for item in media}

    set_state = [m for m in sample.wire_in() if m.get("request") in ("agent.setState", "media.setState")]
    assert [m["parameters"] for m in set_state] == [["voice", "NotReady"], ["NotReady"]]


def test_dial_with_attached_data_user_data_and_recording(sample):
    """§11.1, D8 amended: voice.dial attaches its userData although write-allowed does not list the key;
    setUserData/deleteUserData stay checked all-or-nothing; the four recording calls on a live call."""
    subscribed = sample.subscribe(["interaction"])
    assert "errorMessage" not in subscribed and isinstance(subscribed.get("subscriptionId"), str), subscribed

    ok(sample.call("voice.dial", "+15551234567", {"CRMCaseId": "CASE-0042"}), "voice.dial")
    dial = next(m for m in sample.wire_in() if m.get("request") == "voice.dial")
    assert dial["parameters"] == ["+15551234567", {"CRMCaseId": "CASE-0042"}]

    interactions = ok(sample.call("interaction.getInteractions"), "interaction.getInteractions")
    assert len(interactions) == 1, interactions
    call = interactions[0]
    call_id = call["interactionId"]
    assert call["userData"].get("CRMCaseId") == "CASE-0042", call["userData"]

    def read() -> dict:
        data = ok(sample.call("interaction.getByInteractionId", call_id), "interaction.getByInteractionId")
        assert data["interactionId"] == call_id and data["media"] == "voice", data
        return data

    assert read()["userData"]["CRMCaseId"] == "CASE-0042"

    # setUserData / deleteUserData: an allowed key succeeds, a refused key fails and nothing is written (D8)
    ok(sample.call("interaction.setUserData", call_id, {"Allowed1": "one"}), "interaction.setUserData")
    assert read()["userData"]["Allowed1"] == "one"
    assert_refused_write(sample.call("interaction.setUserData", call_id, {"Allowed2": "two", "Refused": "x"}),
                         "interaction.setUserData", "Refused", allowed="Allowed2")
    user_data = read()["userData"]
    assert "Allowed2" not in user_data and "Refused" not in user_data, user_data
    ok(sample.call("interaction.deleteUserData", call_id, "Allowed1"), "interaction.deleteUserData")
    assert "Allowed1" not in read()["userData"]
    assert_refused_write(sample.call("interaction.deleteUserData", call_id, "CRMCaseId"), "interaction.deleteUserData",
                         "CRMCaseId")
    assert read()["userData"]["CRMCaseId"] == "CASE-0042"

    # the remote party answers (scenario timer): a live call
    sample.frame.wait_for_function(
        "id => sample.events.some(e => e.message.event === 'interaction' && e.message.data.eventType === 'ESTABLISHED'"
        " && e.message.data.interaction.interactionId === id)", arg=call_id, timeout=10_000)
    assert read()["state"] == "TALKING"
    for request, state in (("voice.startCallRecording", "RECORDING"), ("voice.pauseCallRecording", "PAUSED"),
                           ("voice.resumeCallRecording", "RECORDING"), ("voice.stopCallRecording", "STOPPED")):
        ok(sample.call(request, call_id), request)
        assert read()["recordingState"] == state, request


def test_subscription_receives_the_events_of_an_inbound_call_and_unsubscribe_stops_them(sample):
    """§11.1, D15: one subscribe to agent, interaction, media, system and markdone succeeds; D16: media events."""
    reply = sample.subscribe(SUBSCRIBE_ALL)
    assert "errorMessage" not in reply, reply
    assert reply["request"] == "subscribe" and isinstance(reply.get("subscriptionId"), str), reply
    assert reply["userAgent"] == "WWE Server" and reply["protocolVersion"] == 2
    subscribe = next(m for m in sample.wire_in() if m.get("event") == "subscribe")
    assert subscribe == {"event": "subscribe", "data": SUBSCRIBE_ALL, "referenceId": "0", "userAgent": "WWE Client",
                         "protocolVersion": 2, "frameId": sample.frame_id}

    # a person routes a call to the agent from the control panel
    sample.page.fill("#inbound-form [name=party]", "+15550001111")
    sample.page.click("#inbound-form button[value=voice]")
    sample.frame.wait_for_function("sample.events.some(e => e.message.event === 'interaction' && "
                                   "e.message.data.eventType === 'RINGING')")
    interaction_events = sample.events("interaction")
    types = [e["data"]["eventType"] for e in interaction_events]
    assert "ADDED" in types and "RINGING" in types, types
    for event in interaction_events:
        assert sorted(event) == ["data", "event", "protocolVersion", "userAgent"], event
        assert event["data"]["interaction"]["interactionId"], event
    # the sample shows the newest event: an interaction one, or the tab election's system frameState, which may
    # come at any time (the sample subscribed to system too)
    assert json.loads(sample.frame.locator("#lastEvent").inner_text())["event"] in {"interaction", "system"}

    # agent.setState: an agent STATE_CHANGED event and one media event per media (D16)
    media = ok(sample.call("media.getMediaList"), "media.getMediaList")
    before = len(sample.events())
    ok(sample.call("agent.setState", "NotReady"), "agent.setState")
    sample.frame.wait_for_function(
        f"sample.events.slice({before}).filter(e => e.message.event === 'media').length >= {len(media)} && "
        f"sample.events.slice({before}).some(e => e.message.event === 'agent')", timeout=5_000)
    new = sample.events()[before:]
    agent = [e for e in new if e["event"] == "agent"]
    assert agent and agent[0]["data"]["eventType"] == "STATE_CHANGED", agent
    media_events = [e for e in new if e["event"] == "media"]
    for event in media_events:
        assert sorted(event["data"]) == ["eventType", "media"] and event["data"]["eventType"] == "STATE_CHANGED", event
        item = event["data"]["media"]
        assert item["media"] == item["name"] and item["state"]["operationName"] == "NotReady", event
    assert sorted(e["data"]["media"]["media"] for e in media_events) == sorted(m["media"] for m in media)
    # the page refreshes its media list on a media event, as Genesys' sample does
    expect(sample.frame.locator("#mediaList")).to_contain_text("voice: Not Ready")

    # unsubscribe(callback): {event: "unsubscribe", data: subscriptionId}; then no more events
    sample.frame.click("#unsubscribe")
    sample.page.wait_for_function(
        "id => JSON.parse(wweSimulator.session_json()).some(e => e.direction === 'in' && e.frame === id && "
        "e.message.event === 'unsubscribe')", arg=sample.frame_id)
    unsubscribe = next(m for m in sample.wire_in() if m.get("event") == "unsubscribe")
    assert unsubscribe["data"] == reply["subscriptionId"], unsubscribe
    assert sorted(unsubscribe) == ["data", "event", "frameId", "protocolVersion", "referenceId", "userAgent"]
    count = len(sample.events())
    ok(sample.call("agent.setState", "Ready"), "agent.setState")
    ok(sample.call("agent.get"), "agent.get")  # answered after any event agent.setState caused (postMessage is FIFO)
    assert len(sample.events()) == count, sample.events()[count:]


def test_toasts(site, sample, page):
    """D18: buttonShowDismiss shows Show and Dismiss; ids from wweCustomToast0; custom buttons; update and close;
    the message keeps its \\r\\n line break; an icon that cannot load is hidden and the toast stays readable; Show
    brings the view forward and sends CUSTOM_TOAST_BUTTON_CLICK."""
    sample.subscribe(["system"])
    missing_icon = f"{site.extension_origin}/no-such-icon.png"  # answered 404 by the extension's site
    first = ok(sample.call("system.popupToast", {"title": "Case 42", "subject": "Customer called back",
                                                 "message": "Line one\r\nLine two", "buttonShowDismiss": True,
                                                 "iconUrl": missing_icon}),
               "system.popupToast")
    assert first == "wweCustomToast0"
    toast = page.locator("#toasts .toast[data-toast=wweCustomToast0]")
    expect(toast).to_be_visible()
    expect(toast.locator("footer button")).to_have_text(["Show", "Dismiss"])
    assert toast.locator(".message").inner_text() == "Line one\nLine two"  # the line break is kept on the page
    icon = toast.locator("img.icon")
    expect(icon).to_have_attribute("src", missing_icon)
    expect(icon).to_be_hidden()  # it failed to load: hidden, no broken-image box
    expect(toast.locator(".title")).to_have_text("Case 42")

    second = ok(sample.call("system.popupToast", {"title": "Callback?", "message": "Call the customer back?",
                                                  "buttons": ["Accept", "Decline"]}), "system.popupToast")
    assert second == "wweCustomToast1"
    custom = page.locator(f"#toasts .toast[data-toast={second}]")
    expect(custom.get_by_role("button", name="Accept")).to_be_visible()
    expect(custom.get_by_role("button", name="Decline")).to_be_visible()

    assert ok(sample.call("system.updateToast", "wweCustomToast0", {"title": "Case 42 (updated)"}),
              "system.updateToast") is True
    expect(toast.locator(".title")).to_have_text("Case 42 (updated)")
    sample.frame.evaluate("window.scrollTo(0, 0)")  # the last reply and last event fields in sight
    path = screenshot(page, "official-sample-page-toasts")
    assert path.exists()
    assert ok(sample.call("system.closeToast", "wweCustomToast0"), "system.closeToast") is True
    expect(toast).to_have_count(0)

    custom.get_by_role("button", name="Decline").click()
    sample.frame.wait_for_function("sample.events.some(e => e.message.data.eventType === 'CUSTOM_TOAST_BUTTON_CLICK')")
    click = next(e["data"] for e in sample.events("system") if e["data"].get("eventType") == "CUSTOM_TOAST_BUTTON_CLICK")
    assert click == {"eventType": "CUSTOM_TOAST_BUTTON_CLICK", "customToastId": second, "buttonIndex": 1}

    # Show brings the extension's view forward (D18): collapse the view, then press Show on a new toast
    third = ok(sample.call("system.popupToast", {"title": "Open the case", "buttonShowDismiss": True}), "system.popupToast")
    page.click(f"[data-view={VIEW}] [data-action=collapse]")
    expect(page.locator(f"[data-view={VIEW}] [data-action=collapse]")).to_have_attribute("aria-expanded", "false")
    assert ok(sample.call("system.amIVisible", by_script=True), "system.amIVisible") is False
    page.locator(f"#toasts .toast[data-toast={third}]").get_by_role("button", name="Show").click()
    expect(page.locator(f"[data-view={VIEW}] [data-action=collapse]")).to_have_attribute("aria-expanded", "true")
    expect(page.locator(f"#toasts .toast[data-toast={third}]")).to_have_count(0)  # Show closes the toast
    assert ok(sample.call("system.amIVisible"), "system.amIVisible") is True
    sample.frame.wait_for_function(
        "id => sample.events.some(e => e.message.data.customToastId === id)", arg=third)
    show = next(e["data"] for e in sample.events("system") if e["data"].get("customToastId") == third)
    assert show == {"eventType": "CUSTOM_TOAST_BUTTON_CLICK", "customToastId": third, "buttonIndex": 0}
