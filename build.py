#!/usr/bin/env python3
"""Build, serve and test the Python extension and the Workspace simulator.

    python build.py           build dist/ (idempotent; fast when nothing changed)
    python build.py serve     build if needed, serve the simulator and the extension on two origins
    python build.py test      install what the tests need, build, run every test
    python build.py bench     install the same, build, run the benchmarks (table + JSON; see README "Performance")
    python build.py new NAME [--dir PATH]                       a new extension (docs/EXTENSIONS.md)
    python build.py package NAME --workspace-origin https://...   one extension, pinned, in dist/packages/NAME
    python build.py wheels    wwe and workspace as pure wheels in dist/wheels/

The output is a static site in ``dist/``: ``dist/extension`` (the extensions their manifests describe: the sample
dashboard and the playground at its root, each other extension in its own folder) and ``dist/workspace`` (the
simulator host page). Nothing is fetched from a CDN at run time: the
runtime (Pyodide, PyScript) comes from npm and the wheels from PyPI, both pinned in lock files.
"""
from __future__ import annotations

import argparse
import ast
import base64
import email.parser
import gzip
import hashlib
import http.server
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import threading
import tomllib
import zipfile
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from functools import partial
from pathlib import Path

from tools import manifest, new_extension

ROOT = Path(__file__).resolve().parent
DIST = ROOT / "dist"
CACHE = (ROOT / ".cache").resolve()  # resolved: Pyodide's mount of the host cannot follow a symlinked cache
NODE_MODULES = ROOT / "node_modules"
WHEELS = CACHE / "wheels"

PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
HOST = "127.0.0.1"
WORKSPACE_PORT = 8000
EXTENSION_PORT = 8001
# The extension is served under another *site* (localhost vs 127.0.0.1), as in a real Agent Workspace.
EXTENSION_HOSTNAME = "localhost"

# The simulator's site: pages rendered through jinja2, static files, and the Python packages and data folders zipped
# into its app bundle (app.zip, unpacked by PyScript into Python's working directory). The extension site holds the
# extensions their manifests describe (tools/manifest.py: extensions/*/extension.toml and extension-dirs.txt).
WORKSPACE = {
    "pages": {"index.html": "simulator/index.html", "pyscript.toml": "simulator/pyscript.toml"},
    "static": {"simulator.css": "simulator/simulator.css"},
    "packages": ("workspace", "wwe"),  # wwe.wire: the wire package of both roles
    "data": ("scenario", "templates/simulator"),
}
SITES = ("workspace", "extension")
"""The two sites served (dist/<site>), on two ports."""
REGISTRY = ROOT / "extension-dirs.txt"
"""Extension folders outside this repository, one a line (git-ignored; ``new --dir`` adds to it)."""
RUNTIME_STATIC = {"boot.js": ROOT / "static" / "boot.js"}
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
    found = [Site("workspace", (ROOT,), dict(WORKSPACE["pages"]),
                  {rel: ROOT / src for rel, src in WORKSPACE["static"].items()},
                  {name: ROOT / "py" / name for name in WORKSPACE["packages"]},
                  {**{folder: ROOT / folder for folder in WORKSPACE["data"]}, **scenarios}, ("jinja2", "markupsafe"))]
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
        files: dict[str, bytes] = {}
        prefix = f"{top}/src/"
        for path, member in sorted(members.items()):
            if path.startswith(prefix) and path.endswith((".py", "py.typed")) and ".egg-info" not in path:
                files[path[len(prefix):]] = tar.extractfile(member).read()
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


def deterministic_zip(files: dict[str, bytes]) -> bytes:
    """A zip of ``files`` with fixed timestamps and sorted names, so rebuilds are byte-identical. Members are stored
    (a ZipInfo's default): the server sends the whole archive brotli- or gzip-compressed, which compresses better
    than deflating each member, and Python reads stored members without inflating them."""
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


def importable(*paths: Path) -> None:
    """Put ``paths`` (the library py/, wheels) first on sys.path, once."""
    for path in paths:
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))


def jinja_environment(wheels: list[Path], roots: tuple[Path, ...] = (ROOT,)):
    """The dashboard's own jinja2 environment (same filters and globals as in the browser), also able to load the
    pages under ``roots`` (and their templates/); jinja2 is imported from the vendored wheels (no install needed)."""
    importable(*wheels, ROOT / "py")
    import jinja2
    from dashboard.render import environment

    env = environment(ROOT / "templates")
    folders = [str(folder) for root in roots for folder in (root, root / "templates") if folder.is_dir()]
    env.loader = jinja2.ChoiceLoader([env.loader, jinja2.FileSystemLoader(list(dict.fromkeys(folders)))])
    return env


def render_page(env, source: str, site: str, wheels: list[Path], workspace_origins: str = "parent") -> bytes:
    """Render an HTML page or pyscript.toml through jinja2 with the build context (no dashboard state yet);
    ``workspace_origins``: what a page's ``<meta name="wwe-workspace-origins">`` says (``package`` pins it)."""
    return env.get_template(source).render(site=site, wheels=[w.name for w in wheels], s=None,
                                           workspace_origins=workspace_origins).encode()


