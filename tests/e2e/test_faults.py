"""Faults in real Chromium (docs/THREAT-MODEL.md "Faults"): an extension iframe reloaded or removed while its calls
are in flight leaves nothing in the host and the other frame loses nothing; the Workspace restarted under a live
Python client fails the pending calls with "Host restarted" (or "Request timeout" if it never comes back), leaks
nothing, and serves the client again; REALTIME_CONNECTION loss and recovery reach the dashboard and a client."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import suite_counts

from .conftest import screenshot
from .test_boot import BOOT_TIMEOUT_MS, extension_frame
from .test_dashboard_browser import UI_TIMEOUT_MS, open_simulator as open_dashboard_simulator
from .test_simulator_page import js_frame, serve

pytestmark = pytest.mark.browser

PAGE = Path(__file__).resolve().parent / "pages" / "faults_client.html"
FAULTS = suite_counts.Tally(suite_counts.FAULTS)
TIMEOUT_S = 3
"""The Python client's call timeout in these tests (a test that needs its calls still pending later sets its own)."""


def scenario(site, timeout_s: float = TIMEOUT_S) -> str:
    """View A: the Python fault client; view B: the JS extension (official client), the frame that must not notice."""
    origin = site.extension_origin
    return f"""
[interaction-workspace]
"service-client-api.accepted-web-content-origins" = "{origin} (*)"
"interaction.web-content" = ["A", "B"]

[A]
url = "{origin}/faults-client.html?timeout={timeout_s}"
label = "A (Python)"

[B]
url = "{origin}/js/extension.html?view=B"
label = "B (JS)"

[scenario.timers]
remote_answer_after = -1
"""


@pytest.fixture
def client_timeout_s() -> float:
    return TIMEOUT_S


@pytest.fixture
def two_frames(site, context, page, client_timeout_s):
    """The simulator with the Python client A and the JS client B, both ready; B subscribed to agent events."""
    context.route(f"{site.extension_origin}/faults-client.html*",
                  lambda route: route.fulfill(path=str(PAGE), content_type="text/html"))
    serve(site, context, scenario(site, client_timeout_s))
    page.goto(site.simulator_url("scenario=/test-scenario.toml"))
    page.wait_for_function("document.getElementById('host-status').dataset.state === 'ready'", timeout=BOOT_TIMEOUT_MS)
    b = js_frame(page, "B")
    a = python_client(page, site)
    b.evaluate("subscribe(['agent'])")
    page.wait_for_function(f"{HELD}({frame_of(page, 'B')!r}).subscriptions.length === 1")
    return page, a, b


HELD = "(id => { const r = wweSimulator.host.held_for(id); const o = r.toJs({dict_converter: Object.fromEntries}); " \
       "r.destroy(); return o; })"
"""JavaScript: what the host holds for a frame id (Host.held_for), as a plain object."""


def held(page, frame_id: str) -> dict:
    return page.evaluate(f"{HELD}({frame_id!r})")


def frame_of(page, label_start: str) -> str:
    """The current frame id of the view whose label starts with ``label_start``."""
    return page.evaluate("""start => { const labels = wweSimulator.embeds.labels();
        const plain = labels.toJs({dict_converter: Object.fromEntries}); labels.destroy();
        const found = Object.entries(plain).find(([id, label]) => label.startsWith(start));
        return found ? found[0] : null; }""", label_start)


def python_client(page, site):
    frame = extension_frame(page, f"{site.extension_origin}/faults-client.html")
    frame.wait_for_function("document.getElementById('status')?.textContent === 'ready'", timeout=BOOT_TIMEOUT_MS)
    return frame


def client_state(frame) -> dict:
    return json.loads(frame.evaluate("faults_state()"))


def set_agent_state(page, state: str) -> None:
    page.select_option("#agent-state-form [name=state]", state)
    page.click("#agent-state-form button")


