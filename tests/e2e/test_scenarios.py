"""Scenario scripts and record/replay in Chromium: every shipped scenario plays in the simulator page with the
dashboard embedded (another site) and the dashboard shows the outcome; a session recorded in the browser is exported,
checked on CPython against a fresh host, and replayed to a live dashboard, which receives the same messages."""
from __future__ import annotations

import json

import pytest

from playwright.sync_api import expect

from workspace import replay, timeline
from workspace.page.scenario import VIEW_ONLY
from workspace.testing import assert_reproduces

from .conftest import screenshot
from .test_boot import BOOT_TIMEOUT_MS
from .test_dashboard_browser import UI_TIMEOUT_MS, open_simulator
from .test_dashboard_flows import keep
from .test_simulator_page import watch_toasts

pytestmark = pytest.mark.browser

PLAY_TIMEOUT_MS = 60_000


def open_scenario(site, context, page, name: str = "") -> list:
    """The simulator with the bundled scenario ``name`` ("" for the default) and its started dashboard frame."""
    return open_simulator(site, context, page, query=f"scenario={name}" if name else "")


def status(page) -> str:
    return page.locator("#player-status").text_content()


def wait_status(page, start: str) -> None:
    page.wait_for_function("start => document.getElementById('player-status').textContent.startsWith(start)",
                           arg=start, timeout=PLAY_TIMEOUT_MS)


PLAYER = """until => {
    const status = document.getElementById('player-status').textContent;
    const refusal = document.getElementById('player-refusal');
    if (refusal && !refusal.hidden) return 'refused: ' + refusal.textContent;
    return status.startsWith(until) || status.startsWith('Paused') ? status : false;
}"""
"""JavaScript: the player's status once it starts with ``until`` or the player paused, or its refusal."""


def play(page, until: str = "Finished") -> None:
    """Press Play (with the keyboard) and wait until the player's status starts with ``until``, pressing Play
    again after each pause = true step. (Play updates the status at once: it never still says Paused after it.)"""
    while True:
        page.focus("#player-play")
        page.keyboard.press("Enter")
        now = page.wait_for_function(PLAYER, arg=until, timeout=PLAY_TIMEOUT_MS).json_value()
        assert not now.startswith("refused"), now
        if now.startswith(until):
            return


def rate_limited(page) -> int:
    """How many requests the host has refused for their rate limit."""
    return page.evaluate("JSON.parse(wweSimulator.session_json()).filter(e => e.verdict === 'rate-limited').length")


def log_text(frame) -> str:
    return frame.locator("#event-log").text_content()


def wait_log(frame, *words: str) -> None:
    frame.wait_for_function("words => words.every(w => document.getElementById('event-log').textContent.includes(w))",
                            arg=list(words), timeout=UI_TIMEOUT_MS)


def interactions(frame) -> int:
    return frame.locator("#interaction-list > li").count()


def fast(page) -> None:
    page.select_option("#player-speed", "10")


def test_the_picker_lists_every_bundled_scenario_and_opens_one(site, context, page):
    open_scenario(site, context, page)
    options = page.eval_on_selector_all("#scenario-select option", "os => os.map(o => [o.value, o.textContent])")
    assert [name for name, _ in options] == [name for name, _ in timeline.catalogue()]
    assert page.locator("#player-play").count() == 0           # the default scenario has no script
    page.select_option("#scenario-select", "chat-consult")
    page.click("#scenario-picker button[type=submit]")
    page.wait_for_url("**scenario=chat-consult**")
    page.wait_for_function("document.getElementById('host-status').textContent.includes('ready')",
                           timeout=BOOT_TIMEOUT_MS)
    assert page.locator("#script-title").text_content() == "Chat with a consultation"
    assert status(page) == "Ready · step 0 of 11 done"
    assert page.locator("#player-next").text_content().startswith("Next (at once): 1. Omar Haddad starts a chat")
    assert "extension-origin=" in page.url                     # the picker keeps the other parameters


