"""Make the project's Python packages (py/), build.py and the browser's own wheels (jinja2 and the pure
markupsafe that build.py vendors) importable in every test, so CPython runs what the browser runs."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT / "py", ROOT):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

if sys.platform != "emscripten":  # inside Pyodide the runner puts the wheels on the path itself
    import build

    for wheel in build.vendor_wheels():
        if str(wheel) not in sys.path:
            sys.path.append(str(wheel))