# ---------------------------------------------------------------- bytecode and the standard library
#
# Pyodide compiles every module it imports from source, at every page load: its own start-up alone imports about 200
# standard-library modules. The build compiles them once with Pyodide's own Python (Node runs it), so browsers load
# bytecode (see README, "Performance"):
# - python_stdlib.zip holds sourceless .pyc files, compiled as by ``python -OO`` (no docstrings, no asserts) except
#   Pyodide's own packages, and only the modules the site may import (``stdlib_closure``);
# - app.zip holds, next to each source (the site's packages and the pure wheels' packages), a checked hash-based
#   ``__pycache__/<module>.<cache tag>.pyc``: Python checks it against the source, so it never runs a stale one.

BYTECODE_CACHE = CACHE / "bytecode"
STDLIB_MOUNT = "/lib/python314.zip"  # where Pyodide mounts python_stdlib.zip (tracebacks name this path)
STDLIB_KEEP_DOCSTRINGS = ("pyodide", "_pyodide")  # Pyodide copies docstrings from these onto its own types
STDLIB_ALWAYS = ("encodings", "pyodide", "_pyodide")
"""Always there: codecs are imported by name (str.encode("idna")...), which a static closure misses; Pyodide's own
package (pyodide.http...) is what page scripts use, including those the build never sees (tests, benchmarks)."""
STDLIB_DEV_TOOLS = ("pydoc", "pdb", "bdb", "doctest", "unittest", "_pyrepl", "cProfile", "profile", "pstats", "timeit",
                    "trace", "tabnanny", "pickletools", "py_compile", "compileall", "zipapp", "turtle", "turtledemo",
                    "idlelib", "tkinter", "ensurepip", "venv", "lib2to3", "pydoc_data", "argparse")
"""Developer tools that standard modules import inside functions (help(), a module's command line, doctest...)."""
STDLIB_NOT_IN_BROWSER = ("multiprocessing", "concurrent.futures.process", "concurrent.futures.interpreter",
                         "concurrent.interpreters", "ctypes", "tracemalloc", "runpy", "pkgutil", "urllib.request",
                         "urllib.response", "http.client", "http.cookiejar", "http.server", "socketserver", "wsgiref",
                         "ftplib", "smtplib", "imaplib", "poplib", "netrc", "mailbox", "mimetypes", "email", "xmlrpc")
"""Processes, sockets, ctypes and mail: imported inside some standard functions, unusable or unused in a page.
Both lists are left out of the browser's standard library unless the site's own code imports them (or Pyodide
does at start-up); only code calling such a function would miss them (ModuleNotFoundError)."""

# Run inside Pyodide on Node, with the host's file system mounted at /host. job.json: {"stdlib": {...}?, "compile":
# [{"src", "dst", "filename"}]}; writes result.json (cache tag, and the standard library's import index).
BYTECODE_JOB = r'''
import ast, importlib.util, json, sys, zipfile
from importlib import _bootstrap_external as bootstrap

HOST = "/host"
job = json.load(open(sys.argv[1]))
result = {"cache_tag": sys.implementation.cache_tag}


def pyc(source, filename, checked, optimize=0):
    code = compile(source, filename, "exec", dont_inherit=True, optimize=optimize)
    return bytes(bootstrap._code_to_hash_pyc(code, importlib.util.source_hash(source), checked))


def is_main_test(test):
    return (isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and test.left.id == "__name__"
            and len(test.comparators) == 1 and isinstance(test.comparators[0], ast.Constant)
            and test.comparators[0].value == "__main__")


def imports_of(tree, module, is_package):
    """(eager, lazy): what the module imports when it runs, and inside its functions; an
    ``if __name__ == "__main__":`` block never runs on import and is left out."""
    package = module if is_package else module.rpartition(".")[0]
    eager, lazy = set(), set()

    def visit(node, in_function):
        if isinstance(node, ast.If) and is_main_test(node.test):
            for child in node.orelse:
                visit(child, in_function)
            return
        if isinstance(node, ast.Import):
            (lazy if in_function else eager).update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = node.module
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            names = {target} | {f"{target}.{alias.name}" for alias in node.names if alias.name != "*"}
            (lazy if in_function else eager).update(names)
        inner = in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        for child in ast.iter_child_nodes(node):
            visit(child, inner)

    visit(tree, False)
    return sorted(eager), sorted(lazy - eager)


if "stdlib" in job:
    spec = job["stdlib"]
    source_zip = zipfile.ZipFile(HOST + spec["zip"])
    out = zipfile.ZipFile(HOST + spec["out"], "w", zipfile.ZIP_STORED)
    modules, data_files = {}, []
    for info in sorted(source_zip.infolist(), key=lambda i: i.filename):
        name = info.filename
        if name.endswith("/"):
            continue
        data = source_zip.read(info)
        entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        stem = name.rsplit("/", 1)[-1]
        if name.endswith(".py") and "-" not in stem:
            is_package = stem == "__init__.py"
            module = name[:-3].replace("/", ".").removesuffix(".__init__")
            eager, lazy = imports_of(ast.parse(data, name), module, is_package)
            keep_docs = module.split(".")[0] in spec["keep_docstrings"]
            entry.filename = name + "c"
            out.writestr(entry, pyc(data, f"{spec['mount']}/{name}", False, 0 if keep_docs else 2))
            modules[module] = {"file": entry.filename, "eager": eager, "lazy": lazy}
        else:
            out.writestr(entry, data)
            data_files.append(name)
    out.close()
    result["stdlib"] = {"init": sorted(sys.modules), "modules": modules, "data": data_files}

for item in job.get("compile", ()):
    with open(HOST + item["src"], "rb") as f:
        source = f.read()
    with open(HOST + item["dst"], "wb") as f:
        f.write(pyc(source, item["filename"], True))

with open(sys.argv[2], "w") as f:
    json.dump(result, f)
'''

