#!/usr/bin/env python3
"""Build, serve and test the Python extension and the Workspace simulator.

    python build.py           build dist/ (idempotent; fast when nothing changed)
    python build.py serve     build if needed, serve the simulator and the extension on two origins
    python build.py test      install what the tests need, build, run every test

The output is a static site in ``dist/``: ``dist/extension`` (deploys as-is to any static web server)
and ``dist/workspace`` (the simulator host page). Nothing is fetched from a CDN at run time: the
runtime (Pyodide, PyScript) comes from npm and the wheels from PyPI, both pinned in lock files.
"""
from __future__ import annotations

import argparse
import base64
import email.parser
import hashlib
import http.server
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import threading
import zipfile
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DIST = ROOT / "dist"
CACHE = ROOT / ".cache"
NODE_MODULES = ROOT / "node_modules"
WHEELS = CACHE / "wheels"

PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
HOST = "127.0.0.1"
WORKSPACE_PORT = 8000
EXTENSION_PORT = 8001
# The extension is served under another *site* (localhost vs 127.0.0.1), as in a real Agent Workspace.
EXTENSION_HOSTNAME = "localhost"

# What each site holds: pages rendered through jinja2, static files, and the Python packages and data folders
# zipped into its app bundle (app.zip, unpacked by PyScript into Python's working directory).
SITES: dict[str, dict] = {
    "extension": {
        "pages": {"index.html": "index.html", "pyscript.toml": "pyscript.toml"},
        "static": {"static/boot.js": "boot.js", "static/dashboard.css": "dashboard.css"},
        "packages": ("wwe", "dashboard"),
        "data": ("templates",),
    },
    "workspace": {
        "pages": {"simulator/index.html": "index.html", "simulator/pyscript.toml": "pyscript.toml"},
        "static": {"static/boot.js": "boot.js", "simulator/simulator.css": "simulator.css"},
        "packages": ("workspace",),
        "data": ("scenario", "templates/simulator"),
    },
}


def log(message: str) -> None:
    print(f"[build] {message}", flush=True)


# ---------------------------------------------------------------- vendoring

def digest(*paths: Path) -> str:
    """A hash of the given files' contents (missing files count as empty)."""
    h = hashlib.sha256()
    for path in paths:
        h.update(path.name.encode())
        h.update(path.read_bytes() if path.exists() else b"")
    return h.hexdigest()


def stamped(name: str, key: str) -> bool:
    """True when the step ``name`` already ran with inputs hashing to ``key``."""
    stamp = CACHE / f"{name}.stamp"
    return stamp.exists() and stamp.read_text() == key


def stamp(name: str, key: str) -> None:
    CACHE.mkdir(exist_ok=True)
    (CACHE / f"{name}.stamp").write_text(key)


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
        members = {m.name: m for m in tar.getmembers() if m.isfile()}
        top = sdist.name.removesuffix(".tar.gz")
        pkg_info = tar.extractfile(members[f"{top}/PKG-INFO"]).read()
        meta = email.parser.BytesParser().parsebytes(pkg_info)
        name, version = meta["Name"], meta["Version"]
        dist_name = name.lower().replace("-", "_")
        files: dict[str, bytes] = {}
        prefix = f"{top}/src/"
        for path, member in sorted(members.items()):
            if path.startswith(prefix) and path.endswith((".py", "py.typed")) and ".egg-info" not in path:
                files[path[len(prefix):]] = tar.extractfile(member).read()
    info = f"{dist_name}-{version}.dist-info"
    files[f"{info}/METADATA"] = pkg_info
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: build.py\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = [f"{p},sha256={_record_hash(b)},{len(b)}" for p, b in files.items()] + [f"{info}/RECORD,,"]
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    wheel = out_dir / f"{dist_name}-{version}-py3-none-any.whl"
    write_if_changed(wheel, deterministic_zip(files))
    return wheel


