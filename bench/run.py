#!/usr/bin/env python3
"""Benchmarks of the Python extension and the Workspace simulator in headless Chromium (``python build.py bench``).

Not tests: nothing here asserts. Every figure is measured in this run, next to a baseline measured in the same run
on the same machine (a plain-JavaScript client and host; the extension as first built; the client's browser edge as
first written), printed as tables (median, p95, p99; ratios) and written as JSON.

    python build.py bench                      everything (20 to 30 minutes on 2 shared cores)
    python build.py bench --quick              everything with fewer samples (about 10 minutes)
    python build.py bench --only boot,rtt      some sections: boot bytes rtt flight fanout dashboard memory oversized
    python build.py bench --cold 3 --rtt 500   fewer samples (see --help)
    python build.py bench --json out.json      where the JSON goes (default dist/bench-results.json)

The build under test is dist/ as ``build.py`` makes it, served by the build's own servers (tools/build/server.py) on
two sites (127.0.0.1 for the Workspace side, localhost for the extension), with the bench pages of bench/pages added
(.cache/bench/<site>/, served at /bench-*): bench-py-client.html (the wwe client, driven from Python in the
cross-site iframe), bench-js-client.html and bench-js-host.html (the plain-JavaScript baseline), bench-dashboard.html,
bench-first/ (the extension as first built), bench-plain/ (a plain PyScript page: the boot's baseline) and
bench-simulator.html (the simulator page whose main script is
bench/pages/workspace/simulator-hook.py: benchEmit for the fan-out, and the message edge as first written).
"""
from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import re
import shutil
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "py")]

from tools.build import archive, assemble, pages, paths, server, sites, vendor  # noqa: E402
from bench import cpu, oversized  # noqa: E402
from workspace.config import DEMO_EXTENSION_ORIGIN  # noqa: E402
from wwe.wire.messages import Request, Subscribe  # noqa: E402

PAGES = ROOT / "bench" / "pages"
OVERLAY = paths.CACHE / "bench"
CHROMIUM = "/usr/bin/chromium"
# The flags of the e2e tests (tests/e2e/conftest.py): a closed network, a root user.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
SECTIONS = ("boot", "bytes", "rtt", "flight", "fanout", "dashboard", "memory", "oversized")
TIMEOUT_MS = 180_000
SIMULATOR_MAIN = "from workspace.browser import main\nawait main()\n"
"""The simulator page's main script, which the bench's copy replaces with simulator-hook.py (it calls main too)."""

# Marks taken inside every frame from its first instant (a Playwright init script: the pages stay unchanged).
# Times are performance.now() of the frame: milliseconds since its own navigation started.
MARKS_SCRIPT = r"""
(() => {
  const marks = globalThis.__benchMarks = {};
  const mark = (name) => { if (!(name in marks)) marks[name] = performance.now(); };
  addEventListener("message", (event) => {
    const data = event.data;
    if (data && data.referenceId && typeof data.userAgent === "string" && data.userAgent.includes("WWE")) mark("first_reply");
  }, true);
  document.addEventListener("py:ready", () => mark("runtime_ready"), true);
  const progress = globalThis.__benchProgress = [];
  addEventListener("py:progress", (event) => progress.push([Math.round(performance.now()), String(event.detail)]));
  document.addEventListener("DOMContentLoaded", () => {
    const app = document.getElementById("app");
    if (!app) return;
    const status = document.getElementById("status");
    const initial = status ? status.textContent : null;
    new MutationObserver(() => {
      if (status && status.isConnected && status.textContent !== initial) mark("python_ready");
      if (!status || !status.isConnected) mark("python_ready");
      if (app.getAttribute("aria-busy") === "false") mark("app_ready");
    }).observe(app, { subtree: true, childList: true, attributes: true, characterData: true });
  });
})();
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


# ---------------------------------------------------------------- statistics

def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def summary(values: list[float], digits: int = 3) -> dict:
    if not values:
        return {"n": 0}
    return {"n": len(values), "median": round(statistics.median(values), digits),
            "p95": round(percentile(values, 95), digits), "p99": round(percentile(values, 99), digits),
            "min": round(min(values), digits), "max": round(max(values), digits)}


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a is not None and b else None


# ---------------------------------------------------------------- the bench pages

def scenario_toml(views: list[tuple[str, str]]) -> str:
    """The default scenario with its extension views replaced by ``views`` [(section, path on the extension site)]."""
    text = (ROOT / "scenario" / "default.toml").read_text(encoding="utf-8")
    names = ", ".join(f'"{section}"' for section, _ in views)
    text = text.replace('"interaction.web-content" = ["Dashboard"]', f'"interaction.web-content" = [{names}]')
    sections = "".join(f'\n[{section}]\nurl = "{DEMO_EXTENSION_ORIGIN}/{path}"\nlabel = "{section}"\nmode = "tab"\n'
                       for section, path in views)
    return text + sections


def simulator_answers(requests: list[str]) -> dict:
    """What the simulator answers to each request (data), computed with the simulator's own Host on CPython:
    the plain-JS echo host sends the same data, so both hosts' messages weigh the same."""
    from workspace.config import Config
    from workspace.host import Host

    host = Host(Config.from_toml((ROOT / "scenario" / "default.toml").read_text(encoding="utf-8")))
    host.attach_frame("f", DEMO_EXTENSION_ORIGIN, "Dashboard")
    answers = {}
    for number, request in enumerate(requests, start=1):
        out = host.receive("f", DEMO_EXTENSION_ORIGIN, Request(request, [], str(number)).to_wire("f"))
        answers[request] = out[-1].message.get("data")
    return answers


