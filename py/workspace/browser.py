"""Browser edge of the Workspace simulator: the extension iframes, the one message listener, timers, the page's DOM.

Everything that decides lives in sans-I/O modules (``Host``, ``panel``, ``view``, ``embeds``, ``inspector_view``);
this module only moves messages between the host and the iframes, turns clicks into panel actions and puts
rendered HTML (jinja2, autoescaped) or text (``textContent``) in the page, at most once per animation frame.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import js
from pyodide.code import run_js
from pyodide.ffi import create_once_callable, create_proxy
from pyodide.http import pyfetch
from wwe.wire.limits import read_json_text
from wwe.wire.origins import origin_of_url

from . import browser_scenario, timeline
from .config import DEMO_EXTENSION_ORIGIN, Config, ConfigError, WebContent
from .election import Election
from .embeds import DIALOG, Embeds
from .host import HIDDEN_VIEW_MODES, Host, Outgoing
from .host.journal import InspectorEntry
from .inspector_view import VERDICT_FILTERS, InspectorFilter, newer, row
from .session import Session
from .view import DialogView, PageView, environment

SCENARIO = Path("scenario/default.toml")
TICK_MS = 100
TABS_CHANNEL = "wwe-simulator-tabs"
INSPECTOR_ROWS = 400
RENDER_MS = 100
"""The page redraws at most this often. Redrawing at every animation frame put a redraw (and the layout of the
inspector's rows) between two messages of a burst, and each round trip waited for it: bench --only rtt, 200 calls,
python -> simulator median 30.9 ms with requestAnimationFrame, 2.8 ms with this timer (js -> simulator 6.7 / 1.5)."""
VIEW_CONTAINERS = {"tab": "extensions", "popup": "popups", "background": "hidden-views", "hidden": "hidden-views"}
PAGE_ACTIONS = ("collapse", "focus-frame", "toggle-row", "inspector-clear")


# The message edge touches the frames' windows in JavaScript only: a cross-origin window never becomes a JsProxy
# (the bench compares it with the edge as first written: pairing python_simulator_host_first_edge).
FRAME_OF = run_js("(windows, event) => event.source === window ? '' : windows.get(event.source)")
"""The frame id of a message's source window ('' for this page itself, None for a window that is no frame)."""
POST = run_js("(iframe, message, origin) => iframe.contentWindow.postMessage(message, origin)")


@dataclass(frozen=True)
class MessageEdge:
    """How the page finds the frame of a message and posts to a frame (the bench passes the edge as first written).

    ``frame_of(windows, event)``: the frame id of the message's source window ('' for this page itself, None for a
    window that is no frame); ``post(iframe, message, origin)``: postMessage to the iframe's window."""

    frame_of: Callable[[Any, Any], str | None]
    post: Callable[[Any, Any, str], None]


EDGE = MessageEdge(FRAME_OF, POST)


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
    return read_json_text(text)  # size and depth checked before parsing (limits: wwe.wire.limits)


async def load_config(scenario_url: str | None, extension_origin: str | None) -> tuple[Config, timeline.Script]:
    """The scenario and its script: the bundled default, a bundled scenario named by ``?scenario=<name>``, or the
    TOML at ``?scenario=<url>``; the demo extension origin replaced by ``?extension-origin=``."""
    def with_origin(text: str) -> str:
        return text.replace(DEMO_EXTENSION_ORIGIN, extension_origin.rstrip("/")) if extension_origin else text

    if scenario_url and timeline.is_bundled_name(scenario_url):
        text = timeline.bundled(scenario_url)
    elif scenario_url:
        response = await pyfetch(scenario_url)
        if not response.ok:
            raise ConfigError(f"cannot load the scenario {scenario_url}: HTTP {response.status}")
        text = await response.string()
    else:
        text = SCENARIO.read_text(encoding="utf-8")
    return timeline.load(with_origin(text), lambda name: with_origin(timeline.bundled(name)))


def element(element_id: str):
    return js.document.getElementById(element_id)


def data_fields(node) -> dict[str, str]:
    """The ``data-*`` attributes of an element, as panel fields."""
    return {str(key): str(value) for key, value in js.Object.entries(node.dataset)}


def form_fields(form, submitter) -> dict[str, str]:
    """A form's inputs (with the clicked submit button's name and value) as panel fields."""
    data = js.FormData.new(form, submitter) if submitter else js.FormData.new(form)
    return {str(entry[0]): str(entry[1]) for entry in data.entries()}


class SimulatorPage:
    """The simulator page: embeds the extension views and dialogs, relays their messages to the host, runs the
    control panel and shows the model, the toasts, dialogs and menu-bar views, and the protocol inspector."""

    def __init__(self, config: Config, page_view: PageView, edge: MessageEdge = EDGE) -> None:
        self.session = Session(config, self.deliver)
        self.edge = edge
        self.view = page_view
        self.embeds = Embeds()
        self.windows = js.Map.new()          # contentWindow -> frame id (identity of the message source)
        self.iframes: dict[str, Any] = {}    # frame id -> iframe element
        self.frame_windows: dict[str, Any] = {}  # frame id -> its contentWindow (null once the iframe is removed)
        self.cards: dict[str, Any] = {}      # view section -> its card element
        self.scenario: browser_scenario.ScenarioPanel | None = None  # the scenario panel (set by main)
        self.filter = InspectorFilter()
        self.last_shown: InspectorEntry | None = None  # newest inspector entry already considered for the table
        self.cleared_at: InspectorEntry | None = None  # newest entry when the table was last cleared
        self.frame_choices: dict[str, str] = {}
        self.tab_text = ""
        self.render_pending = False
        self.election = Election(tab=js.crypto.randomUUID(), born=js.Date.now() / 1000)
        self.tabs = js.BroadcastChannel.new(TABS_CHANNEL)
        self._proxies: list[Any] = []
        self._listen(js.window, "message", self.on_message)
        self._listen(js.window, "focus", self.on_focus)
        self._listen(js.window, "blur", self.on_blur)
        self._listen(js.window, "pagehide", self.on_pagehide)
        self._listen(js.document, "visibilitychange", self.on_visibility)
        self._listen(js.document, "click", self.on_click)
        self._listen(js.document, "submit", self.on_submit)
        self._listen(element("toasts"), "error", self.on_toast_error, capture=True)
        self._listen(element("inspector-verdict"), "change", self.on_filter)
        self._listen(element("inspector-frame"), "change", self.on_filter)
        self._listen(self.tabs, "message", self.on_tab_message)
        tick = create_proxy(self.on_tick)
        self._proxies.append(tick)
        js.setInterval(tick, TICK_MS)
        self.broadcast(self.election.start(js.Date.now() / 1000))
        if self.page_visible():
            self.broadcast(self.election.activate())

    @property
    def host(self) -> Host:
        """The session's Host (replaced by restart_host)."""
        return self.session.host

    def _listen(self, target, name: str, handler, capture: bool = False) -> None:
        proxy = create_proxy(handler)
        self._proxies.append(proxy)
        target.addEventListener(name, proxy, capture)

    def show_controls(self) -> None:
        """The control panel's forms and the inspector's filter choices."""
        element("controls").innerHTML = self.view.controls(self.host.model)
        verdicts = element("inspector-verdict")
        for value, label in VERDICT_FILTERS:
            option = js.document.createElement("option")
            option.value, option.textContent = value, label
            verdicts.append(option)

    # -- frames -------------------------------------------------------------------------------------------

    def embed(self, view: WebContent) -> None:
        """Add the view's card (with its iframe); the frame is attached to the host when its page loads."""
        container = element(VIEW_CONTAINERS.get(view.mode, "extensions"))
        container.insertAdjacentHTML("beforeend", self.view.card(view.section, view.label, view.url, view.mode))
        card = container.lastElementChild
        self.cards[view.section] = card
        iframe = card.querySelector("iframe")
        self._listen(iframe, "load", lambda _event: self.attach(iframe, view.section, view.label, view.origin,
                                                                view.url, view.mode))

    def name_hidden_views(self) -> None:
        """Say which views run without being shown (background and hidden modes)."""
        hidden = [view.label for view in self.host.config.web_content if view.mode in HIDDEN_VIEW_MODES]
        note = element("background-views")
        note.hidden = not hidden
        note.textContent = "Running without a view: " + ", ".join(hidden)

    def attach(self, iframe, name: str, label: str, origin: str, url: str, mode: str) -> None:
        """A (re)loaded page in ``iframe`` is a new frame: forget the old one, attach and tell it its frameId."""
        old = self.windows.get(iframe.contentWindow)
        if old is not None:
            self.detach(old)
        embed = self.embeds.add(name, label, origin, url, mode)
        self.windows.set(iframe.contentWindow, embed.frame_id)
        self.iframes[embed.frame_id] = iframe
        self.frame_windows[embed.frame_id] = iframe.contentWindow
        self.session.attach(embed.frame_id, origin, name)
        self.sync_frames()

    def session_json(self) -> str:
        """Every message of the session so far, in and out, as JSON (what the inspector lists)."""
        return json.dumps(self.session.recording())

    def detach(self, frame_id: str) -> None:
        """Forget a frame: its window is nobody from now on (its late messages are from an unknown frame)."""
        window = self.frame_windows.pop(frame_id, None)
        if window is not None and self.windows.get(window) == frame_id:
            self.windows.delete(window)
        self.session.detach(frame_id)
        self.iframes.pop(frame_id, None)
        self.embeds.remove(frame_id)

    def detach_removed(self) -> None:
        """Detach the frames whose iframe left the page (removed by a script, a closed view); their card says so."""
        for frame_id in [frame_id for frame_id, iframe in self.iframes.items() if not iframe.isConnected]:
            card = self.cards.get(self.embeds.by_id[frame_id].name)
            self.detach(frame_id)
            if card is not None:
                line = card.querySelector("[data-role=frame]")
                line.textContent = f"{frame_id} · removed"
                line.classList.add("off")

    def stop_host(self) -> None:
        """Fault injection (tests, console): the Workspace stops answering, as if its page were gone; frames live."""
        self.session.stop()

    def restart_host(self) -> None:
        """Fault injection: a new Workspace (fresh Host and model, same configuration) replaces this one under the
        living frames, each attached again under a new frame id (which tells its client the host restarted)."""
        living = [(iframe, self.embeds.by_id[frame_id]) for frame_id, iframe in self.iframes.items()
                  if iframe.isConnected]
        self.session.restart()
        self.last_shown = self.cleared_at = None
        for iframe, embed in living:
            self.attach(iframe, embed.name, embed.label, embed.origin, embed.url, embed.mode)

    def page_visible(self) -> bool:
        return js.document.visibilityState == "visible"

    def sync_frames(self) -> None:
        """Tell the host what each frame is now (visible, the tab's election state, last active); show changes."""
        for frame_id, changes in self.embeds.updates(self.host.frames, self.page_visible(), self.election.state,
                                                      self.election.last_active):
            self.session.update(frame_id, **changes)
        if self.tab_label() != self.tab_text:
            self.schedule_render()

    def tab_label(self) -> str:
        return self.election.state.lower() + (" · last active" if self.election.last_active else "")

    # -- messages -----------------------------------------------------------------------------------------

    def on_message(self, event) -> None:
        """Every postMessage the page receives: from an embedded frame, or from anywhere else (refused)."""
        frame_id = self.edge.frame_of(self.windows, event)
        if frame_id == "":
            return
        self.session.receive(frame_id, event.origin, from_js(event.data))

    def on_tick(self) -> None:
        """Election heartbeats, and the model's timers when one is due."""
        self.broadcast(self.election.tick(js.Date.now() / 1000))
        self.detach_removed()
        deadline = self.host.model.next_deadline()
        if deadline is not None and self.host.clock() >= deadline:
            self.session.tick()
        if self.scenario is not None:
            self.scenario.tick()

    def deliver(self, out: list[Outgoing]) -> None:
        """Post each message to its frame, with the frame's own origin as the target (never "*")."""
        for frame_id, message in out:
            iframe = self.iframes.get(frame_id)
            frame = self.host.frames.get(frame_id)
            if iframe is not None and frame is not None and iframe.isConnected:
                self.edge.post(iframe, to_js(message), frame.origin)
        self.schedule_render()

    # -- tabs -----------------------------------------------------------------------------------------------

    def broadcast(self, messages: list[dict[str, Any]]) -> None:
        """Tell the other simulator tabs, then bring this tab's frames up to date with the election."""
        for message in messages:
            self.tabs.postMessage(to_js(message))
        self.sync_frames()

    def on_tab_message(self, event) -> None:
        self.broadcast(self.election.receive(from_js(event.data), js.Date.now() / 1000))

    def on_focus(self, _event) -> None:
        self.broadcast(self.election.activate())

    def on_blur(self, _event) -> None:
        """Focus went into one of this tab's iframes: the agent is using this tab."""
        active = js.document.activeElement
        if active and active.tagName == "IFRAME":
            self.broadcast(self.election.activate())

    def on_visibility(self, _event) -> None:
        self.broadcast(self.election.activate() if self.page_visible() else [])

    def on_pagehide(self, _event) -> None:
        for message in self.election.leave():
            self.tabs.postMessage(to_js(message))

    # -- controls -------------------------------------------------------------------------------------------

    def on_click(self, event) -> None:
        """A click on a control (``data-action``): a page action, or a panel action on the model."""
        control = event.target.closest("button[data-action], tr[data-action]")
        if not control:
            return
        fields = data_fields(control)
        name = fields.pop("action")
        if name in PAGE_ACTIONS:
            self.page_action(name, fields, control)
        elif name in browser_scenario.ACTIONS and self.scenario is not None:
            self.scenario.action(name)
        else:
            refused = self.perform(name, fields)
            if "frame" in fields and not refused:  # a toast's Show: bring its extension's view forward (D18)
                self.focus_frame(fields["frame"])

    def on_toast_error(self, event) -> None:
        """A toast's icon that cannot load is hidden: the toast stays readable (error events do not bubble)."""
        if event.target.tagName == "IMG":
            event.target.hidden = True

    def on_submit(self, event) -> None:
        event.preventDefault()
        form = event.target
        if form.dataset.action in browser_scenario.FORMS and self.scenario is not None:
            self.scenario.submit(form.dataset.action, form)
            return
        self.perform(form.dataset.action, form_fields(form, event.submitter))

    def perform(self, name: str, fields: dict[str, str]) -> bool:
        """Run a control-panel action; True if the model refused it (the notice says why)."""
        refusal = self.session.act(name, fields)
        notice = element("panel-notice")
        notice.hidden = refusal is None
        notice.textContent = refusal or ""
        return refusal is not None

    def page_action(self, name: str, fields: dict[str, str], control) -> None:
        if name == "collapse":
            self.collapse(fields["view"], control.getAttribute("aria-expanded") == "true")
        elif name == "focus-frame":
            self.focus_frame(fields.get("frame", ""))
        elif name == "toggle-row":
            control.classList.toggle("open")
        elif name == "inspector-clear":
            element("inspector").replaceChildren()
            self.cleared_at = self.last_shown = self.host.inspector[-1] if self.host.inspector else None

    def collapse(self, view: str, collapsed: bool) -> None:
        """Collapse or expand a view's card: a collapsed view is not visible (amIVisible answers false)."""
        card = self.cards.get(view)
        if card is None:
            return
        card.classList.toggle("collapsed", collapsed)
        card.querySelector("[data-action=collapse]").setAttribute("aria-expanded", "false" if collapsed else "true")
        if collapsed:
            self.embeds.collapsed.add(view)
        else:
            self.embeds.collapsed.discard(view)
        self.sync_frames()

    def focus_frame(self, frame_id: str) -> None:
        """A menu-bar view was clicked: show the view of the frame that created it."""
        embed = self.embeds.by_id.get(frame_id)
        card = self.cards.get(embed.name) if embed else None
        if card is None:
            return
        self.collapse(embed.name, False)
        card.scrollIntoView(to_js({"block": "nearest"}))
        card.classList.remove("flash")
        js.requestAnimationFrame(create_once_callable(lambda *_: card.classList.add("flash")))

    # -- rendering ------------------------------------------------------------------------------------------

    def schedule_render(self) -> None:
        if not self.render_pending:
            self.render_pending = True
            js.setTimeout(create_once_callable(self.render), RENDER_MS)

    def render(self, *_args) -> None:
        """Bring the page up to date: changed regions, dialogs, the frames' state, new inspector rows."""
        self.render_pending = False
        labels = self.embeds.labels()
        for region, html in self.view.regions(self.host.model, labels):
            self.replace(element(region), html)
        opened, closed = self.view.dialogs(self.host.model, self.embeds.by_id)
        for dialog_id in closed:
            self.close_dialog(dialog_id)
        for dialog, html in opened:
            self.open_dialog(dialog, html)
        self.render_frames(labels)
        self.render_inspector()

    def replace(self, region, html: str) -> None:
        """Set a region's HTML (rendered with autoescape), keeping its open ``<details>`` open."""
        opened = {node.dataset.key for node in region.querySelectorAll("details[open][data-key]")}
        region.innerHTML = html
        for node in region.querySelectorAll("details[data-key]"):
            node.open = node.dataset.key in opened

    def open_dialog(self, dialog: DialogView, html: str) -> None:
        element("dialogs").insertAdjacentHTML("beforeend", html)
        iframe = element("dialogs").lastElementChild.querySelector("iframe")
        if iframe and dialog.url:
            origin = origin_of_url(dialog.url)
            self._listen(iframe, "load", lambda _event: self.attach(iframe, dialog.dialog_id, dialog.label, origin,
                                                                    dialog.url, DIALOG))

    def close_dialog(self, dialog_id: str) -> None:
        for frame_id, embed in list(self.embeds.by_id.items()):
            if embed.mode == DIALOG and embed.name == dialog_id:
                self.detach(frame_id)
        for node in list(element("dialogs").children):
            if node.dataset.dialog == dialog_id:
                node.remove()

    def render_frames(self, labels: dict[str, str]) -> None:
        """Each card's frame line, the tab's election state, the inspector's frame choices."""
        for frame_id, embed in self.embeds.by_id.items():
            card, frame = self.cards.get(embed.name), self.host.frames.get(frame_id)
            if card is not None and frame is not None:
                line = card.querySelector("[data-role=frame]")
                line.textContent = f"{frame_id} · {'visible' if frame.visible else 'not visible'}"
                line.classList.toggle("off", not frame.visible)
        tab = self.tab_label()
        if tab != self.tab_text:
            self.tab_text = tab
            element("tab-state").textContent = f"Tab: {tab}"
            element("tab-state").dataset.state = self.election.state
        if labels != self.frame_choices:
            self.frame_choices = labels
            choices = element("inspector-frame")
            for option in list(choices.options)[1:]:
                option.remove()
            for frame_id, label in labels.items():
                option = js.document.createElement("option")
                option.value, option.textContent = frame_id, f"{frame_id} ({label})"
                choices.append(option)
            choices.value = self.filter.frame if self.filter.frame in labels else ""

    def on_filter(self, _event) -> None:
        """A new inspector filter: show again the retained entries (since the last clear) that pass it."""
        self.filter = InspectorFilter(element("inspector-verdict").value, element("inspector-frame").value)
        element("inspector").replaceChildren()
        self.last_shown = self.cleared_at
        self.render_inspector()

    def render_inspector(self) -> None:
        """Add the rows of the entries not shown yet (text only: messages may hold hostile strings)."""
        body = element("inspector")
        for entry in newer(self.host.inspector, self.last_shown, INSPECTOR_ROWS, self.filter):
            body.prepend(inspector_row(entry))
        if self.host.inspector:
            self.last_shown = self.host.inspector[-1]
        while body.childElementCount > INSPECTOR_ROWS:
            body.lastElementChild.remove()


def inspector_row(entry: InspectorEntry):
    """One table row for an inspector entry: the summary over the origin and the message; a click shows it all."""
    shown = row(entry)
    tr = js.document.createElement("tr")
    tr.className = f"dir-{shown.direction}"
    tr.dataset.action = "toggle-row"
    cells = [
        (shown.time, "time", ""),
        (*shown.arrow[:1], "dir", shown.arrow[1]),
        (shown.frame, "frame", shown.origin),
        ("", "message", ""),
        (shown.verdict, f"verdict tone-{shown.tone}", shown.note),
    ]
    for text, class_name, title in cells:
        td = js.document.createElement("td")
        td.className = class_name
        td.textContent = text
        if title:
            td.title = title
        tr.append(td)
    lines = [("summary", shown.summary), ("detail", f"{shown.origin or 'no origin'} · {shown.detail}")]
    if shown.tone == "warn":
        lines.insert(1, ("note", f"⚠ {shown.note}"))
    for class_name, text in lines:
        line = js.document.createElement("div")
        line.className = class_name
        line.textContent = text
        tr.children[3].append(line)
    return tr


def set_status(text: str, state: str, title: str = "") -> None:
    status = element("host-status")
    status.textContent = text
    status.title = title
    status.dataset.state = state


async def main(edge: MessageEdge = EDGE) -> SimulatorPage:
    """Entry point of the simulator page; ``edge``: how it reaches the frames (the bench passes another)."""
    query = js.URLSearchParams.new(js.location.search)
    try:
        config, script = await load_config(query.get("scenario"), query.get("extension-origin"))
    except ConfigError as error:
        set_status(f"Configuration error: {error}", "failed")
        raise
    page = SimulatorPage(config, PageView(environment()), edge)
    page.show_controls()
    page.scenario = browser_scenario.ScenarioPanel(page, script, query.get("scenario") or "default")
    for view in config.web_content:
        page.embed(view)
    page.name_hidden_views()
    js.window.wweSimulator = page  # for the browser console and tests
    warnings = f" · {len(config.warnings)} warning(s)" if config.warnings else ""
    set_status(f"Simulator ready{warnings}", "ready", "\n".join(config.warnings))
    return page