def test_inbound_call_with_recording_and_transfer(site, context, page):
    (frame,) = open_scenario(site, context, page, "call-recording-transfer")
    page.locator("#player-step").click()                          # one happening: the call rings
    assert status(page) == "Paused · step 1 of 11 done"
    frame.locator("#interaction-list [data-action=answer]").wait_for(timeout=UI_TIMEOUT_MS)
    assert page.locator("#player-steps li.done").count() == 1
    assert page.locator("#player-steps li.next").text_content().endswith("The agent answers: the call is TALKING.")
    page.locator("#player-step").click()                          # the agent answers
    page.locator("#player-step").click()                          # and records
    frame.wait_for_function("document.getElementById('interaction-list').textContent.includes('Recording')",
                            timeout=UI_TIMEOUT_MS)
    assert status(page) == "Paused · step 3 of 11 done"
    keep(screenshot(page, "simulator-scenario"))
    fast(page)
    play(page)
    wait_log(frame, "CALL_RECORDING_STATE_CHANGED", "ATTACHED_DATA_CHANGED", "HELD", "RELEASED", "MARKDONE")
    frame.wait_for_function("document.querySelectorAll('#interaction-list > li').length === 0", timeout=UI_TIMEOUT_MS)
    assert page.locator("#player-steps li.done").count() == 11
    assert page.locator("#player-play").is_disabled()


def test_chat_with_consult(site, context, page):
    (frame,) = open_scenario(site, context, page, "chat-consult")
    fast(page)
    play(page)
    wait_log(frame, "NEW_MESSAGE", "COMPOSING", "DIALING", "ENDED")
    frame.wait_for_function("document.querySelectorAll('#interaction-list > li').length === 0", timeout=UI_TIMEOUT_MS)


def test_outbound_push_preview_campaign(site, context, page):
    (frame,) = open_scenario(site, context, page, "push-preview")
    fast(page)
    play(page, until="Paused")                                      # after the agent accepts the first record
    assert status(page) == "Paused · step 4 of 7 done"
    frame.wait_for_function("document.getElementById('interaction-list').textContent.includes('+15550001111')",
                            timeout=UI_TIMEOUT_MS)
    play(page)
    wait_log(frame, "CampaignLoaded", "CampaignStarted", "CampaignStopped")


def test_hitting_a_rate_limit(site, context, page):
    (frame,) = open_scenario(site, context, page, "rate-limit")
    page.locator("#player-play").click()
    wait_status(page, "Paused")                                   # step 1: a note, then the learner acts
    # three agent.setState a calendar minute: the fourth click is refused (a later one if the minute changed)
    for clicks in range(1, 8):
        frame.click("#set-state")
        page.wait_for_function("n => JSON.parse(wweSimulator.session_json()).filter(e => e.direction === 'in' && "
                               "e.message.request === 'agent.setState').length === n", arg=clicks)
        if rate_limited(page):
            break
    assert clicks >= 4 and rate_limited(page) == 1, clicks
    frame.wait_for_function("document.getElementById('agent-notice').textContent.toLowerCase().includes('rate limit')",
                            timeout=UI_TIMEOUT_MS)
    watch_toasts(page)
    play(page)
    frame.wait_for_function("document.getElementById('agent-summary').textContent.includes('Ready')",
                            timeout=UI_TIMEOUT_MS)
    # Workspace's own toast, the last step (seen, even if it closed by itself since: it lasts 8 s)
    page.wait_for_function("window.__toastsSeen.some(t => t.text.includes('Please stay Ready'))", timeout=UI_TIMEOUT_MS)


