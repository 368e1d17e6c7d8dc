"""Issue 18 in Chromium: oversized values keep every page responsive, and every scenario address that cannot be
loaded ends in the configuration error.

The longest frame is measured in the page itself: an init script runs a requestAnimationFrame loop in every frame
and keeps the longest gap between two frames since it was last reset (the main thread blocked by Python, parsing,
style or layout shows as a gap). The bound is one of behaviour (the page did not freeze: under 2 s), not a timing;
the bench (``python3 build.py bench --only oversized``) prints the figures.
"""
from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from .conftest import screenshot
from .test_boot import BOOT_TIMEOUT_MS
from .test_dashboard_browser import UI_TIMEOUT_MS, open_simulator
from .test_dashboard_flows import no_console_errors
from .test_playground import open_playground, run

pytestmark = pytest.mark.browser

MIB = 1 << 20
FROZEN_MS = 5000
"""A frame longer than this is a frozen page (the issue saw 13 s to 57 s; a loaded 2-core machine drew 2 s frames)."""

FRAME_GAPS = """
(() => {
  let last = performance.now();
  globalThis.__longestFrame = 0;
  globalThis.__resetFrames = () => { globalThis.__longestFrame = 0; last = performance.now(); };
  const tick = (now) => {
    globalThis.__longestFrame = Math.max(globalThis.__longestFrame, now - last);
    last = now;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
"""
"""An init script: the longest gap between two animation frames since ``__resetFrames()``."""


def reset_frames(*frames) -> None:
    for frame in frames:
        frame.evaluate("globalThis.__resetFrames()")


def longest_frame(frame) -> float:
    """The longest frame since the reset, once two more frames were drawn (the last one is counted)."""
    return frame.evaluate("""() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(
        () => done(globalThis.__longestFrame))))""")


def attach_data(page, interaction_id: str, user_data: str) -> None:
    """The contact centre attaches data to a call (the control panel's attach-data action, which has no form)."""
    refusal = page.evaluate("""([id, text]) => {
        const sim = window.wweSimulator;
        const refusal = sim.session.act('attach-data', new Map([['id', id], ['user_data', text]]));
        sim.schedule_render();
        return refusal ?? null;
    }""", [interaction_id, user_data])
    assert refusal is None, refusal


def show_all(count: int) -> str:
    return f"show all {count:,} characters"


def test_a_1_mib_attached_data_value_in_the_dashboard_and_the_simulator(site, context, page):
    context.add_init_script(FRAME_GAPS)
    (frame,) = open_simulator(site, context, page)
    page.fill("#inbound-form [name=user_data]", "Key2=small")
    page.click("#inbound-form button[value=voice]")  # a call shown once (templates compiled: not the value's cost)
    expect(frame.locator("#interaction-data")).to_contain_text("small", timeout=UI_TIMEOUT_MS)
    interaction_id = page.locator("#interactions [data-interaction]").get_attribute("data-interaction")
    read_only = "b" * MIB  # Key2 may only be read (Key1, which may be written, would be an input)
    reset_frames(page, frame)
    attach_data(page, interaction_id, f"Key2={read_only}")

    summary = frame.locator("#interaction-data .shown-all summary")
    expect(summary).to_have_text(show_all(MIB), timeout=UI_TIMEOUT_MS)
    dashboard_ms, simulator_ms = longest_frame(frame), longest_frame(page)
    print(f"\nlongest frame with a 1 MiB attached-data value: dashboard {dashboard_ms:.0f} ms, "
          f"simulator {simulator_ms:.0f} ms")
    assert dashboard_ms < FROZEN_MS and simulator_ms < FROZEN_MS
    assert frame.locator("#interaction-data tr:has(th:text-is('Key2')) td").text_content().strip() \
        .startswith("b" * 499 + "…show all")

    reset_frames(frame)
    summary.click()  # the whole value, on demand
    expect(frame.locator("#interaction-data .shown-all .shown-text")).to_have_text(read_only)
    assert longest_frame(frame) < FROZEN_MS
    page.click("#interactions details.data summary")
    expect(page.locator("#interactions details.data dd .shown-all summary").nth(0)).to_have_text(show_all(MIB))
    screenshot(page, "oversized-attached-data")
    no_console_errors(page)