NODE_PYODIDE_RUNNER = r'''
const [pyodideDir, jobPy, ...args] = process.argv.slice(1);
const { loadPyodide } = await import(new URL("pyodide.mjs", "file://" + pyodideDir + "/").href);
const { readFileSync } = await import("node:fs");
const pyodide = await loadPyodide({ indexURL: pyodideDir + "/" });
pyodide.FS.mkdirTree("/host");
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: "/" }, "/host");
pyodide.runPython("import sys; sys.argv = " + JSON.stringify(["job", ...args.map((a) => "/host" + a)]));
pyodide.runPython(readFileSync(jobPy, "utf8"));
'''

JOB_VERSION = hashlib.sha256((BYTECODE_JOB + NODE_PYODIDE_RUNNER).encode()).hexdigest()[:16]


def run_pyodide_job(job: dict) -> dict:
    """Run BYTECODE_JOB in Pyodide (Node); returns its result."""
    node = shutil.which("node")
    if not node:
        sys.exit("build.py: Node.js is needed to compile Python to bytecode with Pyodide.")
    work = BYTECODE_CACHE / "job"
    work.mkdir(parents=True, exist_ok=True)
    (work / "job.py").write_text(BYTECODE_JOB)
    (work / "job.json").write_text(json.dumps(job))
    (work / "result.json").unlink(missing_ok=True)
    subprocess.run([node, "--input-type=module", "-e", NODE_PYODIDE_RUNNER, str(NODE_MODULES / "pyodide"),
                    str(work / "job.py"), str(work / "job.json"), str(work / "result.json")], check=True)
    return json.loads((work / "result.json").read_text())


def compiled_stdlib() -> tuple[Path, dict]:
    """The standard library as .pyc (every module) and its import index, made once per Pyodide version."""
    source = NODE_MODULES / "pyodide" / "python_stdlib.zip"
    key = hashlib.sha256(source.read_bytes()).hexdigest()[:16] + "-" + JOB_VERSION
    out, index = BYTECODE_CACHE / f"stdlib-{key}.zip", BYTECODE_CACHE / f"stdlib-{key}.json"
    if not (out.exists() and index.exists()):
        log("compiling the standard library with Pyodide (once per Pyodide version)")
        BYTECODE_CACHE.mkdir(parents=True, exist_ok=True)
        result = run_pyodide_job({"stdlib": {"zip": str(source), "out": str(out), "mount": STDLIB_MOUNT,
                                             "keep_docstrings": list(STDLIB_KEEP_DOCSTRINGS)}})
        index.write_text(json.dumps({"cache_tag": result["cache_tag"], **result["stdlib"]}))
    return out, json.loads(index.read_text())


def module_name(path: str) -> tuple[str, bool]:
    """"a/b/__init__.py" -> ("a.b", True); "a/b/c.py" -> ("a.b.c", False)."""
    is_package = path.endswith("/__init__.py")
    return path.removesuffix(".py").replace("/", ".").removesuffix(".__init__"), is_package


def imports_in(source: bytes | str, module: str = "__main__", is_package: bool = False) -> set[str]:
    """Every module ``source`` may import (anywhere in it, relative imports resolved), parsed by this Python:
    the code that runs in the browser must also run on CPython 3.11. Top-level await is allowed (page scripts)."""
    tree = compile(source, module, "exec", flags=ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names if alias.name != "*")
    return found


def page_scripts(html: str) -> list[str]:
    """The Python of a page's ``<script type="py">`` elements."""
    return re.findall(r'<script\s+type="py"[^>]*>(.*?)</script>', html, flags=re.S)


def runtime_imports() -> set[str]:
    """Modules PyScript's own Python package imports (its sources are strings inside its JavaScript)."""
    found: set[str] = set()
    pattern = r'(?:\\n|^|;|")[\t ]*(?:from[\t ]+([A-Za-z_][\w.]*)[\t ]+import|import[\t ]+([A-Za-z_][\w.]*(?:[\t ]*,[\t ]*[A-Za-z_][\w.]*)*))'
    for path in sorted((NODE_MODULES / "@pyscript" / "core" / "dist").glob("*.js")):
        for match in re.finditer(pattern, path.read_text(encoding="utf-8", errors="replace")):
            found.update([match[1]] if match[1] else [name.strip() for name in match[2].split(",")])
    return found