def test_multi_tab_leader_change(site, context, page):
    (first,) = open_scenario(site, context, page, "leader-change")
    page.wait_for_function("document.getElementById('tab-state').textContent === 'Tab: leading · last active'",
                           timeout=UI_TIMEOUT_MS)
    second_page = context.new_page()
    (second,) = open_scenario(site, context, second_page, "leader-change")
    second_page.wait_for_function("document.getElementById('tab-state').textContent.startsWith('Tab: following')",
                                  timeout=UI_TIMEOUT_MS)
    assert page.locator("#tab-state").text_content().startswith("Tab: leading")
    play(page, until="Paused · step 3")                            # a note, a call ringing in both tabs, a note
    second.locator("#interaction-list [data-action=answer]").wait_for(timeout=UI_TIMEOUT_MS)
    wait_status(second_page, "Paused · step 3 of 6 done")          # the follower's player follows the leader's
    page.close()
    second.wait_for_function("document.body.textContent.includes('Tab: LEADING')", timeout=UI_TIMEOUT_MS)
    second_page.wait_for_function("document.getElementById('tab-state').textContent.startsWith('Tab: leading')",
                                  timeout=UI_TIMEOUT_MS)
    play(second_page)                                              # the call answered, the connection drops, returns
    second.locator("#interaction-list [data-action=hold]").wait_for(timeout=UI_TIMEOUT_MS)
    wait_log(second, "REALTIME_CONNECTION")
    second_page.close()


def test_a_recorded_session_is_checked_and_replayed_to_a_live_dashboard(site, context, page, tmp_path):
    (frame,) = open_scenario(site, context, page)
    page.fill("#inbound-form input[name=user_data]", "Key1=Gold")
    page.click("#inbound-form button[value=voice]")
    frame.locator("#interaction-list [data-action=answer]").click(timeout=UI_TIMEOUT_MS)
    frame.locator("#interaction-list [data-action=hang-up]").click(timeout=UI_TIMEOUT_MS)
    frame.locator("#interaction-list [data-action=mark-done]").click(timeout=UI_TIMEOUT_MS)
    frame.wait_for_function("document.querySelectorAll('#interaction-list > li').length === 0", timeout=UI_TIMEOUT_MS)
    page.locator("details.replay > summary").click()
    with page.expect_download() as download:
        page.click("#session-export")
    path = tmp_path / "session.json"
    download.value.save_as(path)
    recording = json.loads(path.read_text())
    assert {e["message"].get("action") for e in recording if e["direction"] == "host"} >= {"inbound"}

    # the recording is a regression test on CPython: a fresh host sends the same; recorded with ?extension-origin=,
    # the default configuration is pointed at the recording's extension site (README's one-liner)
    assert {e["origin"] for e in recording if e["direction"] == "in"} == {site.extension_origin}
    assert_reproduces(json.dumps(recording))

    # replayed to a new live dashboard, which receives what the first one received, in order
    sent = [s.message for s in replay.sent_messages(replay.read(recording))]
    (live,) = open_scenario(site, context, page)
    live.evaluate("window.received = []; addEventListener('message', e => window.received.push(e.data))")
    page.locator("details.replay > summary").click()
    page.set_input_files("#replay-file", str(path))
    page.click("#replay-form button[type=submit]")
    page.wait_for_function("document.getElementById('replay-status').textContent.startsWith('Replayed')",
                           timeout=PLAY_TIMEOUT_MS)
    assert page.locator("#replay-status").text_content() == f"Replayed {len(sent)} of {len(sent)} messages. {VIEW_ONLY}"
    live.wait_for_function(f"window.received.length >= {len(sent)}")  # posted; now arrived in the frame too
    received = live.evaluate("window.received")
    assert received == sent
    wait_log(live, "RINGING", "ESTABLISHED", "RELEASED")
    # through the inspector: each replayed message has its row, in one group, at the page's next redraw
    replayed = page.locator("#inspector tr", has=page.locator("td.verdict", has_text="replayed"))
    expect(replayed).to_have_count(len(sent))
    assert "kind-replay" in replayed.first.get_attribute("class")
    assert replayed.last.locator("td.message").text_content().startswith("interaction REMOVED #1")


def test_a_bad_recording_is_refused_with_a_reason(site, context, page, tmp_path):
    open_scenario(site, context, page)
    bad = tmp_path / "bad.json"
    bad.write_text('[{"time": 1, "direction": "sideways"}]')
    page.locator("details.replay > summary").click()
    page.set_input_files("#replay-file", str(bad))
    page.click("#replay-form button[type=submit]")
    page.wait_for_function("document.getElementById('replay-status').textContent.startsWith('Not a recording')",
                           timeout=UI_TIMEOUT_MS)
    assert "entry 1: expected the keys" in page.locator("#replay-status").text_content()
