"""The page edge (the only ``js`` user): one click, submit and change listener on #app, fragments applied to the DOM.

JS null arrives as a falsy JsNull, not None: presence is tested by truthiness.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable

import js

from wwe.dom import Listeners, form_fields

from .actions import Command
from .render import Fragment

logger = logging.getLogger("dashboard")


def attribute(element: Any, name: str) -> str:
    return element.getAttribute(name) or ""


def command(source: Any, fields: dict[str, str]) -> Command:
    """The Command of an element carrying data-action (and data-key, data-arg)."""
    return Command(attribute(source, "data-action"), attribute(source, "data-key"), attribute(source, "data-arg"), fields)


class Page:
    """The dashboard's document: applies fragments, turns clicks, submits and changes into Commands."""

    def __init__(self, document: Any = None) -> None:
        self.document = document or js.document
        self.app = self.document.getElementById("app")
        self._tasks: set[asyncio.Task] = set()
        self._listeners = Listeners()

    # --- the page --------------------------------------------------------------------------------------------

    def set_busy(self, busy: bool) -> None:
        self.app.setAttribute("aria-busy", "true" if busy else "false")

    # --- fragments ----------------------------------------------------------------------------------------

    def apply(self, fragments: list[Fragment]) -> None:
        """Apply rendered fragments; focus lost with a replaced control goes back to its nearest surviving ancestor."""
        focus_path = self._focus_path()
        for fragment in fragments:
            self._apply(fragment)
        active = self.document.activeElement
        if focus_path and (not active or active == self.document.body):
            for element_id in focus_path:
                element = self.document.getElementById(element_id)
                if element:
                    element.focus()
                    break

    def _focus_path(self) -> list[str]:
        """Ids of the focused element and its ancestors, innermost first."""
        path, node = [], self.document.activeElement
        while node and not node == self.document.body:
            if node.id:
                path.append(node.id)
            node = node.parentElement
        return path

    def _apply(self, fragment: Fragment) -> None:
        element = self.document.getElementById(fragment.element_id)
        if not fragment.html:
            if element:
                element.remove()
        elif not element:
            parent = self.document.getElementById(fragment.parent_id) if fragment.parent_id else None
            if parent:
                parent.insertAdjacentHTML("afterbegin" if fragment.first else "beforeend", fragment.html)
        else:
            self._morph(element, fragment.html)

    def _morph(self, element: Any, html: str) -> None:
        """Give ``element`` the attributes and children of ``html``, keeping the node itself (live regions,
        scroll position and inert state follow it); a different tag replaces the node.

        Usually only the content changed: when ``element``'s own tag, serialised, is the start and end tags of
        ``html``, its inner HTML is set in one call (each call into JavaScript costs; the general path below
        makes about thirty)."""
        start = html.find(">") + 1
        end = html.rfind("</")
        if 0 < start <= end and element.cloneNode(False).outerHTML == html[:start] + html[end:]:
            element.innerHTML = html[start:end]
            return
        template = self.document.createElement("template")
        template.innerHTML = html
        new = template.content.firstElementChild
        if not new or new.tagName != element.tagName:
            element.replaceWith(template.content)
            return
        for name in element.getAttributeNames():
            if not new.hasAttribute(name):
                element.removeAttribute(name)
        for name in new.getAttributeNames():
            element.setAttribute(name, new.getAttribute(name))
        children = self.document.createRange()
        children.selectNodeContents(new)
        element.replaceChildren(children.extractContents())

    # --- events -------------------------------------------------------------------------------------------

    def listen(self, perform: Callable[[Command], Awaitable[None]]) -> None:
        """One click, one submit and one change listener on #app (event delegation through data-action)."""

        def run(cmd: Command) -> None:
            if cmd.action:
                task = asyncio.ensure_future(perform(cmd))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

        def on_click(event: Any) -> None:
            button = event.target.closest("button[data-action]")
            if button and button.type == "button":
                run(command(button, {}))

        def on_submit(event: Any) -> None:
            event.preventDefault()
            form, submitter = event.target, event.submitter
            source = submitter if submitter and submitter.hasAttribute("data-action") else form
            run(command(source, form_fields(form)))

        def on_change(event: Any) -> None:
            target = event.target
            if target.matches("select[data-action], input[data-action]") and not target.form:
                run(command(target, {"value": target.value}))

        for kind, handler in (("click", on_click), ("submit", on_submit), ("change", on_change)):
            self._listeners.on(self.app, kind, handler)
