# Inserted by bench/run.py into a copy of the simulator page (bench-simulator.html), as a second <script type="py">:
# PyScript runs it in the simulator's interpreter. It exposes measurement entry points to the driver:
#   benchEmit(n, interval_ms): n BENCH events through the host (Host.perform, routing, the user-data filter, the
#     inspector, SimulatorPage.deliver), stamped with the emission time;
#   benchPythonMemory(): Python objects after gc.collect(), and the wasm memory size.
# With ?bench-edge=first it also swaps the page's message edge for the edge as first written (JsProxy objects for
# the frames' cross-origin windows; the simulator is otherwise unchanged). Its message listener replaces the page's
# (SimulatorPage._proxies[0], the first one it adds); the driver checks that every message is handled once.
import asyncio
import gc

import js
import pyodide_js
from pyodide.ffi import create_proxy


async def _simulator():
    while getattr(js.window, "wweSimulator", None) is None:
        await asyncio.sleep(0.01)
    return js.window.wweSimulator  # the SimulatorPage itself (a PyProxy comes back to Python as the object)


async def _emit(n, interval_ms):
    page = await _simulator()
    for seq in range(int(n)):
        sent = js.performance.timeOrigin + js.performance.now()
        data = {"eventType": "BENCH", "seq": seq, "sent": sent}
        page.deliver(page.host.perform(lambda ctx, data=data: ctx.emit("agent", data)))
        if interval_ms:
            await asyncio.sleep(interval_ms / 1000)
    return n


def _memory():
    gc.collect()
    return f'{{"objects": {len(gc.get_objects())}, "wasm_bytes": {pyodide_js._module.HEAP8.length}}}'


js.window.benchEmit = create_proxy(lambda n, interval_ms: asyncio.ensure_future(_emit(n, interval_ms)))
js.window.benchPythonMemory = create_proxy(_memory)


# ---- the message edge as first written (the before of the simulator edge optimisation) ------------------------

def _first_edge(page):
    """The page's message edge as it was before workspace/browser.py's FRAME_OF and POST: the frames' cross-origin
    windows come into Python as JsProxy objects (event.source, iframe.contentWindow)."""
    from workspace.browser import from_js, to_js

    def deliver(out):
        for frame_id, message in out:
            iframe = page.iframes.get(frame_id)
            frame = page.host.frames.get(frame_id)
            if iframe is not None and frame is not None and iframe.isConnected:
                iframe.contentWindow.postMessage(to_js(message), frame.origin)
        page.schedule_render()

    def on_message(event):
        if event.source == js.window or page.host_stopped:
            return
        frame_id = page.windows.get(event.source)
        page.deliver(page.host.receive(frame_id, event.origin, from_js(event.data)))

    page.deliver = deliver
    js.window.removeEventListener("message", page._proxies[0])  # the page's first listener: its message listener
    js.window.addEventListener("message", create_proxy(on_message))
    js.window.benchEdge = "first"


async def _swap_edge():
    _first_edge(await _simulator())


if js.URLSearchParams.new(js.location.search).get("bench-edge") == "first":
    asyncio.ensure_future(_swap_edge())
