"""Extensions written against the official JavaScript client work against the simulator unchanged, and the
simulator's origin rules hold for real cross-origin frames: two allowed origins (one filtered) and one refused.

The client (tests/e2e/js/official_client.js) behaves as SPEC-NOTES §11/§11.1 describe the official
wwe-service-client-api.js; these tests check that it does (message shapes as the host received them, referenceIds
from "0", frameId, one subscription per event name, `this` = context, the 10 s timeout) and that the host answers it.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import screenshot
from .test_boot import BOOT_TIMEOUT_MS, extension_frame

pytestmark = pytest.mark.browser

JS_DIR = Path(__file__).resolve().parent / "js"
CONTENT_TYPES = {".html": "text/html", ".js": "text/javascript"}
REPLY_KEYS = ["data", "protocolVersion", "request", "userAgent"]


def scenario(site) -> str:
    """Three views of the same JS extension on three origins: one open, one filtered, one not listed."""
    open_origin, filtered_origin = site.extension_origin, f"http://127.0.0.1:{site.extension_port}"
    return f"""
[interaction-workspace]
"service-client-api.accepted-web-content-origins" = "{open_origin}, {filtered_origin} (agent.*, voice.dial)"
"service-client-api.rate-limit.system.triggerActivity" = 1
"interaction.web-content" = ["Open", "Filtered", "Unlisted"]

[Open]
url = "{open_origin}/js/extension.html"

[Filtered]
url = "{filtered_origin}/js/extension.html"

[Unlisted]
url = "{site.workspace_origin}/js/extension.html"

[scenario.timers]
remote_answer_after = -1
"""


@pytest.fixture
def js_frames(site, context, page):
    """The simulator running the three-view scenario; returns the three frames by view name."""
    def serve_js(route):
        path = JS_DIR / route.request.url.split("/js/", 1)[1]
        route.fulfill(body=path.read_bytes(), content_type=CONTENT_TYPES[path.suffix])

    for origin in (site.extension_origin, f"http://127.0.0.1:{site.extension_port}", site.workspace_origin):
        context.route(f"{origin}/js/*", serve_js)
    context.route(f"{site.workspace_origin}/test-scenario.toml",
                  lambda route: route.fulfill(body=scenario(site), content_type="application/toml"))
    page.goto(site.simulator_url("scenario=/test-scenario.toml"))
    page.wait_for_function("document.getElementById('host-status').textContent.includes('ready')",
                           timeout=BOOT_TIMEOUT_MS)
    frames = {
        "Open": extension_frame(page, site.extension_origin),
        "Filtered": extension_frame(page, f"http://127.0.0.1:{site.extension_port}"),
        "Unlisted": extension_frame(page, site.workspace_origin + "/js/"),
    }
    for frame in frames.values():
        frame.wait_for_function("typeof window.call === 'function'", timeout=BOOT_TIMEOUT_MS)
    # every frame has been told its id (§11 Frame id assignment)
    page.wait_for_function("JSON.parse(wweSimulator.session_json()).filter(e => e.direction === 'out' && "
                           "e.message.frameId !== undefined && e.message.referenceId === undefined).length >= 3",
                           timeout=BOOT_TIMEOUT_MS)
    return frames


def session(page) -> list[dict]:
    return json.loads(page.evaluate("wweSimulator.session_json()"))


def frame_id_of(page, view: str) -> str:
    return next(e["message"]["attach"] for e in session(page)
                if e["direction"] == "host" and e["message"].get("name") == view and "attach" in e["message"])


def received(page, view: str) -> list[dict]:
    """What the host received from the view's frame, in order."""
    frame_id = frame_id_of(page, view)
    return [e["message"] for e in session(page) if e["direction"] == "in" and e["frame"] == frame_id]


def wait_subscribed(frame, count: int) -> None:
    """Wait until the frame has received ``count`` subscribe replies (they carry a subscriptionId)."""
    frame.wait_for_function(f"window.received.filter(m => m && m.subscriptionId !== undefined).length >= {count}")


def test_official_client_calls_and_callbacks(js_frames):
    frame = js_frames["Open"]
    result = frame.evaluate("call('agent.get')")
    assert result["callback"] == "succeeded", result
    reply = result["reply"]
    assert sorted(reply) == REPLY_KEYS and reply["request"] == "agent.get"  # no referenceId (§11.1, D1)
    assert reply["userAgent"] == "WWE Server" and reply["protocolVersion"] == 2
    assert set(reply["data"]) >= {"employeeId", "username", "firstname", "lastname"}

    missing = frame.evaluate("call('interaction.getByInteractionId', 'no-such-id')")
    assert missing == {"callback": "succeeded", "reply": {"request": "interaction.getByInteractionId", "data": None,
                                                          "userAgent": "WWE Server", "protocolVersion": 2}}
    unknown = frame.evaluate("send({request: 'agent.fly'})")  # sendMessage, no parameters key (§11.1)
    assert unknown == {"callback": "failed", "reply": {"request": "agent.fly", "errorMessage": "Unknown request 'agent.fly'.",
                                                      "userAgent": "WWE Server", "protocolVersion": 2}}


