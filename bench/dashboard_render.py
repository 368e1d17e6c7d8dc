#!/usr/bin/env python3
"""How long the sample dashboard takes to apply one interaction event with hundreds of interactions on screen,
measured in headless Chromium the way a person uses it: the dashboard embedded cross-site in the simulator,
events posted by the simulator's host, the agent's actions clicked in the dashboard.

    python bench/dashboard_render.py                     500 interactions, ~100 events of each kind
    python bench/dashboard_render.py --interactions 200 --events 50 --json out.json

Per event, inside the dashboard's frame: a ``message`` listener registered before the dashboard's (an init script)
notes the time the event arrives, one registered after it notes when the dashboard's Python has handled it (state
update, jinja2 fragments, DOM changes: "python+dom"), then forces style and layout ("+layout"). Listeners of one
target run in registration order. Kinds of events:

* row update: hold / resume of one call (clicked in the dashboard): its row, its facts (it is selected), a log line;
* attached data: the selected call's attached data set from the dashboard's form (facts, data table, log line);
* new call: an inbound call from the simulator's control panel while N are on screen (a new row, the summary).

While it measures, the simulator page stops re-rendering its own view (its control panel lists every interaction
and re-renders the list on each change: with 500 calls that takes the simulator about a second per change, on the
same two cores); the simulator's host still answers and sends every event. ``--simulator-renders`` keeps it
rendering, to see the dashboard on a machine that busy.

Prints the median, p95 and max of each kind, in milliseconds, and the machine's load average: on a shared machine,
p95 and max mostly measure the other processes. Nothing is asserted (tests/e2e asserts behaviour);
``python build.py bench`` (bench/run.py) has its own dashboard section, timed inside the page.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "py")]

from tools.build import assemble, server  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
# The flags of the e2e tests (tests/e2e/conftest.py): a closed network, a root user.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 600_000

ARRIVAL = r"""
// An init script: registered before any listener of the page, so it runs first for each message.
window.__renderArrived = null;
addEventListener("message", (event) => {
  if (event.data && event.data.event === "interaction") window.__renderArrived = performance.now();
});
"""

PROBE = r"""
(() => {
  const samples = window.__renderSamples = [];
  addEventListener("message", (event) => {  // registered after the dashboard's listener: runs after it
    const arrived = window.__renderArrived;
    if (arrived === null) return;
    const handled = performance.now();
    void document.body.offsetHeight;  // style and layout of what changed
    samples.push({type: event.data.data.eventType, python_dom: handled - arrived, layout: performance.now() - arrived});
    window.__renderArrived = null;
    const waiter = window.__sampleWaiter;
    window.__sampleWaiter = null;
    if (waiter) waiter();
  });
})();
"""

WAIT = r"""
// Wait for the next measured event without polling (a polling loop would be counted in the frame's CPU time).
const nextSample = (what) => new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error("no event after " + what)), 20000);
  window.__sampleWaiter = () => { clearTimeout(timer); resolve(); };
});
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
"""

ROW_UPDATES = WAIT + r"""
async ([key, count]) => {
  for (let i = 0; i < count; i++) {
    const id = `${key}-${i % 2 ? "resume" : "hold"}`;  // the row was re-rendered by the previous event
    await pause(30);  // events a person causes are apart: let the page paint between them
    const button = document.getElementById(id);
    if (!button) throw new Error("no button " + id);
    const event = nextSample(id);
    button.click();
    await event;
  }
}
"""

DATA_UPDATES = WAIT + r"""
async (count) => {
  for (let i = 0; i < count; i++) {
    await pause(30);
    document.getElementById("new-key").value = "Key1";
    document.getElementById("new-value").value = `value ${i}`;
    const event = nextSample("attach " + i);
    document.getElementById("attach-data").click();
    await event;
  }
}
"""

NEW_CALLS = r"""
async (count) => {
  const sim = window.wweSimulator;
  for (let i = 0; i < count; i++) {
    sim.deliver(sim.host.perform((ctx) => sim.host.model.inbound_call(ctx)));
    await new Promise((resolve) => setTimeout(resolve, 60));
  }
}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]
    return {"n": len(values), "median": round(statistics.median(ordered), 2), "p95": round(p95, 2),
            "max": round(ordered[-1], 2)}


