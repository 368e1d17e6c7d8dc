"""The main end-to-end flows in Debian's Firefox ESR (headless, WebDriver BiDi through firefox_bridge), against the
simulator on 127.0.0.1 with the extension on localhost (two sites): boot in the cross-site iframe with storage
denied, a call from ringing to mark done with recording, a toast answered on the simulator page, two dashboards on
a messenger channel, presenter mode at 1280x720, the playground running cells. Each flow does what a person does
(clicks, typing, keys) and waits for what the page shows, as the Chromium tests it mirrors (test_boot,
test_dashboard_flows, test_presenter, test_playground).

No request leaves localhost: Firefox runs with MOZ_DISABLE_NONLOCAL_CONNECTIONS=1 (it refuses any connection to
another address), its background services are switched off (firefox_bridge.PREFS), everything not for localhost
goes to a recording proxy (firefox_bridge.Sink) that must stay empty, and every URL a page asked for is checked.
"""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from .conftest import ARTIFACTS, LOCAL_HOSTS
from .firefox_bridge import FIREFOX, PREFS, Firefox, Sink
from .test_boot import BOOT_TIMEOUT_MS, DENY_STORAGE
from .test_dashboard_browser import UI_TIMEOUT_MS, scenario
from .test_dashboard_flows import CALL_STEPS, RECORDING_BADGES
from .test_playground import WITH_DASHBOARD
from .test_presenter import SCREEN, SELECTED, apart, inside_the_screen, within

pytestmark = [pytest.mark.browser, pytest.mark.firefox]

READY = "() => document.getElementById('host-status')?.dataset.state === 'ready'"
PYTHON_READY = "() => document.getElementById('app')?.getAttribute('aria-busy') === 'false'"
ROW = "#interaction-list > li"


# ---------------------------------------------------------------- fixtures

def launch(sink: Sink, name: str, **prefs) -> Firefox:
    assert Path(FIREFOX).exists(), f"{FIREFOX} is missing: python3 build.py test installs it (apt firefox-esr)"
    ARTIFACTS.mkdir(exist_ok=True)
    return Firefox({**PREFS, **prefs, **sink.prefs}, ARTIFACTS / f"{name}.log")


@pytest.fixture(scope="module")
def sink():
    server = Sink()
    yield server
    server.close()
    assert server.seen == [], f"Firefox tried to leave localhost: {server.seen}"


@pytest.fixture(scope="module")
def firefox(sink):
    """One headless Firefox ESR for the module, with Firefox's default storage rules (third parties partitioned)."""
    browser = launch(sink, "firefox-bridge")
    yield browser
    browser.close()


def checked_page(browser: Firefox, sink: Sink, tolerated: tuple[str, ...] = (), **size: int):
    """A fresh tab (its own user context; ``size``: its width and height); afterwards: only local URLs were asked
    for, the proxy saw nothing, and no page error or console error happened (but those ``tolerated``, each at most
    once)."""
    page = browser.new_page(**size)
    yield page
    log = page.log()
    page.close()
    foreign = [url for url in log["requests"]
               if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).hostname not in LOCAL_HOSTS]
    assert foreign == [], f"requests left localhost: {foreign}"
    assert sink.seen == [], f"Firefox tried to leave localhost: {sink.seen}"
    errors = [m for m in log["console"] if m.startswith(("pageerror", "error"))]
    for message in tolerated:
        if message in errors:
            errors.remove(message)
    assert not errors, log["console"]


@pytest.fixture
def page(firefox, sink):
    yield from checked_page(firefox, sink)


def open_simulator(site, page, query: str = "", views: tuple[str, ...] = ("Dashboard",)) -> list:
    """The simulator page, ready, and the frames of ``views`` once their Python is ready."""
    page.goto(site.simulator_url(query))
    page.wait_for(READY, timeout=BOOT_TIMEOUT_MS)
    frames = [page.frame(f"[data-view={view}] iframe", f"{site.extension_origin}/", timeout=BOOT_TIMEOUT_MS)
              for view in views]
    for frame in frames:
        frame.wait_for(PYTHON_READY, timeout=BOOT_TIMEOUT_MS)
    return frames


def scenario_query(text: str) -> str:
    """``scenario=`` a data: URL holding the TOML (the simulator fetches it like any scenario URL)."""
    return "scenario=" + quote("data:application/toml," + quote(text), safe="")


