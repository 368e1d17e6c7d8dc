"""The simulator page in a real browser: a person drives a call from the control panel while a JS extension
(official-client stand-in) listens; the toasts, dialogs and menu-bar views an extension creates are shown (hostile
text as text) and answered; frames are visible only when a person can see them."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import payloads_had_their_chance, screenshot
from .test_boot import BOOT_TIMEOUT_MS, extension_frame, wait_python_ready
from .test_dashboard_browser import UI_TIMEOUT_MS

pytestmark = pytest.mark.browser

JS_DIR = Path(__file__).resolve().parent / "js"
CONTENT_TYPES = {".html": "text/html", ".js": "text/javascript"}
HOSTILE = "<img src=x onerror=window.__pwned=1>"


def js_views(site, **modes: str) -> str:
    """A scenario whose views (name -> mode) all show the JS extension, told apart by ``?view=<name>``."""
    origin = site.extension_origin
    sections = "".join(f'\n[{name}]\nurl = "{origin}/js/extension.html?view={name}"\nlabel = "{name} (JS)"\nmode = "{mode}"\n'
                       for name, mode in modes.items())
    return f"""
[interaction-workspace]
"service-client-api.accepted-web-content-origins" = "{origin} (*)"
"interaction.web-content" = {list(modes)!r}
{sections}
[scenario.timers]
remote_answer_after = -1
""".replace("'", '"')


def serve(site, context, scenario: str) -> None:
    """Serve the JS extension and ``scenario`` (route-fulfilled) to every page of the browser context."""
    def serve_js(route):
        path = JS_DIR / urlsplit(route.request.url).path.split("/js/", 1)[1]
        route.fulfill(body=path.read_bytes(), content_type=CONTENT_TYPES[path.suffix])

    context.route(f"{site.extension_origin}/js/*", serve_js)
    context.route(f"{site.workspace_origin}/test-scenario.toml",
                  lambda route: route.fulfill(body=scenario, content_type="application/toml"))


def open_simulator(site, page) -> None:
    """Open the simulator on the served scenario and wait until it is ready and its tab has decided whether it leads
    (the tabs' election: until then a frame that subscribes to system events is told its frameState)."""
    page.goto(site.simulator_url("scenario=/test-scenario.toml"))
    page.wait_for_function("document.getElementById('host-status').dataset.state === 'ready'", timeout=BOOT_TIMEOUT_MS)
    page.wait_for_function("/^Tab: (leading|following)/.test(document.getElementById('tab-state').textContent)")


def js_frame(page, view: str):
    """The frame of the JS extension view ``view`` (its iframe's URL ends with ``?view=<view>``), once its client is
    ready and the host has told it its frame id (polled on a timer: a background view is never rendered)."""
    iframe = page.locator(f'iframe[src$="?view={view}"]')
    frame = iframe.element_handle(timeout=BOOT_TIMEOUT_MS).content_frame()
    frame.wait_for_function("typeof window.call === 'function' && window.received.some(m => m && m.frameId !== "
                            "undefined && m.referenceId === undefined && m.event === undefined)",
                            polling=50, timeout=BOOT_TIMEOUT_MS)
    return frame


TOASTS_SEEN = """() => {
    window.__toastsSeen = [];
    new MutationObserver(() => {
        for (const toast of document.querySelectorAll('#toasts .toast'))
            if (!window.__toastsSeen.some(t => t.id === toast.dataset.toast))
                window.__toastsSeen.push({id: toast.dataset.toast, text: toast.textContent});
    }).observe(document.getElementById('toasts'), {childList: true, subtree: true});
}"""


def watch_toasts(page) -> None:
    """From now on, note each toast the page shows (window.__toastsSeen: id, text), even one that goes again before
    a wait could look at it (an auto-closing toast)."""
    page.evaluate(TOASTS_SEEN)


def subscribe(page, frame, names: list[str]) -> None:
    """Subscribe the JS extension and wait for the host's answer (seen in the inspector)."""
    frame.evaluate(f"subscribe({names!r})")
    page.wait_for_function(f"[...document.querySelectorAll('#inspector td.message')].some("
                           f"td => td.textContent.startsWith('subscribe {', '.join(names)}'))")


def event_types(frame, name: str) -> list[str]:
    return frame.evaluate(f"window.events.filter(e => e.event === {name!r}).map(e => e.data.eventType)")


def test_full_call_from_the_control_panel(site, context, page):
    serve(site, context, js_views(site, Agent="tab", Monitor="background"))
    open_simulator(site, page)
    agent, monitor = js_frame(page, "Agent"), js_frame(page, "Monitor")
    subscribe(page, agent, ["interaction"])

    page.fill("#inbound-form [name=party]", "+15550001111")
    page.fill("#inbound-form [name=user_data]", "Key1=Gold customer")
    page.click("#inbound-form button[value=voice]")
    card = page.locator("#interactions [data-interaction]")
    state = card.locator("[data-role=state]")
    assert state.text_content() == "RINGING"
    assert "Key1" in card.locator("details.data").text_content()
    screenshot(page, "simulator-call-ringing")

    for button, expected in (("Answer", "TALKING"), ("Hold", "HELD"), ("Resume", "TALKING"), ("Hang up", "IDLE")):
        card.get_by_role("button", name=button, exact=True).click()
        page.wait_for_function(f"document.querySelector('#interactions [data-role=state]')?.textContent === {expected!r}")
    screenshot(page, "simulator-call-released")
    card.get_by_role("button", name="Mark done").click()
    page.wait_for_selector("#interactions [data-interaction]", state="detached")

    agent.wait_for_function("window.events.some(e => e.data.eventType === 'REMOVED')")
    received = event_types(agent, "interaction")
    assert received == ["ADDED", "RINGING", "ESTABLISHED", "HELD", "ESTABLISHED", "RELEASED", "REMOVED"]
    assert agent.evaluate("window.events[1].data.interaction.userData.Key1") == "Gold customer"

    # visibility: the tab view is visible until its card is collapsed; the background view never is
    assert agent.evaluate("call('system.amIVisible')")["reply"]["data"] is True
    assert monitor.evaluate("call('system.amIVisible')")["reply"]["data"] is False
    page.click("[data-view=Agent] [data-action=collapse]")
    assert agent.evaluate("call('system.amIVisible')")["reply"]["data"] is False
    expect(page.locator("[data-view=Agent] [data-role=frame]")).to_contain_text("not visible")  # the next redraw
    page.click("[data-view=Agent] [data-action=collapse]")
    assert agent.evaluate("call('system.amIVisible')")["reply"]["data"] is True
    assert agent.evaluate("call('system.isFrameLeading')")["reply"]["data"] is True
    assert agent.evaluate("call('system.isLastActiveFrame')")["reply"]["data"] is True
    assert "Monitor (JS)" in page.locator("#background-views").text_content()
    assert not [m for m in page.console_messages if m.startswith(("pageerror", "error"))], page.console_messages


def test_agent_state_campaigns_and_connection_from_the_control_panel(site, context, page):
    serve(site, context, js_views(site, Agent="tab"))
    open_simulator(site, page)
    agent = js_frame(page, "Agent")
    subscribe(page, agent, ["agent", "outbound", "system", "interaction"])

    page.select_option("#agent-state-form [name=state]", "NotReadyBreak")
    page.click("#agent-state-form button")
    page.wait_for_function("document.getElementById('agent-status').textContent.includes('Not Ready - Break')")

    page.click("details.section summary")
    page.click("[data-campaign=Renewals] button[data-arg=stop]")
    page.click("[data-campaign=Renewals] button[data-arg=start]")
    page.click("[data-campaign=Renewals] [data-action=push-record]")
    preview = page.locator("#interactions [data-interaction]")
    assert preview.locator("[data-role=state]").text_content() == "INVITED"
    preview.get_by_role("button", name="Accept").click()
    page.wait_for_function("document.querySelector('#interactions [data-role=state]')?.textContent === 'PREVIEWING'")

    page.click("#connection button[data-arg=DISCONNECTED]")
    page.wait_for_function("document.querySelector('#connection [data-role=connection]').textContent === 'DISCONNECTED'")
    page.fill("#inbound-form [name=user_data]", "Key1")
    page.click("#inbound-form button[value=chat]")
    assert page.locator("#panel-notice").text_content() == "Attached data: 'Key1' is not key=value."

    agent.wait_for_function("window.events.some(e => e.data.eventType === 'REALTIME_CONNECTION')")
    assert event_types(agent, "agent") == ["STATE_CHANGED"]
    assert event_types(agent, "outbound") == ["CampaignStopped", "CampaignStarted"]
    assert event_types(agent, "interaction") == ["ADDED", "INVITED", "PREVIEWING", "RECORDS_RETRIEVED"]
    assert event_types(agent, "system") == ["REALTIME_CONNECTION"]
    screenshot(page, "simulator-outbound")


def test_toasts_dialogs_and_menu_bar_views_of_an_extension(site, context, page):
    serve(site, context, js_views(site, Agent="tab", Helper="popup"))
    open_simulator(site, page)
    agent = js_frame(page, "Agent")
    js_frame(page, "Helper")
    subscribe(page, agent, ["system"])

    toast = agent.evaluate(f"""call('system.popupToast', {{title: {HOSTILE!r}, message: 'Hello ' + {HOSTILE!r},
        keyValues: {{'<b>key</b>': {HOSTILE!r}}}, buttons: ['Accept', 'Decline <i>now</i>']}})""")
    toast_id = toast["reply"]["data"]
    shown = page.locator(f"#toasts .toast[data-toast={toast_id}]")
    shown.wait_for()
    assert shown.locator(".title").text_content() == HOSTILE
    assert shown.locator(".message").text_content() == "Hello " + HOSTILE
    assert shown.locator("dt").text_content() == "<b>key</b>"
    assert page.locator("#toasts img, #toasts b, #toasts i").count() == 0

    agent.evaluate("""call('system.updateViewInApplicationMenuBar', {name: 'notes', label: '<b>Notes</b>',
        labelColor: '#FFFFFF', backgroundColor: '#0B6BCB'})""")
    refused = agent.evaluate("call('system.updateViewInApplicationMenuBar', {name: 'bad', label: 'x', "
                             "backgroundColor: 'red;background:url(http://x)'})")
    assert refused["callback"] == "failed"
    menu = page.locator("#menu-bar .menu-view")
    menu.wait_for()
    assert menu.count() == 1 and menu.text_content().strip() == "<b>Notes</b>"
    assert "background: #0B6BCB" in menu.get_attribute("style")

    dialog = agent.evaluate(f"call('system.openDialog', 'extension.html?view=Dialog', "
                            f"{{label: {HOSTILE!r}, width: '420px', height: '300px'}})")["reply"]["data"]
    page.locator(f"[data-dialog={dialog}] iframe").wait_for()
    assert page.locator(f"[data-dialog={dialog}] header strong").text_content() == HOSTILE
    in_dialog = js_frame(page, "Dialog")
    assert in_dialog.evaluate("call('system.amIVisible')")["reply"]["data"] is True  # the dialog page is a frame too
    blocked = agent.evaluate("call('system.openDialog', 'javascript:window.__pwned=1', {label: 'Script'})")["reply"]["data"]
    page.locator(f"[data-dialog={blocked}] .empty").wait_for()
    screenshot(page, "simulator-toast-dialog")

    page.click(f"[data-dialog={blocked}] [data-action=dialog-close]")
    page.click(f"[data-dialog={dialog}] [data-action=dialog-close]")
    page.wait_for_selector("#dialogs .dialog-backdrop", state="detached")
    assert agent.evaluate(f"call('system.closeDialog', {dialog!r})")["reply"]["data"] is False

    shown.get_by_role("button", name="Decline <i>now</i>").click()
    agent.wait_for_function("window.events.some(e => e.data.eventType === 'CUSTOM_TOAST_BUTTON_CLICK')")
    click = agent.evaluate("window.events.find(e => e.data.eventType === 'CUSTOM_TOAST_BUTTON_CLICK').data")
    assert click == {"eventType": "CUSTOM_TOAST_BUTTON_CLICK", "customToastId": toast_id, "buttonIndex": 1}
    page.wait_for_selector(f"#toasts .toast[data-toast={toast_id}]", state="detached")

    # an auto-closing toast goes by itself (model timer, ticked by the page): shown, then gone
    watch_toasts(page)
    brief = agent.evaluate("call('system.popupToast', {title: 'Brief', autoCloseTimeout: 300})")["reply"]["data"]
    page.wait_for_function("id => window.__toastsSeen.some(t => t.id === id) && "
                           "!document.querySelector(`#toasts .toast[data-toast=${id}]`)", arg=brief)

    # a menu-bar view brings its frame's view back into sight
    page.click("[data-view=Agent] [data-action=collapse]")
    assert agent.evaluate("call('system.amIVisible')")["reply"]["data"] is False
    menu.click()
    assert agent.evaluate("call('system.amIVisible')")["reply"]["data"] is True
    payloads_had_their_chance(page)
    assert page.evaluate("window.__pwned") is None


def test_inspector_filters_and_clears(site, context, page):
    serve(site, context, js_views(site, Agent="tab"))
    open_simulator(site, page)
    agent = js_frame(page, "Agent")
    agent.evaluate("call('agent.fly')")
    agent.evaluate("call('agent.get')")
    rows = page.locator("#inspector tr")
    expect(rows.filter(has_text="agent.get ->").first).to_be_visible()  # the page shows the reply at its next redraw
    page.select_option("#inspector-verdict", "problems")
    expect(page.locator("#inspector td.verdict")).to_have_text(["error"])
    page.select_option("#inspector-verdict", "")
    page.select_option("#inspector-frame", "frame1")
    expect(page.locator("#inspector td.frame").first).to_have_text("frame1")
    assert set(page.locator("#inspector td.frame").all_text_contents()) == {"frame1"}
    page.click("[data-action=inspector-clear]")
    expect(rows).to_have_count(0)
    agent.evaluate("call('agent.getState')")
    expect(rows).to_have_count(2)                          # in time order: the request, then its reply
    row = rows.first
    assert row.locator("td.message").text_content().startswith("agent.getState []")
    assert "head" in row.get_attribute("class") and "member" in rows.last.get_attribute("class")
    row.click()
    expect(row).to_have_class(re.compile(r"\bopen\b"))


def test_default_scenario_with_the_sample_dashboard(site, page):
    """The product as shipped: the Python dashboard embedded, a call routed to it from the control panel."""
    page.goto(site.simulator_url())
    page.wait_for_function("document.getElementById('host-status').dataset.state === 'ready'", timeout=BOOT_TIMEOUT_MS)
    wait_python_ready(extension_frame(page, site.extension_origin))
    page.click("#inbound-form button[value=voice]")
    page.locator("#interactions [data-interaction]").wait_for()
    page.wait_for_function("[...document.querySelectorAll('#inspector td.message')].some("
                           "td => td.textContent.startsWith('interaction RINGING #1'))")
    assert page.locator("[data-view=Dashboard] [data-role=frame]").text_content() == "frame1 · visible"
    dashboard = extension_frame(page, site.extension_origin)
    dashboard.locator("#interaction-list > li", has_text="RINGING").wait_for(timeout=UI_TIMEOUT_MS)  # shows the call
    screenshot(page, "simulator-default-dashboard")
    assert not [m for m in page.console_messages if m.startswith("pageerror")], page.console_messages
