"""The sample dashboard's "Done when", step by step, in Chromium against the simulator on another site.

Each test is what a person does: the contact centre's happenings come from the simulator's control panel (clicks
and typing on the simulator page), the agent's actions are clicks, typing and keys in the dashboard, and what the
agent sees is read back from both pages. Nothing calls the dashboard's Python directly.

Screenshots land in test-results/; with WWE_UPDATE_SCREENSHOTS=1 the ones the README shows are also written to
docs/screenshots/ (look at them before committing).
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS, payloads_had_their_chance, sized_frame_screenshot
from .test_dashboard_browser import UI_TIMEOUT_MS, notice, open_simulator, scenario

pytestmark = pytest.mark.browser

DOC_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
UPDATE_DOC_SCREENSHOTS = os.environ.get("WWE_UPDATE_SCREENSHOTS") == "1"
SCREENSHOT_LIMIT = 300_000
"""Bytes: screenshots kept in the docs stay small."""


# --- helpers ----------------------------------------------------------------------------------------------------

def keep(path: Path) -> None:
    """Copy a screenshot into docs/screenshots/ when WWE_UPDATE_SCREENSHOTS=1."""
    if UPDATE_DOC_SCREENSHOTS:
        assert path.stat().st_size < SCREENSHOT_LIMIT, f"{path.name}: {path.stat().st_size} bytes, too big for the docs"
        DOC_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOC_SCREENSHOTS / path.name)


def dashboard_screenshot(page, frame, name: str, width: int, view: str = "Dashboard") -> Path:
    """The whole dashboard as it looks in a frame ``width`` px wide; the simulator page is put back afterwards."""
    iframe = page.locator(f"[data-view={view}] iframe")
    iframe.evaluate("(f, w) => { f.style.flex = 'none'; f.style.width = w + 'px'; }", width)
    frame.wait_for_function(f"window.innerWidth === {width}", timeout=UI_TIMEOUT_MS)
    # Make the frame as tall as its content, until it stays so: once it is, its scrollbar goes and the content may
    # reflow, and panels coming into view take their real size (content-visibility: auto).
    for _ in range(10):
        height = frame.evaluate("document.documentElement.scrollHeight")
        iframe.evaluate("(f, h) => { f.style.height = h + 'px'; }", height)
        page.set_viewport_size({"width": width + 700, "height": height + 200})  # the stage holds the whole frame
        frame.wait_for_function(f"window.innerHeight === {height}", timeout=UI_TIMEOUT_MS)
        painted(frame)
        if frame.evaluate("document.documentElement.scrollHeight") == height:
            break
    else:
        raise AssertionError(f"{name}: the dashboard's height does not settle")
    path = sized_frame_screenshot(page, iframe, frame, name, width)
    keep(path)
    return path


def painted(frame) -> None:
    """Wait until the frame has rendered what it holds now (two animation frames: layout, paint)."""
    frame.evaluate("window.__painted = false; requestAnimationFrame(() => requestAnimationFrame(() => { window.__painted = true; }))")
    frame.wait_for_function("window.__painted === true", polling=50, timeout=UI_TIMEOUT_MS)


def row_actions(frame) -> list[str]:
    return frame.evaluate("[...document.querySelectorAll('#interaction-list > li .controls button')]"
                          ".map(b => b.dataset.action)")


def wait_row_actions(frame, expected: list[str]) -> None:
    """Wait until the (only) interaction row offers exactly the buttons ``expected`` (data-action, in order)."""
    try:
        frame.wait_for_function("expected => JSON.stringify([...document.querySelectorAll("
                                "'#interaction-list > li .controls button')].map(b => b.dataset.action))"
                                " === JSON.stringify(expected)", arg=expected, timeout=UI_TIMEOUT_MS)
    except Exception as error:
        raise AssertionError(f"row buttons {row_actions(frame)}, expected {expected}") from error


def fact(frame, scope: str, label: str) -> str | None:
    """The text of the <dd> that follows the <dt> ``label`` in ``scope``."""
    return frame.evaluate("([scope, label]) => { const dt = [...document.querySelectorAll(scope + ' dt')]"
                          ".find(d => d.textContent.trim() === label); return dt ? dt.nextElementSibling.textContent : null; }",
                          [scope, label])


def wait_text(locator, text: str) -> None:
    """Wait until ``locator`` (its first element) has exactly ``text``."""
    expect(locator.first).to_have_text(text, timeout=UI_TIMEOUT_MS)


def user_data(frame) -> dict[str, str]:
    """The selected interaction's attached data as the dashboard shows it: key -> the value's input, else its text."""
    return frame.evaluate("Object.fromEntries([...document.querySelectorAll('#interaction-data tbody tr')].map(tr => ["
                          "tr.querySelector('th').textContent, tr.querySelector('input[name=value]')?.value ?? "
                          "tr.querySelector('td').textContent.trim()]))")


def simulator_state(page) -> str:
    return page.locator("#interactions [data-interaction] [data-role=state]").text_content()


def no_console_errors(page) -> None:
    assert not [m for m in page.console_messages if m.startswith(("pageerror", "error"))], page.console_messages


# --- a call, from ringing to mark done, with recording ----------------------------------------------------------

CALL_STEPS = (
    # (dashboard button, call state, buttons the row offers afterwards, recordingState)
    ("answer", "TALKING", ["hold", "hang-up", "start-recording"], "STOPPED"),
    ("hold", "HELD", ["resume", "hang-up", "start-recording"], "STOPPED"),
    ("resume", "TALKING", ["hold", "hang-up", "start-recording"], "STOPPED"),
    ("start-recording", "TALKING", ["hold", "hang-up", "pause-recording", "stop-recording"], "RECORDING"),
    ("pause-recording", "TALKING", ["hold", "hang-up", "resume-recording", "stop-recording"], "PAUSED"),
    ("hold", "HELD", ["resume", "hang-up", "resume-recording", "stop-recording"], "PAUSED"),
    ("resume", "TALKING", ["hold", "hang-up", "resume-recording", "stop-recording"], "PAUSED"),
    ("resume-recording", "TALKING", ["hold", "hang-up", "pause-recording", "stop-recording"], "RECORDING"),
    ("stop-recording", "TALKING", ["hold", "hang-up", "start-recording"], "STOPPED"),
    ("hang-up", "IDLE", ["mark-done"], "STOPPED"),
)
RECORDING_BADGES = {"RECORDING": "Recording", "PAUSED": "Recording paused", "STOPPED": None}


def test_a_call_from_ringing_to_mark_done_with_recording(site, context, page):
    """Inbound call from the control panel; answer, hold, resume, record (start, pause, resume, stop), hang up and
    mark done, each clicked in the dashboard, whose buttons follow the call state and recordingState."""
    (frame,) = open_simulator(site, context, page)
    page.fill("#inbound-form [name=user_data]", "Key1=Gold customer; CustomerSegment=Gold")
    page.click("#inbound-form button[value=voice]")  # the control panel's "Inbound call"

    row = frame.locator("#interaction-list > li")
    wait_row_actions(frame, ["answer", "reject"])
    assert row.locator("[id$=-title]").text_content() == "Kate Smith"
    assert row.locator(".row-head .badge").first.text_content() == "RINGING"
    assert fact(frame, "#interaction-facts", "From / to") == "+15551234567 → 5000"
    assert frame.locator("#interaction-data input[name=value]").first.input_value() == "Gold customer"
    assert simulator_state(page) == "RINGING"

    for number, (action, state, buttons, recording) in enumerate(CALL_STEPS):
        row.locator(f"[data-action={action}]").click()
        wait_row_actions(frame, buttons)
        assert row.locator(".row-head .badge").first.text_content() == state, action
        badge = RECORDING_BADGES[recording]
        assert row.locator(".row-head .badge").nth(1).all_text_contents() == ([badge] if badge else []), action
        assert fact(frame, "#interaction-facts", "Recording") == recording, action
        page.wait_for_function(f"document.querySelector('#interactions [data-role=state]').textContent === {state!r}")
        meta = expect(page.locator("#interactions [data-interaction] .meta"))  # at the page's next redraw
        if recording == "STOPPED":
            meta.not_to_contain_text("recording STOPPED")
        else:
            meta.to_contain_text(f"recording {recording}")
        if action == "start-recording" and number == 3:
            dashboard_screenshot(page, frame, "dashboard-400px", 400)
            dashboard_screenshot(page, frame, "dashboard-wide", 1100)

    row.locator("[data-action=mark-done]").click()
    frame.wait_for_function("document.querySelectorAll('#interaction-list > li').length === 0", timeout=UI_TIMEOUT_MS)
    page.wait_for_selector("#interactions [data-interaction]", state="detached")
    assert frame.locator("#interactions-summary").text_content().strip().startswith("0 interactions")
    titles = frame.locator("#event-log strong").all_text_contents()
    assert titles.count("interaction CALL_RECORDING_STATE_CHANGED") == 4
    for request in ("voice.answer", "voice.hold", "voice.resume", "voice.startCallRecording", "voice.pauseCallRecording",
                    "voice.resumeCallRecording", "voice.stopCallRecording", "voice.hangUp", "interaction.markdone"):
        assert request in titles, request
    assert not frame.locator(".notice.error").count()
    no_console_errors(page)


def test_media_only_state_changes(site, context, page):
    """One media's state, from the dashboard and from the control panel; the agent state follows."""
    (frame,) = open_simulator(site, context, page)

    def media_states() -> dict[str, str]:
        return frame.evaluate("Object.fromEntries([...document.querySelectorAll('#agent-summary .media-states li')]"
                              ".map(li => [li.querySelector('.media-name').textContent, li.querySelector('.badge').textContent]))")

    def wait_media(expected: dict[str, str]) -> None:
        frame.wait_for_function("expected => JSON.stringify(Object.fromEntries([...document.querySelectorAll("
                                "'#agent-summary .media-states li')].map(li => [li.querySelector('.media-name').textContent,"
                                " li.querySelector('.badge').textContent]))) === JSON.stringify(expected)",
                                arg=expected, timeout=UI_TIMEOUT_MS)

    assert media_states() == {"voice": "Ready", "chat": "Ready", "email": "Ready"}
    frame.select_option("#agent-state-select", "NotReady")
    frame.select_option("#agent-media-select", "chat")
    frame.click("#set-state")
    wait_media({"voice": "Ready", "chat": "Not Ready", "email": "Ready"})
    frame.wait_for_function("document.querySelector('#agent-summary .facts .badge').textContent === 'PARTIAL_READY'",
                            timeout=UI_TIMEOUT_MS)
    page.wait_for_function("document.getElementById('agent-status').textContent.includes('Partially Ready')")

    page.select_option("#agent-state-form [name=state]", "NotReadyBreak")
    page.select_option("#agent-state-form [name=media]", "email")
    page.click("#agent-state-form button")
    wait_media({"voice": "Ready", "chat": "Not Ready", "email": "Not Ready - Break"})

    frame.select_option("#agent-state-select", "Ready")
    frame.select_option("#agent-media-select", "")
    frame.press("#agent-media-select", "Tab")  # keyboard: on to "Set state", and press it
    assert frame.evaluate("document.activeElement.id") == "set-state"
    frame.press("#set-state", "Enter")
    wait_media({"voice": "Ready", "chat": "Ready", "email": "Ready"})
    frame.wait_for_function("document.querySelector('#agent-summary .facts .badge').textContent === 'Ready'",
                            timeout=UI_TIMEOUT_MS)
    page.wait_for_function("document.getElementById('agent-status').textContent.includes('Ready')"
                           " && !document.getElementById('agent-status').textContent.includes('Partially')")
    no_console_errors(page)