def screenshot(page, name: str) -> Path:
    return page.screenshot(ARTIFACTS / f"{name}.png")


def row_actions(frame) -> list[str]:
    return frame.evaluate("s => [...document.querySelectorAll(s)].map(b => b.dataset.action)", f"{ROW} .controls button")


def wait_row_actions(frame, expected: list[str]) -> None:
    frame.wait_for("([s, e]) => JSON.stringify([...document.querySelectorAll(s)].map(b => b.dataset.action)) === "
                   "JSON.stringify(e)", [f"{ROW} .controls button", expected], timeout=UI_TIMEOUT_MS)


def fact(frame, scope: str, label: str) -> str | None:
    """The text of the <dd> after the <dt> ``label`` in ``scope``."""
    return frame.evaluate("([scope, label]) => { const dt = [...document.querySelectorAll(scope + ' dt')]"
                          ".find(d => d.textContent.trim() === label); return dt ? dt.nextElementSibling.textContent : null; }",
                          [scope, label])


# ---------------------------------------------------------------- the guard itself

def test_a_request_for_another_host_is_recorded_and_refused(firefox, sink):
    """The check the other tests rely on: Firefox sends a request for another host to the sink, which records it and
    refuses it; the page sees a failure, and nothing reached the network."""
    page = firefox.new_page()
    try:
        outcome = page.evaluate("() => fetch('http://wwe-guard-check.invalid/probe').then(r => 'HTTP ' + r.status,"
                                " e => e.name)")
        assert outcome in ("HTTP 403", "TypeError"), outcome
        assert page.log()["requests"] == ["http://wwe-guard-check.invalid/probe"]
    finally:
        page.close()
    assert sink.seen == ["GET http://wwe-guard-check.invalid/probe HTTP/1.1"]
    sink.seen.clear()


# ---------------------------------------------------------------- boot

def test_boot_cross_site_with_storage_denied(site, page):
    """IndexedDB refused in every document, as test_boot does it in Chromium: the extension boots on memory."""
    page.add_init_script(DENY_STORAGE)
    (frame,) = open_simulator(site, page)
    assert frame.evaluate("() => globalThis.__wweBoot.storage") == "memory"
    assert frame.evaluate("() => new URL(document.referrer).origin") == site.workspace_origin
    frame.wait_for_text("#agent-summary", "ada.lovelace", timeout=UI_TIMEOUT_MS)
    assert "Ada Lovelace" in frame.text("#agent-summary")
    page.wait_for("() => [...document.querySelectorAll('#inspector tr')].some(tr => tr.textContent.includes('agent.get')"
                  " && tr.textContent.includes('answered'))", timeout=UI_TIMEOUT_MS)
    assert page.text("[data-view=Dashboard] [data-role=frame]") == "frame1 · visible"
    screenshot(page, "firefox-boot-storage-denied")


def test_boot_with_firefox_blocking_third_party_storage(site, sink):
    """Firefox itself set to block third-party cookies and storage (network.cookie.cookieBehavior = 1): it refuses
    IndexedDB, localStorage and BroadcastChannel to the cross-site extension frame, and the extension boots on
    standins.js's stand-ins (memory for IndexedDB, an unconnected BroadcastChannel) and talks to the Workspace."""
    browser = launch(sink, "firefox-bridge-blocking", **{"network.cookie.cookieBehavior": 1})
    try:
        for page in checked_page(browser, sink):
            page.goto(site.simulator_url())
            page.wait_for(READY, timeout=BOOT_TIMEOUT_MS)
            frame = page.frame("[data-view=Dashboard] iframe", f"{site.extension_origin}/", timeout=BOOT_TIMEOUT_MS)
            # the browser's refusal (no test stands in for localStorage): "The operation is insecure."
            assert frame.evaluate("() => { try { return localStorage.length; } catch (e) { return e.name; } }") \
                == "SecurityError"
            frame.wait_for(PYTHON_READY, timeout=BOOT_TIMEOUT_MS)
            assert frame.evaluate("() => globalThis.__wweBoot") == {"storage": "memory", "channels": "unconnected"}
            frame.wait_for_text("#agent-summary", "ada.lovelace", timeout=UI_TIMEOUT_MS)
    finally:
        browser.close()


