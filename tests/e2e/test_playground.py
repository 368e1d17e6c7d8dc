"""The Python playground embedded in the simulator (?scenario=playground), in Chromium, on two sites.

What a person does: type Python in the editor and run it with Shift+Enter or the Run button, pick examples from
the menu, make things happen with the simulator's control panel, and read the console.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from workspace.testing import assert_reproduces, load_scenario
from wwe import notebook

from .test_boot import BOOT_TIMEOUT_MS, wait_python_ready
from .test_dashboard_browser import HOSTILE, UI_TIMEOUT_MS
from .conftest import payloads_had_their_chance, screenshot, sized_frame_screenshot
from .test_dashboard_flows import keep, no_console_errors, wait_row_actions

pytestmark = pytest.mark.browser

RUN_TIMEOUT_MS = 20_000
ROOT = Path(__file__).resolve().parents[2]
WITH_DASHBOARD = (ROOT / "scenario" / "playground.toml").read_text(encoding="utf-8").replace(
    '"interaction.web-content" = ["Playground"]', '"interaction.web-content" = ["Playground", "Dashboard"]') + """
[Dashboard]
url = "http://localhost:8001/index.html"
label = "Dashboard"
mode = "tab"
"""
"""The playground's scenario with the sample dashboard beside it: the same site, so the same renderer process."""


def open_playground(site, page, url: str | None = None):
    """The simulator with the playground scenario, and the playground's frame once Python is ready."""
    if url != page.url:
        page.goto(url or site.simulator_url("scenario=playground"))
    page.wait_for_function("document.getElementById('host-status').textContent.includes('ready')",
                           timeout=BOOT_TIMEOUT_MS)
    iframe = page.locator("[data-view=Playground] iframe")
    iframe.wait_for(timeout=UI_TIMEOUT_MS)
    frame = iframe.element_handle().content_frame()
    wait_python_ready(frame)
    return frame


def start(frame, code: str | None = None, *, button: bool = False):
    """Start ``code`` (default: what the editor holds) with Shift+Enter, or the Run button; its cell's entry."""
    editor = frame.locator("#editor")
    if code is not None:
        editor.fill(code)
    cells = frame.locator("#console .entry.input").count()
    if button:
        frame.locator("#run").click()
    else:
        editor.press("Shift+Enter")
    return frame.locator("#console .entry.input").nth(cells)


def run(frame, code: str | None = None, *, button: bool = False) -> tuple[str, str]:
    """Run ``code`` (default: what the editor holds) with Shift+Enter, or the Run button; (outcome, result text)."""
    cells = frame.locator("#console .entry.input").count()
    cell = start(frame, code, button=button)
    frame.wait_for_function("n => document.querySelectorAll('#console .entry.input')[n]?.dataset.outcome",
                            arg=cells, timeout=RUN_TIMEOUT_MS)
    result = cell.locator("xpath=following-sibling::li[not(contains(@class, 'output'))][1]")
    text = result.locator("pre").text_content() if result.count() and "input" not in result.get_attribute("class") else ""
    return cell.get_attribute("data-outcome"), text


def test_the_simulators_scenario_menu_opens_the_playground(site, page):
    page.goto(site.simulator_url())
    page.wait_for_function("document.getElementById('host-status').textContent.includes('ready')",
                           timeout=BOOT_TIMEOUT_MS)
    page.select_option("#scenario-select", label="Python playground")
    page.click("#scenario-picker button[type=submit]")
    page.wait_for_url("**scenario=playground**")
    frame = open_playground(site, page, page.url)
    assert frame.url == f"{site.extension_origin}/playground.html"
    assert run(frame)[0] == "value"


