"""Browser entry point: ``await main()`` from index.html connects to Agent Workspace and runs the dashboard."""

from __future__ import annotations

import wwe.browser

from .actions import Dashboard
from .dom import Page
from .origins import workspace_origin
from .render import Renderer
from .state import DashboardState

NOT_EMBEDDED = "This page is not embedded in Agent Workspace: open it from Agent Workspace or the simulator."


async def main() -> None:
    """Start the dashboard; ends with #app aria-busy="false" and the status line saying how it went."""
    page = Page()
    renderer = Renderer()
    try:
        if not page.embedded():
            raise ValueError(NOT_EMBEDDED)
        origin = workspace_origin(page.meta("wwe-workspace-origins"), page.embedder_origin())
    except ValueError as error:
        state = DashboardState()
        page.apply(renderer.fragments(state, state.set_status("failed", str(error))))
    else:
        dashboard = Dashboard(wwe.browser.connect(origin), renderer, page.apply)
        page.listen(dashboard.perform)
        await dashboard.start()
    page.set_busy(False)
