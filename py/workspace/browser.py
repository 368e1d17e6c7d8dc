"""Browser edge of the Workspace simulator: what happens in the page becomes ``page.events`` for the controller
(``workspace.page``, where everything that decides lives); the ``page.effects`` it returns are applied here (HTML
from autoescaped templates, text with ``textContent``, posts to the iframes). Only this module touches the DOM."""
from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import js
from pyodide.code import run_js
from pyodide.ffi import create_once_callable, create_proxy
from pyodide.http import pyfetch
from wwe.dom import data_fields, element, form_fields
from wwe.wire.limits import read_json_text

from .config import ConfigError
from .page import effects as fx
from .page import events as ev
from .page import startup
from .page.controller import RENDER_MS, TICK_MS, Controller
from .page.inspector import KEYS
from .sharing.messages import channel
from .view import PageView, environment


# The message edge touches the frames' windows in JavaScript only: a cross-origin window never becomes a JsProxy
# (the bench compares it with the edge as first written: pairing python_simulator_host_first_edge).
FRAME_OF = run_js("(windows, event) => event.source === window ? '' : windows.get(event.source)")
POST = run_js("(iframe, message, origin) => iframe.contentWindow.postMessage(message, origin)")
BIND = run_js("(windows, key, iframe, id) => windows.set(key, iframe.contentWindow).set(iframe.contentWindow, id)")
UNBIND = run_js("(windows, key) => { windows.delete(windows.get(key)); windows.delete(key); }")
JSON_PARSE, JSON_STRINGIFY = js.JSON.parse, js.JSON.stringify  # looked up once (each lookup makes two proxies)
# The inspector's new rows (effects.Row, oldest first, as JSON) appended to its table, text only: one call per
# redraw, where making each element from Python took some 45 calls per row (100 ms redraws under load).
ROWS = run_js("""(body, rows, trimTo, clear, follow) => {
  const tag = (name, className, text, title) => {
    const node = document.createElement(name);
    node.className = className;
    node.textContent = text;
    if (title) node.title = title;
    return node;
  };
  const added = document.createDocumentFragment();
  for (const [className, action, cells, key] of JSON.parse(rows)) {
    const tr = added.appendChild(tag("tr", className, ""));
    if (action) tr.dataset.action = action;
    if (key) tr.dataset.entry = key;
    for (const [text, cellClass, title, lines, span] of cells) {
      const td = tr.appendChild(tag("td", cellClass, text, title));
      td.colSpan = span;
      for (const [lineClass, lineText] of lines) td.append(tag("div", lineClass, lineText));
    }
  }
  if (clear) body.replaceChildren();
  body.append(added);
  while (body.childElementCount > trimTo) body.firstElementChild.remove();
  if (follow && body.lastElementChild) body.lastElementChild.scrollIntoView({block: "nearest"});
}""")


@dataclass(frozen=True)
class MessageEdge:
    """How the page finds the frame of a message and posts to a frame (the bench passes the edge as first written).

    ``frame_of(windows, event)``: the frame id of the message's source window ('' for this page itself, None for a
    window that is no frame); ``post(iframe, message, origin)``: postMessage to the iframe's window."""

    frame_of: Callable[[Any, Any], str | None]
    post: Callable[[Any, Any, str], None]


EDGE = MessageEdge(FRAME_OF, POST)


def to_js(message: dict[str, Any] | str):
    """A plain JS object for postMessage (JSON keeps it a structured-clone-safe tree)."""
    return JSON_PARSE(json.dumps(message))


def from_js(data) -> Any:
    """The incoming message as plain Python; anything JSON cannot express becomes a description string."""
    if data is None or isinstance(data, (str, int, float, bool)):
        return data
    try:
        text = JSON_STRINGIFY(data)
    except Exception as error:  # cycles, BigInt...
        return f"<unreadable message: {error}>"
    # size and depth checked before parsing (limits: wwe.wire.limits)
    return "<unreadable message>" if text is None else read_json_text(text)


