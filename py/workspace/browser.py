"""Browser edge of the Workspace simulator: the extension iframes, the one message listener, timers, the page's DOM.

Everything that decides lives in the sans-I/O ``Host``; this module only moves messages between it and the
iframes and shows what happened.
"""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import js
from pyodide.ffi import create_once_callable, create_proxy
from pyodide.http import pyfetch

from .config import Config, ConfigError, WebContent
from .election import Election
from .host import Host, Outgoing
from .inspector import InspectorEntry

SCENARIO = Path("scenario/default.toml")
DEMO_EXTENSION_ORIGIN = "http://localhost:8001"  # what scenario/default.toml names; ?extension-origin= replaces it
MAX_MESSAGE_CHARS = 1_000_000                     # larger messages are refused unread
TICK_MS = 100
TABS_CHANNEL = "wwe-simulator-tabs"
INSPECTOR_ROWS = 400


def to_js(message: dict[str, Any]):
    """A plain JS object for postMessage (JSON keeps it a structured-clone-safe tree)."""
    return js.JSON.parse(json.dumps(message))


def from_js(data) -> Any:
    """The incoming message as plain Python; anything JSON cannot express becomes a description string."""
    if data is None or isinstance(data, (str, int, float, bool)):
        return data
    try:
        text = js.JSON.stringify(data)
    except Exception as error:  # cycles, BigInt...
        return f"<unreadable message: {error}>"
    if text is None:
        return "<unreadable message>"
    if len(text) > MAX_MESSAGE_CHARS:
        return f"<message of {len(text)} characters refused: the limit is {MAX_MESSAGE_CHARS}>"
    return json.loads(text)


async def load_config(scenario_url: str | None, extension_origin: str | None) -> Config:
    """The scenario (the bundled default, or the TOML at ``?scenario=``), with the demo extension origin
    replaced by ``?extension-origin=``."""
    if scenario_url:
        response = await pyfetch(scenario_url)
        if not response.ok:
            raise ConfigError(f"cannot load the scenario {scenario_url}: HTTP {response.status}")
        text = await response.string()
    else:
        text = SCENARIO.read_text(encoding="utf-8")
    if extension_origin:
        text = text.replace(DEMO_EXTENSION_ORIGIN, extension_origin.rstrip("/"))
    return Config.from_toml(text)