def stdlib_closure(index: dict, seeds: set[str]) -> set[str]:
    """The standard-library modules the site may import: Pyodide's start-up modules, STDLIB_ALWAYS, ``seeds`` (what
    the site's code imports) and everything they import, at module level or inside functions; except what is
    reached only through an import inside a function of the standard library and is a developer tool or not for
    the browser (STDLIB_DEV_TOOLS, STDLIB_NOT_IN_BROWSER)."""
    modules = index["modules"]
    direct = set(index["init"]) | seeds

    def excluded(name: str) -> bool:
        return any(name == x or name.startswith(x + ".") for x in STDLIB_DEV_TOOLS + STDLIB_NOT_IN_BROWSER)

    found: set[str] = set()
    todo: list[str] = []

    def add(name: str, lazy: bool) -> None:
        parts = name.split(".")
        for end in range(1, len(parts) + 1):  # importing a.b.c imports a and a.b
            prefix = ".".join(parts[:end])
            if prefix in modules and prefix not in found and (prefix in direct or not (lazy and excluded(prefix))):
                found.add(prefix)
                todo.append(prefix)

    always = {m for m in modules if any(m == a or m.startswith(a + ".") for a in STDLIB_ALWAYS)}
    for name in sorted(direct | always):
        add(name, lazy=False)
    while todo:
        module = modules[todo.pop()]
        for name in module["eager"]:
            add(name, lazy=False)
        for name in module["lazy"]:
            add(name, lazy=True)
    return found


def stdlib_zip(compiled: Path, index: dict, modules: set[str]) -> bytes:
    """python_stdlib.zip for a site: the compiled ``modules``, and the data files at the top or in their packages."""
    with zipfile.ZipFile(compiled) as zf:
        files = {index["modules"][m]["file"]: zf.read(index["modules"][m]["file"]) for m in modules}
        for name in index["data"]:
            folder = name.rpartition("/")[0]
            if not folder or folder.replace("/", ".") in modules:
                files[name] = zf.read(name)
    return deterministic_zip(files)


def pyc_name(name: str, cache_tag: str) -> str:
    """"a/b.py" -> "a/__pycache__/b.cpython-314.pyc" (where Python looks for the bytecode of a source)."""
    folder, _, stem = name.rpartition("/")
    return f"{folder}/__pycache__/{stem[:-3]}.{cache_tag}.pyc".lstrip("/")


def bytecode(sources: dict[str, bytes]) -> dict[str, bytes]:
    """The checked hash-based .pyc of each source (name -> bytes), compiled by Pyodide's Python: one Node run for
    all that are not cached yet (the cache is keyed by name and content)."""
    cached: dict[str, Path] = {}
    todo: list[dict] = []
    for name, source in sorted(sources.items()):
        key = hashlib.sha256(f"{JOB_VERSION}\0{name}\0".encode() + source).hexdigest()
        cached[name] = BYTECODE_CACHE / "pyc" / f"{key}.pyc"
        if not cached[name].exists():
            src = BYTECODE_CACHE / "src" / f"{key}.py"
            src.parent.mkdir(parents=True, exist_ok=True)
            cached[name].parent.mkdir(parents=True, exist_ok=True)
            src.write_bytes(source)
            todo.append({"src": str(src), "dst": str(cached[name]), "filename": f"/home/pyodide/{name}"})
    if todo:
        log(f"compiling {len(todo)} module(s) to bytecode with Pyodide")
        run_pyodide_job({"compile": todo})
        for item in todo:
            Path(item["src"]).unlink(missing_ok=True)
    return {name: path.read_bytes() for name, path in cached.items()}


def wheel_files(wheels: list[Path]) -> dict[str, bytes]:
    """The files of the pure wheels (packages and metadata), as unpacked into Python's working directory."""
    files: dict[str, bytes] = {}
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as zf:
            files.update({name: zf.read(name) for name in zf.namelist() if not name.endswith("/")})
    return files


# ---------------------------------------------------------------- memory snapshot
#
# Starting Pyodide means initialising CPython and importing about 200 modules; then the page imports its own. The
# build does that once, in Pyodide on Node with the site's own runtime files, and saves the memory (Pyodide's
# makeMemorySnapshot, an experimental API); pages restore it (static/snapshot.mjs). Imported before the snapshot:
# the standard modules the site's code imports and the pure wheels' packages (jinja2...), not the site's own
# packages, so the snapshot (30 MB to compress) is remade only when the runtime, the wheels or the site's standard
# imports change. The snapshot records the standard library zip's directory: it is made from the site's own zip.

SNAPSHOT_RUNNER = r"""
const [pyodideDir, appZip, modules, out] = process.argv.slice(1);
const { loadPyodide } = await import(new URL("pyodide.mjs", "file://" + pyodideDir + "/").href);
const { readFileSync, writeFileSync } = await import("node:fs");
const pyodide = await loadPyodide({ indexURL: pyodideDir + "/", _makeSnapshot: true });
const initial = pyodide._module.HEAP8.length;
pyodide.FS.writeFile("/tmp/app.zip", readFileSync(appZip));
pyodide.runPython("import importlib, zipfile\nzipfile.ZipFile('/tmp/app.zip').extractall()\n"
                  + "for name in " + modules + ":\n    try: importlib.import_module(name)\n"
                  + "    except ImportError: pass\n");
if (pyodide._module.HEAP8.length > initial) {  // a restore cannot grow the memory first (Pyodide 314)
  throw new Error(`the imports grew Pyodide's memory from ${initial} to ${pyodide._module.HEAP8.length} bytes`);
}
writeFileSync(out, pyodide.makeMemorySnapshot());
"""
SNAPSHOT_CACHE = CACHE / "snapshot"