def dom(effect: fx.SetText | fx.SetAttr | fx.SetHTML | fx.SelectOptions | fx.InspectorRows | fx.SelectRow | fx.Detail
        | fx.ScrollList | fx.ToggleClass) -> None:
    """Apply an effect on an element named by id."""
    node = element(effect.element_id)
    match effect:
        case fx.SetText(_, text, hidden):
            if node:  # getElementById gives null (jsnull, falsy) when there is no such element
                node.textContent = text
                if hidden is not None:
                    node.hidden = hidden
        case fx.SetAttr(_, name, None):
            node.removeAttribute(name)
        case fx.SetAttr(_, name, value):
            node.setAttribute(name, value)
        case fx.SetHTML(_, html):  # open <details> stay open
            opened = {item.dataset.key for item in node.querySelectorAll("details[open][data-key]")}
            node.innerHTML = html
            for item in node.querySelectorAll("details[data-key]"):
                item.open = item.dataset.key in opened
        case fx.SelectOptions(_, options, value, keep):
            for option in list(node.options)[keep:]:
                option.remove()
            for choice, label in options:
                option = tag("option", text=label)
                option.value = choice
                node.append(option)
            if value is not None:
                node.value = value
        case fx.InspectorRows(_, rows, trim_to, clear, follow):
            ROWS(node, json.dumps(rows), trim_to, clear, follow)
        case fx.SelectRow(_, key):
            for old in node.querySelectorAll("tr.selected"):
                old.classList.remove("selected")
            if key and (chosen := node.querySelector(f'tr[data-entry="{int(key)}"]')):
                chosen.classList.add("selected")
                chosen.scrollIntoView(to_js({"block": "nearest"}))
        case fx.Detail(_, title, caption, lines, reveal):  # the lines' offsetParent is their box (position: relative)
            node.replaceChildren(tag("p", "detail-title", title), tag("p", "detail-caption", caption),
                                 json_lines := tag("div", "json"))
            for text, depth, changed in lines:
                json_lines.append(line := tag("div", "line changed" if changed else "line", text))
                line.style.setProperty("--depth", str(depth))
            json_lines.scrollTop = json_lines.children.item(reveal).offsetTop if json_lines.children.length else 0
        case fx.ScrollList(_, index):  # its items' offsetParent is the list (position: relative)
            if item := node.children.item(index):
                node.scrollTop = item.offsetTop
        case fx.ToggleClass(_, name, on):
            node.classList.toggle(name, on)


def tag(name: str, class_name: str = "", text: str = "", title: str = ""):
    node = js.document.createElement(name)
    node.className, node.textContent = class_name, text
    if title:
        node.title = title
    return node