def dashboard_events(interactions: int = 500, samples: int = 150) -> dict:
    """Event messages recorded from the simulator's model: ``setup`` puts ``interactions`` ringing calls on screen;
    ``measure`` holds, per kind, the events whose application is timed."""
    from workspace import control_panel
    from workspace.config import Config
    from workspace.host import Host

    host = Host(Config.from_toml((ROOT / "scenario" / "default.toml").read_text(encoding="utf-8")))
    host.attach_frame("f", DEMO_EXTENSION_ORIGIN, "Dashboard")
    host.receive("f", DEMO_EXTENSION_ORIGIN, Subscribe(["agent", "interaction", "system"], "1").to_wire())

    def events(out) -> list[dict]:
        return [message for _, message in out if "event" in message]

    def inbound(number: int) -> list[dict]:
        out, refusal = control_panel.run(host, "inbound", {"media": "voice", "party": f"+1555{number:04d}",
                                                   "user_data": "Key1=v1;CustomerSegment=gold"})
        assert refusal is None, refusal
        return events(out)

    setup = [message for number in range(interactions) for message in inbound(number)]
    ids = [m["data"]["interaction"]["interactionId"] for m in setup if m["data"].get("eventType") == "ADDED"]
    answered = []
    for interaction_id in ids[1:samples + 1]:  # an interaction's row changes (RINGING -> ESTABLISHED)
        out, refusal = control_panel.run(host, "answer", {"id": interaction_id})
        assert refusal is None, refusal
        answered += [m for m in events(out) if m["data"].get("eventType") == "ESTABLISHED"][:1]
    selected = []
    for number in range(samples):  # the selected interaction's attached data changes (row, facts, user data)
        request = Request("interaction.setUserData", [ids[0], {"Key1": f"value {number}"}], f"u{number}")
        out = host.receive("f", DEMO_EXTENSION_ORIGIN, request.to_wire())
        selected += [m for _, m in out if "event" in m]
    added = [m for number in range(samples) for m in inbound(interactions + number)
             if m["data"].get("eventType") == "ADDED"]
    return {"setup": setup, "measure": {"row update": answered, "selected update": selected, "added": added}}


def prepare_overlay(wheels: list[Path]) -> dict[str, Path]:
    """Write the bench pages of each site into .cache/bench/<site>/ (served next to dist/<site>)."""
    overlay = {site: OVERLAY / site for site in sites.SITES}
    for folder in overlay.values():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    ext, ws = overlay["extension"], overlay["workspace"]
    for name in ("bench-py-client.html", "bench-js-client.html"):
        shutil.copy(PAGES / "extension" / name, ext / name)
    env = pages.jinja_environment(wheels)
    (ext / "bench-dashboard.html").write_bytes(
        pages.render_page(env, "bench/pages/extension/bench-dashboard.html", "extension", wheels))
    (ext / "bench-dashboard-events.json").write_text(json.dumps(dashboard_events()))
    first_build(env, wheels, ext / "bench-first")
    plain_page(env, wheels, ext / "bench-plain")
    shutil.copy(PAGES / "workspace" / "bench-js-host.html", ws / "bench-js-host.html")
    (ws / "bench-data.json").write_text(json.dumps(simulator_answers(["agent.get", "agent.getState"])))
    page = (paths.DIST / "workspace" / "index.html").read_text(encoding="utf-8")
    hook = (PAGES / "workspace" / "simulator-hook.py").read_text(encoding="utf-8")
    assert SIMULATOR_MAIN in page
    (ws / "bench-simulator.html").write_text(page.replace(SIMULATOR_MAIN, hook))
    return overlay


def first_build(env, wheels: list[Path], out: Path) -> None:
    """The extension as first built (the before of the boot optimisations), served at /bench-first/: its page,
    PyScript configuration and boot.js as they were (bench/pages/extension/first/), app.zip with the sources only,
    the wheels unpacked separately, the npm runtime untouched (source standard library), nothing precompressed."""
    first = PAGES / "extension" / "first"
    for name in ("index.html", "pyscript.toml"):
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(pages.render_page(env, f"bench/pages/extension/first/{name}", "extension", wheels))
    shutil.copy(first / "boot.js", out / "boot.js")
    shutil.copy(ROOT / "static" / "dashboard.css", out / "dashboard.css")
    (out / "app.zip").write_bytes(archive.deterministic_zip(archive.bundle_files(("wwe", "dashboard"), ("templates",))))
    for rel, src in archive.runtime_files().items():
        archive.link_or_copy(src, out / rel)
    for wheel in wheels:
        archive.link_or_copy(wheel, out / "wheels" / wheel.name)


def plain_page(env, wheels: list[Path], out: Path) -> None:
    """The plain PyScript page (the baseline of the boot), served at /bench-plain/: its page and pyscript.toml
    (bench/pages/extension/plain/), the wheels it lists; the runtime is the site's own (../pyodide/, ../pyscript/)."""
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(PAGES / "extension" / "plain" / "index.html", out / "index.html")
    (out / "pyscript.toml").write_bytes(pages.render_page(env, "bench/pages/extension/plain/pyscript.toml", "extension",
                                                          wheels))
    for wheel in wheels:
        archive.link_or_copy(wheel, out / "wheels" / wheel.name)


def bench_handler(overlay: Path):
    """The build's StaticHandler (tools/build/server.py: same headers, encodings, caching) that also serves the bench-* pages."""

    class BenchHandler(server.StaticHandler):
        def translate_path(self, path: str) -> str:
            name = urlsplit(path).path.lstrip("/")
            if name.startswith("bench-") and (overlay / name).is_file():
                return str(overlay / name)
            return super().translate_path(path)

    return BenchHandler