def snapshot_imports(seeds: set[str], index: dict, wheels: list[Path]) -> list[str]:
    """What the snapshot imports: the standard modules among ``seeds`` (except Pyodide's own, which reach into
    JavaScript) and the wheels' top-level packages."""
    standard = {m for m in seeds if m in index["modules"] and m.split(".")[0] not in STDLIB_KEEP_DOCSTRINGS}
    packages = {name.split("/")[0] for name in wheel_files(wheels) if name.count("/") == 1
                and name.endswith("/__init__.py")}
    return sorted(standard | packages)


def memory_snapshot(site_dir: Path, modules: list[str], wheels: list[Path]) -> bytes:
    """Pyodide's memory after start-up with ``modules`` imported (from the standard library or the site's app.zip,
    where the wheels are unpacked), made with the site's own pyodide/ files; cached by their content."""
    pyodide_dir = site_dir / "pyodide"
    inputs = [pyodide_dir / name for name in PYODIDE_FILES] + wheels
    key = hashlib.sha256((digest(*inputs) + json.dumps(modules) + SNAPSHOT_RUNNER).encode()).hexdigest()[:24]
    cached = SNAPSHOT_CACHE / f"{key}.bin"
    if not cached.exists():
        log(f"making Pyodide's memory snapshot for {site_dir.name}")
        SNAPSHOT_CACHE.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(f".{os.getpid()}.tmp")  # concurrent builds (one tree, several engineers)
        subprocess.run([shutil.which("node") or "node", "--input-type=module", "-e", SNAPSHOT_RUNNER, str(pyodide_dir),
                        str(site_dir / "app.zip"), json.dumps(list(modules)), str(temporary)], check=True)
        temporary.replace(cached)
    return cached.read_bytes()


# ---------------------------------------------------------------- compression (precompressed siblings)

COMPRESSIBLE = (".wasm", ".mjs", ".js", ".json", ".zip", ".html", ".css", ".toml", ".txt", ".map", ".bin")
COMPRESSED_CACHE = CACHE / "compressed"
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))  # in order of preference


def compress(paths: list[Path]) -> tuple[list[Path], int]:
    """Write ``<file>.br`` (brotli, quality 11) and ``<file>.gz`` (gzip -9) next to each file when it saves at least
    10%; returns the siblings and how many were written. Cached by content: the runtime is compressed once."""
    siblings: list[Path] = []
    changed = 0
    pending: dict[str, Path] = {}  # cached .br to make -> input
    plan: list[tuple[Path, Path, Path]] = []  # (file, cached br, cached gz)
    COMPRESSED_CACHE.mkdir(parents=True, exist_ok=True)
    for path in paths:
        data = path.read_bytes()
        if len(data) < 1024:
            continue
        key = hashlib.sha256(data).hexdigest()
        br, gz = COMPRESSED_CACHE / f"{key}.br", COMPRESSED_CACHE / f"{key}.gz"
        if not gz.exists():
            gz.write_bytes(gzip.compress(data, 9, mtime=0))
        if not br.exists():
            source = COMPRESSED_CACHE / f"{key}.{os.getpid()}.in"  # a copy: exactly what was hashed (per build:
            # several builds may run at once)
            source.write_bytes(data)
            pending[str(br)] = source
        plan.append((path, br, gz))
    if pending:
        log(f"brotli-compressing {len(pending)} file(s) (cached afterwards)")
        script = ("const z = require('zlib'), fs = require('fs');"
                  "for (const [out, src] of JSON.parse(process.argv[1])) { const d = fs.readFileSync(src);"
                  " const tmp = out + '.' + process.pid + '.tmp';"
                  " fs.writeFileSync(tmp, z.brotliCompressSync(d, {params: {"
                  "[z.constants.BROTLI_PARAM_QUALITY]: 11, [z.constants.BROTLI_PARAM_LGWIN]: 24,"
                  "[z.constants.BROTLI_PARAM_SIZE_HINT]: d.length}})); fs.renameSync(tmp, out); }")
        subprocess.run([shutil.which("node") or "node", "-e", script,
                        json.dumps([[out, str(src)] for out, src in pending.items()])], check=True)
        for source in pending.values():
            source.unlink()
    for path, *cached in plan:
        size = path.stat().st_size
        for (_, suffix), compressed in zip(ENCODINGS, cached):
            sibling = path.with_name(path.name + suffix)
            if compressed.stat().st_size <= 0.9 * size:
                changed += write_if_changed(sibling, compressed.read_bytes())
                siblings.append(sibling)
    return siblings, changed


def build(quiet: bool = False, found: list[manifest.Extension] | None = None, dist: Path = DIST) -> int:
    """Assemble ``dist``: the simulator and every extension (``found``, default: all their manifests); returns how
    many output files were written or removed (0 when up to date). A bad manifest stops it before anything is
    written (``manifest.ManifestError``)."""
    plan = sites(extensions() if found is None else found)
    vendor_npm()
    wheels = vendor_wheels()
    chosen = {site.out: site_wheels(wheels, site.wheels) for site in plan}
    changed = assemble(plan, chosen, dist)
    if not quiet:
        log(f"{dist.name}/ ready ({changed} file(s) changed)")
    return changed


