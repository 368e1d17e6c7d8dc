"""Browser transport (Pyodide/PyScript): postMessage to the Workspace window, one message listener.

    import wwe.browser
    service = wwe.browser.connect_from_page()   # the origin pinned by <meta name="wwe-workspace-origins">
    agent = await service.agent.get()

With ``wwe.dom``, the only modules of ``wwe`` that touch ``js``/``pyodide``. PostMessageTransport itself takes every
browser object as a parameter, so tests run it on CPython with ``wwe.testing`` fakes. ``page_workspace_origin()``
is the origin this page pins (``wwe.embedding``), checked against the page that embeds it; ``connect_from_page()``
connects there or refuses.
"""

from __future__ import annotations

import itertools
import json
import logging
import math
import time
from collections import Counter
from typing import Any, Callable

from . import embedding
from .service import Clock, Service
from .wire.limits import read_json
from .wire.origins import target_origin

try:
    import js  # type: ignore[import-not-found]  # Pyodide's modules
    from pyodide import ffi  # type: ignore[import-not-found]  # Pyodide's modules
    from pyodide.code import run_js  # type: ignore[import-not-found]  # Pyodide's modules
    from pyodide.ffi import create_proxy  # type: ignore[import-not-found]  # Pyodide's modules
except ImportError:  # CPython: PostMessageTransport is driven with fakes
    js = ffi = None

JSNULL = getattr(ffi, "jsnull", None)  # what JS null becomes in recent Pyodide

if js is not None:
    # Looked up once: each ``js.JSON.parse`` lookup makes two new proxies (JSON, then parse), a third of the cost.
    _JSON_PARSE, _JSON_STRINGIFY = js.JSON.parse, js.JSON.stringify
    # ``event.source === target`` evaluated in JavaScript. Reading ``event.source`` from Python wraps the Workspace's
    # cross-origin window in a new JsProxy, whose type probing throws (and catches) SecurityErrors: measured at
    # 0.8-0.9 ms per message in Chromium, more than the whole round trip of a plain-JS client.
    _JS_FROM_TARGET = run_js("(event, target) => event.source === target")

logger = logging.getLogger("wwe")


# --- conversion at the edge (swap after measuring) ------------------------------------------------------------


def encode_json(message: dict[str, Any]) -> Any:
    """Python dict -> JS object through JSON (default: None becomes null, as the golden wire test pins)."""
    return _JSON_PARSE(json.dumps(message))


def decode_json(data: Any) -> Any:
    """event.data -> Python through JSON (default; JS null becomes None). A text over the size or depth limits
    (``wire.limits.read_json``) raises ValueError before json.loads sees it: the transport drops it as undecodable."""
    return read_json(_JSON_STRINGIFY(data))


# --- helpers ------------------------------------------------------------------------------------------------


def same_source(event: Any, target: Any) -> bool:
    """``event.source == target`` (JsProxy ``==`` is JavaScript ``===``); in the browser ``connect`` passes the same
    test done in JavaScript, which never wraps the cross-origin window in Python."""
    return bool(event.source == target)


def is_null(value: Any) -> bool:
    """True for None and JS null. Never use truthiness on window proxies: Pyodide makes a cross-origin
    window without frames falsy (its ``length`` is 0)."""
    return value is None or value is JSNULL


def default_target(window: Any) -> Any:
    """The official client's choice: the opener (popup), else the parent (iframe)."""
    opener = window.opener
    return window.parent if is_null(opener) else opener


_DUE: dict[int, Callable[[], None]] = {}  # the callbacks of the JsTimers not yet fired nor cancelled, by token
_TOKENS = itertools.count()


def _fire(token: int) -> None:
    callback = _DUE.pop(token, None)
    if callback is not None:
        callback()


if js is not None:
    # One proxy for every JsTimer, made once: a proxy made and destroyed per timer (create_once_callable) cost
    # about as much as the rest of the timer (bench/run.py --only rtt, the client's parts).
    _FIRE = create_proxy(_fire)


class JsTimer:
    """One js.setTimeout, calling ``callback`` once after ``delay`` seconds unless cancelled."""

    def __init__(self, delay: float, callback: Callable[[], None]) -> None:
        self._token = next(_TOKENS)
        _DUE[self._token] = callback
        self._id = js.setTimeout(_FIRE, math.ceil(max(0.0, delay) * 1000), self._token)  # never early

    def cancel(self) -> None:
        if _DUE.pop(self._token, None) is not None:
            js.clearTimeout(self._id)


class JsClock:
    """``now()`` and ``call_at()`` on js.setTimeout."""

    def now(self) -> float:
        return time.monotonic()

    def call_at(self, deadline: float, callback: Callable[[], None]) -> JsTimer:
        return JsTimer(deadline - self.now(), callback)


# --- transport ----------------------------------------------------------------------------------------------


