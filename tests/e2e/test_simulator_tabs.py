"""Several simulator tabs elect one leader, and a new one when the leader closes: the frames are told
(system frameState events) and their isFrame*/isLastActiveFrame answers follow."""
from __future__ import annotations

import pytest

from .conftest import screenshot
from .test_simulator_page import js_frame, js_views, open_simulator, serve, subscribe

pytestmark = pytest.mark.browser


def answer(frame, request: str):
    return frame.evaluate(f"call({request!r})")["reply"]["data"]


def tab_state(page) -> str:
    return page.locator("#tab-state").text_content()


def test_two_tabs_elect_one_leader_then_a_new_one(site, context, page):
    serve(site, context, js_views(site, Agent="tab"))
    open_simulator(site, page)
    first = js_frame(page, "Agent")
    page.wait_for_function("document.getElementById('tab-state').textContent.startsWith('Tab: leading')")

    second_page = context.new_page()
    open_simulator(site, second_page)
    second = js_frame(second_page, "Agent")
    second_page.wait_for_function("document.getElementById('tab-state').textContent.startsWith('Tab: following')")
    subscribe(second_page, second, ["system"])

    assert answer(first, "system.isFrameLeading") is True
    assert answer(second, "system.isFrameFollowing") is True
    assert answer(second, "system.isFrameLeadingOrNegotiating") is False
    assert answer(second, "system.isLastActiveFrame") is True   # the tab opened last is the one in use
    assert answer(first, "system.isLastActiveFrame") is False
    assert tab_state(page) == "Tab: leading"
    assert tab_state(second_page) == "Tab: following · last active"
    screenshot(second_page, "simulator-tabs-following")

    page.close(run_before_unload=True)
    second.wait_for_function("window.events.some(e => e.data.frameState === 'LEADING')", timeout=10_000)
    states = second.evaluate("window.events.filter(e => e.event === 'system').map(e => e.data.frameState)")
    assert states == ["NEGOTIATING", "LEADING"]
    assert answer(second, "system.isFrameLeading") is True
    second_page.wait_for_function("document.getElementById('tab-state').textContent.startsWith('Tab: leading')")
    screenshot(second_page, "simulator-tabs-leading")
