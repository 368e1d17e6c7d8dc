"""The standard library a site ships: what its code may import (a closure over Pyodide's import index)."""
from __future__ import annotations

import ast
import re
import zipfile
from pathlib import Path

from .archive import deterministic_zip
from .paths import NODE_MODULES

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
