"""Presenter mode in Chromium at 1280x720 (a projector, or 1920x1080 at 150 %): the dashboard, the scenario player and
the protocol inspector on one screen, large text, the player's current step in full, the inspector in time order with
a detail pane that marks the changed fields, and keys that step through the messages."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import screenshot
from .test_dashboard_browser import UI_TIMEOUT_MS, open_simulator
from .test_dashboard_flows import keep
from .test_scenarios import open_scenario

pytestmark = pytest.mark.browser

SCREEN = {"width": 1280, "height": 720}
SELECTED = "document.querySelector('#inspector tr.selected')?.dataset.entry ?? null"


def box(page, selector: str) -> dict:
    found = page.locator(selector).bounding_box()
    assert found is not None, f"{selector} is not laid out"
    return found


def inside_the_screen(found: dict) -> bool:
    return (found["x"] >= 0 and found["y"] >= 0 and found["width"] > 200 and found["height"] > 120
            and found["x"] + found["width"] <= SCREEN["width"] and found["y"] + found["height"] <= SCREEN["height"])


def on_the_screen(found: dict) -> bool:
    """A line of text, whole on the screen."""
    return (found["x"] >= 0 and found["y"] >= 0 and found["x"] + found["width"] <= SCREEN["width"]
            and found["y"] + found["height"] <= SCREEN["height"])


def apart(first: dict, second: dict) -> bool:
    return (first["x"] + first["width"] <= second["x"] or second["x"] + second["width"] <= first["x"]
            or first["y"] + first["height"] <= second["y"] or second["y"] + second["height"] <= first["y"])


def within(inner: dict, outer: dict) -> bool:
    return (inner["x"] >= outer["x"] and inner["y"] >= outer["y"]
            and inner["x"] + inner["width"] <= outer["x"] + outer["width"]
            and inner["y"] + inner["height"] <= outer["y"] + outer["height"])


def dashboard_in_sight(page, frame, shown: tuple[str, ...]) -> None:
    """Each of the dashboard's ``shown`` (selectors in its frame) whole inside the frame's visible area, and its event
    log with its newest line too: a short frame scrolls the panels between the agent and the log, not the page."""
    iframe = box(page, "[data-view=Dashboard] iframe")
    for selector in (*shown, "#log", "#event-log > li:first-child"):
        found = box(frame, selector)
        assert within(found, iframe), (selector, found, iframe)


def font_px(page, selector: str) -> float:
    return page.eval_on_selector(selector, "node => parseFloat(getComputedStyle(node).fontSize)")


def test_presenter_mode_shows_the_dashboard_the_player_and_the_inspector_at_1280x720(site, context, page):
    page.set_viewport_size(SCREEN)
    (frame,) = open_simulator(site, context, page, query="scenario=call-recording-transfer&present=1")
    expect(page.locator("body")).to_have_class("presenting")
    assert page.get_attribute("#presenter", "aria-pressed") == "true"

    page.locator("#player-step").click()                          # the call rings
    page.locator("#player-step").click()                          # the agent answers
    frame.locator("#interaction-list [data-action=hang-up]").wait_for(timeout=UI_TIMEOUT_MS)   # a call in progress
    expect(page.locator("#player-current")).to_have_text("Now: 2. The agent answers: the call is TALKING.")
    expect(page.locator("#player-next")).to_contain_text("Next (after 2 s): 3. The agent starts recording")
    expect(page.locator("#inspector tr.step-heading").last).to_contain_text("Step 2 · The agent answers")
    expect(page.locator("#inspector tr", has_text="interaction ESTABLISHED #1").first).to_be_visible()
    expect(page.locator("#inspector-detail .detail-title")).to_contain_text("Newest · ")   # nothing selected yet

    dashboard, player, inspector, detail = (box(page, "[data-view=Dashboard] iframe"), box(page, ".script"),
                                            box(page, "#inspector-scroll"), box(page, ".message-detail"))
    shown = (dashboard, player, inspector, detail)
    assert all(map(inside_the_screen, shown)), shown
    assert all(apart(one, other) for n, one in enumerate(shown) for other in shown[n + 1:]), shown
    for selector in ("#player-current", "#player-next", "#inspector td.message", "#inspector-detail"):
        assert font_px(page, selector) >= 15, selector
    dashboard_in_sight(page, frame, ("#agent-switcher", "#interaction-list > li .controls"))
    for step in page.locator("#player-steps li.done, #player-steps li.next").all()[-2:]:   # the list follows the play
        assert on_the_screen(step.bounding_box())
    # the filters' names in full: the select is as wide as its longest choice
    page.select_option("#inspector-verdict", "host")
    assert page.eval_on_selector("#inspector-verdict", "s => s.scrollWidth <= s.clientWidth")
    page.select_option("#inspector-verdict", "")
    keep(screenshot(page, "presenter-1280x720"))

    # a message in the detail pane: indented JSON, the fields changed since the previous event of its kind marked
    page.locator("#inspector tr", has_text="interaction ESTABLISHED #1").first.click()
    detail = page.locator("#inspector-detail")
    expect(detail.locator(".detail-title")).to_contain_text("interaction ESTABLISHED #1")
    expect(detail.locator(".detail-caption")).to_contain_text("highlighted: changed since the previous one")
    changed = detail.locator(".line.changed").all_text_contents()
    assert '"state": "TALKING",' in changed and '"eventType": "ESTABLISHED",' in changed, changed
    assert '"interactionId": "1",' not in changed
    keep(screenshot(page, "presenter-1280x720-detail"))
    state = detail.locator(".line.changed", has_text='"state": "TALKING"')
    assert on_the_screen(state.bounding_box())                   # scrolled into sight
    assert inside_the_screen(box(page, "#inspector-detail"))

    # keys step through the messages: k the previous one, j the next, Esc back to following the newest
    selected = page.evaluate(SELECTED)
    page.locator("#player-status").click()                        # the focus on the page, outside any field
    page.keyboard.press("k")
    page.wait_for_function(f"({SELECTED}) !== {selected!r}")
    earlier = page.evaluate(SELECTED)
    assert int(earlier) < int(selected)
    page.keyboard.press("j")
    page.wait_for_function(f"({SELECTED}) === {selected!r}")
    page.keyboard.press("ArrowUp")
    page.wait_for_function(f"({SELECTED}) === {earlier!r}")
    page.keyboard.press("Escape")
    page.wait_for_function(f"({SELECTED}) === null")
    expect(detail.locator(".detail-title")).to_contain_text("Newest · ")           # the pane follows again
    expect(page.locator("#inspector-keys")).to_contain_text("j / ↓ next message")

    # the toggle leaves presenter mode and comes back
    page.click("#presenter")
    expect(page.locator("body")).not_to_have_class("presenting")
    assert page.get_attribute("#presenter", "aria-pressed") == "false"
    page.click("#presenter")
    expect(page.locator("body")).to_have_class("presenting")


def test_the_toggle_turns_presenter_mode_on_and_a_pause_keeps_its_instruction(site, context, page):
    page.set_viewport_size(SCREEN)
    (frame,) = open_scenario(site, context, page, "rate-limit")
    expect(page.locator("body")).not_to_have_class("presenting")
    frame.locator("#event-log > li").first.wait_for(timeout=UI_TIMEOUT_MS)
    dashboard_in_sight(page, frame, ("#agent-switcher", "#set-state"))          # the normal layout at 1280x720 too
    page.click("#presenter")
    expect(page.locator("body")).to_have_class("presenting")
    page.locator("#player-play").click()                          # step 1: a note that pauses
    expect(page.locator("#player-status")).to_have_text("Paused · step 1 of 4 done")
    current = page.locator("#player-current")
    expect(current).to_have_text("Now: 1. Click Set state in the dashboard four times, then watch the error appear; "
                                 "press Play to go on.")
    assert current.evaluate("node => node.scrollHeight <= node.clientHeight && node.scrollWidth <= node.clientWidth")
    assert on_the_screen(box(page, "#player-current"))
    expect(page.locator("#player-next")).to_contain_text("Next (at once): 2.")
    assert inside_the_screen(box(page, "[data-view=Dashboard] iframe"))
    assert inside_the_screen(box(page, "#inspector-scroll"))
    dashboard_in_sight(page, frame, ("#agent-switcher", "#set-state"))
    screenshot(page, "presenter-rate-limit-pause")
