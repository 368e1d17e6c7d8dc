"""Files into archives and dist/: deterministic zips, app.zip's contents, writing only what changed."""
from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

from .paths import NODE_MODULES, PYODIDE_FILES, ROOT


def deterministic_zip(files: dict[str, bytes]) -> bytes:
    """A zip of ``files`` with fixed timestamps and sorted names, so rebuilds are byte-identical. Members are stored
    (a ZipInfo's default): the server sends the whole archive brotli- or gzip-compressed, which compresses better
    than deflating each member, and Python reads stored members without inflating them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files):
            zf.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), files[name])
    return buffer.getvalue()


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` unless the file already holds it; True when written. A new file replaces the old one, so a
    hard link (``link_or_copy``) is never written through: its source (node_modules...) stays intact."""
    if path.exists() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    path.write_bytes(data)
    return True


def link_or_copy(src: Path, dst: Path) -> None:
    """Place ``src`` at ``dst`` (hard link when possible) unless an identical file is already there."""
    if dst.exists():
        s, d = src.stat(), dst.stat()
        if (s.st_ino == d.st_ino and s.st_dev == d.st_dev) or (s.st_size == d.st_size and s.st_mtime <= d.st_mtime):
            return
        dst.unlink()
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def runtime_files() -> dict[str, Path]:
    """Relative output path -> source file, for the Pyodide and PyScript runtime."""
    files = {f"pyodide/{name}": NODE_MODULES / "pyodide" / name for name in PYODIDE_FILES}
    core = NODE_MODULES / "@pyscript" / "core" / "dist"
    for path in core.iterdir():
        if path.suffix in (".js", ".css"):
            files[f"pyscript/{path.name}"] = path
    return files


def bundle_files(packages: tuple[str, ...], data: tuple[str, ...]) -> dict[str, bytes]:
    """Archive name -> bytes: the packages' sources from ``py/`` and the data folders from the repo root."""
    return archive_files({name: ROOT / "py" / name for name in packages}, {folder: ROOT / folder for folder in data})


def archive_files(packages: dict[str, Path], data: dict[str, Path]) -> dict[str, bytes]:
    """Archive name -> bytes: each package's sources under its name; each data file, or folder's files, under its
    archive name."""
    files: dict[str, bytes] = {}
    for package, folder in packages.items():
        for path in sorted(folder.rglob("*.py")):
            files[f"{package}/{path.relative_to(folder).as_posix()}"] = path.read_bytes()
    for name, source in data.items():
        if source.is_file():
            files[name] = source.read_bytes()
        for path in sorted(source.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                files[f"{name}/{path.relative_to(source).as_posix()}"] = path.read_bytes()
    return files


def wheel_files(wheels: list[Path]) -> dict[str, bytes]:
    """The files of the pure wheels (packages and metadata), as unpacked into Python's working directory."""
    files: dict[str, bytes] = {}
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as zf:
            files.update({name: zf.read(name) for name in zf.namelist() if not name.endswith("/")})
    return files