def log(message: str) -> None:
    print(f"[dashboard_render] {message}", file=sys.stderr, flush=True)


TRACE_CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline"]
CPU_PARTS = {"script": ("FunctionCall", "EvaluateScript", "EventDispatch"), "style": ("UpdateLayoutTree",),
             "layout": ("Layout",), "paint": ("PrePaint", "Paint")}
"""Trace events (complete events, nested in a RunTask) summed into each part of the main thread's CPU time."""


def cpu_time(trace: Path, origin: str) -> dict[str, float]:
    """Thread CPU time (ms) of the main thread of the renderer that runs the frame from ``origin``, by part."""
    data = json.loads(trace.read_text(encoding="utf-8"))
    events = data["traceEvents"] if isinstance(data, dict) else data
    pids = {frame["processId"] for e in events if e.get("name") == "TracingStartedInBrowser"
            for frame in e["args"]["data"]["frames"] if frame.get("url", "").startswith(origin)}
    threads = {(e["pid"], e["tid"]) for e in events
               if e.get("ph") == "M" and e.get("name") == "thread_name" and e["pid"] in pids
               and e["args"].get("name") == "CrRendererMain"}

    def total(*names: str) -> float:
        return sum(e.get("tdur", 0) for e in events if e.get("ph") == "X" and e.get("name") in names
                   and (e.get("pid"), e.get("tid")) in threads) / 1000

    return {"total": total("RunTask"), **{part: total(*names) for part, names in CPU_PARTS.items()}}


