"""Several simulator tabs elect one leader, and a new one when the leader closes: the frames are told
(system frameState events) and their isFrame*/isLastActiveFrame answers follow."""
from __future__ import annotations

import pytest

from .conftest import screenshot
from .test_dashboard_browser import UI_TIMEOUT_MS
from .test_simulator_page import js_frame, js_views, open_simulator, serve, subscribe

pytestmark = pytest.mark.browser


def answer(frame, request: str):
    return frame.evaluate(f"call({request!r})")["reply"]["data"]


def test_two_tabs_elect_one_leader_then_a_new_one(site, context, page):
    serve(site, context, js_views(site, Agent="tab"))
    open_simulator(site, page)
    first = js_frame(page, "Agent")
    page.wait_for_function("document.getElementById('tab-state').textContent.startsWith('Tab: leading')")

    second_page = context.new_page()
    open_simulator(site, second_page)
    second = js_frame(second_page, "Agent")
    # the tab opened last is the one in use: each tab shows what it knows, once the other tab's news reached it
    # (BroadcastChannel); the host answers from the same state
    second_page.wait_for_function("document.getElementById('tab-state').textContent === 'Tab: following · last active'")
    page.wait_for_function("document.getElementById('tab-state').textContent === 'Tab: leading'")
    subscribe(second_page, second, ["system"])

    assert answer(first, "system.isFrameLeading") is True
    assert answer(second, "system.isFrameFollowing") is True
    assert answer(second, "system.isFrameLeadingOrNegotiating") is False
    assert answer(second, "system.isLastActiveFrame") is True
    assert answer(first, "system.isLastActiveFrame") is False
    screenshot(second_page, "simulator-tabs-following")

    page.close(run_before_unload=True)
    second.wait_for_function("window.events.some(e => e.data.frameState === 'LEADING')", timeout=UI_TIMEOUT_MS)
    states = second.evaluate("window.events.filter(e => e.event === 'system').map(e => e.data.frameState)")
    # Told at once that an election runs, and that it leads. Exactly ["NEGOTIATING", "LEADING"] on an idle machine;
    # on a loaded one the closing tab may live on after its bye and beat once more (Election.leave() does not stop
    # the heartbeats), and the frame is told FOLLOWING / NEGOTIATING in between (docs/BROWSER-TESTS.md, Known gaps).
    assert states[0] == "NEGOTIATING" and states[-1] == "LEADING", states
    assert answer(second, "system.isFrameLeading") is True
    second_page.wait_for_function("document.getElementById('tab-state').textContent.startsWith('Tab: leading')")
    screenshot(second_page, "simulator-tabs-leading")