def test_official_client_messages_as_the_host_receives_them(js_frames, page):
    """§11, §11.1: the request shapes, referenceIds from "0", the frameId, full arity, null for a skipped userData."""
    frame = js_frames["Open"]
    frame_id = frame_id_of(page, "Open")
    assert frame.evaluate("call('agent.getState')")["callback"] == "succeeded"
    assert frame.evaluate("call('voice.dial', '+15551234567')")["callback"] == "succeeded"  # callback in place of userData
    frame.evaluate("call('interaction.consult', 'no-such-id', '+15550001111')")
    frame.evaluate("call('agent.setState', 'NotReady', 'extra')")  # beyond the declared arity: not sent
    stamp = {"userAgent": "WWE Client", "protocolVersion": 2, "frameId": frame_id}
    assert received(page, "Open") == [
        {"request": "agent.getState", "referenceId": "0", **stamp},
        {"request": "voice.dial", "parameters": ["+15551234567", None], "referenceId": "1", **stamp},
        {"request": "interaction.consult", "parameters": ["no-such-id", "+15550001111", None, None], "referenceId": "2", **stamp},
        {"request": "agent.setState", "parameters": ["NotReady"], "referenceId": "3", **stamp},
    ]

    # §11 Frame id assignment: a host message with frameId and neither event nor referenceId sets it; others do not
    page.evaluate("""id => {
        const target = document.querySelector('[data-view=Open] iframe').contentWindow;
        const host = { userAgent: 'WWE Server', protocolVersion: 2 };
        target.postMessage({ ...host, frameId: 'not-this-one', referenceId: '999' }, '*');
        target.postMessage({ ...host, frameId: 'nor-this-one', event: 'agent', data: {} }, '*');
        target.postMessage({ ...host, frameId: id }, '*');
        target.postMessage('wweHello', '*');
        target.postMessage('hello', '*');
    }""", "renamed-by-host")
    frame.wait_for_function("window.strings.length === 1")  # "wweHello": the frameId before it was handled too
    assert frame.evaluate("call('agent.get')")["callback"] == "succeeded"  # the host names frames by their window
    # after a round trip (its reply came after all five): "hello" was handled too, and not passed on
    assert frame.evaluate("window.strings") == ["wweHello"]  # §11: only "wwe..." strings reach onMessage
    assert received(page, "Open")[-1]["frameId"] == "renamed-by-host"


def test_official_client_trust_target_and_reference_matching(js_frames):
    """§11: explicit target window, posts to "*"; a reply is anything whose userAgent contains "WWE", matched by
    referenceId with == (§11.1), handed over without referenceId."""
    result = js_frames["Open"].evaluate("""async () => {
        const service = genesys.wwe.service, posted = [];
        service.targetWindow = { postMessage: (message, origin) => posted.push([message, origin]) };
        const reply = new Promise(resolve => service.agent.get(r => resolve(['succeeded', r]), r => resolve(['failed', r])));
        service.voice.dial('+15551234567', () => {});            // a callback in place of userData
        service.interaction.consult('id', '+15550001111');        // no callbacks, optional arguments left out
        service.targetWindow = null;
        // what JSON (and so the host's log) cannot tell apart: null, not undefined
        const kinds = posted.slice(1).map(([m]) => m.parameters.map(p => (p === null ? 'null' : typeof p)));
        const [message, origin] = posted[0];
        const id = Number(message.referenceId);
        window.postMessage({ referenceId: id, request: 'agent.get', data: 'not trusted', userAgent: 'Someone' }, '*');
        window.postMessage({ referenceId: id, request: 'agent.get', data: 'trusted', userAgent: 'A WWE lookalike',
                             protocolVersion: 2 }, '*');
        return { message, origin, kinds, reply: await reply };
    }""")
    assert result["origin"] == "*"
    assert result["kinds"] == [["string", "null"], ["string", "string", "null", "null"]]
    assert result["message"]["request"] == "agent.get" and "parameters" not in result["message"]
    assert result["reply"] == ["succeeded", {"request": "agent.get", "data": "trusted", "userAgent": "A WWE lookalike",
                                             "protocolVersion": 2}]


