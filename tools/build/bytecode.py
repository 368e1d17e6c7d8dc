"""Bytecode compiled by Pyodide's own Python (Node runs it, bytecode_job.py inside it), cached by content.

Pyodide compiles every module it imports from source, at every page load: its own start-up alone imports about 200
standard-library modules. The build compiles them once with Pyodide's own Python, so browsers load bytecode (see
README, "Performance"):
- python_stdlib.zip holds sourceless .pyc files, compiled as by ``python -OO`` (no docstrings, no asserts) except
  Pyodide's own packages, and only the modules the site may import (``stdlib.stdlib_closure``);
- app.zip holds, next to each source (the site's packages and the pure wheels' packages), a checked hash-based
  ``__pycache__/<module>.<cache tag>.pyc``: Python checks it against the source, so it never runs a stale one.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

from .paths import CACHE, NODE_MODULES, log

BYTECODE_CACHE = CACHE / "bytecode"
STDLIB_MOUNT = "/lib/python314.zip"  # where Pyodide mounts python_stdlib.zip (tracebacks name this path)
STDLIB_KEEP_DOCSTRINGS = ("pyodide", "_pyodide")  # Pyodide copies docstrings from these onto its own types
JOB = Path(__file__).with_name("bytecode_job.py")
"""Run inside Pyodide on Node (RUNNER), with the host's file system mounted at /host (see its docstring)."""
RUNNER = Path(__file__).with_name("pyodide_runner.mjs")
"""Node: loads Pyodide, mounts the host, runs a Python file with arguments."""
JOB_VERSION = hashlib.sha256(JOB.read_bytes() + RUNNER.read_bytes()).hexdigest()[:16]


def run_pyodide_job(job: dict) -> dict:
    """Run JOB (bytecode_job.py) in Pyodide (Node); returns its result."""
    node = shutil.which("node")
    if not node:
        sys.exit("build.py: Node.js is needed to compile Python to bytecode with Pyodide.")
    work = BYTECODE_CACHE / "job"
    work.mkdir(parents=True, exist_ok=True)
    (work / "job.json").write_text(json.dumps(job))
    (work / "result.json").unlink(missing_ok=True)
    subprocess.run([node, str(RUNNER), str(NODE_MODULES / "pyodide"), str(JOB), str(work / "job.json"),
                    str(work / "result.json")], check=True)
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