# --- a toast --------------------------------------------------------------------------------------------------

def test_a_toast_from_the_dashboard_answered_on_the_simulator_page(site, context, page):
    """Pop a toast with two buttons from the dashboard's form, update it, click a button on the simulator page:
    the click comes back to the dashboard. Then close a toast from the dashboard, and update one already gone."""
    (frame,) = open_simulator(site, context, page)
    frame.fill("#toast-title", "Callback request")
    frame.fill("#toast-message", "Kate Smith asks to be called back at 5 pm.")
    frame.fill("#toast-key-values", "Customer=Kate Smith\nSegment=Gold")
    frame.fill("#toast-buttons", "Call back, Dismiss")
    frame.click("#popup-toast")

    entry = frame.locator("#toast-list > li").first
    entry.wait_for(timeout=UI_TIMEOUT_MS)
    assert "wweCustomToast0" in entry.text_content() and "· open" in entry.text_content()
    shown = page.locator("#toasts .toast[data-toast=wweCustomToast0]")
    shown.wait_for(timeout=UI_TIMEOUT_MS)
    assert shown.locator(".title").text_content() == "Callback request"
    assert shown.locator(".message").text_content() == "Kate Smith asks to be called back at 5 pm."
    assert shown.locator("dt").all_text_contents() == ["Customer", "Segment"]
    assert shown.locator("dd").all_text_contents() == ["Kate Smith", "Gold"]
    assert shown.locator("footer button").all_text_contents() == ["Call back", "Dismiss"]

    frame.fill("#toast-title", "Callback request (urgent)")
    entry.locator("[data-action=update-toast]").click()
    wait_text(shown.locator(".title"), "Callback request (urgent)")
    wait_text(entry.locator("strong"), "Callback request (urgent)")

    shown.get_by_role("button", name="Dismiss").click()  # the agent answers the toast on the Workspace page
    page.wait_for_selector("#toasts .toast", state="detached")
    clicks = entry.locator(".clicks li")
    clicks.wait_for(timeout=UI_TIMEOUT_MS)
    assert clicks.text_content().endswith("the agent clicked “Dismiss”")
    assert "· closed" in entry.text_content()
    assert entry.locator("[data-action=update-toast], [data-action=close-toast]").count() == 0
    assert "system CUSTOM_TOAST_BUTTON_CLICK" in frame.locator("#event-log strong").all_text_contents()

    # a toast without buttons, closed from the dashboard
    frame.fill("#toast-title", "Team meeting in 10 minutes")
    frame.fill("#toast-message", "")
    frame.fill("#toast-key-values", "")
    frame.fill("#toast-buttons", "")
    frame.click("#popup-toast")
    second = page.locator("#toasts .toast[data-toast=wweCustomToast1]")
    second.wait_for(timeout=UI_TIMEOUT_MS)
    assert second.locator("footer button").all_text_contents() == ["OK"]
    entry = frame.locator("#toast-list > li").first
    wait_text(entry.locator("strong"), "Team meeting in 10 minutes")
    entry.locator("[data-action=close-toast]").click()
    page.wait_for_selector("#toasts .toast", state="detached")
    frame.wait_for_function("document.querySelector('#toast-list > li').textContent.includes('· closed')",
                            timeout=UI_TIMEOUT_MS)

    # a toast closed on the Workspace page with its cross: updating it says so
    frame.fill("#toast-title", "Lunch")
    frame.click("#popup-toast")
    third = page.locator("#toasts .toast[data-toast=wweCustomToast2]")
    third.wait_for(timeout=UI_TIMEOUT_MS)
    third.locator("button.close").click()
    page.wait_for_selector("#toasts .toast", state="detached")
    entry = frame.locator("#toast-list > li").first
    wait_text(entry.locator("strong"), "Lunch")
    entry.locator("[data-action=update-toast]").click()
    area = entry.get_attribute("id")
    assert notice(frame, area) == "This toast is no longer shown: nothing to update."
    assert "· closed" in entry.text_content()
    assert [t for t in frame.locator("#toast-list > li").all_text_contents() if "· open" in t] == []
    no_console_errors(page)