class SimulatorPage:
    """The simulator page (``window.wweSimulator``): hands the page's events to ``controller`` and applies what it
    returns; ``edge`` reaches the frames; ``tabs``: the BroadcastChannel of its session's tabs."""

    def __init__(self, controller: Controller, edge: MessageEdge = EDGE, tabs: str = channel(None, None)) -> None:
        self.controller, self.edge = controller, edge
        self.windows = js.Map.new()  # an iframe's window -> its frame id (FRAME_OF); a slot key -> the window bound
        self.slots: dict[int, tuple[Any, Any]] = {}  # slot key -> (its element, its iframe or null)
        self.tabs = js.BroadcastChannel.new(tabs)
        self._proxies: list[Any] = []
        controller.on_effects = self.apply
        window, document, target = js.window, js.document, lambda event: event.target
        for node, name, handler in (
            (window, "message", self.on_message), (window, "focus", lambda _: self.send(ev.Signal.FOCUSED)),
            (window, "blur", lambda _: self.send(ev.Blurred(bool(document.activeElement)
                                                             and document.activeElement.tagName == "IFRAME"))),
            (window, "pagehide", lambda _: self.send(ev.Signal.PAGE_HIDE)),
            (document, "visibilitychange", lambda _: self.send(ev.Visibility(document.visibilityState == "visible"))),
            (document, "click", self.on_click), (document, "submit", self.on_submit), (document, "keydown", self.on_key),
            (document, "change", lambda e: self.send(ev.Changed(str(target(e).id), str(target(e).value)))),
            (self.tabs, "message", lambda e: self.send(ev.TabMessage(from_js(e.data)))),
        ):
            self._listen(node, name, handler)
        self._listen(element("toasts"), "error", self.on_toast_error, capture=True)
        js.window.wweSimulator = self  # for the browser console and tests
        self.send(ev.Signal.START)
        self._proxies.append(tick := create_proxy(lambda: self.send(ev.Tick(self.disconnected()))))
        js.setInterval(tick, TICK_MS)

    def _listen(self, target, name: str, handler, capture: bool = False) -> None:
        proxy = create_proxy(handler)
        self._proxies.append(proxy)
        target.addEventListener(name, proxy, capture)

    def send(self, event: ev.Event, control=None) -> None:
        """Hand ``event`` to the controller and apply what it returns (``control``: the element clicked)."""
        self.apply(self.controller.handle(event), control)

    # -- what tests and the console use (window.wweSimulator) -------------------------------------------------------

    host = property(lambda self: self.controller.host)
    session = property(lambda self: self.controller.session)
    embeds = property(lambda self: self.controller.frames)
    scenario = property(lambda self: self)  # wweSimulator.scenario.replay_json(text)

    def deliver(self, out) -> None:
        self.send(ev.Deliver(list(out)))

    def stop_host(self) -> None:
        self.send(ev.Signal.STOP_HOST)

    def restart_host(self) -> None:
        self.send(ev.RestartHost(self.disconnected()))

    def session_json(self) -> str:
        return self.controller.session_json()

    def replay_json(self, recording: str, compress: bool = True) -> None:
        self.send(ev.ReplayJson(recording, compress))

    def schedule_render(self) -> None:
        js.setTimeout(create_once_callable(lambda *_: self.send(ev.Signal.RENDER)), RENDER_MS)

    def on_message(self, event) -> None:
        """Every postMessage the page receives: from an embedded frame, or from anywhere else (refused)."""
        frame_id = self.edge.frame_of(self.windows, event)
        if frame_id != "":  # not this page's own
            self.send(ev.MessageFrom(frame_id, event.origin, from_js(event.data)))

    def disconnected(self) -> frozenset[int]:  # the slots whose iframe left the page (removed by a script...)
        return frozenset(key for key, (_, iframe) in self.slots.items() if iframe and not iframe.isConnected)

    def on_click(self, event) -> None:
        control = event.target.closest("button[data-action], tr[data-action]")
        if control:  # its data-* attributes
            fields = data_fields(control)
            self.send(ev.Clicked(fields.pop("action"), fields), control)

    def on_key(self, event) -> None:
        """The inspector's keys, outside text fields and without modifiers."""
        if event.key in KEYS and not (event.ctrlKey or event.metaKey or event.altKey) \
                and not event.target.closest("input, select, textarea, [contenteditable]"):
            event.preventDefault()
            self.send(ev.KeyPressed(str(event.key)))

    def on_submit(self, event) -> None:
        event.preventDefault()
        form, inputs = event.target, list(event.target.querySelectorAll("input[type=file]"))
        submitted = ev.Submitted(form.dataset.action, form_fields(form, event.submitter))
        if inputs:
            asyncio.ensure_future(self.submit_files(submitted, inputs))
        else:
            self.send(submitted)

    async def submit_files(self, submitted: ev.Submitted, inputs: list) -> None:
        files = {str(node.name): str(await node.files.item(0).text()) if node.files.length else None for node in inputs}
        self.send(ev.Submitted(submitted.action, submitted.fields, files))

    def on_toast_error(self, event) -> None:
        """A toast's icon that cannot load is hidden: the toast stays readable (error events do not bubble)."""
        if event.target.tagName == "IMG":
            event.target.hidden = True

    def apply(self, effects: list[fx.Effect], control=None) -> None:
        for effect in effects:
            match effect:
                case fx.Post(key, message, origin):
                    slot = self.slots.get(key)
                    if slot and slot[1] and slot[1].isConnected:
                        self.edge.post(slot[1], to_js(message), origin)
                case fx.RenderLater():
                    self.schedule_render()
                case fx.Bind(key, None):
                    UNBIND(self.windows, key)
                case fx.Bind(key, frame_id):
                    BIND(self.windows, key, self.slots[key][1], frame_id)
                case fx.Insert(element_id, html, key):  # a card or a dialog; its iframe's loads are new frames
                    element(element_id).insertAdjacentHTML("beforeend", html)
                    node = element(element_id).lastElementChild
                    self.slots[key] = (node, node.querySelector("iframe"))
                    if self.slots[key][1]:
                        self._listen(self.slots[key][1], "load", lambda _, key=key: self.send(ev.Loaded(key)))
                case fx.Remove(key):
                    self.slots.pop(key)[0].remove()
                case fx.FrameLine(key):
                    line = self.slots[key][0].querySelector("[data-role=frame]")
                    line.textContent, off = effect.shown()
                    line.classList.toggle("off", off)
                case fx.Collapse(key, collapsed):
                    card = self.slots[key][0]
                    card.classList.toggle("collapsed", collapsed)
                    card.querySelector("[data-action=collapse]").setAttribute("aria-expanded", effect.expanded)
                case fx.FocusCard(key):
                    card = self.slots[key][0]
                    card.scrollIntoView(to_js({"block": "nearest"}))
                    card.classList.remove("flash")
                    js.requestAnimationFrame(create_once_callable(lambda *_, card=card: card.classList.add("flash")))
                case fx.ToggleControl(class_name):
                    control.classList.toggle(class_name)
                case fx.Broadcast(message):
                    self.tabs.postMessage(to_js(message))
                case fx.ConsoleLog(text):
                    js.console.warn(text)
                case fx.Download(name, text):
                    link = js.document.createElement("a")
                    link.href, link.download = js.URL.createObjectURL(js.Blob.new([text], to_js({"type": effect.mime}))), name
                    link.click()
                    js.setTimeout(create_once_callable(lambda href=link.href: js.URL.revokeObjectURL(href)), 1000)
                case fx.Navigate(scenario):
                    query = js.URLSearchParams.new(js.location.search)
                    query.set("scenario", scenario)
                    js.location.search = query.toString()
                case (fx.SetText() | fx.SetAttr() | fx.SetHTML() | fx.SelectOptions() | fx.InspectorRows() | fx.SelectRow()
                      | fx.Detail() | fx.ScrollList() | fx.ToggleClass()):
                    dom(effect)