# ---------------------------------------------------------------- a call, from ringing to mark done, with recording

def test_a_call_from_ringing_to_mark_done_with_recording(site, page):
    """test_dashboard_flows' call in Firefox: routed from the control panel, every step clicked in the dashboard,
    whose buttons follow the call state and recordingState; the simulator page follows too."""
    (frame,) = open_simulator(site, page)
    page.fill("#inbound-form [name=user_data]", "Key1=Gold customer; CustomerSegment=Gold")
    page.click("#inbound-form button[value=voice]")

    wait_row_actions(frame, ["answer", "reject"])
    assert frame.text(f"{ROW} [id$=-title]") == "Kate Smith"
    assert frame.text(f"{ROW} .row-head .badge") == "RINGING"
    assert fact(frame, "#interaction-facts", "From / to") == "+15551234567 → 5000"
    assert frame.evaluate("() => document.querySelector('#interaction-data input[name=value]').value") == "Gold customer"
    page.wait_for_text("#interactions [data-interaction] [data-role=state]", "RINGING")

    for action, state, buttons, recording in CALL_STEPS:
        frame.click(f"{ROW} [data-action={action}]")
        wait_row_actions(frame, buttons)
        badges = frame.texts(f"{ROW} .row-head .badge")
        badge = RECORDING_BADGES[recording]
        assert badges == [state] + ([badge] if badge else []), action
        assert fact(frame, "#interaction-facts", "Recording") == recording, action
        page.wait_for("([state, recording]) => { const card = document.querySelector('#interactions [data-interaction]');"
                      " return card.querySelector('[data-role=state]').textContent === state && (recording === 'STOPPED'"
                      " ? !card.querySelector('.meta').textContent.includes('recording STOPPED')"
                      " : card.querySelector('.meta').textContent.includes('recording ' + recording)); }",
                      [state, recording], timeout=UI_TIMEOUT_MS)
        if action == "start-recording":
            screenshot(page, "firefox-call-recording")

    frame.click(f"{ROW} [data-action=mark-done]")
    frame.wait_for("s => document.querySelectorAll(s).length === 0", ROW, timeout=UI_TIMEOUT_MS)
    page.wait_for("() => document.querySelector('#interactions [data-interaction]') === null", timeout=UI_TIMEOUT_MS)
    assert frame.text("#interactions-summary").strip().startswith("0 interactions")
    titles = frame.texts("#event-log strong")
    assert titles.count("interaction CALL_RECORDING_STATE_CHANGED") == 4
    for request in ("voice.answer", "voice.hold", "voice.resume", "voice.startCallRecording", "voice.pauseCallRecording",
                    "voice.resumeCallRecording", "voice.stopCallRecording", "voice.hangUp", "interaction.markdone"):
        assert request in titles, request
    assert frame.count(".notice.error") == 0


# ---------------------------------------------------------------- a toast

def test_two_tabs_share_one_contact_centre(site, firefox, page):
    """test_simulator_tabs' shared centre in Firefox: two tabs of one user context (one BroadcastChannel); a call
    placed in the following tab's control panel (the tab in front: Firefox clicks only there) is answered from its
    dashboard, through the leader tab's centre, and both tabs show it."""
    (leader,) = open_simulator(site, page)
    page.wait_for_text("#tab-state", "Tab: leading", timeout=UI_TIMEOUT_MS)
    second = firefox.new_page(beside=page)
    try:
        (follower,) = open_simulator(site, second)
        second.wait_for_text("#tab-state", "Tab: following", timeout=UI_TIMEOUT_MS)
        follower.wait_for_text("#workspace-state", "Tab: FOLLOWING", timeout=UI_TIMEOUT_MS)
        second.click("#inbound-form button[value=voice]")
        wait_row_actions(follower, ["answer", "reject"])
        follower.click(f"{ROW} [data-action=answer]")
        for tab, frame in ((page, leader), (second, follower)):
            tab.wait_for_text("#interactions [data-interaction] [data-role=state]", "TALKING", timeout=UI_TIMEOUT_MS)
            wait_row_actions(frame, ["hold", "hang-up", "start-recording"])
        screenshot(second, "firefox-tabs-follower")
        assert not [m for m in second.log()["console"] if m.startswith(("pageerror", "error"))]
    finally:
        second.close()