# ---------------------------------------------------------------- the browser side

class Bench:
    """One Chromium, the two sites, and helpers to open the host pages and wait for the bench frames."""

    def __init__(self, playwright, workspace_port: int, extension_port: int) -> None:
        self.playwright = playwright
        self.workspace = f"http://127.0.0.1:{workspace_port}"
        self.extension = f"http://localhost:{extension_port}"
        self.browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        self.foreign: list[str] = []

    def guard(self, context) -> None:
        """Record (without intercepting: no cost per request) any request that would leave the machine."""
        context.on("request", lambda request: urlsplit(request.url).hostname not in LOCAL_HOSTS
                   and request.url.startswith("http") and self.foreign.append(request.url))

    @contextlib.contextmanager
    def cold_page(self):
        """A page of a browser with a fresh profile (empty HTTP and code caches) and the boot marks (MARKS_SCRIPT)."""
        profile = tempfile.mkdtemp(prefix="bench-profile-")
        context = self.playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, viewport={"width": 1280, "height": 900})
        try:
            self.guard(context)
            context.add_init_script(MARKS_SCRIPT)
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)

    def context(self):
        context = self.browser.new_context(viewport={"width": 1280, "height": 900})
        self.guard(context)
        return context

    def simulator_url(self, scenario: str = "", page: str = "") -> str:
        extra = f"&scenario={quote(scenario)}" if scenario else ""
        return f"{self.workspace}/{page}?extension-origin={self.extension}{extra}"

    def js_host_url(self, paths: list[str]) -> str:
        frames = "&".join(f"frame={quote(f'{self.extension}/{path}')}" for path in paths)
        return f"{self.workspace}/bench-js-host.html?{frames}"

    def frames(self, page, prefix: str, count: int) -> list:
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while time.monotonic() < deadline:
            found = [f for f in page.frames if f.url.startswith(f"{self.extension}/{prefix}")]
            if len(found) >= count:
                return found
            page.wait_for_timeout(50)
        raise RuntimeError(f"{count} frame(s) {prefix} expected, found {[f.url for f in page.frames]}")

    def run_client(self, host: str, client: str, query: str, scenario_file: str, expected_requests: int = 0) -> dict:
        """One bench client page in the cross-site iframe of ``host`` ("simulator" or "js"); its published result."""
        path = f"{client}?{query}"
        context = self.context()
        page = context.new_page()
        if host.startswith("simulator"):
            write_scenario(scenario_file, [("Bench", path)])
            edge = "&bench-edge=first" if host == "simulator-first-edge" else ""
            page.goto(self.simulator_url(f"/{scenario_file}", page="bench-simulator.html") + edge)
        else:
            page.goto(self.js_host_url([path]))
        [frame] = self.frames(page, client, 1)
        frame.wait_for_function("document.getElementById('status')?.textContent === 'done'", timeout=TIMEOUT_MS * 3)
        result = json.loads(frame.evaluate("window.benchResult"))
        if host.startswith("simulator"):
            result["redraws"] = json.loads(page.evaluate("window.benchRedraws()"))
        if host.startswith("simulator") and expected_requests:
            # Each request is handled once (the inspector logs it once): a what-if edge must not double the work.
            handled = page.evaluate("""() => JSON.parse(wweSimulator.session_json())
                .filter((e) => e.direction === 'in' && e.message && e.message.request).length""")
            result["handled_once"] = handled == expected_requests
            if handled != expected_requests:
                log(f"WARNING: the simulator logged {handled} requests for {expected_requests} sent ({client}, {host})")
        context.close()
        return result


def write_scenario(name: str, views: list[tuple[str, str]]) -> None:
    (OVERLAY / "workspace" / name).write_text(scenario_toml(views), encoding="utf-8")


# ---------------------------------------------------------------- sections

BOOT_VARIANTS = {"current": "index.html", "first": "bench-first/index.html", "plain": "bench-plain/index.html"}
"""The sample extension as built now, as first built (the before), and a plain PyScript page rendering one jinja2
template (the baseline), booted alternately in the same run."""
BOOT_PHASES = ("first_paint", "runtime_ready", "python_ready", "first_reply", "app_ready", "pyscript_chain",
               "pyodide_load", "files_load", "python_main")
"""Milestones (ms since the frame's navigation started), then the breakdown: pyscript_chain until PyScript calls
loadPyodide, pyodide_load (the wasm compiled, the snapshot restored), files_load ([files] fetched and unpacked),
python_main (from PyScript ready to the page's first screen drawn by Python: imports, templates, first render)."""


def boot_marks(frame) -> dict:
    """Milestones of one boot, in ms since the frame's navigation started (PyScript's progress events give the time
    loadPyodide took, and the time spent fetching and unpacking the [files])."""
    marks = frame.evaluate("""() => ({...globalThis.__benchMarks, progress: globalThis.__benchProgress,
        first_paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime})""")
    progress = {text: at for at, text in marks.pop("progress")}
    for phase, (start, end) in {"pyodide_load": ("Loading interpreter", "Loaded interpreter"),
                                "files_load": ("Loading files", "Loaded files")}.items():
        if start in progress and end in progress:
            marks[phase] = progress[end] - progress[start]
    if "Loading interpreter" in progress:
        marks["pyscript_chain"] = progress["Loading interpreter"]
    if "runtime_ready" in marks and "python_ready" in marks:
        marks["python_main"] = marks["python_ready"] - marks["runtime_ready"]
    return marks


