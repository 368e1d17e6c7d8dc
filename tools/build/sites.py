"""What each folder of dist/ holds: the simulator's site and the extensions' sites, from their manifests."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tools import manifest

from .paths import ROOT


# The simulator's site: pages rendered through jinja2, static files, and the Python packages and data folders zipped
# into its app bundle (app.zip, unpacked by PyScript into Python's working directory). The extension site holds the
# extensions their manifests describe (tools/manifest.py: extensions/*/extension.toml and extension-dirs.txt).
WORKSPACE_PAGES = {"index.html": "simulator/index.html", "pyscript.toml": "simulator/pyscript.toml"}
WORKSPACE_STATIC = {"simulator.css": ROOT / "simulator" / "simulator.css"}
WORKSPACE_PACKAGES = ("workspace", "wwe")  # wwe.wire: the wire package of both roles
WORKSPACE_DATA = ("scenario", "templates/simulator")
SITES = ("workspace", "extension")
"""The two sites served (dist/<site>), on two ports."""
REGISTRY = ROOT / "extension-dirs.txt"
"""Extension folders outside this repository, one a line (git-ignored; ``new --dir`` adds to it)."""
RUNTIME_STATIC = {name: ROOT / "static" / name for name in ("boot.js", "standins.js")}
"""Static files every site has beside the runtime (pyscript.toml and the pages load them)."""
EXTENSION_SCENARIOS = "scenario/extensions"
"""Where the extensions' scenarios go in the simulator's bundle (``workspace.timeline.bundled`` finds them)."""


@dataclass(frozen=True)
class Site:
    """What one folder of dist/ holds: ``pages`` (file -> template name under one of ``roots``), ``static`` (file ->
    source), app.zip's ``packages`` (name -> folder) and ``data`` (archive name -> file or folder), and the vendored
    ``wheels`` it ships (their name prefixes)."""

    out: str
    roots: tuple[Path, ...]
    pages: dict[str, str]
    static: dict[str, Path]
    packages: dict[str, Path]
    data: dict[str, Path]
    wheels: tuple[str, ...]


def sites(extensions: list[manifest.Extension]) -> list[Site]:
    """The simulator's site, then one site per extension mount (extensions sharing a mount share a site)."""
    scenarios = {f"{EXTENSION_SCENARIOS}/{path.name}": path for ext in extensions for path in ext.scenarios}
    found = [Site("workspace", (ROOT,), dict(WORKSPACE_PAGES), dict(WORKSPACE_STATIC),
                  {name: ROOT / "py" / name for name in WORKSPACE_PACKAGES},
                  {**{folder: ROOT / folder for folder in WORKSPACE_DATA}, **scenarios}, ("jinja2", "markupsafe"))]
    for mount in dict.fromkeys(ext.mount for ext in extensions):
        found.append(extension_site([ext for ext in extensions if ext.mount == mount], f"extension/{mount}".rstrip("/")))
    return found


def extension_site(group: list[manifest.Extension], out: str) -> Site:
    """The site of extensions that share a folder, written to ``out``."""
    return Site(out, tuple(dict.fromkeys(ext.root for ext in group)),
                {rel: src.relative_to(ext.root).as_posix() for ext in group for rel, src in ext.pages.items()},
                {rel: src for ext in group for rel, src in ext.static.items()},
                {name: folder for ext in group for name, folder in ext.packages.items()},
                {name: folder for ext in group for name, folder in ext.data.items()},
                tuple(dict.fromkeys(wheel for ext in group for wheel in ext.wheels)))


def extensions(registry: Path | None = None) -> list[manifest.Extension]:
    """Every extension's manifest (those in extensions/ and those ``registry``, default REGISTRY, lists), checked
    (``manifest.ManifestError``: one line naming the problem)."""
    return manifest.discover(ROOT, registry or REGISTRY, ROOT / "py")
