"""Build, serve and test the Python extension and the Workspace simulator.

    python build.py           build dist/ (idempotent; fast when nothing changed)
    python build.py serve     build if needed, serve the simulator and the extension on two origins
    python build.py test      install what the tests need, build, run every test
    python build.py bench     install the same, build, run the benchmarks (table + JSON; see README "Performance")
    python build.py new NAME [--dir PATH]                       a new extension (docs/EXTENSIONS.md)
    python build.py package NAME --workspace-origin https://...   one extension, pinned, in dist/packages/NAME
    python build.py wheels    wwe and workspace as pure wheels in dist/wheels/
    python build.py check-scenario FILE...                     every error of a lesson, one line each (docs/TEACHING.md)

The output is a static site in ``dist/``: ``dist/extension`` (the extensions their manifests describe: the sample
dashboard and the playground at its root, each other extension in its own folder) and ``dist/workspace`` (the
simulator host page). Nothing is fetched from a CDN at run time: the
runtime (Pyodide, PyScript) comes from npm and the wheels from PyPI, both pinned in lock files.
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
import tomllib
from pathlib import Path

from tools import check_scenario, manifest, new_extension

from . import sites
from .assemble import build
from .package import package
from .paths import EXTENSION_HOSTNAME, EXTENSION_PORT, ROOT, WORKSPACE_PORT, importable, log
from .server import simulator_url, start_servers
from .testtools import ensure_test_tools
from .vendor import vendor_wheels
from .wheels import wheels


def serve(args: argparse.Namespace) -> None:
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):  # Ctrl-C and kill stop cleanly, from the first moment
        signal.signal(signum, lambda *_: stop.set())
    found = sites.extensions()
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
    """Create an extension (tools/new_extension.py) in extensions/NAME, or in --dir PATH (then listed in
    sites.REGISTRY)."""
    found = sites.extensions()
    taken = tuple(name for ext in found for name in (ext.name, *ext.packages))
    folder = new_extension.create(args.name, Path(args.dir) if args.dir else ROOT / "extensions", taken)
    if args.dir:
        with sites.REGISTRY.open("a", encoding="utf-8") as registry:
            registry.write(f"{folder}\n")
    log(f"created {folder}")
    print(f"Next: python3 build.py serve {args.name}    python3 build.py test -k {manifest.package_name(args.name)}")


def test(args: argparse.Namespace) -> None:
    """Build, then run pytest: this repository's tests and every extension's (its manifest's ``tests``) unless the
    arguments name what to run; the library (py/), this repository (tests.e2e's fixtures) and the vendored wheels
    are importable."""
    python = ensure_test_tools()
    found = sites.extensions()
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
    p_check = sub.add_parser("check-scenario", help="every error of a lesson's scenario file, one line each")
    p_check.add_argument("files", nargs="+", metavar="FILE", help="scenario files (TOML)")
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
        elif args.command == "check-scenario":
            importable(ROOT / "py")
            sys.exit(check_scenario.main(args.files))
        else:
            build()
    except manifest.ManifestError as error:
        sys.exit(f"build.py: {error}")


if __name__ == "__main__":
    main()
