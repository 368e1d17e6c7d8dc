"""The vendored runtime: Pyodide and PyScript from npm, the browser's pure wheels from PyPI (hash-pinned)."""
from __future__ import annotations

import base64
import email.parser
import hashlib
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

from tools import manifest

from .archive import deterministic_zip, write_if_changed
from .paths import CACHE, NODE_MODULES, ROOT, WHEELS, log
from .stamps import digest, stamp, stamped


def vendor_npm() -> None:
    """Install the pinned browser runtime from package-lock.json (``npm ci``), once per lock change."""
    key = digest(ROOT / "package.json", ROOT / "package-lock.json")
    if stamped("npm", key) and (NODE_MODULES / "pyodide").is_dir():
        return
    npm = shutil.which("npm")
    if not npm:
        sys.exit("build.py: npm is needed to vendor Pyodide and PyScript (install Node.js 20 with npm).")
    log("npm ci (Pyodide, PyScript)")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=ROOT, check=True)
    stamp("npm", key)


def pure_wheel_from_sdist(sdist: Path, out_dir: Path) -> Path:
    """Pack a ``py3-none-any`` wheel from a src-layout sdist's Python files (no C speedups)."""
    with tarfile.open(sdist) as tar:
        contents = {m.name: file.read() for m in tar.getmembers() if m.isfile() and (file := tar.extractfile(m))}
    top = sdist.name.removesuffix(".tar.gz")
    pkg_info = contents[f"{top}/PKG-INFO"]
    meta = email.parser.BytesParser().parsebytes(pkg_info)
    name, version = meta["Name"], meta["Version"]
    prefix = f"{top}/src/"
    files = {path[len(prefix):]: data for path, data in sorted(contents.items())
             if path.startswith(prefix) and path.endswith((".py", "py.typed")) and ".egg-info" not in path}
    return write_wheel(out_dir, name, version, files, pkg_info)


def write_wheel(out_dir: Path, name: str, version: str, files: dict[str, bytes], metadata: bytes,
                info_files: dict[str, bytes] | None = None) -> Path:
    """Write the ``py3-none-any`` wheel of ``files`` (archive name -> bytes) with its METADATA, WHEEL, RECORD and
    ``info_files`` (entry_points.txt...) in its .dist-info; returns its path."""
    dist_name = name.lower().replace("-", "_")
    info = f"{dist_name}-{version}.dist-info"
    files = {**files, f"{info}/METADATA": metadata, **{f"{info}/{k}": v for k, v in (info_files or {}).items()}}
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: build.py\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = [f"{p},sha256={_record_hash(b)},{len(b)}" for p, b in files.items()] + [f"{info}/RECORD,,"]
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    wheel = out_dir / f"{dist_name}-{version}-py3-none-any.whl"
    write_if_changed(wheel, deterministic_zip(files))
    return wheel


def _record_hash(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def vendor_wheels() -> list[Path]:
    """Download the hash-pinned wheels/sdists and return the pure wheels to ship to the browser."""
    req = ROOT / "requirements-runtime.txt"
    key = digest(req)
    WHEELS.mkdir(parents=True, exist_ok=True)
    if not stamped("wheels", key):
        log("pip download (jinja2 wheel, markupsafe sdist)")
        raw = CACHE / "downloads"
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--require-hashes",
                        "--no-binary", "markupsafe", "--only-binary", "jinja2", "-r", str(req), "-d", str(raw)],
                       check=True)
        for old in WHEELS.glob("*.whl"):
            old.unlink()
        for path in raw.iterdir():
            if path.name.endswith(".whl"):
                shutil.copy2(path, WHEELS / path.name)
            elif path.name.endswith(".tar.gz"):
                pure_wheel_from_sdist(path, WHEELS)
        stamp("wheels", key)
    return sorted(WHEELS.glob("*.whl"))


def site_wheels(wheels: list[Path], names: tuple[str, ...]) -> list[Path]:
    """The vendored wheels named (by project name); ManifestError for a name that is not vendored."""
    by_name = {wheel.name.split("-")[0].lower(): wheel for wheel in wheels}
    for name in names:
        if name.lower().replace("-", "_") not in by_name:
            raise manifest.ManifestError(f"wheels: no vendored wheel '{name}' (vendored: {', '.join(sorted(by_name))};"
                                         " requirements-runtime.txt lists them)")
    return [by_name[name.lower().replace("-", "_")] for name in names]