class PostMessageTransport:
    """Posts to ``target`` with ``origin`` as target origin; accepts messages only from ``target`` and ``origin``.

    ``dropped`` counts refused incoming messages: ``wrong_source``, ``wrong_origin``, ``undecodable``.
    ``origin="*"`` is the official client's unsafe behaviour (any origin, both ways): allowed, with a warning.
    """

    def __init__(self, window: Any, target: Any, origin: str, *, clock: Clock,
                 create_proxy: Callable[[Callable[..., Any]], Any],
                 encode: Callable[[dict[str, Any]], Any], decode: Callable[[Any], Any],
                 from_target: Callable[[Any, Any], bool] = same_source) -> None:
        self.origin = target_origin(origin)
        if self.origin == "*":
            logger.warning("wwe: origin '*': messages go to, and are accepted from, any origin (unsafe)")
        if target == window:
            logger.warning("wwe: this page has no opener or parent window: is it embedded in Workspace?")
        self.dropped: Counter[str] = Counter()
        self._window = window
        self._target = target
        self._clock = clock
        self._create_proxy = create_proxy
        self._encode = encode
        self._decode = decode
        self._from_target = from_target
        self._listener: Any = None
        self._receiver: Callable[[Any], None] | None = None
        self._warned: set[tuple[str, str]] = set()

    def attach(self, receiver: Callable[[Any], None]) -> None:
        """Add the one message listener."""
        self._receiver = receiver
        self._listener = self._create_proxy(self._on_message)
        self._window.addEventListener("message", self._listener)

    def send(self, message: dict[str, Any]) -> None:
        self._target.postMessage(self._encode(message), self.origin)

    def now(self) -> float:
        return self._clock.now()

    def call_at(self, deadline: float, callback: Callable[[], None]) -> Any:
        return self._clock.call_at(deadline, callback)

    def close(self) -> None:
        """Remove the listener and release its proxy."""
        if self._listener is not None:
            self._window.removeEventListener("message", self._listener)
            self._listener.destroy()
            self._listener = None

    def _drop(self, reason: str, origin: str) -> None:
        self.dropped[reason] += 1
        first = (reason, origin) not in self._warned
        self._warned.add((reason, origin))
        logger.log(logging.WARNING if first else logging.DEBUG,
                   "wwe: dropped a message (%s) from origin %r", reason, origin)

    def _on_message(self, event: Any) -> None:
        origin = event.origin
        if not self._from_target(event, self._target):
            self._drop("wrong_source", origin)
        elif self.origin not in ("*", origin):
            self._drop("wrong_origin", origin)
        else:
            try:
                message = self._decode(event.data)
            except Exception:
                self._drop("undecodable", origin)
                return
            assert self._receiver is not None  # the listener exists once attached
            self._receiver(message)


def transport(origin: str, *, target: Any = None, encode: Callable[[dict[str, Any]], Any] = encode_json,
              decode: Callable[[Any], Any] = decode_json) -> PostMessageTransport:
    """The Workspace edge of ``connect()``: this window's postMessage transport to ``target`` (default: the opener,
    else the parent) at ``origin``. A page whose client runs elsewhere (the playground's worker) relays through it."""
    window = js.window
    target = default_target(window) if is_null(target) else target
    return PostMessageTransport(window, target, origin, clock=JsClock(), create_proxy=create_proxy,
                                encode=encode, decode=decode, from_target=_JS_FROM_TARGET)


def connect(origin: str, *, target: Any = None, timeout: float = 10.0,
            encode: Callable[[dict[str, Any]], Any] = encode_json,
            decode: Callable[[Any], Any] = decode_json) -> Service:
    """A Service talking to the Workspace window at ``origin`` (e.g. "https://wwe.example.com").

    ``origin="*"`` is an explicit, logged opt-in to the official client's unsafe behaviour.
    ``target``: the Workspace window (default: the opener, else the parent). ``timeout``: default seconds per call.
    ``encode``/``decode``: the conversion at the edge (default encode_json/decode_json).
    """
    return Service(transport(origin, target=target, encode=encode, decode=decode), timeout=timeout)


def embedder_origin() -> str | None:
    """The origin of the page that embeds this one, as far as the browser tells (ancestorOrigins, else referrer)."""
    ancestors = getattr(js.location, "ancestorOrigins", None)
    if ancestors is not None and ancestors.length:
        return str(ancestors.item(0))
    referrer = js.document.referrer
    return str(js.URL.new(referrer).origin) if referrer else None


def page_workspace_origin(meta_name: str = embedding.META_NAME) -> str:
    """The Workspace origin this page may connect to: its ``<meta name="wwe-workspace-origins">`` checked against
    the embedding page (``wwe.embedding.workspace_origin``); ValueError saying why there is none, also when the
    page is not embedded at all."""
    window = js.window
    if is_null(window.opener) and window.parent == window:
        raise ValueError(embedding.NOT_EMBEDDED)
    meta = js.document.querySelector(f'meta[name="{meta_name}"]')
    content = str(meta.getAttribute("content") or "") if meta else ""
    return embedding.workspace_origin(content, embedder_origin())


def connect_from_page(*, timeout: float = 10.0) -> Service:
    """Connect to the Workspace origin this page pins in ``<meta name="wwe-workspace-origins" content="https://...">``,
    if the page that embeds it is that Workspace (``page_workspace_origin``). Otherwise nothing is connected, nothing
    is posted, and ValueError says why, in words the page can show its user."""
    return connect(page_workspace_origin(), timeout=timeout)