def measure(interactions: int, events: int, simulator_renders: bool = False, traced: int = 50) -> dict:
    from playwright.sync_api import sync_playwright

    assemble.build(quiet=True)
    workspace_port, extension_port = free_port(), free_port()
    servers = server.start_servers(workspace_port=workspace_port, extension_port=extension_port, quiet=True)
    extension = f"http://localhost:{extension_port}"
    result = {"interactions_on_screen": [interactions], "events": events, "simulator_renders": simulator_renders,
              "cpus": os.cpu_count(), "kinds": {}}
    try:
        with sync_playwright() as playwright, tempfile.TemporaryDirectory() as scratch:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.add_init_script(ARRIVAL)
            page.goto(f"http://127.0.0.1:{workspace_port}/?extension-origin={extension}")
            page.wait_for_function("document.getElementById('host-status').dataset.state === 'ready'", timeout=TIMEOUT_MS)
            frame = None
            while frame is None:
                frame = next((f for f in page.frames if f.url.startswith(extension)), None)
                page.wait_for_timeout(50)
            frame.wait_for_function("document.getElementById('app')?.getAttribute('aria-busy') === 'false'",
                                    timeout=TIMEOUT_MS)

            started = time.monotonic()
            page.evaluate("""count => { const sim = window.wweSimulator;
                for (let i = 0; i < count; i++) sim.deliver(sim.host.perform(ctx => sim.host.model.inbound_call(ctx))); }""",
                          interactions)
            frame.wait_for_function(f"document.querySelectorAll('#interaction-list > li').length === {interactions}",
                                    timeout=TIMEOUT_MS, polling=250)
            log(f"{interactions} ringing calls on screen after {time.monotonic() - started:.1f} s")

            key = frame.evaluate(f"document.querySelectorAll('#interaction-list > li')[{interactions // 2}].id")
            frame.click(f"#{key}-select")
            frame.click(f"#{key}-answer")
            frame.wait_for_selector(f"#{key}-hold", timeout=TIMEOUT_MS)
            frame.evaluate(PROBE)
            if not simulator_renders:
                page.evaluate("() => { window.wweSimulator.schedule_render = () => {}; }")

            phases = (
                ("row update (HELD / ESTABLISHED)", {"HELD", "ESTABLISHED"},
                 lambda count: frame.evaluate(ROW_UPDATES, [key, count])),
                ("attached data (ATTACHED_DATA_CHANGED)", {"ATTACHED_DATA_CHANGED"},
                 lambda count: frame.evaluate(DATA_UPDATES, count)),
                ("new call (ADDED, RINGING)", {"ADDED", "RINGING"},
                 lambda count: page.evaluate(NEW_CALLS, count)),
            )
            for name, types, run in phases:
                frame.evaluate("__renderSamples.length = 0")
                started = time.monotonic()
                run(events)
                per_action = 2 if "ADDED" in types else 1  # an inbound call: ADDED then RINGING
                frame.wait_for_function(f"__renderSamples.length >= {events * per_action}", timeout=TIMEOUT_MS)
                samples = [s for s in frame.evaluate("__renderSamples") if s["type"] in types]
                log(f"{name}: {len(samples)} events in {time.monotonic() - started:.1f} s")
                trace = Path(scratch) / "trace.json"
                browser.start_tracing(page=page, path=str(trace), categories=TRACE_CATEGORIES)
                run(traced)
                page.wait_for_timeout(200)  # the last frame painted
                browser.stop_tracing()
                cpu = cpu_time(trace, extension)
                result["kinds"][name] = {
                    "python_dom": stats([s["python_dom"] for s in samples]),
                    "with_layout": stats([s["layout"] for s in samples]),
                    "cpu_per_action": {part: round(ms / traced, 2) for part, ms in cpu.items()},
                }
            result["interactions_on_screen"].append(
                frame.evaluate("document.querySelectorAll('#interaction-list > li').length"))
            browser.close()
    finally:
        for running in servers:
            running.shutdown()
            running.server_close()
    result["load_average"] = [round(load, 2) for load in os.getloadavg()]
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--interactions", type=int, default=500, help="calls on screen before measuring (500)")
    parser.add_argument("--events", type=int, default=100, help="events measured per kind (100)")
    parser.add_argument("--traced", type=int, default=50, help="actions per kind timed by a Chrome trace (50)")
    parser.add_argument("--simulator-renders", action="store_true", help="let the simulator page keep rendering")
    parser.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    args = parser.parse_args(argv)
    result = measure(args.interactions, args.events, args.simulator_renders, args.traced)
    first, last = result["interactions_on_screen"]
    print(f"Dashboard: time to apply one interaction event, {first} to {last} interactions on screen (ms); "
          f"simulator page rendering: {'on' if args.simulator_renders else 'paused'}; "
          f"load average {result['load_average'][0]} on {result['cpus']} CPUs")
    print(f"{'event':40} {'n':>4} {'median':>8} {'p95':>8} {'max':>8}   {'+layout median':>14} {'p95':>8} {'max':>8}")
    for name, kind in result["kinds"].items():
        a, b = kind["python_dom"], kind["with_layout"]
        print(f"{name:40} {a['n']:>4} {a['median']:>8.2f} {a['p95']:>8.2f} {a['max']:>8.2f}   "
              f"{b['median']:>14.2f} {b['p95']:>8.2f} {b['max']:>8.2f}")
    print()
    print("CPU time of the dashboard's main thread per action (Chrome trace thread time, ms; not inflated by the "
          "machine's load): a click and everything it causes (request, reply, event, rendering), or one inbound call")
    print(f"{'action':40} {'total':>8} {'script':>8} {'style':>8} {'layout':>8} {'paint':>8}")
    for name, kind in result["kinds"].items():
        cpu = kind["cpu_per_action"]
        print(f"{name:40} {cpu['total']:>8.2f} {cpu['script']:>8.2f} {cpu['style']:>8.2f} {cpu['layout']:>8.2f} "
              f"{cpu['paint']:>8.2f}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
