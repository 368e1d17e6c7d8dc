"""Make the project's Python packages (py/), the build (tools/build) and the browser's own wheels (jinja2 and the
pure markupsafe that the build vendors) importable in every test, so CPython runs what the browser runs."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT / "py", ROOT):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

if sys.platform != "emscripten":  # inside Pyodide the runner puts the wheels on the path itself
    from tools.build import vendor

    for wheel in vendor.vendor_wheels():
        if str(wheel) not in sys.path:
            sys.path.append(str(wheel))


import pytest  # noqa: E402 (after the path set-up above)

from tests import suite_counts  # noqa: E402

BYPASS_TESTS = ("test_bypass_security.py", "test_spoofing.py")
"""Modules whose tests fail only if a bypass got through: each failure there counts as a bypass."""


@pytest.fixture(autouse=True, scope="session")
def _count_host_messages():
    """Every message Host.receive handles (on CPython, or in Pyodide) is a request made; an exception escaping it is
    a crash (it never raises by contract)."""
    from workspace.host import Host

    receive = Host.receive

    def counted(self, frame_id, origin, message):
        suite_counts.TRIED[suite_counts.REQUESTS] += 1
        try:
            return receive(self, frame_id, origin, message)
        except BaseException:
            suite_counts.FOUND[suite_counts.CRASHES] += 1
            raise

    Host.receive = counted
    yield
    Host.receive = receive


def pytest_runtest_logreport(report):
    if report.when == "call" and report.failed and report.nodeid.split("::")[0].endswith(BYPASS_TESTS):
        suite_counts.FOUND[suite_counts.BYPASSES] += 1


def pytest_terminal_summary(terminalreporter):
    terminalreporter.section("what the suite tried (issue 7)")
    for line in suite_counts.summary():
        terminalreporter.write_line(line)


def pytest_sessionfinish(session):
    """Any crash, bypass or lost message fails the run, even if the test that saw it did not."""
    if sum(suite_counts.FOUND.values()) and session.exitstatus == 0:
        session.exitstatus = 1