def bench_boot(bench: Bench, cold_runs: int, warm_runs: int) -> tuple[dict, dict]:
    """The sample extension booting in the simulator's cross-site iframe, as built now, as first built and the plain
    PyScript page (alternately, so all see the same machine). Cold: a fresh browser profile (empty HTTP and code caches);
    warm: the same page loaded again in that profile."""
    samples = {v: {kind: {p: [] for p in BOOT_PHASES} for kind in ("cold", "warm")} for v in BOOT_VARIANTS}
    transfer: dict = {}
    for run in range(cold_runs):
        for variant, path in BOOT_VARIANTS.items():
            write_scenario(f"bench-boot-{variant}.toml", [("Bench", path)])
            with bench.cold_page() as page:
                for load in range(1 + warm_runs):
                    kind = "cold" if load == 0 else "warm"
                    page.goto(bench.simulator_url(f"/bench-boot-{variant}.toml"))
                    [frame] = bench.frames(page, path, 1)
                    frame.wait_for_function("globalThis.__benchMarks && 'app_ready' in globalThis.__benchMarks",
                                            timeout=TIMEOUT_MS)
                    frame.wait_for_function("performance.getEntriesByName('first-contentful-paint').length > 0",
                                            timeout=TIMEOUT_MS)
                    marks = boot_marks(frame)
                    for phase in BOOT_PHASES:
                        if marks.get(phase) is not None:
                            samples[variant][kind][phase].append(marks[phase])
                    if run == 0 and load == 0:
                        transfer[variant] = {"extension": frame_transfer(frame),
                                             "workspace": frame_transfer(page.main_frame)}
            log(f"boot {variant}: cold run {run + 1}/{cold_runs}: python ready "
                f"{samples[variant]['cold']['python_ready'][-1]:.0f} ms")
    results = {variant: {kind: {phase: summary(values, 1) for phase, values in by_phase.items()}
                         for kind, by_phase in by_kind.items()} for variant, by_kind in samples.items()}
    results["floor"] = boot_floor(bench, cold_runs)
    results["cpu"] = boot_cpu(bench, cold_runs)
    return results, transfer


# What no boot can skip, timed alone in a page of the extension's site (the files fetched again, uncached): the
# brotli-compressed wasm and snapshot fetched and decoded, the wasm compiled, the snapshot expanded (its zero pages)
# and copied into a memory.
FLOOR_SCRIPT = """async () => {
  const time = async (work) => { const start = performance.now(); const value = await work(); return [performance.now() - start, value]; };
  const bytes = (path) => fetch(path, { cache: "no-store" }).then((response) => response.arrayBuffer());
  const [wasmFetch, wasm] = await time(() => bytes("/pyodide/pyodide.asm.wasm"));
  const [wasmCompile] = await time(() => WebAssembly.compile(wasm));
  const [snapshotFetch, sparse] = await time(() => bytes("/pyodide/snapshot.bin"));
  const { expand } = await import("/pyodide/snapshot.mjs");
  const [snapshotCopy] = await time(() => {
    const snapshot = expand(sparse);
    const memory = new WebAssembly.Memory({ initial: snapshot.byteLength / 65536 + 1 });
    new Uint8Array(memory.buffer).set(snapshot);
  });
  return { wasm_fetch: wasmFetch, wasm_compile: wasmCompile, snapshot_fetch: snapshotFetch, snapshot_copy: snapshotCopy };
}"""
FLOOR_PHASES = ("wasm_fetch", "wasm_compile", "snapshot_fetch", "snapshot_copy")


def boot_floor(bench: Bench, runs: int) -> dict:
    """FLOOR_SCRIPT ``runs`` times, each in a fresh context (ms)."""
    samples: dict[str, list[float]] = {phase: [] for phase in FLOOR_PHASES}
    for _ in range(runs):
        context = bench.context()
        page = context.new_page()
        page.goto(f"{bench.extension}/bench-floor")  # a document of the extension's site (its 404 page)
        for phase, value in page.evaluate(FLOOR_SCRIPT).items():
            samples[phase].append(value)
        context.close()
    return {phase: summary(values, 1) for phase, values in samples.items()}


def boot_cpu(bench: Bench, runs: int) -> dict:
    """CPU seconds Chromium spends booting the extension page alone (top level, no simulator) until Python is ready,
    by part (bench/cpu.py), for the current build and the plain page, cold (fresh profile) then warm (the same
    profile, after about:blank); with the wall time, and how many of the machine's cores that work kept busy."""
    samples: dict = {variant: {"cold": {}, "warm": {}} for variant in ("current", "plain")}
    for _ in range(runs):
        for variant, by_kind in samples.items():
            with bench.cold_page() as page:
                for kind, found in by_kind.items():
                    page.goto("about:blank")
                    before = cpu.chromium_cpu()
                    page.goto(f"{bench.extension}/{BOOT_VARIANTS[variant]}")
                    page.wait_for_function("globalThis.__benchMarks && 'python_ready' in globalThis.__benchMarks",
                                           timeout=TIMEOUT_MS, polling=5)
                    parts = cpu.spent(before, cpu.chromium_cpu())
                    wall = page.evaluate("globalThis.__benchMarks.python_ready") / 1000
                    for name, value in {**parts, "total": sum(parts.values()), "wall": wall,
                                        "cores busy": sum(parts.values()) / wall}.items():
                        found.setdefault(name, []).append(value)
    return {variant: {kind: {name: summary(values) for name, values in found.items()} for kind, found in by_kind.items()}
            for variant, by_kind in samples.items()}


def frame_transfer(frame) -> dict:
    """Bytes on the wire for everything this frame loaded (its document and resources, headers included)."""
    entries = frame.evaluate("""() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
        .map(e => ({name: new URL(e.name).pathname, transfer: e.transferSize, encoded: e.encodedBodySize, decoded: e.decodedBodySize}))""")
    return {"total_transfer": sum(e["transfer"] for e in entries), "total_decoded": sum(e["decoded"] for e in entries),
            "requests": len(entries),
            "files": {e["name"]: [e["transfer"], e["decoded"]] for e in sorted(entries, key=lambda e: -e["transfer"])}}