def test_getstate_events_errors_and_hostile_text(site, page):
    frame = open_playground(site, page)
    assert frame.locator("#status").text_content() == f"Ready: service is connected to {site.workspace_origin}."
    # the editor starts with the brief's first call; the Run button runs it
    assert frame.locator("#editor").input_value().strip() == "await service.agent.getState()"
    outcome, text = run(frame, button=True)
    assert outcome == "value" and "'operationName': " in text
    # events as they come, from the simulator's control panel
    assert run(frame, 'subscription = service.subscribe(["interaction"], print)\nawait subscription')[0] == "value"
    page.fill("#inbound-form [name=party]", "+15550001111")
    page.click("#inbound-form button[value=voice]")
    ringing = frame.locator("#console .entry.output", has_text='\n  "eventType": "RINGING",\n')  # as indented JSON
    ringing.wait_for(timeout=UI_TIMEOUT_MS)
    assert "+15550001111" in ringing.text_content()
    # a refused request: its reply, as text
    outcome, text = run(frame, 'await service.voice.answer("no-such-call")')
    assert outcome == "failure"
    assert text.startswith("Request failed: voice.answer: Error: Interaction not found.")
    # an exception: the traceback, as text
    outcome, text = run(frame, "def f():\n    return 1 / 0\nf()")
    assert outcome == "exception"
    assert 'File "<cell 4>", line 3' in text and text.rstrip().endswith("ZeroDivisionError: division by zero")
    assert frame.locator("#console .entry.input").nth(3).locator(".badge").text_content() == "error"
    # hostile text printed, returned and raised is shown as text and never runs
    hostile = repr(HOSTILE)
    run(frame, f"print({hostile})\n{hostile}")
    run(frame, f"raise ValueError({hostile})")
    payloads_had_their_chance(frame)
    assert frame.locator("#console .entry.output").last.text_content().strip() == HOSTILE
    assert frame.locator("#console img, #console svg, #console script").count() == 0
    assert page.evaluate("window.__pwned") is None and frame.evaluate("window.top === window.parent")
    no_console_errors(page)


def test_editor_keys(site, page):
    frame = open_playground(site, page)
    editor = frame.locator("#editor")
    editor.fill("")
    editor.press_sequentially("for n in range(3):")
    editor.press("Enter")
    editor.press_sequentially("print(n)")
    assert editor.input_value() == "for n in range(3):\n    print(n)"
    editor.press("Shift+Tab")
    assert editor.input_value() == "for n in range(3):\nprint(n)"
    editor.press("Home")
    editor.press("Tab")
    assert editor.input_value() == "for n in range(3):\n    print(n)"
    editor.press("Control+Enter")
    frame.locator("#console .entry.output", has_text="0\n1\n2").wait_for(timeout=RUN_TIMEOUT_MS)
    # Tab stays in the editor; Escape then Tab moves on to the next control
    editor.press("Escape")
    editor.press("Tab")
    assert frame.evaluate("document.activeElement.id") != "editor"
    frame.locator("#clear").focus()
    frame.locator("#clear").press("Enter")
    assert frame.locator("#console .entry").count() == 0


def test_every_example_of_the_menu_runs(site, page):
    """Each example gives a result or a refused request's reply (what it needs is missing), never an exception."""
    frame = open_playground(site, page)
    for party in ("+15550001111", "+15550002222"):
        page.fill("#inbound-form [name=party]", party)
        page.click("#inbound-form button[value=voice]")
    menu = frame.locator("#examples")
    keys = menu.evaluate("m => [...m.options].map(o => o.value).filter(Boolean)")
    assert len(keys) == 76 and keys[0] == "agent.get" and keys[-1] == "subscribe"
    outcomes = {}
    for key in keys:
        menu.select_option(key)
        code = frame.locator("#editor").input_value()
        assert code.startswith(f"# {key}") or key == "subscribe", code
        outcomes[key] = run(frame, button=True)
        if key == "system.openDialog":  # the dialog covers the page, as in Agent Workspace: look, then close it
            dialog = page.frame_locator("[data-dialog] iframe")
            assert dialog.locator("h1").text_content() == "A dialog opened from the playground"
            page.click("[data-dialog] [data-action=dialog-close]")
    assert {key: o for key, o in outcomes.items() if o[0] not in ("value", "none", "failure")} == {}
    failures = {key: text.splitlines()[0] for key, (outcome, text) in outcomes.items() if outcome == "failure"}
    assert not [line for line in failures.values() if "timeout" in line or "rate" in line.lower()], failures
    assert len(failures) <= 25, failures
    assert "'username': 'ada.lovelace'" in outcomes["agent.get"][1]
    # the host refuses the key the scenario's write list leaves out (the request reaches it: the inspector shows it)
    assert outcomes["interaction.setUserData"][1].startswith(
        "Request failed: interaction.setUserData: Writing the user data key 'CreditLimit' is not allowed.")
    print(f"\nplayground examples: {len(keys)} run, {len(failures)} refused with a reply: {sorted(failures)}")
    no_console_errors(page)


