"""The sample dashboard in the simulator, in Chromium: live panels, keyboard use, hostile text, errors, two frames."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS, payloads_had_their_chance, screenshot
from .test_boot import BOOT_TIMEOUT_MS, wait_python_ready

pytestmark = pytest.mark.browser

DEFAULT_SCENARIO = (Path(__file__).resolve().parents[2] / "scenario" / "default.toml").read_text(encoding="utf-8")
HOSTILE = '<img src=x onerror="window.top.__pwned=1">"><svg onload=alert(1)>{{7*7}}'
UI_TIMEOUT_MS = 15_000


def scenario(*, views: int = 1, **options: str) -> str:
    """The default scenario with some interaction-workspace options changed, embedding the dashboard ``views`` times."""
    text = DEFAULT_SCENARIO
    for name, value in options.items():
        line = next(line for line in text.splitlines() if line.startswith(f'"{name}" ='))
        text = text.replace(line, f'"{name}" = {value}')
    names = ["Dashboard"] + [f"Dashboard{n}" for n in range(2, views + 1)]
    text = text.replace('"interaction.web-content" = ["Dashboard"]', f'"interaction.web-content" = {json.dumps(names)}')
    for name in names[1:]:
        text += f'\n[{name}]\nurl = "http://localhost:8001/index.html"\nlabel = "{name}"\nmode = "tab"\n'
    return text


def open_simulator(site, context, page, scenario_text: str | None = None, frames: int = 1, query: str = "") -> list:
    """The simulator (with ``scenario_text`` if given, or the page's ``query``, such as ``scenario=<name>``) and its
    dashboard frames, each started."""
    if scenario_text is not None:
        context.route(f"{site.workspace_origin}/test-scenario.toml",
                      lambda route: route.fulfill(body=scenario_text, content_type="application/toml"))
        query = "scenario=/test-scenario.toml"
    page.goto(site.simulator_url(query))
    page.wait_for_function("document.getElementById('host-status').textContent.includes('ready')",
                           timeout=BOOT_TIMEOUT_MS)
    iframes = page.locator(f'iframe[src^="{site.extension_origin}"]')
    expect(iframes).to_have_count(frames, timeout=BOOT_TIMEOUT_MS)
    found = [iframes.nth(n).element_handle().content_frame() for n in range(frames)]
    for frame in found:
        frame.wait_for_url(lambda url: url.startswith(site.extension_origin), timeout=BOOT_TIMEOUT_MS)
        wait_python_ready(frame)
    return found


def simulate(page, action: str, *arguments) -> str:
    """A control-panel happening on the simulated contact centre (model method ``action``); returns its result."""
    return page.evaluate("""([action, args]) => {
        const sim = window.wweSimulator;
        let result;
        sim.deliver(sim.host.perform(ctx => { result = sim.host.model[action](ctx, ...args); }));
        return result;
    }""", [action, list(arguments)])


def frame_screenshot(page, frame, name: str, width: int) -> None:
    """Save the whole dashboard as it looks in a frame ``width`` px wide, under test-results/."""
    page.evaluate("w => { const f = document.querySelector('#extensions iframe'); f.style.width = w + 'px'; }", width)
    height = frame.evaluate("document.documentElement.scrollHeight")
    page.evaluate("h => { document.querySelector('#extensions iframe').style.height = h + 'px'; }", height)
    # the simulator's extension column must hold the frame; offscreen frames are not painted
    page.set_viewport_size({"width": max(1280, 2 * width + 100), "height": height + 200})
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#extensions iframe").first.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def notice(frame, area: str, start: str = "") -> str:
    """The text of a notice area once something (starting with ``start``) shows there. The dashboard clears an
    area's notice when its action starts, a moment after the click: where the area still shows an earlier notice,
    name the start of the one awaited."""
    frame.wait_for_function("([id, start]) => { const text = document.getElementById(id).textContent.trim();"
                            " return text !== '' && text.startsWith(start); }", arg=[f"{area}-notice", start],
                            timeout=UI_TIMEOUT_MS)
    return frame.locator(f"#{area}-notice").text_content()


def test_dashboard_follows_a_call_driven_by_keyboard(site, context, page):
    (frame,) = open_simulator(site, context, page)
    assert frame.locator("#status").text_content() == "Connected to Agent Workspace."
    assert "Ada Lovelace" in frame.locator("#agent-summary").text_content()
    simulate(page, "inbound_call")
    answer = frame.locator("#interaction-list [data-action=answer]")
    answer.wait_for(timeout=UI_TIMEOUT_MS)
    answer.focus()
    page.keyboard.press("Enter")
    hold = frame.locator("#interaction-list [data-action=hold]")
    hold.wait_for(timeout=UI_TIMEOUT_MS)
    # the Answer button is gone: focus went back to its row, so the keyboard user can go on from there
    assert frame.evaluate("document.activeElement.closest('li.interaction') !== null")
    hold.focus()
    page.keyboard.press("Space")
    frame.locator("#interaction-list [data-action=resume]").wait_for(timeout=UI_TIMEOUT_MS)
    frame.locator("#interaction-list [data-action=resume]").click()
    # each click once the row shows the state it asked for: a click while the row is redrawn could miss its button
    frame.locator("#interaction-list [data-action=hold]").wait_for(timeout=UI_TIMEOUT_MS)
    frame.locator("#interaction-list [data-action=start-recording]").click()
    frame.locator("#interaction-list .badge.recording").wait_for(timeout=UI_TIMEOUT_MS)
    frame.locator("#interaction-list [data-action=hang-up]").click()
    frame.locator("#interaction-list [data-action=mark-done]").click()
    frame.wait_for_function("document.querySelectorAll('#interaction-list li').length === 0", timeout=UI_TIMEOUT_MS)
    assert "0 interactions" in frame.locator("#interactions-summary").text_content()
    assert not [m for m in page.console_messages if m.startswith(("pageerror", "error"))]


def test_hostile_text_is_shown_and_never_runs(site, context, page):
    (frame,) = open_simulator(site, context, page)
    simulate(page, "inbound_call", HOSTILE)
    frame.locator("#interaction-details h3").wait_for(timeout=UI_TIMEOUT_MS)
    frame.fill("#new-key", "Key1")
    frame.fill("#new-value", HOSTILE)
    frame.press("#new-value", "Enter")
    frame.locator("#interaction-data input[name=value]").first.wait_for(timeout=UI_TIMEOUT_MS)
    frame.fill("#toast-title", HOSTILE)
    frame.fill("#toast-key-values", f"k={HOSTILE}")
    frame.click("#popup-toast")
    frame.locator("#toast-list li").wait_for(timeout=UI_TIMEOUT_MS)
    payloads_had_their_chance(frame)
    assert frame.locator("#interaction-list [id$=-title]").text_content() == HOSTILE
    assert frame.locator("#interaction-details h3").text_content() == HOSTILE
    assert frame.locator("#interaction-data input[name=value]").first.input_value() == HOSTILE
    assert HOSTILE in frame.locator("#toast-list").text_content()
    assert frame.evaluate("document.querySelectorAll('#app img, #app svg, #app script').length") == 0
    assert page.evaluate("window.__pwned") is None


def test_two_dashboards_talk_on_a_messenger_channel(site, context, page):
    first, second = open_simulator(site, context, page, scenario(views=2), frames=2)
    for frame in (first, second):
        frame.fill("#channel-name", "team")
        frame.press("#channel-name", "Enter")
        frame.locator("#channel-list li textarea").wait_for(timeout=UI_TIMEOUT_MS)
    first.fill("#channel-list li textarea", json.dumps({"text": HOSTILE}))
    first.click("#channel-list li button[type=submit]")
    log = second.locator("#channel-list .channel-log li")
    log.wait_for(timeout=UI_TIMEOUT_MS)
    assert json.loads(log.locator("pre").text_content()) == {"text": HOSTILE}
    assert page.evaluate("window.__pwned") is None
    second.click("#channel-list [data-action=leave-channel]")
    second.wait_for_function("document.querySelectorAll('#channel-list li').length === 0", timeout=UI_TIMEOUT_MS)
    channel = first.locator("#channel-list > li").get_attribute("id")
    assert notice(first, channel) == "Broadcast on 'team'."
    first.fill("#channel-list li textarea", "not json")
    first.click("#channel-list li button[type=submit]")
    assert "Invalid input: Message: not valid JSON" in notice(first, channel, "Invalid input")


def test_errors_show_next_to_their_control(site, context, page):
    (frame,) = open_simulator(site, context, page,
                              scenario(**{"service-client-api.rate-limit.voice.dial": "1"}))
    frame.fill("#toast-auto-close", "soon")
    frame.fill("#toast-title", "Hi")
    frame.click("#popup-toast")
    assert notice(frame, "toasts") == "Invalid input: Close automatically after: enter a number of seconds."
    # one voice.dial a calendar minute: the second is refused, or the third if the minute changed in between
    for dials, number in enumerate(("5001", "5002", "5003"), start=1):
        frame.fill("#dial-destination", number)
        frame.click("#dial")
        page.wait_for_function("n => JSON.parse(wweSimulator.session_json()).filter(e => e.direction === 'in' && "
                               "e.message.request === 'voice.dial').length === n", arg=dials)
        if page.evaluate("JSON.parse(wweSimulator.session_json()).some(e => e.verdict === 'rate-limited')"):
            break
    frame.wait_for_function("document.getElementById('dial-notice').textContent.includes('Rate limited')",
                            timeout=UI_TIMEOUT_MS)
    assert "voice.dial" in frame.locator("#dial-notice").text_content()
    frame.fill("#dial-destination", "5009")
    frame.click("#dial")  # quarantined: Workspace does not answer; the client gives up after 10 s
    frame.wait_for_function("document.getElementById('dial-notice').textContent.includes('Timed out')",
                            timeout=10_000 + UI_TIMEOUT_MS)
    frame.select_option("#log-filter", "failure")  # the one change listener
    frame.wait_for_function("[...document.querySelectorAll('#event-log li')].every(li => li.classList.contains('failure'))"
                            " && document.querySelectorAll('#event-log li').length === 2", timeout=UI_TIMEOUT_MS)


def test_refused_origin_is_shown_in_the_status_line(site, context, page):
    refused = '"https://somewhere-else.example (*, auth.getJwtToken)"'
    (frame,) = open_simulator(site, context, page,
                              scenario(**{"service-client-api.accepted-web-content-origins": refused}))
    assert "status failed" in frame.locator("#status").get_attribute("class")
    assert "is not allowed to use the Service Client API" in frame.locator("#status").text_content()
    assert "Refused:" in frame.locator("#agent-notice").text_content()


def test_opened_alone_the_dashboard_connects_to_nothing_and_says_why(site, page):
    """wwe.browser.connect_from_page() refuses outside Agent Workspace: no client, and the reason on the page."""
    page.goto(f"{site.extension_origin}/index.html")
    wait_python_ready(page)
    status = page.locator("#status")
    assert "status failed" in status.get_attribute("class")
    assert "This page is not embedded in Agent Workspace" in status.text_content()
    screenshot(page, "dashboard-not-embedded")


def test_jwt_panel_and_narrow_frame(site, context, page):
    (frame,) = open_simulator(site, context, page)
    frame.click("#get-jwt")
    frame.locator("#jwt pre").wait_for(timeout=UI_TIMEOUT_MS)
    assert '"sub": "ada.lovelace"' in frame.locator("#jwt pre").text_content()
    simulate(page, "inbound_call")
    frame.locator("#interaction-list li").wait_for(timeout=UI_TIMEOUT_MS)
    frame_screenshot(page, frame, "dashboard-wide", 1000)
    frame_screenshot(page, frame, "dashboard-400px", 400)
    assert frame.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