FLIGHT_PAIRINGS = ("python_simulator", "js_js", "python_js", "python_js_first_edge")
"""The pairings of the throughput section by default (through the simulator, 10,000 calls take minutes)."""
PAIRINGS = {  # name: (host page, client page, the Python client's edge)
    "python_simulator": ("simulator", "bench-py-client.html", "current"),
    "js_js": ("js", "bench-js-client.html", ""),
    "python_js": ("js", "bench-py-client.html", "current"),
    "js_simulator": ("simulator", "bench-js-client.html", ""),
    "python_simulator_first_edge": ("simulator", "bench-py-client.html", "first"),
    "python_js_first_edge": ("js", "bench-py-client.html", "first"),
    "python_simulator_host_first_edge": ("simulator-first-edge", "bench-py-client.html", "current"),
}
"""Who talks to whom. js_js is the baseline; *_first_edge run the Python client with wwe.browser's edge as first
written (the before of the edge optimisation, measured in the same run); *_host_first_edge runs the simulator with
its message edge as first written (bench/pages/workspace/simulator-hook.py)."""


RTT_TARGETS = {"python_js": "median <= x2", "python_simulator": "p99 <= 10 ms", "js_simulator": "p99 <= 10 ms"}
"""The issue's targets for the round trips (issue 14): the Python client at most twice the plain-JS client's time,
and no round trip through the simulator waiting for its page's redraw."""


def bench_rtt(bench: Bench, n: int, names: tuple[str, ...]) -> dict:
    """Sequential request/reply round trips, measured in the client, per pairing of client and host."""
    out = {}
    for name in names:
        host, client, edge = PAIRINGS[name]
        warmup = 200
        result = bench.run_client(host, client, f"mode=rtt&n={n}&warmup={warmup}&edge={edge}", "bench-rtt.toml",
                                  expected_requests=n + warmup)
        out[name] = {**summary(result["samples"]), **({"handled_once": result["handled_once"]}
                                                       if "handled_once" in result else {}),
                     **({"redraws": {**summary(result["redraws"]), "total_ms": round(sum(result["redraws"]), 1)}}
                        if "redraws" in result else {})}
        log(f"rtt {name}: median {out[name]['median'] * 1000:.0f} us")
    return out


def bench_parts(bench: Bench, n: int = 4000) -> dict:
    """The Python client's pieces of a round trip, each alone (bench-py-client.html?mode=parts): microseconds."""
    result = bench.run_client("js", "bench-py-client.html", f"mode=parts&n={n}&warmup=0", "bench-parts.toml")
    log(f"rtt parts: {result['parts_us']}")
    return result["parts_us"]


def bench_flight(bench: Bench, n: int, names: tuple[str, ...]) -> dict:
    """``n`` calls issued at once, then awaited: total time and calls per second."""
    out = {}
    for name in names:
        host, client, edge = PAIRINGS[name]
        result = bench.run_client(host, client, f"mode=flight&n={n}&warmup=100&edge={edge}", "bench-flight.toml")
        result["calls_per_s"] = round(n / result["total_ms"] * 1000)
        out[name] = result
        log(f"flight {name}: {result['total_ms']:.0f} ms for {n}")
    return out


def bench_fanout(bench: Bench, events: int, interval_ms: float, subscribers: int = 4) -> dict:
    """``events`` events from the host to ``subscribers`` subscribed extensions; delivery latency per event and
    extension (emission stamp in the host page, arrival in the extension's handler: both on the machine's clock)."""
    out = {}
    for name in ("python_simulator", "python_simulator_first_edge", "js_js"):
        host, client, edge = PAIRINGS[name]
        paths = [f"{client}?mode=events&edge={edge}&n={k}" for k in range(subscribers)]
        context = bench.context()
        page = context.new_page()
        if host == "simulator":
            write_scenario("bench-fanout.toml", [(f"Bench{k + 1}", path) for k, path in enumerate(paths)])
            page.goto(bench.simulator_url("/bench-fanout.toml", page="bench-simulator.html"))
        else:
            page.goto(bench.js_host_url(paths))
        frames = bench.frames(page, client, subscribers)
        for frame in frames:
            frame.wait_for_function("document.getElementById('status')?.textContent === 'subscribed'",
                                    timeout=TIMEOUT_MS)
        page.wait_for_function("typeof window.benchEmit === 'function'", timeout=TIMEOUT_MS)
        started = time.monotonic()
        page.evaluate("([n, ms]) => window.benchEmit(n, ms)", [events, interval_ms])
        for frame in frames:
            frame.wait_for_function(f"window.benchCount() >= {events}", timeout=TIMEOUT_MS)
        elapsed = time.monotonic() - started
        latencies = [latency for frame in frames for _, latency in json.loads(frame.evaluate("window.benchCollect()"))]
        out[name] = {**summary(latencies), "deliveries": len(latencies), "seconds": round(elapsed, 2)}
        context.close()
        log(f"fanout {name}: median {out[name]['median']:.2f} ms over {len(latencies)} deliveries")
    return out


def bench_dashboard(bench: Bench) -> dict:
    context = bench.context()
    page = context.new_page()
    page.goto(f"{bench.extension}/bench-dashboard.html")
    page.wait_for_function("document.getElementById('bench-status')?.textContent === 'done'", timeout=TIMEOUT_MS)
    result = json.loads(page.evaluate("window.benchResult"))
    context.close()
    out = {"interactions_on_screen": result["interactions"]}
    for kind, samples in result["kinds"].items():
        out[kind] = {"python_dom": summary([s[0] for s in samples]), "with_layout": summary([s[1] for s in samples])}
    log(f"dashboard: {out}")
    return out


