"""One extension, packaged for deployment (``build.py package``): alone, its own runtime, its pages pinned to the
Workspace origins given."""
from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from tools import manifest

from .assemble import assemble
from .paths import DIST, ROOT, importable
from .sites import extension_site, extensions
from .vendor import site_wheels, vendor_npm, vendor_wheels

PACKAGES = DIST / "packages"
ORIGIN_HINT = "pass your Agent Workspace's origin, e.g. --workspace-origin https://workspace.example.com"
ORIGINS_META = re.compile(r'<meta\s+name="wwe-workspace-origins"\s+content="([^"]*)"')


def pinned_origins(values: list[str]) -> str:
    """The ``--workspace-origin`` values as the pages' meta content ("https://a.example, https://b.example");
    ManifestError saying what to pass for none, ``parent``, or anything but an http(s) origin."""
    importable(ROOT / "py")
    from wwe.wire.origins import normalise_origin

    if not values:
        raise manifest.ManifestError(f"package: no Workspace origin: {ORIGIN_HINT}")
    origins = []
    for value in values:
        if value.strip() == "parent":
            raise manifest.ManifestError(f"package: 'parent' trusts whichever page embeds the extension: {ORIGIN_HINT}")
        try:
            origin = normalise_origin(value)
        except ValueError as error:
            raise manifest.ManifestError(f"package: {error}: {ORIGIN_HINT}") from None
        if not origin.startswith(("https://", "http://")):
            raise manifest.ManifestError(f"package: '{value}' is not an http(s) origin: {ORIGIN_HINT}")
        origins.append(origin)
    return ", ".join(dict.fromkeys(origins))


def package(name: str, origins: list[str], found: list[manifest.Extension] | None = None,
            out_root: Path = PACKAGES) -> Path:
    """Write ``out_root``/NAME: the extension ``name`` alone at the site's root (its pages, app.zip with only its
    packages and wheels, the runtime), its pages pinned to ``origins``. Checked first, assembled aside, then put in
    place: an error (ManifestError, one line) leaves nothing partial."""
    content = pinned_origins(origins)
    found = extensions() if found is None else found
    extension = next((ext for ext in found if ext.name == name), None)
    if extension is None:
        raise manifest.ManifestError(f"package {name}: no such extension (known: {', '.join(e.name for e in found)})")
    site = extension_site([extension], name)
    vendor_npm()
    wheels = site_wheels(vendor_wheels(), site.wheels)
    out_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=out_root))
    try:
        assemble([site], {name: wheels}, staging, content)
        for rel in (rel for rel in site.pages if rel.endswith(".html")):
            pinned = ORIGINS_META.findall((staging / name / rel).read_text(encoding="utf-8"))
            if pinned != [content]:
                raise manifest.ManifestError(f"package {name}: {rel} does not pin the origin: give it "
                                             '<meta name="wwe-workspace-origins" content="{{ workspace_origins }}">')
        shutil.rmtree(out_root / name, ignore_errors=True)
        (staging / name).rename(out_root / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out_root / name