def frame_screenshot(page, name: str, width: int, height: int) -> Path:
    """The playground's frame at ``width`` x ``height`` px, under test-results/; the page is put back afterwards."""
    iframe = page.locator("[data-view=Playground] iframe")
    iframe.evaluate("(f, [w, h]) => { f.style.flex = 'none'; f.style.width = w + 'px'; f.style.height = h + 'px'; }",
                    [width, height])
    page.set_viewport_size({"width": width + 700, "height": height + 200})
    frame = iframe.element_handle().content_frame()
    frame.wait_for_function(f"window.innerWidth === {width} && window.innerHeight === {height}", timeout=UI_TIMEOUT_MS)
    return sized_frame_screenshot(page, iframe, frame, name, width)


def test_screenshots(site, page):
    """The playground at 400 px and wide (the wide one is in the README), with a result, events and a failure."""
    frame = open_playground(site, page)
    run(frame, button=True)
    run(frame, 'service.subscribe(["interaction"], lambda message: print(message["data"]["eventType"]))')
    page.click("#inbound-form button[value=voice]")
    frame.locator("#console .entry.output", has_text="RINGING").wait_for(timeout=UI_TIMEOUT_MS)
    run(frame, 'await service.voice.answer("no-such-call")')
    frame.locator("#examples").select_option("voice.answer")
    frame_screenshot(page, "playground-400px", 400, 1100)
    keep(frame_screenshot(page, "playground-wide", 1100, 560))


# --- cells run in a worker: Stop, time limits, anchoring, help ------------------------------------------------------

def open_with_dashboard(site, context, page):
    """The simulator with the playground and the sample dashboard; both frames, once their Python is ready."""
    context.route(f"{site.workspace_origin}/with-dashboard.toml",
                  lambda route: route.fulfill(body=WITH_DASHBOARD, content_type="application/toml"))
    frame = open_playground(site, page, site.simulator_url("scenario=/with-dashboard.toml"))
    dashboard = page.locator("[data-view=Dashboard] iframe").element_handle().content_frame()
    wait_python_ready(dashboard)
    return frame, dashboard


def stopped(frame, cell, outcome: str) -> str:
    """Wait until ``cell`` ended with ``outcome`` and the playground is ready again; the notice under it."""
    expect(cell).to_have_attribute("data-outcome", outcome, timeout=RUN_TIMEOUT_MS)
    expect(frame.locator("#status")).to_have_class("status ready", timeout=BOOT_TIMEOUT_MS)
    return cell.locator("xpath=following-sibling::li[1]").text_content().strip()


def test_a_runaway_cell_is_stopped_while_the_dashboard_answers(site, context, page):
    """``while True: pass`` spins in the worker; the dashboard beside it (same site, same renderer) answers a call
    meanwhile; Stop ends the cell by restarting the worker, which says that Python's state was reset."""
    frame, dashboard = open_with_dashboard(site, context, page)
    run(frame, "kept = 42")
    cell = start(frame, "while True: pass")
    expect(cell.locator(".badge")).to_have_text("running")
    expect(frame.locator("#stop")).to_be_enabled()
    page.click("#inbound-form button[value=voice]")  # the control panel's "Inbound call"
    wait_row_actions(dashboard, ["answer", "reject"])
    dashboard.locator("#interaction-list > li [data-action=answer]").click()
    wait_row_actions(dashboard, ["hold", "hang-up", "start-recording"])
    expect(dashboard.locator("#interaction-list > li .row-head .badge").first).to_have_text("TALKING")
    assert cell.get_attribute("data-outcome") == ""  # the cell ran all along
    screenshot(page, "playground-running-cell-with-dashboard")
    frame_screenshot(page, "playground-running-cell", 1100, 560)
    frame.locator("#stop").click()
    notice = stopped(frame, cell, "restarted")
    assert notice.startswith("Stopped. Python was restarted") and "Python's state was reset" in notice
    assert cell.locator(".badge").text_content() == "stopped: Python restarted"
    assert frame.locator("#status").text_content() == \
        f"Ready: Python was restarted; service is connected to {site.workspace_origin}."
    frame_screenshot(page, "playground-after-stop", 1100, 560)
    outcome, text = run(frame, "kept")
    assert outcome == "exception" and "NameError" in text
    outcome, text = run(frame, "(await service.interaction.getInteractions())[0]['state']")  # connected again
    assert (outcome, text) == ("value", "'TALKING'")
    expect(frame.locator("#stop")).to_be_disabled()
    no_console_errors(page)


