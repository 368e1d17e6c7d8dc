"""A sibling frame cannot talk to the Python extension as if it were the Workspace: the client accepts replies and
events only from its parent window on the Workspace origin, so a spoof from another frame is dropped, even one
served from the Workspace's own origin."""
from __future__ import annotations

from pathlib import Path

import pytest

from .test_boot import BOOT_TIMEOUT_MS, extension_frame, wait_python_ready
from .test_dashboard_browser import UI_TIMEOUT_MS, simulate

pytestmark = pytest.mark.browser

JS_PAGE = Path(__file__).resolve().parent / "js" / "extension.html"
SPOOF = "SPOOFED_STATE"


def scenario(site) -> str:
    return f"""
[interaction-workspace]
"service-client-api.accepted-web-content-origins" = "{site.extension_origin} (*, auth.getJwtToken)"
"interaction.web-content" = ["Dashboard", "Sibling"]

[Dashboard]
url = "{site.extension_origin}/index.html"

[Sibling]
url = "{site.workspace_origin}/sibling.html"
"""


def test_spoofed_event_from_a_sibling_frame_is_dropped(site, context, page):
    context.route(f"{site.workspace_origin}/sibling.html",
                  lambda route: route.fulfill(body="<!doctype html><title>sibling</title><p>sibling</p>",
                                              content_type="text/html"))
    context.route(f"{site.workspace_origin}/spoof.toml",
                  lambda route: route.fulfill(body=scenario(site), content_type="application/toml"))
    page.goto(site.simulator_url("scenario=/spoof.toml"))
    dashboard = extension_frame(page, site.extension_origin)
    sibling = extension_frame(page, f"{site.workspace_origin}/sibling.html")
    wait_python_ready(dashboard)
    dashboard.locator("#agent-summary", has_text="ada.lovelace").wait_for(timeout=BOOT_TIMEOUT_MS)

    # The sibling (same origin as the Workspace page) posts an agent event and a fake reply to the dashboard.
    sibling.evaluate("""spoof => {
        const target = [...Array(parent.frames.length).keys()].map(i => parent.frames[i]).find(w => w !== window);
        const forged = { userAgent: "WWE Server", protocolVersion: 2 };
        target.postMessage({ ...forged, event: "agent", data: { eventType: "STATE_CHANGED", mediaState: spoof } }, "*");
        for (let n = 0; n < 50; n++) target.postMessage({ ...forged, referenceId: String(n), request: "agent.get",
            data: { firstname: spoof, lastname: spoof, username: spoof, employeeId: spoof } }, "*");
    }""", SPOOF)
    # A real event afterwards proves the spoof was processed (and dropped) before it.
    simulate(page, "set_agent_state", "NotReady")
    dashboard.wait_for_function("document.getElementById('agent-summary').textContent.includes('Not')",
                                timeout=UI_TIMEOUT_MS)
    assert SPOOF not in dashboard.locator("body").inner_text()
