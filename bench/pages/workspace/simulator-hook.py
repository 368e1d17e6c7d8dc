# Inserted by bench/run.py into a copy of the simulator page (bench-simulator.html), as a second <script type="py">:
# PyScript runs it in the simulator's interpreter. It only exposes measurement entry points to the driver; the
# simulator itself is unchanged. benchEmit(n, interval_ms): n BENCH events through the host (Host.perform, routing,
# the user-data filter, the inspector, SimulatorPage.deliver), stamped with the emission time.
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
