"""The build's pieces (tools/build) on CPython: the pure markupsafe wheel, deterministic bundles, idempotence, serving."""
from __future__ import annotations

import ast
import gzip
import importlib.util
import io
import signal
import struct
import subprocess
import sys
import tarfile
import urllib.request
import zipfile
from pathlib import Path

import pytest

from tools.build import archive, assemble, bytecode, pages, paths, server, snapshot, stdlib, vendor


def test_build_py_is_a_thin_entry_point():
    """build.py puts the repository on the path and calls tools/build's command line; the build lives there."""
    lines = (paths.ROOT / "build.py").read_text().splitlines()
    assert len(lines) < 60 and any(line.startswith("from tools.build.commands import main") for line in lines)


def test_bytecode_job_is_a_module_cpython_imports():
    """The job Pyodide runs (tools/build/bytecode_job.py) is a real module: its import index leaves out a
    ``__main__`` block and tells function-level imports apart; its .pyc is hash-based and checked."""
    from tools.build import bytecode_job

    tree = ast.parse("import a\nfrom . import b\ndef f():\n    import c\nif __name__ == '__main__':\n    import d\n")
    assert bytecode_job.imports_of(tree, "pkg.mod", False) == (["a", "pkg", "pkg.b"], ["c"])
    pyc = bytecode_job.pyc(b"x = 1\n", "x.py", True)
    assert pyc[:4] == importlib.util.MAGIC_NUMBER and int.from_bytes(pyc[4:8], "little") == 0b11


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
    wheel = vendor.pure_wheel_from_sdist(make_sdist(tmp_path), tmp_path)
    assert wheel.name == "demo_pkg-1.2-py3-none-any.whl"
    names = zipfile.ZipFile(wheel).namelist()
    assert "demo_pkg/__init__.py" in names and "demo_pkg/py.typed" in names
    assert not any(n.endswith(".c") or "egg-info" in n for n in names)
    assert "Tag: py3-none-any" in zipfile.ZipFile(wheel).read("demo_pkg-1.2.dist-info/WHEEL").decode()
    result = subprocess.run([sys.executable, "-c", "import demo_pkg; print(demo_pkg.VALUE)"],
                            env={"PYTHONPATH": str(wheel)}, capture_output=True, text=True)
    assert result.stdout.strip() == "42"


def test_pure_wheel_record_lists_every_file(tmp_path):
    wheel = zipfile.ZipFile(vendor.pure_wheel_from_sdist(make_sdist(tmp_path), tmp_path))
    record = wheel.read("demo_pkg-1.2.dist-info/RECORD").decode().splitlines()
    assert {line.split(",")[0] for line in record} == set(wheel.namelist())


def test_vendored_markupsafe_is_pure_and_escapes():
    wheels = vendor.vendor_wheels()
    names = sorted(w.name for w in wheels)
    assert names == ["jinja2-3.1.6-py3-none-any.whl", "markupsafe-3.0.3-py3-none-any.whl"]
    code = "import markupsafe, jinja2; print(markupsafe.escape('<b>&'), markupsafe._escape_inner.__module__)"
    result = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path[:0] = {[str(w) for w in wheels]}; {code}"],
                            capture_output=True, text=True)
    assert result.stdout.split() == ["&lt;b&gt;&amp;", "markupsafe._native"], result.stderr


def test_deterministic_zip_is_byte_identical():
    files = {"b.py": b"2", "a/x.py": b"1"}
    assert archive.deterministic_zip(files) == archive.deterministic_zip(dict(reversed(files.items())))


def test_bundles_hold_sources_only():
    names = set(archive.bundle_files(("dashboard",), ("templates",)))
    assert "dashboard/__init__.py" in names
    assert "templates/dashboard/shell.html" in names
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)


def test_write_if_changed(tmp_path):
    target = tmp_path / "x" / "f.txt"
    assert archive.write_if_changed(target, b"one") is True
    assert archive.write_if_changed(target, b"one") is False
    assert archive.write_if_changed(target, b"two") is True and target.read_bytes() == b"two"


def test_second_build_changes_nothing():
    """A build over an up-to-date dist/ writes no file (its time is the benchmark's business, not a test's)."""
    assemble.build(quiet=True)
    assert assemble.build(quiet=True) == 0


def test_dist_is_self_contained():
    assemble.build(quiet=True)
    for site in ("extension", "workspace"):
        out = paths.DIST / site
        for name in ("index.html", "pyscript.toml", "boot.js", "app.zip", "pyodide/pyodide.asm.wasm",
                     "pyodide/python_stdlib.zip", "pyodide/snapshot.mjs", "pyodide/snapshot.bin", "pyscript/core.js"):
            assert (out / name).is_file(), f"{site}/{name}"
        text = (out / "index.html").read_text() + (out / "pyscript.toml").read_text()
        assert "cdn." not in text and "https://" not in text
        assert 'interpreter = "./pyodide/snapshot.mjs"' in (out / "pyscript.toml").read_text()