# --- outbound preview -------------------------------------------------------------------------------------------

def outcomes(page) -> list[dict]:
    """What the simulated OCS received (the records marked done)."""
    return page.evaluate("window.wweSimulator.host.model.processed_records.toJs({dict_converter: Object.fromEntries})")


def test_an_outbound_preview_flow(site, context, page):
    """Pull a preview record, edit a field, call it, set the call result, reschedule (and cancel), hang up, mark
    done; reject the next record; accept a pushed record and cancel it. OCS gets each outcome."""
    (frame,) = open_simulator(site, context, page)
    assert frame.locator("#campaign-select option").all_text_contents() == [
        "Offer of the Month (Preview, started)", "Renewals (Push Preview, started)", "Win Back (Direct Push Preview, started)"]

    # pull: the record, its fields, a call
    frame.select_option("#campaign-select", "Offer of the Month")
    frame.click("#get-preview-record")
    preview = frame.locator("#preview-list > li").first
    preview.wait_for(timeout=UI_TIMEOUT_MS)
    assert preview.locator("h3").text_content() == "Offer of the Month: Omar Haddad"
    assert preview.locator("p.muted").first.text_content() == "outbound · PREVIEWING · record 283"
    assert preview.locator(".controls button").all_text_contents() == ["Call", "Reject record", "Cancel record"]
    assert fact(frame, "#preview-list .facts.record", "GSW_CUSTOM_STRING") == "Hi there!"
    preview.get_by_role("button", name="Edit record fields").click()
    message = preview.get_by_label("Custom message")
    message.wait_for(timeout=UI_TIMEOUT_MS)
    assert message.input_value() == "Hi there!"
    message.fill("Call after 6 pm")
    message.press("Enter")
    area = preview.get_attribute("id")
    assert notice(frame, area) == "Custom message saved (OCS gets it when the record is marked done)."
    assert preview.get_by_label("Custom message").input_value() == "Call after 6 pm"
    preview.get_by_role("button", name="Call", exact=True).click()

    # the call made from the record replaces the pulled preview in the panel
    call = frame.locator("#preview-list > li")
    frame.wait_for_function("document.querySelectorAll('#preview-list > li').length === 1 && "
                            "document.querySelector('#preview-list > li p.muted').textContent.startsWith('voice')",
                            timeout=UI_TIMEOUT_MS)
    assert call.locator("h3").text_content() == "Offer of the Month: Omar Haddad"
    row = frame.locator("#interaction-list > li")
    wait_row_actions(frame, ["hang-up"])
    assert row.locator(".row-head .badge").first.text_content() == "DIALING"
    page.locator("#interactions [data-interaction]").get_by_role("button", name="Remote answer").click()
    wait_row_actions(frame, ["hold", "hang-up", "start-recording"])
    area = call.get_attribute("id")
    call.get_by_label("Call result").select_option("ANSWER")
    call.get_by_role("button", name="Set call result").click()
    assert notice(frame, area) == "Call result set (33)."
    call.get_by_label("Call back at (record's time zone)").fill("2031-06-15T10:30")
    call.get_by_label("as").select_option("CAMPAIGN")
    call.get_by_role("button", name="Reschedule", exact=True).click()
    frame.wait_for_function(f"document.getElementById('{area}-notice').textContent.startsWith('Rescheduled')",
                            timeout=UI_TIMEOUT_MS)
    assert frame.locator(f"#{area}-notice").text_content() == \
        "Rescheduled at 06/15/2031 10:30 (record's time zone), campaign callback."
    call.get_by_role("button", name="Cancel reschedule").click()
    frame.wait_for_function(f"document.getElementById('{area}-notice').textContent === 'Reschedule cancelled.'",
                            timeout=UI_TIMEOUT_MS)
    call.get_by_role("button", name="Cancel reschedule").click()  # nothing scheduled any more: Workspace refuses
    frame.wait_for_function(f"document.getElementById('{area}-notice').textContent.includes('is not rescheduled')",
                            timeout=UI_TIMEOUT_MS)
    call.get_by_label("Call back at (record's time zone)").fill("2031-06-16T09:00")
    call.get_by_label("as").select_option("PERSONAL")
    call.get_by_role("button", name="Reschedule", exact=True).click()
    frame.wait_for_function(f"document.getElementById('{area}-notice').textContent.startsWith('Rescheduled at 06/16')",
                            timeout=UI_TIMEOUT_MS)
    row.locator("[data-action=hang-up]").click()
    wait_row_actions(frame, ["mark-done"])
    row.locator("[data-action=mark-done]").click()
    frame.wait_for_function("document.querySelectorAll('#interaction-list > li, #preview-list > li').length === 0",
                            timeout=UI_TIMEOUT_MS)
    page.wait_for_function("document.getElementById('campaigns').textContent.includes('1 record outcome(s)')")
    (first,) = outcomes(page)
    assert first["campaign"] == "Offer of the Month" and first["recordHandles"] == [283, 284]
    assert first["callResult"] == 33
    assert first["reschedule"] == {"recordHandle": 283, "rescheduleDate": "06/16/2031 09:00", "callbackType": "PERSONAL"}
    assert first["updates"] == {"GSW_CUSTOM_STRING": "Call after 6 pm"}

    # pull the next record and reject it
    frame.click("#get-preview-record")
    preview = frame.locator("#preview-list > li").first
    wait_text(preview.locator("h3"), "Offer of the Month: Kate Smith")
    preview.get_by_role("button", name="Reject record").click()
    wait_row_actions(frame, ["mark-done"])
    frame.wait_for_function("document.querySelector('#preview-list > li p.muted').textContent.includes('REJECTED')",
                            timeout=UI_TIMEOUT_MS)
    assert preview.locator(".controls").count() == 0
    row.locator("[data-action=mark-done]").click()
    frame.wait_for_function("document.querySelectorAll('#interaction-list > li, #preview-list > li').length === 0",
                            timeout=UI_TIMEOUT_MS)

    # OCS pushes a record (control panel); the agent accepts it in the dashboard, then cancels it
    page.click("details.section summary")
    page.click("[data-campaign=Renewals] [data-action=push-record]")
    wait_row_actions(frame, ["accept", "reject"])
    assert row.locator(".row-head .badge").first.text_content() == "INVITED"
    row.locator("[data-action=accept]").click()
    preview = frame.locator("#preview-list > li").first
    frame.wait_for_function("document.querySelector('#preview-list > li p.muted')?.textContent.includes('PREVIEWING')",
                            timeout=UI_TIMEOUT_MS)
    assert preview.locator("h3").text_content() == "Renewals: +15550001111"
    preview.get_by_role("button", name="Cancel record").click()
    wait_row_actions(frame, ["mark-done"])
    row.locator("[data-action=mark-done]").click()
    frame.wait_for_function("document.querySelectorAll('#interaction-list > li, #preview-list > li').length === 0",
                            timeout=UI_TIMEOUT_MS)
    page.wait_for_function("document.getElementById('campaigns').textContent.includes('3 record outcome(s)')")
    _, rejected, cancelled = outcomes(page)
    assert rejected["campaign"] == "Offer of the Month" and rejected["callResult"] is None
    assert cancelled["campaign"] == "Renewals" and cancelled["callResult"] == 52

    # the campaign list follows the control panel
    page.click("[data-campaign=Renewals] button[data-arg=stop]")
    frame.wait_for_function("[...document.querySelectorAll('#campaign-select option')].some("
                            "o => o.textContent === 'Renewals (Push Preview, loaded)')", timeout=UI_TIMEOUT_MS)
    assert not frame.locator(".notice.error").count()
    no_console_errors(page)


