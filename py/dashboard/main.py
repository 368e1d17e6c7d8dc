"""Browser entry point: ``await main()`` from index.html connects to Agent Workspace and runs the dashboard."""

from __future__ import annotations

import wwe.browser

from .actions import Dashboard
from .dom import Page
from .render import Renderer
from .state import DashboardState


async def main() -> None:
    """Start the dashboard; ends with #app aria-busy="false" and the status line saying how it went."""
    page = Page()
    renderer = Renderer()
    try:
        service = wwe.browser.connect_from_page()
    except ValueError as error:
        state = DashboardState()
        page.apply(renderer.fragments(state, state.set_status("failed", str(error))))
    else:
        dashboard = Dashboard(service, renderer, page.apply)
        service.onMessage = dashboard.on_scripted  # a lesson's extension-request steps (wwe.scripted)
        page.listen(dashboard.perform)
        await dashboard.start()
    page.set_busy(False)