def _record_hash(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def deterministic_zip(files: dict[str, bytes]) -> bytes:
    """A zip of ``files`` with fixed timestamps and sorted names, so rebuilds are byte-identical."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files):
            zf.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), files[name])
    return buffer.getvalue()


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


# ---------------------------------------------------------------- assembling

def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` unless the file already holds it; True when written."""
    if path.exists() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
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
    files: dict[str, bytes] = {}
    for package in packages:
        for path in sorted((ROOT / "py" / package).rglob("*.py")):
            files[path.relative_to(ROOT / "py").as_posix()] = path.read_bytes()
    for folder in data:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                files[path.relative_to(ROOT).as_posix()] = path.read_bytes()
    return files


def jinja_environment(wheels: list[Path]):
    """The dashboard's own jinja2 environment (same filters and globals as in the browser), also able to load the
    pages at the repository root; jinja2 is imported from the vendored wheels (no install needed)."""
    for path in [*wheels, ROOT / "py"]:
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    import jinja2
    from dashboard.render import environment

    env = environment(ROOT / "templates")
    env.loader = jinja2.ChoiceLoader([env.loader, jinja2.FileSystemLoader(str(ROOT))])
    return env


def render_page(env, source: str, site: str, wheels: list[Path]) -> bytes:
    """Render an HTML page or pyscript.toml through jinja2 with the build context (no dashboard state yet)."""
    return env.get_template(source).render(site=site, wheels=[w.name for w in wheels], s=None).encode()


def build(quiet: bool = False) -> int:
    """Assemble ``dist/``; returns how many output files were written or removed (0 when up to date)."""
    vendor_npm()
    wheels = vendor_wheels()
    env = jinja_environment(wheels)
    runtime = runtime_files()
    changed = 0
    for site, spec in SITES.items():
        out = DIST / site
        expected: set[Path] = set()
        for rel, src in runtime.items():
            link_or_copy(src, out / rel)
            expected.add(out / rel)
        for wheel in wheels:
            link_or_copy(wheel, out / "wheels" / wheel.name)
            expected.add(out / "wheels" / wheel.name)
        for src, rel in spec["static"].items():
            changed += write_if_changed(out / rel, (ROOT / src).read_bytes())
            expected.add(out / rel)
        changed += write_if_changed(out / "app.zip", deterministic_zip(bundle_files(spec["packages"], spec["data"])))
        expected.add(out / "app.zip")
        for src, rel in spec["pages"].items():
            changed += write_if_changed(out / rel, render_page(env, src, site, wheels))
            expected.add(out / rel)
        for stale in [p for p in out.rglob("*") if p.is_file() and p not in expected]:
            stale.unlink()
            changed += 1
    if not quiet:
        log(f"dist/ ready ({changed} file(s) changed)")
    return changed


# ---------------------------------------------------------------- serving

class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with the right types for WebAssembly and modules, and no directory listings."""

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".toml": "application/toml",
        ".whl": "application/zip",
        ".zip": "application/zip",
    }

    def __init__(self, *args, quiet: bool = False, **kwargs) -> None:
        self.quiet = quiet
        super().__init__(*args, **kwargs)

    def list_directory(self, path):  # noqa: D102 - no listings
        self.send_error(404, "No directory listing")
        return None

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        if not self.quiet:
            super().log_message(format, *args)


def start_servers(host: str = HOST, workspace_port: int = WORKSPACE_PORT, extension_port: int = EXTENSION_PORT,
                  quiet: bool = False) -> list[http.server.ThreadingHTTPServer]:
    """Serve dist/workspace and dist/extension on two ports in background threads."""
    servers = []
    for site, port in (("workspace", workspace_port), ("extension", extension_port)):
        handler = partial(StaticHandler, directory=str(DIST / site), quiet=quiet)
        server = http.server.ThreadingHTTPServer((host, port), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, name=f"serve-{site}", daemon=True).start()
        servers.append(server)
    return servers


def serve(args: argparse.Namespace) -> None:
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):  # Ctrl-C and kill stop cleanly, from the first moment
        signal.signal(signum, lambda *_: stop.set())
    build()
    servers = start_servers(workspace_port=args.port, extension_port=args.extension_port)
    print(f"Workspace simulator: http://{HOST}:{args.port}/")
    print(f"Extension (embedded by the simulator, another site): http://{EXTENSION_HOSTNAME}:{args.extension_port}/")
    print("Press Ctrl-C to stop.", flush=True)
    stop.wait()
    print("\nStopping.", flush=True)
    for server in servers:
        server.shutdown()
        server.server_close()


# ---------------------------------------------------------------- testing

VENV = ROOT / ".venv"


def ensure_test_tools() -> Path:
    """Install the test tools (Debian's chromium; the dev requirements in .venv); return the venv's Python."""
    if not Path("/usr/bin/chromium").exists():
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        log("apt-get install chromium")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(sudo + ["apt-get", "update", "-q"], check=True, env=env)
        subprocess.run(sudo + ["apt-get", "install", "-y", "-q", "chromium"], check=True, env=env)
    python = VENV / "bin" / "python"
    if not python.exists():
        log("python -m venv .venv")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    key = digest(ROOT / "requirements-dev.txt") + str(python)
    if not stamped("dev-requirements", key):
        log("pip install -r requirements-dev.txt (into .venv)")
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "-r", str(ROOT / "requirements-dev.txt")], check=True)
        stamp("dev-requirements", key)
    return python


def test(args: argparse.Namespace) -> None:
    python = ensure_test_tools()
    build()
    result = subprocess.run([str(python), "-m", "pytest", *args.pytest_args], cwd=ROOT)
    sys.exit(result.returncode)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("build", help="assemble dist/ (the default)")
    p_serve = sub.add_parser("serve", help="build, then serve the simulator and the extension")
    p_serve.add_argument("--port", type=int, default=WORKSPACE_PORT, help="simulator port (default 8000)")
    p_serve.add_argument("--extension-port", type=int, default=EXTENSION_PORT, help="extension port (default 8001)")
    p_test = sub.add_parser("test", help="install test tools, build, run every test")
    p_test.add_argument("pytest_args", nargs=argparse.REMAINDER, help="extra pytest arguments")
    args = parser.parse_args(argv)
    if args.command == "serve":
        serve(args)
    elif args.command == "test":
        test(args)
    else:
        build()


if __name__ == "__main__":
    main()
