"""The sans-I/O core (client, host, model) passes its unit tests inside real Pyodide too (Node, offline)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tools.build import archive, vendor
from tests import suite_counts

ROOT = Path(__file__).resolve().parent.parent
WHEELS = ROOT / ".cache" / "pyodide-test-wheels"
# Unit tests of code that runs in the browser, except:
# - test_build.py, test_bench.py: build.py and the benchmark driver need subprocesses and sockets, which Pyodide lacks;
#   so do build.py's extension commands (test_manifest.py, test_new_extension.py, test_package.py, test_wheels.py);
# - test_type_checkers.py: mypy and pyright run as subprocesses;
# - test_wwe_service.py: it drives asyncio with a manual clock and assumes no event loop runs outside asyncio.run,
#   but Pyodide's WebLoop always runs (messages would be delivered during later tests). The Service's async paths
#   run in Pyodide in test_wwe_browser.py and in the real-browser tests.
NOT_IN_PYODIDE = {"test_build.py", "test_bench.py", "test_wwe_service.py", "test_type_checkers.py", "test_manifest.py",
                  "test_new_extension.py", "test_package.py", "test_wheels.py"}
CORE_TESTS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests" / "unit").glob("test_*.py")
                    if p.name not in NOT_IN_PYODIDE)


def pyodide_wheels() -> Path:
    """pytest and its dependencies, plus the wheels the browser gets (jinja2, pure markupsafe)."""
    WHEELS.mkdir(parents=True, exist_ok=True)
    for wheel in vendor.vendor_wheels():
        archive.link_or_copy(wheel, WHEELS / wheel.name)
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
                    "--only-binary", ":all:", "--require-hashes", "-r", str(ROOT / "tests" / "pyodide" / "requirements.txt"),
                    "-d", str(WHEELS)], check=True)
    return WHEELS


def test_core_unit_tests_pass_in_pyodide():
    node = shutil.which("node")
    assert node, "Node.js is required to run Pyodide outside the browser"
    # JSPI (stack switching) lets asyncio.run work inside Pyodide, as it does in Chromium.
    result = subprocess.run([node, "--experimental-wasm-stack-switching", str(ROOT / "tests" / "pyodide" / "run_pytest.mjs"), str(ROOT), str(pyodide_wheels()),
                             "-q", "-x", *CORE_TESTS], capture_output=True, text=True, timeout=900)
    print(result.stdout[-3000:], result.stderr[-3000:])
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert " passed" in result.stdout
    summary = result.stdout.strip().splitlines()[-1]
    print(f"inside Pyodide: {summary}")
    tried, found = suite_counts.parse(result.stdout)  # what the tests tried in Pyodide counts in this run too
    suite_counts.TRIED.update(tried)
    suite_counts.FOUND.update(found)