def test_snapshot_imports_the_standard_modules_and_wheels_only():
    """The snapshot imports what the site takes from the standard library and the wheels, never Pyodide's own
    modules (they reach into JavaScript) nor the site's packages (a code change must not remake the snapshot)."""
    index = {"modules": {"json": {}, "asyncio": {}, "pyodide.ffi": {}, "_pyodide._base": {}}}
    seeds = {"json", "asyncio", "pyodide.ffi", "_pyodide._base", "js", "wwe.core", "dashboard"}
    assert snapshot.snapshot_imports(seeds, index, vendor.vendor_wheels()) == ["asyncio", "jinja2", "json", "markupsafe"]


def expand_sparse(data: bytes) -> bytes:
    """The format static/snapshot.mjs reads, decoded independently of the encoder."""
    magic, length, count = struct.unpack_from("<8s2I", data)
    assert magic == b"WWESNAP1"
    memory = bytearray(length)
    position = 16 + 8 * count
    for offset, size in struct.iter_unpack("<2I", data[16:position]):
        memory[offset:offset + size] = data[position:position + size]
        position += size
    assert position == len(data)
    return bytes(memory)


@pytest.mark.parametrize("memory", [b"", bytes(5000), b"\1" * 5000, bytes(4096) + b"\1" * 10,
                                    b"\2" * 4096 + bytes(8192) + b"\3" * 4097 + bytes(100)],
                         ids=["empty", "zeros", "ones", "zero page, then data", "runs"])
def test_sparse_snapshot_drops_zero_pages_and_nothing_else(memory):
    sparse = snapshot.sparse(memory)
    assert expand_sparse(sparse) == memory
    assert len(sparse) <= 16 + 8 + len(memory.rstrip(b"\0")) + 8 * memory.count(bytes(4096))


def test_prerendered_shell_shows_loading_state():
    assemble.build(quiet=True)
    html = (paths.DIST / "extension" / "index.html").read_text()
    assert 'aria-busy="true"' in html and "Starting Python" in html and "{%" not in html