def bench_oversized(bench: Bench, runs: int = 5) -> dict:
    """One 1 MiB value without spaces shown in each page (bench/oversized.py): ms until the next frame is drawn."""
    out = {}
    for name, case in oversized.cases().items():
        context = bench.context()
        context.route(re.compile(r"\.(m?js|wasm|zip|whl)(\?|$)"), lambda route: route.abort())  # no Python runtime
        page = context.new_page()
        page.goto(f"{bench.workspace if case.site == 'workspace' else bench.extension}/{case.path}")
        out[name] = summary([page.evaluate(oversized.MEASURE, [case.selector, case.html]) for _ in range(runs)], 1)
        context.close()
        log(f"oversized: {name}: median {out[name]['median']} ms")
    return out


def heap(session) -> int:
    session.send("HeapProfiler.collectGarbage")
    return int(session.send("Runtime.getHeapUsage")["usedSize"])


def bench_memory(bench: Bench, n: int, warmup: int) -> dict:
    """The Python client and the simulator before and after ``n`` calls (after ``warmup`` calls, enough to fill the
    simulator's bounded inspector log): JS heap after a forced GC, Python objects after gc.collect(), wasm memory."""
    context = bench.context()
    page = context.new_page()
    write_scenario("bench-memory.toml", [("Bench", f"bench-py-client.html?mode=memory&n={n}&warmup={warmup}")])
    page.goto(bench.simulator_url("/bench-memory.toml", page="bench-simulator.html"))
    [frame] = bench.frames(page, "bench-py-client.html", 1)
    client_session = context.new_cdp_session(frame)
    host_session = context.new_cdp_session(page)
    measures = {}
    for phase in ("before", "after"):
        frame.wait_for_function(f"window.benchPhase === '{phase}'", timeout=TIMEOUT_MS * 3)
        measures[phase] = {"client_js_heap": heap(client_session), "simulator_js_heap": heap(host_session),
                           "simulator_python": json.loads(page.evaluate("window.benchPythonMemory()"))}
        frame.evaluate("window.benchResume()")
    frame.wait_for_function("document.getElementById('status')?.textContent === 'done'", timeout=TIMEOUT_MS)
    result = json.loads(frame.evaluate("window.benchResult"))
    context.close()
    before, after = measures["before"], measures["after"]
    out = {
        "calls": n, "seconds": round(result["ms"] / 1000, 1),
        "client_js_heap": [before["client_js_heap"], after["client_js_heap"]],
        "client_python_objects": [result["before"]["objects"], result["after"]["objects"]],
        "client_wasm_bytes": [result["before"]["wasm_bytes"], result["after"]["wasm_bytes"]],
        "simulator_js_heap": [before["simulator_js_heap"], after["simulator_js_heap"]],
        "simulator_python_objects": [before["simulator_python"]["objects"], after["simulator_python"]["objects"]],
        "simulator_wasm_bytes": [before["simulator_python"]["wasm_bytes"], after["simulator_python"]["wasm_bytes"]],
    }
    log(f"memory: {out}")
    return out


# ---------------------------------------------------------------- report

def fmt_ms(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value * 1000:.0f} us" if value < 1 else f"{value:,.1f} ms"


def label(name: str) -> str:
    """python_simulator_first_edge -> python -> simulator (client edge as first written)"""
    for suffix, note in (("_host_first_edge", " (simulator edge as first written)"),
                         ("_first_edge", " (client edge as first written)")):
        if name.endswith(suffix):
            return name.removesuffix(suffix).replace("_", " -> ") + note
    return name.replace("_", " -> ")