def site_wheels(wheels: list[Path], names: tuple[str, ...]) -> list[Path]:
    """The vendored wheels named (by project name); ManifestError for a name that is not vendored."""
    by_name = {wheel.name.split("-")[0].lower(): wheel for wheel in wheels}
    for name in names:
        if name.lower().replace("-", "_") not in by_name:
            raise manifest.ManifestError(f"wheels: no vendored wheel '{name}' (vendored: {', '.join(sorted(by_name))};"
                                         " requirements-runtime.txt lists them)")
    return [by_name[name.lower().replace("-", "_")] for name in names]


def assemble(plan: list[Site], wheels: dict[str, list[Path]], dist: Path, workspace_origins: str = "parent") -> int:
    """Write each site of ``plan`` under ``dist`` with its ``wheels`` (the pages' ``workspace_origins``: see
    render_page); returns how many files changed."""
    runtime = {rel: src for rel, src in runtime_files().items() if rel != "pyodide/python_stdlib.zip"}
    compiled, index = compiled_stdlib()
    bundles = {site.out: {**wheel_files(wheels[site.out]), **archive_files(site.packages, site.data)} for site in plan}
    sources = {name: data for files in bundles.values() for name, data in files.items() if name.endswith(".py")}
    pycs = bytecode(sources)
    pyscript_imports = runtime_imports()
    outs = {dist / site.out for site in plan}
    changed = 0
    for site in plan:
        out = dist / site.out
        env = jinja_environment(wheels[site.out], site.roots)
        expected: set[Path] = set()
        sources = {"pyodide/python_stdlib_source.zip": NODE_MODULES / "pyodide" / "python_stdlib.zip"}  # playground
        for rel, src in {**runtime, **(sources if "playground" in site.packages else {})}.items():
            link_or_copy(src, out / rel)
            expected.add(out / rel)
        for rel, src in {**RUNTIME_STATIC, **site.static}.items():
            changed += write_if_changed(out / rel, src.read_bytes())
            expected.add(out / rel)
        app = dict(bundles[site.out])
        seeds = set(pyscript_imports)
        for name, data in bundles[site.out].items():
            if name.endswith(".py"):
                app[pyc_name(name, index["cache_tag"])] = pycs[name]
                seeds |= imports_in(data, *module_name(name))
        changed += write_if_changed(out / "app.zip", deterministic_zip(app))
        expected.add(out / "app.zip")
        for rel, src in site.pages.items():
            page = render_page(env, src, site.out.partition("/")[0], wheels[site.out], workspace_origins)
            for script in page_scripts(page.decode()):
                seeds |= imports_in(script)
            changed += write_if_changed(out / rel, page)
            expected.add(out / rel)
        stdlib = stdlib_zip(compiled, index, stdlib_closure(index, seeds))
        changed += write_if_changed(out / "pyodide" / "python_stdlib.zip", stdlib)
        expected.add(out / "pyodide" / "python_stdlib.zip")
        changed += write_if_changed(out / "pyodide" / "snapshot.mjs", (ROOT / "static" / "snapshot.mjs").read_bytes())
        snapshot = memory_snapshot(out, snapshot_imports(seeds, index, wheels[site.out]), wheels[site.out])
        changed += write_if_changed(out / "pyodide" / "snapshot.bin", snapshot)
        expected.update((out / "pyodide" / "snapshot.mjs", out / "pyodide" / "snapshot.bin"))
        siblings, written = compress(sorted(p for p in expected if p.suffix in COMPRESSIBLE))
        changed += written
        expected.update(siblings)
        nested = [other for other in outs if other != out and out in other.parents]  # another site's folder
        for stale in [p for p in out.rglob("*") if p.is_file() and p not in expected
                      and not any(folder in p.parents for folder in nested)]:
            stale.unlink()
            changed += 1
        for folder in sorted((p for p in out.rglob("*") if p.is_dir()), reverse=True):
            if not any(folder.iterdir()):
                folder.rmdir()
    return changed


# ---------------------------------------------------------------- one extension, packaged for deployment

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


# ---------------------------------------------------------------- the libraries as wheels

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


# ---------------------------------------------------------------- serving