@pytest.fixture(scope="module")
def served():
    assemble.build(quiet=True)
    from tests.e2e.conftest import free_port

    ports = free_port(), free_port()
    servers = server.start_servers(workspace_port=ports[0], extension_port=ports[1], quiet=True)
    yield ports
    for running in servers:
        running.shutdown()
        running.server_close()


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
    proc = subprocess.Popen([sys.executable, str(paths.ROOT / "build.py"), "serve", "--port", str(port),
                             "--extension-port", str(ext)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    urls, lines = (f"http://127.0.0.1:{port}/", f"http://localhost:{ext}/"), []
    while not all(any(url in line for line in lines) for url in urls):  # the build may log first
        line = proc.stdout.readline()
        assert line, f"serve ended before printing both addresses: {lines}"
        lines.append(line)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 0  # a limit on a loaded machine, not a pause


# ---------------------------------------------------------------- bytecode, standard library, compression, caching

def test_write_if_changed_never_writes_through_a_hard_link(tmp_path):
    source, linked = tmp_path / "runtime.zip", tmp_path / "dist.zip"
    source.write_bytes(b"original")
    archive.link_or_copy(source, linked)
    assert archive.write_if_changed(linked, b"generated") is True
    assert source.read_bytes() == b"original" and linked.read_bytes() == b"generated"


def test_imports_in_resolves_relative_and_function_level_imports():
    source = b"import a.b\nfrom . import sibling\nfrom .sub import name\ndef f():\n    import lazy\nawait x\n"
    assert stdlib.imports_in(source, "pkg.mod") == {"a.b", "pkg", "pkg.sibling", "pkg.sub", "pkg.sub.name", "lazy"}
    assert stdlib.imports_in(b"from .. import up", "pkg.inner", is_package=True) == {"pkg", "pkg.up"}


def test_stdlib_closure_follows_imports_and_leaves_out_lazy_dev_tools():
    index = {"init": ["site"], "modules": {
        "site": {"eager": ["os"], "lazy": ["pydoc"]},  # help() imports pydoc inside a function
        "os": {"eager": [], "lazy": []},
        "pydoc": {"eager": ["email.message"], "lazy": []},
        "email": {"eager": [], "lazy": []}, "email.message": {"eager": [], "lazy": []},
        "json": {"eager": ["json.decoder"], "lazy": ["multiprocessing"]},
        "json.decoder": {"eager": [], "lazy": []}, "multiprocessing": {"eager": [], "lazy": []},
        "encodings": {"eager": [], "lazy": []}, "encodings.idna": {"eager": [], "lazy": []},
        "argparse": {"eager": [], "lazy": []}, "unused": {"eager": [], "lazy": []},
    }}
    found = stdlib.stdlib_closure(index, {"json"})
    assert found == {"site", "os", "json", "json.decoder", "encodings", "encodings.idna"}
    assert "argparse" in stdlib.stdlib_closure(index, {"json", "argparse"})  # the site's own imports always count


def test_page_scripts_are_found():
    html = '<script type="module" src="x.js"></script><script type="py" config="./c.toml" async>\nimport a\n</script>'
    assert pages.page_scripts(html) == ["\nimport a\n"]


def test_browser_stdlib_is_trimmed_sourceless_bytecode():
    assemble.build(quiet=True)
    _, index = bytecode.compiled_stdlib()
    with zipfile.ZipFile(paths.DIST / "extension" / "pyodide" / "python_stdlib.zip") as zf:
        names = set(zf.namelist())
        magic = zf.read("json/__init__.pyc")[:4]
    assert {"json/__init__.pyc", "asyncio/__init__.pyc", "encodings/idna.pyc", "pyodide/http/__init__.pyc", "pyodide/webloop.pyc"} <= names
    assert not any(n.endswith(".py") and not n.startswith("_sysconfigdata") for n in names)
    assert "pdb.pyc" not in names and "multiprocessing/__init__.pyc" not in names
    assert len(names) < len(index["modules"])
    assert magic[2:] == b"\r\n"  # a .pyc header (Pyodide's own magic number; its Python compiled it)


def test_app_bundle_holds_checked_bytecode_next_to_sources():
    assemble.build(quiet=True)
    _, index = bytecode.compiled_stdlib()
    with zipfile.ZipFile(paths.DIST / "extension" / "app.zip") as zf:
        names = set(zf.namelist())
        pyc = zf.read(f"wwe/__pycache__/core.{index['cache_tag']}.pyc")
    assert {"wwe/core.py", "jinja2/__init__.py", "markupsafe/__init__.py", "templates/dashboard/shell.html"} <= names
    assert f"jinja2/__pycache__/compiler.{index['cache_tag']}.pyc" in names
    assert int.from_bytes(pyc[4:8], "little") == 0b11  # hash-based and checked: never a stale bytecode
    assert not (paths.DIST / "extension" / "wheels").exists()  # the wheels' packages are in app.zip


def test_compressible_files_have_brotli_and_gzip_siblings():
    assemble.build(quiet=True)
    out = paths.DIST / "extension"
    wasm = out / "pyodide" / "pyodide.asm.wasm"
    assert gzip.decompress((out / "pyodide" / "pyodide.asm.wasm.gz").read_bytes()) == wasm.read_bytes()
    for name in ("pyodide/pyodide.asm.wasm", "pyodide/python_stdlib.zip", "app.zip", "index.html"):
        assert (out / f"{name}.br").stat().st_size < (out / name).stat().st_size * 0.9, name
    assert not (out / "pyscript.toml.br").exists()  # under 1 KB: not worth it


def fetch(port: int, path: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), b""


@pytest.mark.parametrize("accept, encoding, suffix", [
    ("gzip, deflate, br, zstd", "br", ".br"),
    ("gzip", "gzip", ".gz"),
    ("br;q=0, gzip;q=0.5", "gzip", ".gz"),
    ("identity", None, ""),
])
def test_precompressed_files_are_served_to_who_accepts_them(served, accept, encoding, suffix):
    status, headers, body = fetch(served[1], "/pyodide/pyodide.asm.wasm", **{"Accept-Encoding": accept})
    wasm = paths.DIST / "extension" / "pyodide" / "pyodide.asm.wasm"
    assert status == 200 and headers["Content-Type"] == "application/wasm"
    assert headers.get("Content-Encoding") == encoding and headers["Vary"] == "Accept-Encoding"
    assert body == wasm.with_name(wasm.name + suffix).read_bytes()
    assert int(headers["Content-Length"]) == len(body)


def test_revalidation_answers_304_per_encoding(served):
    _, first, _ = fetch(served[1], "/index.html", **{"Accept-Encoding": "gzip"})
    assert first["Cache-Control"] == "no-cache" and first["ETag"]
    status, again, body = fetch(served[1], "/index.html", **{"Accept-Encoding": "gzip", "If-None-Match": first["ETag"]})
    assert status == 304 and body == b"" and again["ETag"] == first["ETag"]
    status, _, body = fetch(served[1], "/index.html", **{"Accept-Encoding": "br", "If-None-Match": first["ETag"]})
    assert status == 200 and body  # another representation, another ETag
    status, _, _ = fetch(served[1], "/index.html", **{"If-Modified-Since": first["Last-Modified"]})
    assert status == 304


def test_content_hashed_runtime_files_are_immutable_others_revalidate(served):
    chunk = next(p.name for p in (paths.DIST / "extension" / "pyscript").glob("core-*.js"))
    _, headers, _ = fetch(served[1], f"/pyscript/{chunk}")
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    for path in ("/pyscript/core.js", "/pyodide/pyodide.asm.wasm", "/index.html", "/app.zip", "/pyscript.toml"):
        assert fetch(served[1], path)[1]["Cache-Control"] == "no-cache", path
    assert fetch(served[1], "/missing.js")[0] == 404
