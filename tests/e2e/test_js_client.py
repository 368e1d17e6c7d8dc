"""Extensions written against the official JavaScript client work against the simulator unchanged, and the
simulator's origin rules hold for real cross-origin frames: two allowed origins (one filtered) and one refused."""
from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import screenshot
from .test_boot import BOOT_TIMEOUT_MS, extension_frame

pytestmark = pytest.mark.browser

JS_DIR = Path(__file__).resolve().parent / "js"
CONTENT_TYPES = {".html": "text/html", ".js": "text/javascript"}


def scenario(site) -> str:
    """Three views of the same JS extension on three origins: one open, one filtered, one not listed."""
    open_origin, filtered_origin = site.extension_origin, f"http://127.0.0.1:{site.extension_port}"
    return f"""
[interaction-workspace]
"service-client-api.accepted-web-content-origins" = "{open_origin}, {filtered_origin} (agent.*, voice.dial)"
"interaction.web-content" = ["Open", "Filtered", "Unlisted"]

[Open]
url = "{open_origin}/js/extension.html"

[Filtered]
url = "{filtered_origin}/js/extension.html"

[Unlisted]
url = "{site.workspace_origin}/js/extension.html"
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
    return frames


def test_official_client_calls_and_callbacks(js_frames):
    frame = js_frames["Open"]
    result = frame.evaluate("call('agent.get')")
    assert result["callback"] == "succeeded", (result, frame.page.locator("#inspector").inner_text(), frame.page.console_messages[-10:])
    reply = result["reply"]
    assert reply["request"] == "agent.get" and "referenceId" not in reply
    assert reply["userAgent"] == "WWE Server" and reply["protocolVersion"] == 2
    assert set(reply["data"]) >= {"employeeId", "username"}

    failed = frame.evaluate("call('interaction.getByInteractionId', 'no-such-id')")
    assert failed["callback"] in ("succeeded", "failed")
    unknown = frame.evaluate("call('agent.fly')")
    assert unknown == {"callback": "failed", "reply": {"request": "agent.fly", "errorMessage": "Unknown request 'agent.fly'.",
                                                      "userAgent": "WWE Server", "protocolVersion": 2}}


def test_official_client_events_and_unsubscribe(js_frames):
    frame = js_frames["Open"]
    frame.evaluate("subscribe(['agent'])")
    frame.wait_for_timeout(300)
    states = frame.evaluate("call('agent.getStateList')")["reply"]["data"]
    target = next(s for s in states if s.get("operationName") != frame.evaluate("call('agent.getState')")["reply"]["data"].get("operationName"))
    assert frame.evaluate(f"call('agent.setState', {target['operationName']!r})")["callback"] == "succeeded"
    frame.wait_for_function("window.events.length > 0", timeout=5000)
    event = frame.evaluate("window.events[0]")
    assert event["event"] == "agent" and event["data"]["eventType"] == "STATE_CHANGED"


def test_origin_filter_and_refused_origin(site, js_frames, page):
    filtered, unlisted = js_frames["Filtered"], js_frames["Unlisted"]
    assert filtered.evaluate("call('agent.getState')")["callback"] == "succeeded"
    refused = filtered.evaluate("call('interaction.getInteractions')")
    assert refused["callback"] == "failed"
    assert "not allowed" in refused["reply"]["errorMessage"]
    allowed = filtered.evaluate("call('system.getAllowedServices')")
    assert allowed["callback"] == "failed"  # system.* is outside this origin's filter (D5)

    rejected = unlisted.evaluate("call('agent.get')")
    assert rejected["callback"] == "failed"
    assert rejected["reply"]["errorMessage"] == f"The origin '{site.workspace_origin}' is not allowed to use the Service Client API."
    page.wait_for_timeout(200)
    verdicts = page.locator("#inspector td:last-child").all_text_contents()
    assert any(v.startswith("refused-origin") for v in verdicts)
    assert any(v.startswith("refused-filter") for v in verdicts)
    screenshot(page, "js-client-origins")