async def main(edge: MessageEdge = EDGE) -> SimulatorPage | None:
    """Entry point of the simulator page; ``edge``: how it reaches the frames (the bench passes another). None when
    the scenario cannot be loaded (the page says why instead)."""
    query = js.URLSearchParams.new(js.location.search)
    scenario, extension_origin = query.get("scenario"), query.get("extension-origin")
    try:
        fetched = None
        if url := startup.fetched_url(scenario, js.location.href):
            try:
                response = await pyfetch(url)
                fetched = await response.string() if response.ok else None
            except Exception as error:  # a network error, no CORS, an address the browser refuses
                raise startup.fetch_failed(url, error) from None
            if fetched is None:
                raise startup.unreachable(url, f"HTTP {response.status}")
        config, script = startup.load(scenario, extension_origin, fetched)
    except ConfigError as error:  # shown whole in place of the simulator, with what to do
        for effect in startup.failed(error):
            dom(effect)
        return None
    except Exception as error:  # a bug: said on the page too (never left at "Starting..."), then raised
        for effect in startup.failed(startup.crashed(error)):
            dom(effect)
        raise
    return SimulatorPage(Controller(config, script, PageView(environment()), tab=js.crypto.randomUUID(),
                                    current=scenario or "default", visible=js.document.visibilityState == "visible",
                                    presenting=startup.presenting(query.get("present")),
                                    clock=lambda: js.performance.now() / 1000, wall_clock=lambda: js.Date.now() / 1000),
                         edge, channel(scenario, extension_origin))