def test_a_toast_from_the_dashboard_clicked_on_the_simulator_page(site, page):
    (frame,) = open_simulator(site, page)
    frame.fill("#toast-title", "Callback request")
    frame.fill("#toast-message", "Kate Smith asks to be called back at 5 pm.")
    frame.fill("#toast-key-values", "Customer=Kate Smith\nSegment=Gold")
    frame.fill("#toast-buttons", "Call back, Dismiss")
    frame.click("#popup-toast")

    toast = "#toasts .toast[data-toast=wweCustomToast0]"
    page.wait_for_selector(toast, timeout=UI_TIMEOUT_MS)
    assert page.text(f"{toast} .title") == "Callback request"
    assert page.text(f"{toast} .message") == "Kate Smith asks to be called back at 5 pm."
    assert page.texts(f"{toast} dt") == ["Customer", "Segment"]
    assert page.texts(f"{toast} dd") == ["Kate Smith", "Gold"]
    assert page.texts(f"{toast} footer button") == ["Call back", "Dismiss"]
    frame.wait_for_text("#toast-list > li", "· open", timeout=UI_TIMEOUT_MS)
    screenshot(page, "firefox-toast")

    page.click(f"{toast} [data-action=toast-button][data-arg='1']")  # the agent clicks "Dismiss" on the Workspace page
    page.wait_for("s => document.querySelector(s) === null", toast, timeout=UI_TIMEOUT_MS)
    frame.wait_for_text("#toast-list > li .clicks li", "the agent clicked “Dismiss”", timeout=UI_TIMEOUT_MS)
    assert "· closed" in frame.text("#toast-list > li")
    assert "system CUSTOM_TOAST_BUTTON_CLICK" in frame.texts("#event-log strong")


# ---------------------------------------------------------------- messenger

def test_two_dashboards_chat_on_a_messenger_channel(site, page):
    first, second = open_simulator(site, page, scenario_query(scenario(views=2)), views=("Dashboard", "Dashboard2"))
    for frame in (first, second):
        frame.fill("#channel-name", "supervisors")
        frame.press("#channel-name", "Enter")
        frame.wait_for_selector("#channel-list > li textarea", timeout=UI_TIMEOUT_MS)

    def say(frame, sender: str, text: str) -> None:
        frame.fill("#channel-list > li textarea", json.dumps({"from": sender, "text": text}))
        frame.click("#channel-list > li button[type=submit]")

    def received(frame, count: int) -> list[str]:
        frame.wait_for("n => document.querySelectorAll('#channel-list .channel-log li').length === n", count,
                       timeout=UI_TIMEOUT_MS)
        return [json.loads(text)["text"] for text in frame.texts("#channel-list .channel-log pre")]

    say(first, "Dashboard", "Can you take the Gold customer on line 2?")
    assert received(second, 1) == ["Can you take the Gold customer on line 2?"]
    say(second, "Dashboard2", "Yes, transferring now.")
    assert received(first, 2) == ["Yes, transferring now.", "Can you take the Gold customer on line 2?"]
    assert received(second, 2) == ["Yes, transferring now.", "Can you take the Gold customer on line 2?"]
    channel = first.evaluate("() => document.querySelector('#channel-list > li').id")
    first.wait_for_text(f"#{channel}-notice", "Broadcast on 'supervisors'.", timeout=UI_TIMEOUT_MS)
    for frame in (first, second):
        frame.evaluate("() => document.querySelector('#channel-list > li').scrollIntoView({block: 'start'})")
    screenshot(page, "firefox-two-dashboards-chat")


# ---------------------------------------------------------------- presenter mode

BOXES = """selectors => Object.fromEntries(selectors.map(s => {
    const r = document.querySelector(s)?.getBoundingClientRect();
    return [s, r ? {x: r.x, y: r.y, width: r.width, height: r.height} : null]; }))"""
"""JavaScript: the bounding box of each selector's first element in the document (null: none)."""


@pytest.fixture
def projector_page(firefox, sink):
    yield from checked_page(firefox, sink, **SCREEN)