# --- messenger ----------------------------------------------------------------------------------------------------

def test_two_dashboards_chat_on_a_messenger_channel(site, context, page):
    """Two dashboards join the same channel and answer each other; each sees both messages, newest first."""
    first, second = open_simulator(site, context, page, scenario(views=2), frames=2)
    for frame in (first, second):
        frame.fill("#channel-name", "supervisors")
        frame.press("#channel-name", "Enter")
        frame.locator("#channel-list > li textarea").wait_for(timeout=UI_TIMEOUT_MS)

    def say(frame, sender: str, text: str) -> None:
        frame.fill("#channel-list > li textarea", json.dumps({"from": sender, "text": text}))
        frame.click("#channel-list > li button[type=submit]")

    def received(frame, count: int) -> list[str]:
        frame.wait_for_function(f"document.querySelectorAll('#channel-list .channel-log li').length === {count}",
                                timeout=UI_TIMEOUT_MS)
        return [json.loads(text)["text"] for text in frame.locator("#channel-list .channel-log pre").all_text_contents()]

    say(first, "Dashboard", "Can you take the Gold customer on line 2?")
    assert received(second, 1) == ["Can you take the Gold customer on line 2?"]
    say(second, "Dashboard2", "Yes, transferring now.")
    assert received(first, 2) == ["Yes, transferring now.", "Can you take the Gold customer on line 2?"]
    assert received(second, 2) == ["Yes, transferring now.", "Can you take the Gold customer on line 2?"]
    channel = first.locator("#channel-list > li").get_attribute("id")
    assert notice(first, channel) == "Broadcast on 'supervisors'."

    page.set_viewport_size({"width": 1280, "height": 1100})  # room for both conversations
    for frame in (first, second):
        frame.evaluate("document.querySelector('#channel-list > li').scrollIntoView({block: 'start'})")
        painted(frame)
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "simulator-two-dashboards-chat.png"
    page.screenshot(path=str(path))
    keep(path)
    no_console_errors(page)


