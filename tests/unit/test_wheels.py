"""``build.py wheels``: wwe and workspace as pure wheels, installed offline into a fresh venv, where a scaffolded
extension's tests pass without this repository on sys.path."""
from __future__ import annotations

import subprocess
import venv
import zipfile

from tools.build import paths, wheels
from tests.test_pyodide_core import pyodide_wheels
from tools import new_extension


def test_the_wheels_are_pure_and_list_every_file(tmp_path):
    made = wheels.wheels(tmp_path)
    assert sorted(w.name for w in made) == ["workspace-0.1.0-py3-none-any.whl", "wwe-0.1.0-py3-none-any.whl"]
    for wheel in made:
        with zipfile.ZipFile(wheel) as zf:
            info = wheel.name.split("-py3")[0] + ".dist-info"
            record = {line.split(",")[0] for line in zf.read(f"{info}/RECORD").decode().splitlines()}
            assert record == set(zf.namelist())
            assert "Tag: py3-none-any" in zf.read(f"{info}/WHEEL").decode()
    names = zipfile.ZipFile(tmp_path / "workspace-0.1.0-py3-none-any.whl").namelist()
    assert {"workspace/testing.py", "workspace/scenario/default.toml", "workspace-0.1.0.dist-info/entry_points.txt"} <= set(names)
    assert "wwe/testing.py" in zipfile.ZipFile(tmp_path / "wwe-0.1.0-py3-none-any.whl").namelist()


def test_installed_offline_in_a_fresh_venv_they_run_a_new_extensions_tests(tmp_path):
    made = wheels.wheels(tmp_path / "wheels")
    folder = new_extension.create("caller-card", tmp_path / "mine")
    venv.create(tmp_path / "venv", with_pip=True)
    python = str(tmp_path / "venv" / "bin" / "python")
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-index", "--disable-pip-version-check",
                    "--find-links", str(pyodide_wheels()), *map(str, made), "pytest", "jinja2"], check=True)
    where = subprocess.run([python, "-I", "-c", "import sys, wwe, workspace; print(wwe.__file__, workspace.__file__)"],
                           cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert str(paths.ROOT) not in where and str(tmp_path / "venv") in where
    result = subprocess.run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_caller_card.py"],
                            cwd=folder, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"})
    assert result.returncode == 0 and "3 passed" in result.stdout, result.stdout + result.stderr