def test_official_client_timeout(js_frames):
    """§11: no answer within 10 s fails with "Request timeout" (here: a request the host ignores in quarantine, D7)."""
    frame = js_frames["Open"]
    results = [frame.evaluate("call('system.triggerActivity')") for _ in range(2)]
    refused = [r for r in results if r["callback"] == "failed"]
    if not refused:  # the calendar minute changed between the two: its count started again
        refused = [frame.evaluate("call('system.triggerActivity')")]
    assert refused[0]["reply"]["errorMessage"].startswith("The rate limit for the request 'system.triggerActivity'")
    # timed in the frame (performance.now, coarsened to 0.1 ms): the client's 10 s timer, never early; the upper
    # bound tells it from no timeout at all and leaves 10 s to a loaded machine
    timed_out = frame.evaluate("(async () => { const started = performance.now(); const result = "
                               "await call('system.triggerActivity'); return {...result, ms: performance.now() - started}; })()")
    elapsed_ms = timed_out.pop("ms")
    assert timed_out == {"callback": "failed", "reply": "Request timeout"}
    assert 9_990 <= elapsed_ms < 20_000, elapsed_ms


def test_official_client_events_and_unsubscribe(js_frames, page):
    """§11.1: one subscription per event name (a later subscribe replaces the earlier one for that name), callbacks
    with this = context, unsubscribe(callback) posts the subscription's id. D15: an unknown name is accepted."""
    frame = js_frames["Open"]
    frame.evaluate("subscribeAs('first', ['agent', 'interaction'])")
    wait_subscribed(frame, 1)
    frame.evaluate("subscribeAs('second', 'agent')")
    wait_subscribed(frame, 2)
    first_id, second_id = frame.evaluate("window.received.filter(m => m.subscriptionId !== undefined).map(m => m.subscriptionId)")
    subscribes = [m for m in received(page, "Open") if m.get("event") == "subscribe"]
    assert [(m["data"], m["referenceId"]) for m in subscribes] == [(["agent", "interaction"], "0"), ("agent", "1")]

    page.click("#inbound-form button[value=voice]")  # a person routes a call: interaction events
    frame.wait_for_function("window.handled.some(h => h.event === 'interaction')")
    assert frame.evaluate("call('agent.setState', 'NotReady')")["callback"] == "succeeded"
    frame.wait_for_function("window.handled.some(h => h.event === 'agent')")
    handled = frame.evaluate("window.handled")
    assert {h["label"] for h in handled if h["event"] == "agent"} == {"second"}        # replaced for 'agent'
    assert {h["label"] for h in handled if h["event"] == "interaction"} == {"first"}   # kept for 'interaction'
    assert all(h["thisIsContext"] for h in handled), handled

    frame.evaluate("unsubscribeAs('second')")
    page.wait_for_function("id => JSON.parse(wweSimulator.session_json()).some(e => e.frame === id && "
                           "e.direction === 'in' && e.message.event === 'unsubscribe')", arg=frame_id_of(page, "Open"))
    unsubscribe = next(m for m in received(page, "Open") if m.get("event") == "unsubscribe")
    assert unsubscribe["data"] == second_id != first_id
    assert sorted(unsubscribe) == ["data", "event", "frameId", "protocolVersion", "referenceId", "userAgent"]
    count = frame.evaluate("window.handled.length")
    assert frame.evaluate("call('agent.setState', 'Ready')")["callback"] == "succeeded"
    assert frame.evaluate("call('agent.get')")["callback"] == "succeeded"  # after any event setState caused
    assert [h for h in frame.evaluate("window.handled")[count:] if h["event"] == "agent"] == []

    # D15: a subscribe that names an unknown event succeeds, and the inspector marks the name
    frame.evaluate("subscribeAs('typo', ['agnet'])")
    wait_subscribed(frame, 3)
    reply = frame.evaluate("window.received.filter(m => m.subscriptionId !== undefined)[2]")
    assert "errorMessage" not in reply and reply["request"] == "subscribe", reply
    assert any("unknown event name 'agnet'" in e["note"] for e in session(page) if e["direction"] == "in")


def test_origin_filter_and_refused_origin(site, js_frames, page):
    filtered, unlisted = js_frames["Filtered"], js_frames["Unlisted"]
    assert filtered.evaluate("call('agent.getState')")["callback"] == "succeeded"
    refused = filtered.evaluate("call('interaction.getInteractions')")
    assert refused["callback"] == "failed"
    assert refused["reply"]["errorMessage"] == (f"The request 'interaction.getInteractions' is not allowed for the origin "
                                                f"'http://127.0.0.1:{site.extension_port}'.")
    allowed = filtered.evaluate("call('system.getAllowedServices')")
    assert allowed["callback"] == "failed"  # system.* is outside this origin's filter (D5)

    rejected = unlisted.evaluate("call('agent.get')")
    assert rejected["callback"] == "failed"
    assert rejected["reply"]["errorMessage"] == f"The origin '{site.workspace_origin}' is not allowed to use the Service Client API."
    verdicts = page.locator("#inspector td:last-child")
    expect(verdicts.filter(has_text="refused-origin").first).to_be_visible()
    expect(verdicts.filter(has_text="refused-filter").first).to_be_visible()
    screenshot(page, "js-client-origins")
