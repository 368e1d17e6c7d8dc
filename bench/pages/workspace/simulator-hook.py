# Replaces the main script of a copy of the simulator page (bench-simulator.html; bench/run.py): PyScript runs it
# in the simulator's interpreter. It starts the page, with ?bench-edge=first on the message edge as first written
# (FIRST_EDGE, passed to workspace.browser.main: the simulator is otherwise unchanged), and exposes measurement
# entry points to the driver:
#   benchEmit(n, interval_ms): n BENCH events through the host (Session.perform: routing, the user-data filter, the
#     journal, the page controller's Post effects), stamped with the emission time;
#   benchPythonMemory(): Python objects after gc.collect(), and the wasm memory size;
#   benchRedraws(): how long each redraw of the page took (ms: the controller's render and the edge applying it).
import asyncio
import gc
import json

import js
import pyodide_js
from pyodide.ffi import create_proxy
from workspace.browser import EDGE, MessageEdge, main
from workspace.page.events import Signal


# ---- the message edge as first written (the before of the simulator edge optimisation) ------------------------

def _first_frame_of(windows, event):
    """The frame of a message as first written: the frame's cross-origin window comes into Python as a JsProxy."""
    return "" if event.source == js.window else windows.get(event.source)


def _first_post(iframe, message, origin):
    """postMessage as first written: ``iframe.contentWindow`` comes into Python as a JsProxy."""
    iframe.contentWindow.postMessage(message, origin)


FIRST_EDGE = MessageEdge(_first_frame_of, _first_post)

first = js.URLSearchParams.new(js.location.search).get("bench-edge") == "first"
page = await main(FIRST_EDGE if first else EDGE)  # noqa: F704 (a PyScript script may await at top level)
if first:
    js.window.benchEdge = "first"


async def _emit(n, interval_ms):
    for seq in range(int(n)):
        sent = js.performance.timeOrigin + js.performance.now()
        data = {"eventType": "BENCH", "seq": seq, "sent": sent}
        page.session.perform(lambda ctx, data=data: ctx.emit("agent", data))
        if interval_ms:
            await asyncio.sleep(interval_ms / 1000)
    return n


def _memory():
    gc.collect()
    return f'{{"objects": {len(gc.get_objects())}, "wasm_bytes": {pyodide_js._module.HEAP8.length}}}'


_redraws = []
_send = page.send


def _timed_send(event, control=None):
    """page.send, timing each redraw (the page's own timer sends Signal.RENDER through page.send)."""
    if event is not Signal.RENDER:
        return _send(event, control)
    started = js.performance.now()
    _send(event, control)
    _redraws.append(js.performance.now() - started)


page.send = _timed_send
js.window.benchRedraws = create_proxy(lambda: json.dumps(_redraws))
js.window.benchEmit = create_proxy(lambda n, interval_ms: asyncio.ensure_future(_emit(n, interval_ms)))
js.window.benchPythonMemory = create_proxy(_memory)