def test_the_time_limit_stops_a_busy_cell_and_a_waiting_one(site, page):
    frame = open_playground(site, page)
    frame.locator("#limit").fill("1")
    run(frame, "kept = 42")
    outcome, text = run(frame, "import asyncio\nawait asyncio.sleep(3600)")
    assert outcome == "timeout" and text.startswith("Stopped while it waited")
    assert frame.locator("#console .entry.input").last.locator(".badge").text_content() == "time limit"
    assert run(frame, "kept") == ("value", "42")  # a cancelled await keeps Python's state
    cell = start(frame, "while True: pass")
    notice = stopped(frame, cell, "restarted")
    assert notice.startswith("Its time limit ran out. Python was restarted")
    no_console_errors(page)


def test_stop_cancels_a_pending_await_and_keeps_the_state(site, page):
    frame = open_playground(site, page)
    run(frame, "kept = 42")
    cell = start(frame, "await asyncio.Future()")
    expect(cell.locator(".badge")).to_have_text("running")
    frame.locator("#stop").click()
    expect(cell).to_have_attribute("data-outcome", "cancelled", timeout=RUN_TIMEOUT_MS)
    assert cell.locator(".badge").text_content() == "stopped"
    assert run(frame, "kept") == ("value", "42")
    assert "restarted" not in frame.locator("#status").text_content()
    no_console_errors(page)


def test_late_output_goes_under_its_own_cell_and_help_works(site, page):
    frame = open_playground(site, page)
    run(frame, "gate = asyncio.get_running_loop().create_future()\n"
               "gate.add_done_callback(lambda future: print('late, from the first cell'))")
    run(frame, "print('from the second cell')")
    run(frame, "gate.set_result(1)")
    frame.locator("#console .entry.output", has_text="late, from the first cell").wait_for(timeout=RUN_TIMEOUT_MS)
    texts = frame.locator("#console .entry").evaluate_all("entries => entries.map(e => e.dataset.kind + ': ' + "
                                                          "e.querySelector('pre').textContent.trim())")
    assert texts[:4] == ["input: gate = asyncio.get_running_loop().create_future()\n"
                         "gate.add_done_callback(lambda future: print('late, from the first cell'))",
                         "output: late, from the first cell", "input: print('from the second cell')",
                         "output: from the second cell"], texts
    source = "any('python_stdlib_source' in entry for entry in __import__('sys').path)"
    assert run(frame, source) == ("value", "False")  # not fetched while nothing needs it
    outcome, _ = run(frame, "help(service.voice.dial)")
    assert outcome == "none"
    shown = frame.locator("#console .entry.output").last.text_content()
    assert "Help on method dial in module wwe.namespaces:" in shown
    assert "dial(\n    destination: str,\n    userData: dict[str, Any],\n" in shown  # pydoc of Python 3.14
    assert "Calls the destination the same way WWE does from Team Communicator." in shown
    assert run(frame, "import uuid\nstr(uuid.UUID(int=1))") == \
        ("value", "'00000000-0000-0000-0000-000000000001'")  # not in the site's compiled standard library either
    no_console_errors(page)


# --- cells in the session: exported, replayed, run again; a restart's subscriptions -----------------------------------

def frame_id_of(page, view: str) -> str:
    """The newest frame id the simulator attached for ``view``."""
    return page.evaluate("view => JSON.parse(wweSimulator.session_json()).filter(e => e.direction === 'host' && "
                         "e.message.name === view).at(-1).message.attach", view)


