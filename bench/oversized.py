"""The cost of showing one 1 MiB value without spaces in each page (issue 18), for ``bench/run.py``'s section
``oversized`` (``python3 build.py bench --only oversized``).

Each page's own Python renderer (on CPython: the same templates and helper, ``wwe.shown``, the page runs) makes the
HTML of the value where the page shows it: the dashboard's attached data (a read-only key), the simulator's toast,
its inspector row (as ``workspace.browser.ROWS`` builds it), the playground console's value. The page is
opened in Chromium with its own stylesheets (its Python runtime is not loaded: its boot would be measured too), the
HTML is put where the page puts it, and the time until the next frame is drawn is measured: DOM, style, layout and
paint of that one value. Target: under 50 ms.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

MIB = 1 << 20
VALUE = "x" * MIB
"""One unbroken value of 1 MiB (the issue's dashboard froze 57 s on such a value in a table cell)."""
TARGET_MS = 50


@dataclass(frozen=True)
class Case:
    """One page: its URL on its site, where the HTML goes (a CSS selector) and the HTML."""

    site: str
    path: str
    selector: str
    html: str


def dashboard_html() -> str:
    from dashboard.render import Renderer
    from dashboard.state import DashboardState

    state = DashboardState(clock=lambda: 0.0)
    state.interactions_loaded_from([{"interactionId": "1", "media": "voice", "state": "RINGING",
                                     "userData": {"Payload": VALUE}}])
    state.selected = "1"
    return Renderer().render("interaction_data", state)


def toast_html() -> str:
    from workspace.model.screen import Toast
    from workspace.view import environment, toast_view

    toast = Toast("wweCustomToast0", "frame1", {"title": "A long message", "message": VALUE})
    return environment().get_template("toasts.html").render(toasts=[toast_view(toast, "Dashboard")])


def inspector_html() -> str:
    from workspace.host.journal import InspectorEntry
    from workspace.inspector_groups import REQUEST, Placed
    from workspace.page.inspector import cells

    message = {"request": "system.popupToast", "referenceId": "1", "parameters": [{"message": VALUE}]}
    entry = InspectorEntry(0.0, "in", "http://localhost:8001", "frame1", message, "answered")
    row = cells(Placed(entry, True, REQUEST, None), "1")
    tds = []
    for cell in row.cells:
        lines = "".join(f'<div class="{c}">{html.escape(t)}</div>' for c, t in cell.lines)
        tds.append(f'<td class="{cell.class_name}" title="{html.escape(cell.title)}">{html.escape(cell.text)}{lines}</td>')
    return f'<tr class="{row.class_name} open">{"".join(tds)}</tr>'


def console_html() -> str:
    from playground.console import Entry
    from playground.render import Renderer

    return Renderer().entry(Entry(1, "value", repr(VALUE)))


def cases() -> dict[str, Case]:
    """The pages and what each shows of the value."""
    return {
        "dashboard: attached data": Case("extension", "index.html", "#interaction-details", dashboard_html()),
        "simulator: toast": Case("workspace", "index.html", "#toasts", toast_html()),
        "simulator: inspector row (opened)": Case("workspace", "index.html", "#inspector", inspector_html()),
        "playground: console value": Case("extension", "playground.html", "#console", console_html()),
    }


MEASURE = """async ([selector, html]) => {
    const frame = () => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
    const element = document.querySelector(selector);
    element.replaceChildren();
    await frame();
    const start = performance.now();
    element.insertAdjacentHTML("beforeend", html);
    document.body.offsetHeight;  // style and layout now
    await frame();               // and the frame that paints it
    return performance.now() - start;
}"""