HASHED_NAME = re.compile(r"-[A-Za-z0-9_-]{8}\.(?:js|css|mjs)$")
"""A file name that carries a hash of its content (PyScript's chunks: core-C9KDLldu.js): a new version is a new URL."""
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with the right types for WebAssembly and modules, and no directory listings.

    Serving, as a production server should be configured for dist/ (see README, "Performance"):
    - precompressed siblings: ``<file>.br`` or ``<file>.gz`` when the request accepts that encoding (Content-Encoding,
      ``Vary: Accept-Encoding``), else the file itself;
    - caching: content-hashed names are immutable for a year; everything else is ``no-cache`` (the browser keeps it
      and revalidates it: an ``ETag`` per file and encoding, answered 304 Not Modified when it still matches).
    """

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

    def accepted_encodings(self) -> set[str]:
        """Content codings the request accepts (a zero q-value refuses one)."""
        accepted = set()
        for part in self.headers.get("Accept-Encoding", "").split(","):
            coding, _, params = part.strip().partition(";")
            q = params.strip().removeprefix("q=") if params.strip().startswith("q=") else "1"
            try:
                if coding and float(q) > 0:
                    accepted.add(coding.strip().lower())
            except ValueError:
                continue
        return accepted

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() or self.path.split("?", 1)[0].endswith("/"):
            return super().send_head()  # index.html of a folder, else 404 (no listings)
        if not path.is_file():
            self.send_error(404, "File not found")
            return None
        body, encoding = path, None
        accepted = self.accepted_encodings()
        for coding, suffix in ENCODINGS:
            sibling = path.with_name(path.name + suffix)
            if coding in accepted and sibling.is_file():
                body, encoding = sibling, coding
                break
        stat = body.stat()
        etag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}{"-" + encoding if encoding else ""}"'
        cache_control = IMMUTABLE if HASHED_NAME.search(path.name) else REVALIDATE
        if self.not_modified(etag, stat.st_mtime):
            self.send_response(304)
            self.send_validators(etag, stat.st_mtime, cache_control, path)
            self.end_headers()
            return None
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(stat.st_size))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_validators(etag, stat.st_mtime, cache_control, path)
        self.end_headers()
        return open(body, "rb")

    def not_modified(self, etag: str, mtime: float) -> bool:
        """The request's validators still match: If-None-Match (wins when present), else If-Modified-Since."""
        if "If-None-Match" in self.headers:
            tags = [t.strip().removeprefix("W/") for t in self.headers["If-None-Match"].split(",")]
            return etag in tags or "*" in tags
        if "If-Modified-Since" in self.headers:
            try:
                return int(mtime) <= parsedate_to_datetime(self.headers["If-Modified-Since"]).timestamp()
            except (TypeError, ValueError, IndexError, OverflowError):
                return False
        return False

    def send_validators(self, etag: str, mtime: float, cache_control: str, path: Path) -> None:
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", formatdate(mtime, usegmt=True))
        self.send_header("Cache-Control", cache_control)
        if any(path.with_name(path.name + suffix).is_file() for _, suffix in ENCODINGS):
            self.send_header("Vary", "Accept-Encoding")

    def copyfile(self, source, outputfile) -> None:
        try:
            super().copyfile(source, outputfile)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client went away (a browser cancelling a request, a test reading the headers only)

    def end_headers(self) -> None:
        if not any(line.lower().startswith(b"cache-control:") for line in getattr(self, "_headers_buffer", [])):
            self.send_header("Cache-Control", REVALIDATE)  # errors, redirects
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        if not self.quiet:
            super().log_message(format, *args)


def start_servers(host: str = HOST, workspace_port: int = WORKSPACE_PORT, extension_port: int = EXTENSION_PORT,
                  quiet: bool = False, handlers: dict[str, type[StaticHandler]] | None = None, dist: Path = DIST,
                  ) -> list[http.server.ThreadingHTTPServer]:
    """Serve ``dist``/workspace and ``dist``/extension on two ports in background threads (``handlers``: a
    StaticHandler subclass per site, e.g. the benchmarks' that adds their pages)."""
    return [start_server(dist / site, port, host, quiet, (handlers or {}).get(site, StaticHandler))
            for site, port in (("workspace", workspace_port), ("extension", extension_port))]


def start_server(folder: Path, port: int, host: str = HOST, quiet: bool = False,
                 handler: type[StaticHandler] = StaticHandler) -> http.server.ThreadingHTTPServer:
    """Serve ``folder`` on ``port`` in a background thread."""
    server = http.server.ThreadingHTTPServer((host, port), partial(handler, directory=str(folder), quiet=quiet))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name=f"serve-{folder.name}", daemon=True).start()
    return server


def simulator_url(port: int, extension_port: int, scenario: str | None = None) -> str:
    """The simulator's address, pointed at the extension site (``?extension-origin=`` unless it is the default one)
    and opening ``scenario``."""
    query = {"scenario": scenario} if scenario else {}
    if extension_port != EXTENSION_PORT:
        query["extension-origin"] = f"http://{EXTENSION_HOSTNAME}:{extension_port}"
    return f"http://{HOST}:{port}/" + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def serve(args: argparse.Namespace) -> None:
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):  # Ctrl-C and kill stop cleanly, from the first moment
        signal.signal(signum, lambda *_: stop.set())
    found = extensions()
    scenario = None
    if args.name:
        extension = next((ext for ext in found if ext.name == args.name), None)
        if extension is None or not extension.scenarios:
            known = ", ".join(ext.name for ext in found if ext.scenarios) or "none"
            raise manifest.ManifestError(f"serve {args.name}: no extension of that name with a scenario (known: {known})")
        scenario = extension.scenarios[0].stem
    build(found=found)
    servers = start_servers(workspace_port=args.port, extension_port=args.extension_port)
    if scenario:
        print(f"{args.name}, embedded by the Workspace simulator: {simulator_url(args.port, args.extension_port, scenario)}")
    print(f"Workspace simulator: {simulator_url(args.port, args.extension_port)}")
    print(f"Extension (embedded by the simulator, another site): http://{EXTENSION_HOSTNAME}:{args.extension_port}/")
    print(f"Python playground, embedded by the simulator: {simulator_url(args.port, args.extension_port, 'playground')}")
    print("Press Ctrl-C to stop.", flush=True)
    stop.wait()
    print("\nStopping.", flush=True)
    for server in servers:
        server.shutdown()
        server.server_close()