def kept_cells(page, count: int) -> list:
    """Once the simulator has kept ``count`` playground cells: the recording's cell entries."""
    page.wait_for_function("n => JSON.parse(wweSimulator.session_json()).filter(e => e.verdict === 'cell').length "
                           "=== n", arg=count, timeout=RUN_TIMEOUT_MS)
    return [entry for entry in json.loads(page.evaluate("wweSimulator.session_json()")) if entry["verdict"] == "cell"]


def test_cells_are_exported_with_the_session_replayed_into_the_playground_and_run_again(site, page, tmp_path):
    frame = open_playground(site, page)
    assert run(frame, 'total = 20 + 1\nprint("total is", total)')[0] == "none"
    assert run(frame, "state = await service.agent.getState()\ntotal * 2") == ("value", "42")
    cells = kept_cells(page, 2)
    assert [notebook.read(entry["message"]).source for entry in cells] == \
        ['total = 20 + 1\nprint("total is", total)', "state = await service.agent.getState()\ntotal * 2"]
    page.locator("details.replay > summary").click()
    with page.expect_download() as download:
        page.click("#session-export")
    path = tmp_path / "session.json"
    download.value.save_as(path)
    assert_reproduces(path.read_text(), load_scenario("playground")[0])  # a regression test on CPython too

    page.reload()  # a fresh simulator and playground: Python's state (total) is gone
    frame = open_playground(site, page, page.url)
    page.locator("details.replay > summary").click()
    page.set_input_files("#replay-file", str(path))
    page.click("#replay-form button[type=submit]")
    page.wait_for_function("document.getElementById('replay-status').textContent.startsWith('Replayed')",
                           timeout=RUN_TIMEOUT_MS)
    recorded = frame.locator("#console .entry.input[data-recorded]")
    expect(recorded).to_have_count(2, timeout=UI_TIMEOUT_MS)
    expect(recorded.locator(".badge")).to_have_text(["recorded: done", "recorded: done"])
    expect(frame.locator("#console .entry:not(.input) pre")).to_have_text(["total is 21", "42"])
    keep(frame_screenshot(page, "playground-replayed-cells", 1100, 560))

    frame.locator("#run-all").click()  # in order, each once the previous has ended: the second needs the first's total
    live = frame.locator("#console .entry.input:not([data-recorded])")
    expect(live).to_have_count(2, timeout=RUN_TIMEOUT_MS)
    expect(live.nth(1)).to_have_attribute("data-outcome", "value", timeout=RUN_TIMEOUT_MS)
    assert [live.nth(n).get_attribute("data-outcome") for n in range(2)] == ["none", "value"]
    expect(frame.locator("#console .entry:not(.input) pre")).to_have_text(["total is 21", "42", "total is 21", "42"])
    expect(frame.locator("#run-all")).to_be_enabled()
    recorded.nth(0).locator(".run-recorded").click()  # one by one too
    expect(live).to_have_count(3, timeout=RUN_TIMEOUT_MS)
    assert len(kept_cells(page, 3)) == 3  # the cells run again are in this session's recording
    no_console_errors(page)


def test_a_restart_ends_the_lost_workers_subscriptions_in_the_simulator(site, page):
    frame = open_playground(site, page)
    frame_id = frame_id_of(page, "Playground")
    held = "id => wweSimulator.host.subscriptions.names_of(id).toJs()"
    assert run(frame, 'await service.subscribe(["interaction", "agent"], print)')[0] == "value"
    assert page.evaluate(held, frame_id) == [["agent", "interaction"]]
    cell = start(frame, "while True: pass")
    expect(cell.locator(".badge")).to_have_text("running")
    frame.locator("#stop").click()
    stopped(frame, cell, "restarted")
    page.wait_for_function(f"id => ({held})(id).length === 0", arg=frame_id, timeout=UI_TIMEOUT_MS)
    assert run(frame, 'await service.subscribe(["interaction"], print)')[0] == "value"  # the new client's, alone
    assert page.evaluate(held, frame_id) == [["interaction"]]
    no_console_errors(page)
