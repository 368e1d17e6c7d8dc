"""Only the browser edges touch the browser: every other module under py/ is plain Python (sans-I/O) and imports
on CPython with no ``js`` or ``pyodide`` module (docs/ARCHITECTURE.md, "Edges")."""
from __future__ import annotations

import ast
from pathlib import Path

PY = Path(__file__).resolve().parents[2] / "py"
BROWSER_MODULES = ("js", "pyodide")
EDGE_MODULES = frozenset({
    "wwe/browser.py",        # the client's postMessage transport and timers
    "wwe/dom.py",            # the DOM helpers every page's edge uses
    "dashboard/dom.py",      # the sample dashboard's document
    "playground/main.py",    # the playground's document, editor keys, console flushing, its worker and relay
    "playground/worker.py",  # the playground's Web Worker: postMessage to the page, help()'s synchronous fetch
    "record/main.py",        # the customer-record page's document
    "workspace/browser.py",  # the simulator page (its decisions: workspace/page/)
})


def browser_imports(path: Path) -> list[str]:
    """The js/pyodide modules a file imports, wherever the import statement is (module level, function, try)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else \
            [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else []
        found += [name for name in names if name.split(".")[0] in BROWSER_MODULES]
    return found


def test_only_the_edge_modules_import_js_or_pyodide():
    users = {path.relative_to(PY).as_posix(): browser_imports(path) for path in sorted(PY.rglob("*.py"))}
    outside = {module: names for module, names in users.items() if names and module not in EDGE_MODULES}
    assert outside == {}, f"browser imports outside the edge modules: {outside}"


def test_every_edge_module_exists_and_is_an_edge():
    assert {module for module in EDGE_MODULES if browser_imports(PY / module)} == EDGE_MODULES