def new(args: argparse.Namespace) -> None:
    """Create an extension (tools/new_extension.py) in extensions/NAME, or in --dir PATH (then listed in REGISTRY)."""
    found = extensions()
    taken = tuple(name for ext in found for name in (ext.name, *ext.packages))
    folder = new_extension.create(args.name, Path(args.dir) if args.dir else ROOT / "extensions", taken)
    if args.dir:
        with REGISTRY.open("a", encoding="utf-8") as registry:
            registry.write(f"{folder}\n")
    log(f"created {folder}")
    print(f"Next: python3 build.py serve {args.name}    python3 build.py test -k {manifest.package_name(args.name)}")


# ---------------------------------------------------------------- testing

VENV = ROOT / ".venv"


TEST_BROWSERS = {"chromium": Path("/usr/bin/chromium"), "firefox-esr": Path("/usr/bin/firefox-esr")}
"""Debian packages of the browsers the end-to-end tests drive (Chromium through Playwright, Firefox ESR through
puppeteer-core, a devDependency that ``npm ci`` installs), and the executables they install."""


def ensure_test_tools() -> Path:
    """Install the test tools (Debian's chromium and firefox-esr; the dev requirements in .venv); return the venv's
    Python."""
    missing = [package for package, executable in TEST_BROWSERS.items() if not executable.exists()]
    if missing:
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        log(f"apt-get install {' '.join(missing)}")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(sudo + ["apt-get", "update", "-q"], check=True, env=env)
        subprocess.run(sudo + ["apt-get", "install", "-y", "-q", *missing], check=True, env=env)
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
    """Build, then run pytest: this repository's tests and every extension's (its manifest's ``tests``) unless the
    arguments name what to run; the library (py/), this repository (tests.e2e's fixtures) and the vendored wheels
    are importable."""
    python = ensure_test_tools()
    found = extensions()
    build(found=found)
    named = any(not arg.startswith("-") and (ROOT / arg.split("::")[0]).exists() for arg in args.pytest_args)
    extra = [str(ext.tests) for ext in found if ext.tests and not named]
    if extra:
        extra[:0] = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["testpaths"]
    path = [str(ROOT), str(ROOT / "py"), *map(str, vendor_wheels()), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, path))}
    result = subprocess.run([str(python), "-m", "pytest", *args.pytest_args, *extra], cwd=ROOT, env=env)
    sys.exit(result.returncode)


def bench(args: argparse.Namespace) -> None:
    """Run the benchmarks (bench/run.py, with the test tools: Playwright and Debian's chromium)."""
    python = ensure_test_tools()
    build()
    result = subprocess.run([str(python), str(ROOT / "bench" / "run.py"), *args.bench_args], cwd=ROOT)
    sys.exit(result.returncode)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("build", help="assemble dist/ (the default)")
    p_serve = sub.add_parser("serve", help="build, then serve the simulator and the extensions")
    p_serve.add_argument("name", nargs="?", help="an extension: open the simulator embedding it")
    p_serve.add_argument("--port", type=int, default=WORKSPACE_PORT, help="simulator port (default 8000)")
    p_serve.add_argument("--extension-port", type=int, default=EXTENSION_PORT, help="extension port (default 8001)")
    p_new = sub.add_parser("new", help="create an extension: extensions/NAME (or --dir PATH/NAME)")
    p_new.add_argument("name", help="lower-case letters, digits and '-' (e.g. caller-card)")
    p_new.add_argument("--dir", help="the folder to create it in, outside this repository (listed in extension-dirs.txt)")
    p_package = sub.add_parser("package", help="one extension, pinned to its Workspace origin: dist/packages/NAME")
    p_package.add_argument("name", help="the extension")
    p_package.add_argument("--workspace-origin", action="append", default=[], metavar="ORIGIN",
                           help="your Agent Workspace's origin, https://... (repeat for several)")
    sub.add_parser("wheels", help="pure wheels of wwe and workspace in dist/wheels/ (pip install them anywhere)")
    p_test = sub.add_parser("test", help="install test tools, build, run every test")
    p_test.add_argument("pytest_args", nargs=argparse.REMAINDER, help="extra pytest arguments")
    p_bench = sub.add_parser("bench", help="install test tools, build, run the benchmarks (not tests)", add_help=False)
    p_bench.add_argument("bench_args", nargs=argparse.REMAINDER, help="bench/run.py arguments (--help for the list)")
    args, extra = parser.parse_known_args(argv)  # REMAINDER alone refuses options: `bench --only rtt`, `test -k x`
    if extra and args.command not in ("test", "bench"):
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command == "test":
        args.pytest_args = extra + args.pytest_args
    elif args.command == "bench":
        args.bench_args = extra + args.bench_args
    try:
        if args.command == "serve":
            serve(args)
        elif args.command == "new":
            new(args)
        elif args.command == "package":
            log(f"wrote {package(args.name, args.workspace_origin).relative_to(ROOT)}")
        elif args.command == "wheels":
            log("wrote " + ", ".join(str(wheel.relative_to(ROOT)) for wheel in wheels()))
        elif args.command == "test":
            test(args)
        elif args.command == "bench":
            bench(args)
        else:
            build()
    except manifest.ManifestError as error:
        sys.exit(f"build.py: {error}")


if __name__ == "__main__":
    main()