def test_presenter_mode_at_1280x720_and_keys_through_the_inspector(site, projector_page):
    """test_presenter's layout facts in Firefox: at 1280x720 the dashboard, the player, the inspector and its detail
    pane on the screen apart, large text, the dashboard's call controls and event log inside its frame; then k, j
    and Esc step through the inspector's messages."""
    page = projector_page
    (frame,) = open_simulator(site, page, "scenario=call-recording-transfer&present=1")
    assert page.evaluate("() => document.body.classList.contains('presenting')")
    page.click("#player-step")                                     # the call rings
    page.click("#player-step")                                     # the agent answers
    frame.wait_for_selector("#interaction-list [data-action=hang-up]", timeout=UI_TIMEOUT_MS)
    page.wait_for_text("#player-current", "Now: 2. The agent answers: the call is TALKING.", timeout=UI_TIMEOUT_MS)
    frame.wait_for_selector("#event-log > li", timeout=UI_TIMEOUT_MS)

    shown = page.evaluate(BOXES, ["[data-view=Dashboard] iframe", ".script", "#inspector-scroll", ".message-detail"])
    boxes = list(shown.values())
    assert all(map(inside_the_screen, boxes)), shown
    assert all(apart(one, other) for n, one in enumerate(boxes) for other in boxes[n + 1:]), shown
    for selector in ("#player-current", "#player-next", "#inspector td.message", "#inspector-detail"):
        assert page.evaluate("s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize)", selector) >= 15
    viewport = frame.evaluate("() => ({x: 0, y: 0, width: innerWidth, height: innerHeight})")
    inside = frame.evaluate(BOXES, ["#agent-switcher", "#interaction-list > li .controls", "#log",
                                    "#event-log > li:first-child"])
    assert all(found is not None and within(found, viewport) for found in inside.values()), (inside, viewport)
    screenshot(page, "firefox-presenter-1280x720")

    # k from no selection: the newest message; k again: the one before; j: back; Esc: follow the newest again
    page.press("#player-status", "k")
    newest = page.wait_for(f"() => {SELECTED}", timeout=UI_TIMEOUT_MS)
    page.press("#player-status", "k")
    earlier = page.wait_for(f"n => {{ const s = {SELECTED}; return s !== n && s; }}", newest, timeout=UI_TIMEOUT_MS)
    assert int(earlier) < int(newest)
    page.press("#player-status", "j")
    page.wait_for(f"n => ({SELECTED}) === n", newest, timeout=UI_TIMEOUT_MS)
    assert not page.text("#inspector-detail .detail-title").startswith("Newest")   # the pane shows the selected one
    page.press("#player-status", "Escape")
    page.wait_for(f"() => ({SELECTED}) === null", timeout=UI_TIMEOUT_MS)
    page.wait_for_text("#inspector-detail .detail-title", "Newest · ", timeout=UI_TIMEOUT_MS)


# ---------------------------------------------------------------- playground

def run_cell(frame, code: str | None = None, *, keys: bool = False) -> tuple[str, str]:
    """Run ``code`` (default: what the editor holds) with the Run button or Shift+Enter; (outcome, result text)."""
    if code is not None:
        frame.fill("#editor", code)
    cells = frame.count("#console .entry.input")
    if keys:
        frame.press("#editor", "Shift+Enter")
    else:
        frame.click("#run")
    outcome = frame.wait_for("n => document.querySelectorAll('#console .entry.input')[n]?.dataset.outcome", cells,
                             timeout=UI_TIMEOUT_MS)
    text = frame.evaluate("n => { let e = document.querySelectorAll('#console .entry.input')[n].nextElementSibling;"
                          " while (e && e.classList.contains('output')) e = e.nextElementSibling;"
                          " return e && !e.classList.contains('input') ? e.querySelector('pre')?.textContent ?? '' : ''; }",
                          cells)
    return outcome, text


def test_the_playground_runs_cells(site, page):
    (frame,) = open_simulator(site, page, "scenario=playground", views=("Playground",))
    assert frame.text("#status") == f"Ready: service is connected to {site.workspace_origin}."
    assert frame.evaluate("() => document.getElementById('editor').value").strip() == "await service.agent.getState()"
    outcome, text = run_cell(frame)
    assert outcome == "value" and "'operationName': " in text
    # Shift+Enter runs a cell too; events come in as the control panel makes them happen
    assert run_cell(frame, 'subscription = service.subscribe(["interaction"], print)\nawait subscription',
                    keys=True)[0] == "value"
    page.fill("#inbound-form [name=party]", "+15550001111")
    page.click("#inbound-form button[value=voice]")
    frame.wait_for("() => [...document.querySelectorAll('#console .entry.output')].some(e => "
                   "e.textContent.includes('\"eventType\": \"RINGING\"') && e.textContent.includes('+15550001111'))",
                   timeout=UI_TIMEOUT_MS)
    outcome, text = run_cell(frame, "1 / 0")  # typed: one line (the editor indents after a colon)
    assert outcome == "exception" and text.rstrip().endswith("ZeroDivisionError: division by zero")
    screenshot(page, "firefox-playground")