# --- hostile text through every field ---------------------------------------------------------------------------

CORPUS = (
    '<img src=x onerror=window.__pwned=1>',
    '<svg onload=window.__pwned=2>',
    '"><script>window.__pwned=3</script>',
    "'><details open ontoggle=window.__pwned=4>",
    '</textarea><input autofocus onfocus=window.__pwned=5>',
    '<iframe srcdoc="<script>parent.__pwned=6</script>"></iframe>',
    '{{7*7}} ${7*7} {% raw %} <a href=javascript:window.__pwned=7>x</a>',
    '<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=8>',
    '<style>@import "x"</style><b>bold</b><!--',
)
"""Script payloads, each firing on its own if it ever reached the DOM as markup (no ';' or ',': the control panel
and the toast form split on them)."""
PAYLOAD = " ".join(CORPUS)
SHORT = '"><img src=x onerror=window.__pwned=11><details open ontoggle=window.__pwned=12>{{7*7}}'
"""For fields limited to 200 characters (channel names, phone numbers)."""
DIALLED = "'><details open ontoggle=window.__pwned=13>"
KEY = "</th><script>alert(14)</script><b>k</b>"
"""An attached-data, record or key-values key (keys cannot hold '=')."""
BUTTON = "<img src=x onerror=window.__pwned=15>"
RECORD_PHONE = "+15550009999"
INJECTED = ("#app :is(script, img, svg, math, iframe, style, b, i, a, details, input[autofocus]), "
            "[onerror], [onload], [onfocus], [ontoggle], [srcdoc]")
