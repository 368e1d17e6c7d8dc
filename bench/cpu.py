"""CPU time Chromium's processes and the renderer's threads spent, read from Linux's /proc (the bench's boot.cpu).

A boot on this machine keeps both cores busy, so its wall time is bounded below by the CPU work it does divided by
the cores: these figures say how much work that is and which part of Chromium does it.
"""
from __future__ import annotations

import os
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PARTS = ("renderer main thread", "renderer compile threads", "renderer other threads", "network service", "browser",
         "other processes")
"""Where the time goes: the page's main thread (JavaScript, Python in wasm, layout), V8's background threads
(compiling the wasm and the JavaScript), the rest of the renderer, the network service (serving the cache,
decompressing brotli), the browser process and the others (GPU, storage...)."""


def _seconds(stat: Path) -> float:
    """utime + stime of one /proc stat file (its fields after the command name)."""
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def renderer_part(thread_name: str) -> str:
    if thread_name.startswith("ThreadPoolForeg"):  # V8's compile jobs run on the foreground-priority pool
        return "renderer compile threads"
    return "renderer main thread" if thread_name.startswith("chromium") else "renderer other threads"


def process_part(arguments: list[str]) -> str:
    kind = next((a.removeprefix("--type=") for a in arguments if a.startswith("--type=")), "browser")
    if kind == "utility" and any(a.startswith("--utility-sub-type=network.") for a in arguments):
        return "network service"
    return kind if kind == "browser" else "other processes"


def chromium_cpu() -> dict[str, float]:
    """CPU seconds so far of every running Chromium process (renderers per thread), keyed by /proc path, with their
    part: {path: (part, seconds)}."""
    found: dict[str, tuple[str, float]] = {}
    for process in Path("/proc").iterdir():
        try:
            arguments = (process / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").split()
            if not arguments or "chrom" not in Path(arguments[0]).name:
                continue
            if "--type=renderer" in arguments:
                for thread in (process / "task").iterdir():
                    found[str(thread)] = (renderer_part((thread / "comm").read_text()), _seconds(thread / "stat"))
            else:
                found[str(process)] = (process_part(arguments), _seconds(process / "stat"))
        except (FileNotFoundError, ProcessLookupError, NotADirectoryError, PermissionError):
            continue  # not a process, or it ended while being read
    return found


def spent(before: dict[str, tuple[str, float]], after: dict[str, tuple[str, float]]) -> dict[str, float]:
    """CPU seconds spent between two ``chromium_cpu()`` readings, by part (processes and threads started in between
    count from zero)."""
    totals = dict.fromkeys(PARTS, 0.0)
    for key, (part, seconds) in after.items():
        totals[part] += seconds - before.get(key, (part, 0.0))[1]
    return totals