def test_playground_cells_are_replayed_and_run_again(site, page):
    """Two cells kept in the session; replayed (wweSimulator.replay_json: what the replay form hands over) into a
    fresh playground, they show with their recorded output, and Run all runs them again in order."""
    (frame,) = open_simulator(site, page, "scenario=playground", views=("Playground",))
    assert run_cell(frame, 'total = 20 + 1\nprint("total is", total)')[0] == "none"
    assert run_cell(frame, "total * 2") == ("value", "42")
    page.wait_for("() => JSON.parse(wweSimulator.session_json()).filter(e => e.verdict === 'cell').length === 2",
                  timeout=UI_TIMEOUT_MS)
    recording = page.evaluate("() => wweSimulator.session_json()")
    (frame,) = open_simulator(site, page, "scenario=playground", views=("Playground",))  # a fresh simulator
    page.evaluate("text => wweSimulator.replay_json(text)", recording)
    frame.wait_for("() => document.querySelectorAll('#console .entry.input[data-recorded]').length === 2",
                   timeout=UI_TIMEOUT_MS)
    outputs = "#console .entry:not(.input) pre"
    assert [text.strip() for text in frame.texts(outputs)] == ["total is 21", "42"]
    assert frame.texts("#console .entry.input .badge") == ["recorded: done", "recorded: done"]
    frame.click("#run-all")
    frame.wait_for("() => [...document.querySelectorAll('#console .entry.input:not([data-recorded])')]"
                   ".map(e => e.dataset.outcome).join() === 'none,value'", timeout=UI_TIMEOUT_MS)
    assert [text.strip() for text in frame.texts(outputs)] == ["total is 21", "42", "total is 21", "42"]
    screenshot(page, "firefox-playground-replayed-cells")


TERMINATED = "pageerror: uncaught exception: undefined"
"""What Firefox logs when a worker is terminated inside Pyodide (busy in Python); a plain-JavaScript worker busy
in a loop and terminated logs nothing."""


@pytest.fixture
def restarting_page(firefox, sink):
    yield from checked_page(firefox, sink, tolerated=(TERMINATED,))


def test_a_runaway_playground_cell_is_stopped_while_the_dashboard_answers(site, restarting_page):
    """``while True: pass`` spins in the playground's worker while the dashboard beside it (same site) answers a
    call; Stop restarts the worker (no interrupt buffer in a cross-site frame) and the client is connected again."""
    page = restarting_page
    frame, dashboard = open_simulator(site, page, scenario_query(WITH_DASHBOARD), views=("Playground", "Dashboard"))
    first_cell = "() => document.querySelector('#console .entry.input')"
    frame.fill("#editor", "while True: pass")
    frame.click("#run")
    frame.wait_for(f"() => ({first_cell})()?.querySelector('.badge').textContent === 'running'", timeout=UI_TIMEOUT_MS)
    page.click("#inbound-form button[value=voice]")
    wait_row_actions(dashboard, ["answer", "reject"])
    dashboard.click(f"{ROW} [data-action=answer]")
    wait_row_actions(dashboard, ["hold", "hang-up", "start-recording"])
    assert frame.evaluate(f"() => ({first_cell})().dataset.outcome") == ""  # the cell ran all along
    frame.click("#stop")
    frame.wait_for(f"() => ({first_cell})().dataset.outcome === 'restarted'", timeout=UI_TIMEOUT_MS)
    frame.wait_for("() => document.getElementById('status').textContent.startsWith('Ready: Python was restarted;')",
                   timeout=BOOT_TIMEOUT_MS)
    assert run_cell(frame, "(await service.interaction.getInteractions())[0]['state']") == ("value", "'TALKING'")
    screenshot(page, "firefox-playground-after-stop")
