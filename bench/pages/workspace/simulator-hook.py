# Inserted by bench/run.py into a copy of the simulator page (bench-simulator.html), as a second <script type="py">:
# PyScript runs it in the simulator's interpreter. It exposes measurement entry points to the driver:
#   benchEmit(n, interval_ms): n BENCH events through the host (Host.perform, routing, the user-data filter, the
#     inspector, SimulatorPage.deliver), stamped with the emission time;
#   benchPythonMemory(): Python objects after gc.collect(), and the wasm memory size.
# With ?bench-edge=proposed it also swaps the page's message edge for the change proposed to workspace/browser.py
# (the simulator is otherwise unchanged): no JsProxy for the frames' cross-origin windows (event.source and
# iframe.contentWindow are used in JavaScript only), JSON.parse/stringify looked up once. Its message listener
# replaces the page's (SimulatorPage._proxies[0], the first one it adds); the driver checks that every message is
# logged once.
import asyncio
import gc
import json

import js
import pyodide_js
from pyodide.code import run_js
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


# ---- the proposed edge (what-if) -------------------------------------------------------------------------------

_FRAME_OF = run_js("(windows, event) => event.source === window ? '' : windows.get(event.source)")
_POST = run_js("(iframe, message, origin) => iframe.contentWindow.postMessage(message, origin)")
_PARSE, _STRINGIFY = js.JSON.parse, js.JSON.stringify
MAX_MESSAGE_CHARS = 1_000_000


def _from_js(data):
    if data is None or isinstance(data, (str, int, float, bool)):
        return data
    try:
        text = _STRINGIFY(data)
    except Exception as error:
        return f"<unreadable message: {error}>"
    if text is None:
        return "<unreadable message>"
    if len(text) > MAX_MESSAGE_CHARS:
        return f"<message of {len(text)} characters refused: the limit is {MAX_MESSAGE_CHARS}>"
    return json.loads(text)


async def _propose():
    page = await _simulator()

    def deliver(out):
        for frame_id, message in out:
            iframe = page.iframes.get(frame_id)
            frame = page.host.frames.get(frame_id)
            if iframe is not None and frame is not None and iframe.isConnected:
                _POST(iframe, _PARSE(json.dumps(message)), frame.origin)
        page.schedule_render()

    def on_message(event):
        frame_id = _FRAME_OF(page.windows, event)
        if frame_id != "":
            page.deliver(page.host.receive(frame_id, event.origin, _from_js(event.data)))

    page.deliver = deliver
    js.window.removeEventListener("message", page._proxies[0])  # the page's first listener: its message listener
    js.window.addEventListener("message", create_proxy(on_message))
    js.window.benchEdge = "proposed"


if js.URLSearchParams.new(js.location.search).get("bench-edge") == "proposed":
    asyncio.ensure_future(_propose())