def test_a_toast_of_200000_characters_on_the_simulator_page_and_in_the_inspector(site, context, page):
    context.add_init_script(FRAME_GAPS)
    (frame,) = open_simulator(site, context, page)
    frame.fill("#toast-title", "First")
    frame.click("#popup-toast")  # a toast shown once (templates compiled: not the value's cost)
    expect(page.locator("#toasts .toast")).to_have_count(1, timeout=UI_TIMEOUT_MS)
    message = "m" * 200_000
    frame.fill("#toast-title", "Oversized")
    frame.fill("#toast-message", message)
    reset_frames(page, frame)
    frame.click("#popup-toast")

    toast = page.locator("#toasts .toast", has_text="Oversized")
    expect(toast.locator(".message .shown-all summary")).to_have_text(show_all(200_000), timeout=UI_TIMEOUT_MS)
    expect(frame.locator("#toast-list .message .shown-all summary")).to_have_text(show_all(200_000))
    simulator_ms, dashboard_ms = longest_frame(page), longest_frame(frame)
    print(f"\nlongest frame with a toast of 200,000 characters: simulator {simulator_ms:.0f} ms, "
          f"dashboard {dashboard_ms:.0f} ms")
    assert simulator_ms < FROZEN_MS and dashboard_ms < FROZEN_MS

    # later redraws while the toast is shown: an inbound call re-renders the page's regions
    reset_frames(page)
    page.click("#inbound-form button[value=chat]")
    expect(page.locator("#interactions [data-interaction]")).to_have_count(1)
    assert longest_frame(page) < FROZEN_MS

    # the inspector: the request's row, opened
    row = page.locator("#inspector tr", has_text="system.popupToast").first
    reset_frames(page)
    row.click()
    expect(row).to_have_class(re.compile(r"\bopen\b"))
    assert len(row.locator(".detail").text_content()) < 4100  # the whole message is in the exported session
    assert longest_frame(page) < FROZEN_MS

    reset_frames(page)
    toast.locator(".message .shown-all summary").click()
    expect(toast.locator(".message .shown-text")).to_have_text(message)
    assert longest_frame(page) < FROZEN_MS
    screenshot(page, "oversized-toast")
    no_console_errors(page)


def test_a_1_mib_value_in_the_playground_console(site, context, page):
    context.add_init_script(FRAME_GAPS)
    frame = open_playground(site, page)
    assert run(frame, '"warm"')[0] == "value"  # a value shown once (templates compiled: not the value's cost)
    reset_frames(frame)
    outcome, _ = run(frame, f'"z" * {MIB}')
    assert outcome == "value"
    entry = frame.locator("#console .entry.value").last
    expect(entry.locator(".shown-all summary")).to_have_text(show_all(MIB + 2))  # the repr's quotes
    playground_ms = longest_frame(frame)
    print(f"\nlongest frame with a 1 MiB value in the playground console: {playground_ms:.0f} ms")
    assert playground_ms < FROZEN_MS


@pytest.mark.parametrize(("scenario", "why"), [
    ("javascript:alert(document.domain)", "cannot load the scenario javascript:alert(document.domain): only http"),
    ("data:text/plain,%5Bscenario", "TOML syntax"),  # data: garbage
    ("data:garbage", "cannot load the scenario data:garbage: the address cannot be reached"),
    ("http://127.0.0.1:9/nothing-listens.toml", "the address cannot be reached or read from this page"),
])
def test_a_scenario_that_cannot_be_loaded_is_a_configuration_error(site, page, scenario, why):
    page.goto(site.simulator_url(f"scenario={quote(scenario, safe='')}"))
    status = page.locator("#host-status")
    expect(status).to_have_attribute("data-state", "failed", timeout=BOOT_TIMEOUT_MS)
    assert status.text_content().startswith("Configuration error: ") and why in status.text_content()
