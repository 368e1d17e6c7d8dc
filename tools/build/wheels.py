"""The libraries as pure wheels (``build.py wheels``): ``wwe`` and ``workspace``, installable anywhere."""
from __future__ import annotations

import tomllib
from pathlib import Path

from .archive import archive_files
from .paths import DIST, ROOT
from .vendor import write_wheel

LIBRARIES = {
    "wwe": ("The Agent Workspace Service Client API in Python: the client, its browser transport, wwe.testing.", (),
            {}),
    "workspace": ("The Agent Workspace simulator's core, for tests: workspace.testing (Simulator, the pytest fixture "
                  "'simulator') and its bundled scenarios.", ("wwe=={version}",), {"scenario": ROOT / "scenario"}),
}
"""Wheel -> (summary, requirements, data folders put in its package): ``build.py wheels``."""


def wheels(out: Path = DIST / "wheels") -> list[Path]:
    """Pure ``py3-none-any`` wheels of the libraries in ``out``: ``wwe`` and ``workspace`` (with its pytest plugin
    entry point, so an installed ``workspace`` gives the fixture ``simulator``), stale ones removed."""
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    made = []
    for name, (summary, requires, data) in LIBRARIES.items():
        folder = ROOT / "py" / name
        markers = {f"{name}/py.typed": folder / "py.typed"} if (folder / "py.typed").exists() else {}
        files = archive_files({name: folder}, {**markers, **{f"{name}/{k}": v for k, v in data.items()}})
        metadata = "".join([f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: {summary}\n",
                            "Requires-Python: >=3.11\n", *(f"Requires-Dist: {r.format(version=version)}\n"
                                                            for r in requires)])
        entry_points = {"entry_points.txt": b"[pytest11]\nworkspace = workspace.testing\n"} if name == "workspace" else None
        made.append(write_wheel(out, name, version, files, metadata.encode(), entry_points))
    for stale in set(out.glob("*.whl")) - set(made):
        stale.unlink()
    return made