"""Elements and attributes only the payloads bring: none may exist in the dashboard."""
SIMULATOR_INJECTED = ("#toasts :is(script, img, svg, math, iframe, style, b, i, a), "
                      "main :is(script, img, svg, math, style, b, i, a, iframe[srcdoc], input[autofocus]), "
                      "[onerror], [onload], [onfocus], [ontoggle]")


def toml(value: str) -> str:
    return json.dumps(value)  # a JSON string is a TOML basic string


def hostile_scenario() -> str:
    """Two dashboards; every key readable; an agent, a contact, a campaign, a record and record fields with payloads."""
    text = scenario(views=2, **{"service-client-api.user-data.read-allowed": '"*"'})
    return text + f"""
[scenario.agent]
firstname = {toml(PAYLOAD)}

[[scenario.contacts]]
displayName = {toml(PAYLOAD)}
firstName = {toml(PAYLOAD)}
lastName = "Smith"
phone = {toml(SHORT)}
email = "hostile@example.com"

[[scenario.campaigns]]
name = {toml(SHORT)}
mode = "Preview"
status = "started"

[[scenario.records]]
GSW_CAMPAIGN_NAME = {toml(SHORT)}
GSW_PHONE = "{RECORD_PHONE}"
GSW_CUSTOM_STRING = {toml(PAYLOAD)}
{toml(KEY)} = {toml(PAYLOAD)}

[[scenario.record_fields]]
name = "GSW_CUSTOM_STRING"
displayName = {toml(PAYLOAD)}
fieldType = "var-char"
isEditable = true
isMandatory = false

[[scenario.record_fields]]
name = "GSW_PHONE_TYPE"
displayName = "Phone type"
fieldType = "enum"
isEditable = true
isMandatory = false
options = {{ "0" = {toml(PAYLOAD)}, "1" = "Home" }}
"""