def render(title: str, header: tuple[str, ...], rows: list[tuple]) -> str:
    cells = [tuple(str(c) for c in row) for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = [f"{title}", " | ".join(c.ljust(w) for c, w in zip(cells[0], widths)), "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(c.ljust(w) for c, w in zip(row, widths)) for row in cells[1:]]
    return "\n".join(lines)


def versus(current: dict | None, baseline: dict | None) -> str:
    """The ratio of two summaries' medians, as printed (x0.25: a quarter of the baseline's time)."""
    value = ratio((current or {}).get("median"), (baseline or {}).get("median"))
    return "-" if value is None else f"x{value}"


def stat(s: dict | None, key: str) -> str:
    return fmt_ms(s.get(key)) if s and s.get("n") else "-"


def tables(results: dict) -> str:
    """The results as plain-text tables (times: median, p95, p99; ratios against the same-run baseline)."""
    out = []
    boot = results.get("boot")
    if boot:
        targets = {("first_paint", "cold"): "< 100 ms", ("python_ready", "cold"): "<= 0.8 s, <= x0.5 plain",
                   ("python_ready", "warm"): "<= 0.5 s, <= x0.5 plain"}
        rows = []
        for phase in BOOT_PHASES:
            row = [phase.replace("_", " ")]
            for kind in ("cold", "warm"):
                cur = boot["current"][kind][phase]
                row += [stat(cur, "median"), stat(cur, "p95")]
                for base in ("first", "plain"):
                    baseline = boot.get(base, {}).get(kind, {}).get(phase)
                    row += [stat(baseline, "median"), versus(cur, baseline)]
            rows.append((*row, " / ".join(filter(None, (targets.get((phase, k), "") for k in ("cold", "warm"))))))
        out.append(render("Boot of the sample extension in the simulator's cross-site iframe (ms since the iframe's "
                          "navigation started; first = the first build, plain = a plain PyScript page rendering one "
                          "jinja2 template, both booted alternately in this run)",
                          ("phase", "cold median", "cold p95", "first cold", "vs first", "plain cold", "vs plain",
                           "warm median", "warm p95", "first warm", "vs first", "plain warm", "vs plain", "target"),
                          rows))
        floor = boot.get("floor")
        if floor:
            out.append(render("What no boot skips, timed alone (a page of the extension's site, files fetched uncached)",
                              ("step", "median", "max"),
                              [(phase.replace("_", " "), stat(floor[phase], "median"), stat(floor[phase], "max"))
                               for phase in FLOOR_PHASES]))
        spent = boot.get("cpu")
        if spent:
            names = [*cpu.PARTS, "total", "wall", "cores busy"]
            out.append(render(f"CPU seconds until Python is ready, the page alone at top level (median; "
                              f"{os.cpu_count()} cores: the wall time cannot be under the total divided by them)",
                              ("where", "current cold", "plain cold", "vs plain", "current warm", "plain warm",
                               "vs plain"),
                              [(name, *(cell for kind in ("cold", "warm") for cell in (
                                  spent["current"][kind][name]["median"], spent["plain"][kind][name]["median"],
                                  versus(spent["current"][kind][name], spent["plain"][kind][name]))))
                               for name in names]))
    transfer = results.get("bytes")
    if transfer:
        first = transfer.get("first", {}).get("extension", {}).get("total_transfer")
        rows = [(f"{site} ({variant} build)", f"{t['total_transfer'] / 1e6:.2f} MB", f"{t['total_decoded'] / 1e6:.2f} MB",
                 t["requests"], f"x{ratio(t['total_transfer'], first)}" if site == "extension" else "",
                 "<= 5 MB" if (site, variant) == ("extension", "current") else "")
                for variant, sites in transfer.items() for site, t in sites.items()
                if variant == "current" or site == "extension"]  # the simulator is the current build in all
        out.append(render("Bytes on the wire for a cold load (headers included; first = the extension as first built, "
                          "plain = the plain PyScript page)",
                          ("site", "on the wire", "decoded", "requests", "vs first", "target"), rows))
        files = transfer.get("current", {}).get("extension", {}).get("files", {})
        rows = [(name, f"{wire / 1e6:.3f} MB", f"{decoded / 1e6:.3f} MB") for name, (wire, decoded) in files.items()
                if wire >= 10_000]
        out.append(render("Files of the extension's cold load, 10 kB or more on the wire (current build)",
                          ("file", "on the wire", "decoded"), rows))
    rtt = results.get("rtt")
    if rtt:
        base = rtt.get("js_js", {}).get("median")
        rows = [(label(name), stat(s, "median"), stat(s, "p95"), stat(s, "p99"),
                 "baseline" if name == "js_js" else f"x{ratio(s['median'], base)}", RTT_TARGETS.get(name, ""))
                for name, s in rtt.items()]
        out.append(render(f"Round trip, {next(iter(rtt.values()))['n']:,} sequential calls (client -> host -> client)",
                          ("client -> host", "median", "p95", "p99", "vs baseline", "target"), rows))
        redraws = [(label(name), s["redraws"]["n"], stat(s["redraws"], "median"), stat(s["redraws"], "max"),
                    fmt_ms(s["redraws"]["total_ms"])) for name, s in rtt.items() if s.get("redraws", {}).get("n")]
        if redraws:
            out.append(render("The simulator page's redraws during those round trips (warm-up included; controller "
                              "and DOM, not the browser's layout)",
                              ("client -> host", "redraws", "median", "max", "total"), redraws))
    if results.get("rtt_parts"):
        out.append(render("The Python client's pieces of a round trip, each alone (median over 40 batches of the mean "
                          "of one)", ("piece", "time"), [(name, fmt_ms(us / 1000)) for name, us in
                                                          results["rtt_parts"].items()]))
    flight = results.get("flight")
    if flight:
        base = flight.get("js_js", {}).get("total_ms")
        rows = [(label(name), f"{r['total_ms']:,.0f} ms", f"{r['calls_per_s']:,}/s",
                 "baseline" if name == "js_js" else f"x{ratio(r['total_ms'], base)}") for name, r in flight.items()]
        out.append(render(f"Throughput, {next(iter(flight.values()))['n']:,} calls in flight",
                          ("client -> host", "total", "calls/s", "time vs baseline"), rows))
    fanout = results.get("fanout")
    if fanout:
        base = fanout.get("js_js", {}).get("median")
        rows = [(label(name), stat(s, "median"), stat(s, "p95"), stat(s, "p99"), s["deliveries"],
                 "baseline" if name == "js_js" else f"x{ratio(s['median'], base)}") for name, s in fanout.items()]
        out.append(render("Event fan-out to 4 subscribed extensions (delivery latency, host -> extension handler)",
                          ("host -> extensions", "median", "p95", "p99", "deliveries", "vs baseline"), rows))
    dashboard = results.get("dashboard")
    if dashboard:
        rows = [(kind, stat(s["with_layout"], "median"), stat(s["with_layout"], "p95"), stat(s["with_layout"], "p99"),
                 stat(s["python_dom"], "median"), stat(s["python_dom"], "p95"))
                for kind, s in dashboard.items() if isinstance(s, dict)]
        out.append(render(f"Dashboard: one event applied with {dashboard['interactions_on_screen']} interactions on "
                          "screen (Python + DOM + style/layout; target p95 < 16 ms)",
                          ("event", "median", "p95", "p99", "python+DOM median", "python+DOM p95"), rows))
    memory = results.get("memory")
    if memory:
        rows = [(key.replace("_", " "), f"{memory[key][0]:,}", f"{memory[key][1]:,}",
                 f"{memory[key][1] - memory[key][0]:+,}")
                for key in ("client_js_heap", "client_python_objects", "client_wasm_bytes", "simulator_js_heap",
                            "simulator_python_objects", "simulator_wasm_bytes")]
        out.append(render(f"Memory before and after {memory['calls']:,} calls ({memory['seconds']} s; JS heap after a "
                          "forced GC, Python objects after gc.collect(); target: no growth)",
                          ("what", "before", "after", "growth"), rows))
    if results.get("oversized"):
        rows = [(name, stat(s, "median"), stat(s, "max")) for name, s in results["oversized"].items()]
        out.append(render(f"One value of 1 MiB without spaces shown in each page (DOM, style, layout, the next frame; "
                          f"target < {oversized.TARGET_MS} ms)", ("page: where", "median", "max"), rows))
    return "\n\n".join(out)


QUICK = {"cold": 2, "warm": 1, "rtt": 500, "flight": 10_000, "events": 250, "memory": 10_000}
"""What --quick sets (the counts of the issue are the defaults)."""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections: {' '.join(SECTIONS)}")
    parser.add_argument("--json", type=Path, default=paths.DIST / "bench-results.json", help="where to write the JSON")
    parser.add_argument("--cold", type=int, default=5, help="cold boots (fresh profiles)")
    parser.add_argument("--warm", type=int, default=2, help="warm boots after each cold one")
    parser.add_argument("--rtt", type=int, default=2000, help="sequential round trips")
    parser.add_argument("--flight", type=int, default=10_000, help="calls in flight")
    parser.add_argument("--events", type=int, default=1000, help="fan-out events")
    parser.add_argument("--interval", type=float, default=5.0, help="ms between fan-out events")
    parser.add_argument("--memory", type=int, default=50_000, help="calls between the memory measurements")
    parser.add_argument("--pairings", default=",".join(PAIRINGS),
                        help=f"client/host pairings of the round-trip section: {' '.join(PAIRINGS)}")
    parser.add_argument("--flight-pairings", default=",".join(FLIGHT_PAIRINGS),
                        help="client/host pairings of the throughput section (same names)")
    parser.add_argument("--quick", action="store_true",
                        help="fewer samples: " + " ".join(f"--{k} {v}" for k, v in QUICK.items()))
    args = parser.parse_args(argv)
    if args.quick:
        for name, value in QUICK.items():
            setattr(args, name, value)
    args.only = [s for s in args.only.split(",") if s]
    args.pairings = tuple(p for p in args.pairings.split(",") if p)
    args.flight_pairings = tuple(p for p in args.flight_pairings.split(",") if p)
    unknown = set(args.only) - set(SECTIONS) | set(args.pairings + args.flight_pairings) - set(PAIRINGS)
    if unknown:
        parser.error(f"unknown sections or pairings: {sorted(unknown)}")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    sections, pairings, flight_pairings = args.only, args.pairings, args.flight_pairings
    from playwright.sync_api import sync_playwright

    assemble.build(quiet=True)
    overlay = prepare_overlay(vendor.vendor_wheels())
    ports = {"workspace": free_port(), "extension": free_port()}
    servers = server.start_servers(workspace_port=ports["workspace"], extension_port=ports["extension"], quiet=True,
                                  handlers={site: bench_handler(overlay[site]) for site in overlay})
    started = time.monotonic()
    results: dict = {"machine": {"cpus": os.cpu_count(), "load_before": os.getloadavg(), "python": platform.python_version(),
                                 "started": time.strftime("%Y-%m-%dT%H:%M:%S")}}
    try:
        with sync_playwright() as playwright:
            bench = Bench(playwright, ports["workspace"], ports["extension"])
            results["machine"]["chromium"] = bench.browser.version
            if "boot" in sections or "bytes" in sections:
                boot, transfer = bench_boot(bench, args.cold if "boot" in sections else 1,
                                            args.warm if "boot" in sections else 0)
                if "boot" in sections:
                    results["boot"] = boot
                results["bytes"] = transfer
            if "rtt" in sections:
                results["rtt"] = bench_rtt(bench, args.rtt, pairings)
                results["rtt_parts"] = bench_parts(bench)
            if "flight" in sections:
                results["flight"] = bench_flight(bench, args.flight, flight_pairings)
            if "fanout" in sections:
                results["fanout"] = bench_fanout(bench, args.events, args.interval)
            if "dashboard" in sections:
                results["dashboard"] = bench_dashboard(bench)
            if "memory" in sections:
                results["memory"] = bench_memory(bench, args.memory, warmup=5000)
            if "oversized" in sections:
                results["oversized"] = bench_oversized(bench)
            bench.browser.close()
            results["offline"] = {"requests_leaving_localhost": bench.foreign}
    finally:
        for running in servers:
            running.shutdown()
            running.server_close()
    results["machine"]["load_after"] = os.getloadavg()
    results["machine"]["seconds"] = round(time.monotonic() - started)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2))
    print()
    print(tables(results))
    print(f"\nload average {results['machine']['load_before'][0]:.1f} -> {results['machine']['load_after'][0]:.1f} "
          f"on {results['machine']['cpus']} CPUs: other work on the machine shows in the figures; the ratios against "
          f"the baseline measured in this run are the robust numbers. Run time {results['machine']['seconds']} s.")
    print(f"JSON: {args.json}")
    if bench.foreign:
        sys.exit(f"requests left localhost: {bench.foreign}")


if __name__ == "__main__":
    main()