def agent_changes_reach_b(page, b, count: int = 6) -> None:
    """``count`` agent state changes from the control panel all reach B, in order (B is unaffected)."""
    before = b.evaluate("window.events.length")
    states = ["NotReady", "Ready"] * (count // 2)
    for state in states:
        set_agent_state(page, state)
    b.wait_for_function(f"window.events.length >= {before + count}", timeout=UI_TIMEOUT_MS)
    got = b.evaluate(f"window.events.slice({before}).map(e => e.data.mediaState?.operationName ?? e.data.eventType)")
    suite_counts.lost(count, len(got))
    assert len(got) == count
    suite_counts.TRIED[suite_counts.REQUESTS] += count


def test_a_frame_reloaded_mid_request_is_forgotten_by_the_host_and_the_other_frame_loses_nothing(two_frames, site):
    page, a, b = two_frames
    a.evaluate("faults_subscribe(['agent', 'interaction'])")
    old = frame_of(page, "A")
    page.wait_for_function(f"{HELD}({old!r}).subscriptions.length === 1")
    # calls in flight, and the page reloads in the same task: their answers go to a page that no longer waits
    a.evaluate("faults_start('agent.getState', 20); faults_start('interaction.getInteractions', 20); location.reload()")
    FAULTS["iframe reloaded mid-request"] += 1
    suite_counts.TRIED[suite_counts.REQUESTS] += 40
    page.wait_for_function(f"{HELD}({old!r}).attached === false", timeout=BOOT_TIMEOUT_MS)
    assert held(page, old) == {"attached": False, "subscriptions": [], "frameIdRepeated": False}
    a = python_client(page, site)
    new = frame_of(page, "A")
    assert new != old and held(page, new)["subscriptions"] == []  # the new page subscribed to nothing yet
    agent_changes_reach_b(page, b)
    assert b.evaluate("call('agent.getState')")["callback"] == "succeeded"
    a.evaluate("faults_start('agent.get', 3)")
    a.wait_for_function("JSON.parse(faults_state()).outcomes.succeeded === 3")
    assert client_state(a)["frameId"] == new and client_state(a)["pending"] == 0
    assert not [m for m in page.console_messages if m.startswith(("pageerror", "error"))], page.console_messages


def test_a_frame_removed_mid_request_is_forgotten_by_the_host_and_the_other_frame_loses_nothing(two_frames):
    page, a, b = two_frames
    a.evaluate("faults_subscribe(['agent'])")
    gone = frame_of(page, "A")
    page.wait_for_function(f"{HELD}({gone!r}).subscriptions.length === 1")
    a.evaluate("faults_start('agent.getState', 20)")
    page.evaluate("document.querySelector('[data-view=A] iframe').remove()")  # while its 20 calls are in flight
    FAULTS["iframe removed mid-request"] += 1
    suite_counts.TRIED[suite_counts.REQUESTS] += 20
    page.wait_for_function(f"{HELD}({gone!r}).attached === false", timeout=UI_TIMEOUT_MS)
    assert held(page, gone) == {"attached": False, "subscriptions": [], "frameIdRepeated": False}
    assert frame_of(page, "A") is None
    assert page.locator("[data-view=A] [data-role=frame]").text_content() == f"{gone} · removed"
    agent_changes_reach_b(page, b)
    assert b.evaluate("call('agent.getState')")["callback"] == "succeeded"
    screenshot(page, "faults-frame-removed")


@pytest.mark.parametrize("client_timeout_s", [120])  # the calls stay pending until the restart, however slow
def test_the_host_restarted_under_a_live_client_fails_pending_calls_and_serves_it_again(two_frames):
    page, a, b = two_frames
    a.evaluate("faults_subscribe(['agent'])")
    old = frame_of(page, "A")
    page.wait_for_function(f"{HELD}({old!r}).subscriptions.length === 1")
    page.evaluate("wweSimulator.stop_host()")
    # a listener of our own, added after the host's: once it has seen the 5 calls, the host has (and ignored them)
    page.evaluate("window.__calls = 0; addEventListener('message', e => { if (e.data?.request === 'agent.getState') "
                  "window.__calls++; })")
    a.evaluate("faults_start('agent.getState', 5)")
    FAULTS["host stopped"] += 1
    suite_counts.TRIED[suite_counts.REQUESTS] += 5
    page.wait_for_function("window.__calls === 5")  # the calls reached the stopped Workspace, which answers nothing
    assert client_state(a)["pending"] == 5
    page.evaluate("wweSimulator.restart_host()")
    FAULTS["host restarted"] += 1
    a.wait_for_function("JSON.parse(faults_state()).outcomes['Host restarted'] === 5", timeout=UI_TIMEOUT_MS)
    a.wait_for_function("JSON.parse(faults_state()).pending === 0", timeout=UI_TIMEOUT_MS)  # its new subscribe answered
    state = client_state(a)
    new = frame_of(page, "A")
    assert (state["pending"], state["corePending"], state["frameId"]) == (0, 0, new) and new != old
    suite_counts.lost(5, sum(state["outcomes"].values()))

    # the client subscribed again by itself: the new Workspace's events and answers reach it
    page.wait_for_function(f"{HELD}({new!r}).subscriptions.length === 1", timeout=UI_TIMEOUT_MS)
    set_agent_state(page, "NotReady")
    a.wait_for_function("JSON.parse(faults_state()).events.some(e => e[1] === 'STATE_CHANGED')", timeout=UI_TIMEOUT_MS)
    a.evaluate("faults_start('agent.get', 3)")
    a.wait_for_function("JSON.parse(faults_state()).outcomes.succeeded === 3", timeout=UI_TIMEOUT_MS)
    assert client_state(a)["pending"] == 0
    # the official client in B adopts the new frameId and is answered too (it does not subscribe again by itself)
    assert b.evaluate("call('agent.getState')")["callback"] == "succeeded"
    assert held(page, frame_of(page, "B"))["subscriptions"] == []
    screenshot(page, "faults-host-restarted")


def test_a_host_that_stays_down_fails_the_calls_by_timeout_and_leaks_nothing(two_frames):
    page, a, _ = two_frames
    page.evaluate("wweSimulator.stop_host()")
    FAULTS["host stopped"] += 1
    a.evaluate("faults_start('agent.getState', 5)")
    suite_counts.TRIED[suite_counts.REQUESTS] += 5
    a.wait_for_function("JSON.parse(faults_state()).outcomes['Request timeout'] === 5",
                        timeout=TIMEOUT_S * 1000 + UI_TIMEOUT_MS)
    state = client_state(a)
    assert (state["pending"], state["corePending"]) == (0, 0)
    suite_counts.lost(5, sum(state["outcomes"].values()))


def test_realtime_connection_loss_and_recovery_reach_the_dashboard(site, context, page):
    frame, = open_dashboard_simulator(site, context, page)
    frame.locator("#agent-summary", has_text="ada").wait_for(timeout=BOOT_TIMEOUT_MS)
    for state in ("DISCONNECTED", "DOWN", "RECONNECTED"):
        page.click(f"#connection button[data-arg={state}]")
        FAULTS[f"connection {state.lower()}"] += 1
        frame.wait_for_function(f"document.body.textContent.includes('Connection: {state}')", timeout=UI_TIMEOUT_MS)
        expect(page.locator("#connection [data-role=connection]")).to_have_text(state)  # at the page's next redraw
        if state == "DOWN":
            screenshot(page, "faults-connection-down")
    # the dashboard still works once the connection is back: its request goes through, the host and it agree
    frame.select_option("#agent-state-select", "NotReady")
    frame.click("#set-state")
    suite_counts.TRIED[suite_counts.REQUESTS] += 1
    frame.wait_for_function("document.querySelector('#agent-summary .facts .badge').textContent === 'Not Ready'",
                            timeout=UI_TIMEOUT_MS)
    page.wait_for_function("document.getElementById('agent-status').textContent.includes('Not Ready')")
    assert not [m for m in page.console_messages if m.startswith(("pageerror", "error"))], page.console_messages