def test_script_payloads_through_every_field_show_as_text(site, context, page, traffic):
    """Payloads in attached data (control panel), caller and contact names, the agent's name, a dialled number,
    a refused key, toast text and buttons, a messenger channel and message from a second dashboard, and a preview
    record's fields: each shows literally, in the dashboards and on the simulator page, and nothing runs."""
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    first, second = open_simulator(site, context, page, hostile_scenario(), frames=2)

    # the agent's name (agent.get)
    assert fact(first, "#agent-summary", "Name") == f"{PAYLOAD} Lovelace"

    # a call from the caller SHORT, whose contact is PAYLOAD, with attached data typed in the control panel
    page.fill("#inbound-form [name=party]", SHORT)
    page.fill("#inbound-form [name=user_data]", f"Key1={PAYLOAD}; Key2={PAYLOAD}; {KEY}={PAYLOAD}")
    page.click("#inbound-form button[value=voice]")
    for frame in (first, second):
        row = frame.locator("#interaction-list > li").first
        row.wait_for(timeout=UI_TIMEOUT_MS)
        assert row.locator("[id$=-title]").text_content() == PAYLOAD
        assert frame.locator("#interaction-facts h3").text_content() == PAYLOAD
        assert fact(frame, "#interaction-facts", "Parties") == SHORT
        assert fact(frame, "#interaction-facts", "Contact") == PAYLOAD
        assert fact(frame, "#interaction-facts", "From / to") == f"{SHORT} → 5000"
        shown = user_data(frame)  # Key1 is writable (an input), Key2 and KEY are not (text)
        assert (shown["Key1"], shown["Key2"], shown[KEY]) == (PAYLOAD, f"{PAYLOAD} (read-only)", f"{PAYLOAD} (read-only)")
    card = page.locator("#interactions [data-interaction]").first
    assert card.locator(".party").text_content() == PAYLOAD
    attached = dict(zip(card.locator("details dt").all_text_contents(), card.locator("details dd").all_text_contents()))
    assert (attached["Key1"], attached["Key2"], attached[KEY]) == (PAYLOAD, PAYLOAD, PAYLOAD)

    # typed in the dashboard: a value, a key Workspace does not let the extension write, a number to dial
    first.fill("#new-key", "Key3")
    first.fill("#new-value", PAYLOAD)
    first.press("#new-value", "Enter")
    first.wait_for_function("[...document.querySelectorAll('#interaction-data tbody th')].some(th => th.textContent === 'Key3')",
                            timeout=UI_TIMEOUT_MS)
    assert user_data(first)["Key3"] == PAYLOAD
    first.fill("#new-key", KEY)
    first.click("#attach-data")
    assert KEY in notice(first, "details")
    first.fill("#dial-destination", DIALLED)
    first.press("#dial-destination", "Enter")
    first.wait_for_function("document.querySelectorAll('#interaction-list > li').length === 2", timeout=UI_TIMEOUT_MS)
    assert first.locator("#interaction-list > li [id$=-title]").nth(1).text_content() == DIALLED
    page.wait_for_function("document.querySelectorAll('#interactions [data-interaction]').length === 2")
    assert page.locator("#interactions [data-interaction] .party").nth(1).text_content() == DIALLED

    # a toast: title, message, key values and a button label, answered on the simulator page
    first.fill("#toast-title", PAYLOAD)
    first.fill("#toast-message", PAYLOAD)
    first.fill("#toast-key-values", f"{KEY}={PAYLOAD}")
    first.fill("#toast-buttons", f"{BUTTON}, Decline")
    first.click("#popup-toast")
    toast = page.locator("#toasts .toast").first
    toast.wait_for(timeout=UI_TIMEOUT_MS)
    assert toast.locator(".title").text_content() == PAYLOAD
    assert toast.locator(".message").text_content() == PAYLOAD
    assert (toast.locator("dt").text_content(), toast.locator("dd").text_content()) == (KEY, PAYLOAD)
    assert toast.locator("footer button").all_text_contents() == [BUTTON, "Decline"]
    entry = first.locator("#toast-list > li").first
    assert entry.locator("strong").text_content() == PAYLOAD
    assert entry.locator(".message").text_content() == PAYLOAD
    assert (entry.locator("dt").text_content(), entry.locator("dd").text_content()) == (KEY, PAYLOAD)
    toast.get_by_role("button", name=BUTTON).click()
    entry.locator(".clicks li").wait_for(timeout=UI_TIMEOUT_MS)
    assert entry.locator(".clicks li").text_content().endswith(f"the agent clicked “{BUTTON}”")

    # messenger: a channel named SHORT; the second dashboard sends payloads as keys and values
    for frame in (first, second):
        frame.fill("#channel-name", SHORT)
        frame.press("#channel-name", "Enter")
        frame.locator("#channel-list > li textarea").wait_for(timeout=UI_TIMEOUT_MS)
        assert frame.locator("#channel-list > li h3").text_content() == SHORT
    sent = {"text": PAYLOAD, KEY: [PAYLOAD, {PAYLOAD: SHORT}]}
    second.fill("#channel-list > li textarea", json.dumps(sent))
    second.click("#channel-list > li button[type=submit]")
    log = first.locator("#channel-list .channel-log li pre")
    log.wait_for(timeout=UI_TIMEOUT_MS)
    assert json.loads(log.text_content()) == sent

    # a preview record whose campaign, contact fields, record keys, field names and options carry payloads
    first.select_option("#campaign-select", SHORT)
    first.click("#get-preview-record")
    preview = first.locator("#preview-list > li").first
    preview.wait_for(timeout=UI_TIMEOUT_MS)
    assert preview.locator("h3").text_content() == f"{SHORT}: {RECORD_PHONE}"
    assert first.locator("#campaign-select option").first.text_content() == f"{SHORT} (Preview, started)"
    assert fact(first, "#preview-list .facts.record", "GSW_CUSTOM_STRING") == PAYLOAD
    assert fact(first, "#preview-list .facts.record", KEY) == PAYLOAD
    preview.get_by_role("button", name="Edit record fields").click()
    field = preview.get_by_label(PAYLOAD, exact=True)
    field.wait_for(timeout=UI_TIMEOUT_MS)
    assert field.input_value() == PAYLOAD
    assert preview.get_by_label("Phone type").locator("option").first.text_content() == PAYLOAD
    field.fill(SHORT)
    field.press("Enter")
    first.wait_for_function("[...document.querySelectorAll('#preview-list input[name=value]')].some("
                            f"i => i.value === {SHORT!r})", timeout=UI_TIMEOUT_MS)
    page.click("details.section summary")
    assert page.locator("#campaigns [data-campaign] strong").first.text_content() == SHORT
    assert page.locator("#campaigns [data-campaign]").first.get_attribute("data-campaign") == SHORT

    # nothing ran anywhere, nothing was injected, nothing was loaded
    payloads_had_their_chance(first, second, page)
    for frame in (first, second):
        assert frame.evaluate("window.__pwned") is None
        found = frame.evaluate(f"[...document.querySelectorAll({INJECTED!r})].map(e => e.outerHTML.slice(0, 80))")
        assert found == []
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate(f"[...document.querySelectorAll({SIMULATOR_INJECTED!r})].map(e => e.outerHTML.slice(0, 80))") == []
    assert dialogs == []
    assert [url for url in traffic.requests if urlsplit(url).path.endswith("/x")] == []
    no_console_errors(page)


@pytest.mark.parametrize("payload", [PAYLOAD, SHORT, DIALLED, BUTTON], ids=["corpus", "short", "dialled", "button"])
def test_the_payloads_run_when_they_reach_the_dom_as_markup(page, payload):
    """The sentinel works: each payload used above sets window.__pwned as soon as it is parsed as HTML, so a
    rendering path that let it through would be caught by the flag as well as by the text comparisons."""
    page.set_content("<main id=target></main>")
    page.evaluate("payload => { document.getElementById('target').innerHTML = payload; }", payload)
    page.wait_for_function("window.__pwned !== undefined", timeout=UI_TIMEOUT_MS)