class SimulatorPage:
    """The simulator page: embeds each configured extension view and relays its messages to the host."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self.windows = js.Map.new()          # contentWindow -> frame id (identity of the message source)
        self.iframes: dict[str, Any] = {}    # frame id -> iframe element
        self.frame_count = 0
        self.last_shown: InspectorEntry | None = None  # newest inspector entry on the page
        self.render_pending = False
        self.election = Election(tab=js.crypto.randomUUID(), born=js.Date.now() / 1000)
        self.tabs = js.BroadcastChannel.new(TABS_CHANNEL)
        listeners = {"message": self.on_message, "focus": self.on_focus, "pagehide": self.on_pagehide}
        self._proxies = {name: create_proxy(listener) for name, listener in listeners.items()}
        for name, proxy in self._proxies.items():
            js.window.addEventListener(name, proxy)
        self._proxies["tab"] = create_proxy(self.on_tab_message)
        self.tabs.addEventListener("message", self._proxies["tab"])
        self._proxies["tick"] = create_proxy(self.on_tick)
        js.setInterval(self._proxies["tick"], TICK_MS)
        self.broadcast(self.election.start(js.Date.now() / 1000))

    # -- frames -------------------------------------------------------------------------------------------

    def embed(self, view: WebContent) -> None:
        """Add a card with the view's iframe; the frame is attached to the host when its page loads."""
        card = js.document.createElement("article")
        card.className = "extension"
        header = js.document.createElement("header")
        title = js.document.createElement("span")
        title.textContent = view.label or view.section
        where = js.document.createElement("span")
        where.textContent = view.url
        header.append(title, where)
        iframe = js.document.createElement("iframe")
        iframe.title = view.label or view.section
        iframe.src = view.url
        if view.mode in ("background", "hidden"):
            card.hidden = True
        card.append(header, iframe)
        js.document.getElementById("extensions").append(card)
        iframe.addEventListener("load", create_proxy(lambda _event: self.on_frame_load(iframe, view)))

    def on_frame_load(self, iframe, view: WebContent) -> None:
        """A (re)loaded extension page is a new frame: forget the old one, attach and tell it its frameId."""
        old = self.windows.get(iframe.contentWindow)
        if old is not None:
            self.deliver(self.host.detach_frame(old))
            self.iframes.pop(old, None)
        self.frame_count += 1
        frame_id = f"frame{self.frame_count}"
        self.windows.set(iframe.contentWindow, frame_id)
        self.iframes[frame_id] = iframe
        self.deliver(self.host.attach_frame(frame_id, view.origin, view.section))
        self.deliver(self.host.update_frame(frame_id, frame_state=self.election.state,
                                            last_active=self.election.last_active))

    # -- messages -----------------------------------------------------------------------------------------

    def on_message(self, event) -> None:
        """Every postMessage the page receives: from an embedded frame, or from anywhere else (refused)."""
        if event.source == js.window:
            return
        frame_id = self.windows.get(event.source)  # (a cross-origin window proxy is falsy in Python: no `if`)
        self.deliver(self.host.receive(frame_id, event.origin, from_js(event.data)))

    def on_tick(self) -> None:
        self.broadcast(self.election.tick(js.Date.now() / 1000))
        self.deliver(self.host.tick())

    # -- tabs -----------------------------------------------------------------------------------------------

    def broadcast(self, messages: list[dict[str, Any]]) -> None:
        """Tell the other simulator tabs, then bring this tab's frames up to date with the election."""
        for message in messages:
            self.tabs.postMessage(to_js(message))
        self.apply_election()

    def apply_election(self) -> None:
        for frame_id in list(self.iframes):
            self.deliver(self.host.update_frame(frame_id, frame_state=self.election.state,
                                                last_active=self.election.last_active))
        status = js.document.getElementById("tab-state")
        if status is not None:
            status.textContent = f"Tab: {self.election.state.lower()}" + (", last active" if self.election.last_active else "")

    def on_tab_message(self, event) -> None:
        self.broadcast(self.election.receive(from_js(event.data), js.Date.now() / 1000))

    def on_focus(self, _event) -> None:
        self.broadcast(self.election.activate())

    def on_pagehide(self, _event) -> None:
        for message in self.election.leave():
            self.tabs.postMessage(to_js(message))

    def deliver(self, out: list[Outgoing]) -> None:
        """Post each message to its frame, with the frame's own origin as the target (never "*")."""
        for frame_id, message in out:
            iframe = self.iframes.get(frame_id)
            frame = self.host.frames.get(frame_id)
            if iframe is not None and frame is not None and iframe.isConnected:
                iframe.contentWindow.postMessage(to_js(message), frame.origin)
        self.schedule_render()

    # -- inspector ----------------------------------------------------------------------------------------

    def schedule_render(self) -> None:
        if not self.render_pending:
            self.render_pending = True
            js.requestAnimationFrame(create_once_callable(self.render_inspector))

    def render_inspector(self, *_args) -> None:
        """Append the new inspector entries (text only: messages may hold hostile strings)."""
        self.render_pending = False
        new: list[InspectorEntry] = []
        for entry in reversed(self.host.inspector):
            if entry is self.last_shown or len(new) == INSPECTOR_ROWS:
                break
            new.append(entry)
        body = js.document.getElementById("inspector")
        for entry in reversed(new):
            body.prepend(inspector_row(entry))
        if new:
            self.last_shown = new[0]
        while body.childElementCount > INSPECTOR_ROWS:
            body.lastElementChild.remove()


def inspector_row(entry: InspectorEntry):
    """One table row for an inspector entry."""
    row = js.document.createElement("tr")
    row.className = f"dir-{entry.direction}"
    text = json.dumps(entry.message, ensure_ascii=False) if not isinstance(entry.message, str) else entry.message
    cells = (
        time.strftime("%H:%M:%S", time.localtime(entry.time)) + f".{int(entry.time * 1000) % 1000:03d}",
        "→" if entry.direction == "in" else "←",
        entry.frame_id or "?",
        entry.origin or "",
        text if len(text) <= 300 else text[:300] + "…",
        entry.verdict + (f": {entry.note}" if entry.note else ""),
    )
    for index, value in enumerate(cells):
        cell = js.document.createElement("td")
        cell.textContent = value
        if index == 4:
            cell.title = text[:5000]
        if index == 5:
            cell.className = f"verdict-{entry.verdict}"
        row.append(cell)
    return row


def set_status(text: str, state: str) -> None:
    status = js.document.getElementById("host-status")
    status.textContent = text
    status.dataset.state = state


async def main() -> None:
    """Entry point of the simulator page."""
    query = js.URLSearchParams.new(js.location.search)
    try:
        config = await load_config(query.get("scenario"), query.get("extension-origin"))
    except ConfigError as error:
        set_status(f"Configuration error: {error}", "failed")
        raise
    page = SimulatorPage(Host(config))
    for view in config.web_content:
        page.embed(view)
    js.window.wweSimulator = page  # for the browser console and tests
    set_status("Simulator ready", "ready")
