"""Small browser-edge helpers for pages built on wwe (the sample dashboard, the playground, the simulator page):
element lookup, listeners whose proxies live as long as their owner, a control's data-* and a form's fields.

The only other ``wwe`` module besides ``wwe.browser`` that touches ``js``/``pyodide``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import js  # type: ignore[import-not-found]  # Pyodide's modules
from pyodide.ffi import create_proxy  # type: ignore[import-not-found]  # Pyodide's modules


def element(element_id: str) -> Any:
    """``document.getElementById`` (JS null, falsy, when there is none)."""
    return js.document.getElementById(element_id)


def data_fields(node: Any) -> dict[str, str]:
    """The ``data-*`` attributes of an element, by their dataset names."""
    return {str(key): str(value) for key, value in js.Object.entries(node.dataset)}


def form_fields(form: Any, submitter: Any = None) -> dict[str, str]:
    """A form's text inputs (with the clicked submit button's name and value, if any); files are left out."""
    data = js.FormData.new(form, submitter) if submitter else js.FormData.new(form)
    return {str(entry[0]): entry[1] for entry in data.entries() if isinstance(entry[1], str)}


class Listeners:
    """Event listeners added through Python; their proxies are kept (and released by ``close``)."""

    def __init__(self) -> None:
        self._added: list[tuple[Any, str, Any, bool]] = []

    def on(self, target: Any, name: str, handler: Callable[[Any], Any], capture: bool = False) -> Any:
        """``target.addEventListener(name, handler, capture)``; returns the proxy (for timers that need one)."""
        proxy = create_proxy(handler)
        self._added.append((target, name, proxy, capture))
        target.addEventListener(name, proxy, capture)
        return proxy

    def close(self) -> None:
        """Remove every listener and destroy its proxy."""
        for target, name, proxy, capture in self._added:
            target.removeEventListener(name, proxy, capture)
            proxy.destroy()
        self._added.clear()
