"""build.py's pieces on CPython: the pure markupsafe wheel, deterministic bundles, idempotence, serving."""
from __future__ import annotations

import io
import signal
import subprocess
import sys
import tarfile
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

import build


def make_sdist(tmp_path: Path) -> Path:
    files = {
        "demo_pkg-1.2/PKG-INFO": b"Metadata-Version: 2.1\nName: demo-pkg\nVersion: 1.2\n",
        "demo_pkg-1.2/setup.py": b"raise SystemExit('never run')\n",
        "demo_pkg-1.2/src/demo_pkg/__init__.py": b"VALUE = 42\n",
        "demo_pkg-1.2/src/demo_pkg/_speedups.c": b"int x;\n",
        "demo_pkg-1.2/src/demo_pkg/py.typed": b"",
        "demo_pkg-1.2/src/demo_pkg.egg-info/PKG-INFO": b"x",
    }
    sdist = tmp_path / "demo_pkg-1.2.tar.gz"
    with tarfile.open(sdist, "w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return sdist


def test_pure_wheel_holds_only_python_and_imports(tmp_path):
    wheel = build.pure_wheel_from_sdist(make_sdist(tmp_path), tmp_path)
    assert wheel.name == "demo_pkg-1.2-py3-none-any.whl"
    names = zipfile.ZipFile(wheel).namelist()
    assert "demo_pkg/__init__.py" in names and "demo_pkg/py.typed" in names
    assert not any(n.endswith(".c") or "egg-info" in n for n in names)
    assert "Tag: py3-none-any" in zipfile.ZipFile(wheel).read("demo_pkg-1.2.dist-info/WHEEL").decode()
    result = subprocess.run([sys.executable, "-c", "import demo_pkg; print(demo_pkg.VALUE)"],
                            env={"PYTHONPATH": str(wheel)}, capture_output=True, text=True)
    assert result.stdout.strip() == "42"


def test_pure_wheel_record_lists_every_file(tmp_path):
    wheel = zipfile.ZipFile(build.pure_wheel_from_sdist(make_sdist(tmp_path), tmp_path))
    record = wheel.read("demo_pkg-1.2.dist-info/RECORD").decode().splitlines()
    assert {line.split(",")[0] for line in record} == set(wheel.namelist())


def test_vendored_markupsafe_is_pure_and_escapes():
    wheels = build.vendor_wheels()
    names = sorted(w.name for w in wheels)
    assert names == ["jinja2-3.1.6-py3-none-any.whl", "markupsafe-3.0.3-py3-none-any.whl"]
    code = "import markupsafe, jinja2; print(markupsafe.escape('<b>&'), markupsafe._escape_inner.__module__)"
    result = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path[:0] = {[str(w) for w in wheels]}; {code}"],
                            capture_output=True, text=True)
    assert result.stdout.split() == ["&lt;b&gt;&amp;", "markupsafe._native"], result.stderr


def test_deterministic_zip_is_byte_identical():
    files = {"b.py": b"2", "a/x.py": b"1"}
    assert build.deterministic_zip(files) == build.deterministic_zip(dict(reversed(files.items())))


def test_bundles_hold_sources_only():
    names = set(build.bundle_files(("dashboard",), ("templates",)))
    assert "dashboard/__init__.py" in names
    assert "templates/dashboard/shell.html" in names
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)


def test_write_if_changed(tmp_path):
    target = tmp_path / "x" / "f.txt"
    assert build.write_if_changed(target, b"one") is True
    assert build.write_if_changed(target, b"one") is False
    assert build.write_if_changed(target, b"two") is True and target.read_bytes() == b"two"


def test_second_build_changes_nothing_and_is_fast():
    build.build(quiet=True)
    started = time.perf_counter()
    assert build.build(quiet=True) == 0
    assert time.perf_counter() - started < 5


def test_dist_is_self_contained():
    build.build(quiet=True)
    for site in ("extension", "workspace"):
        out = build.DIST / site
        for name in ("index.html", "pyscript.toml", "boot.js", "app.zip", "pyodide/pyodide.asm.wasm",
                     "pyodide/python_stdlib.zip", "pyscript/core.js"):
            assert (out / name).is_file(), f"{site}/{name}"
        text = (out / "index.html").read_text() + (out / "pyscript.toml").read_text()
        assert "cdn." not in text and "https://" not in text
        assert 'interpreter = "./pyodide/pyodide.mjs"' in (out / "pyscript.toml").read_text()


def test_prerendered_shell_shows_loading_state():
    build.build(quiet=True)
    html = (build.DIST / "extension" / "index.html").read_text()
    assert 'aria-busy="true"' in html and "Starting Python" in html and "{%" not in html


@pytest.fixture(scope="module")
def served():
    build.build(quiet=True)
    from tests.e2e.conftest import free_port

    ports = free_port(), free_port()
    servers = build.start_servers(workspace_port=ports[0], extension_port=ports[1], quiet=True)
    yield ports
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("path, content_type", [
    ("/pyodide/pyodide.asm.wasm", "application/wasm"),
    ("/pyodide/pyodide.mjs", "text/javascript"),
    ("/index.html", "text/html"),
])
def test_served_content_types(served, path, content_type):
    with urllib.request.urlopen(f"http://127.0.0.1:{served[1]}{path}") as response:
        assert response.headers["Content-Type"].startswith(content_type)


def test_no_directory_listing(served):
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(f"http://127.0.0.1:{served[0]}/pyodide/")
    assert err.value.code == 404


def test_serve_prints_urls_and_stops_on_ctrl_c():
    from tests.e2e.conftest import free_port

    port, ext = free_port(), free_port()
    proc = subprocess.Popen([sys.executable, str(build.ROOT / "build.py"), "serve", "--port", str(port),
                             "--extension-port", str(ext)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = [proc.stdout.readline() for _ in range(4)]
    assert any(f"http://127.0.0.1:{port}/" in line for line in lines), lines
    assert any(f"http://localhost:{ext}/" in line for line in lines), lines
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=10) == 0
