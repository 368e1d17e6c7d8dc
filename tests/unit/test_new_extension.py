"""``build.py new``: a complete extension from tools/scaffold/, found by the build through its manifest only."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tools.build import paths, server, sites, vendor
from tools import manifest, new_extension


def test_new_writes_a_complete_extension_its_manifest_describes(tmp_path):
    folder = new_extension.create("caller-card", tmp_path)
    assert folder == tmp_path / "caller-card"
    names = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert names == {"extension.toml", "index.html", "pyscript.toml", "caller_card/__init__.py", "caller_card/card.py",
                     "caller_card/main.py", "templates/caller_card/card.html", "scenario/caller-card.toml",
                     "tests/conftest.py", "tests/test_caller_card.py", "tests/test_caller_card_browser.py"}
    assert not any("__" in p.read_text() for p in folder.rglob("*.toml"))  # every placeholder filled in
    ext = manifest.load(folder / "extension.toml", paths.ROOT / "py")
    assert (ext.name, ext.mount, ext.title) == ("caller-card", "caller-card", "Caller card")
    assert set(ext.packages) == {"wwe", "caller_card"} and ext.tests == folder / "tests"
    assert 'from caller_card.main import main' in (folder / "index.html").read_text()


def test_the_scaffolds_scenario_embeds_it_with_its_origin_accepted(tmp_path):
    from workspace import timeline

    folder = new_extension.create("caller-card", tmp_path)
    config, _ = timeline.load((folder / "scenario" / "caller-card.toml").read_text())
    (view,) = config.web_content
    assert (view.url, view.label) == ("http://localhost:8001/caller-card/index.html", "Caller card")
    assert config.origins.rule_for(view.origin) is not None and not config.warnings


def test_the_scaffolds_unit_tests_pass(tmp_path):
    folder = new_extension.create("caller-card", tmp_path)
    path = [str(paths.ROOT / "py"), *map(str, vendor.vendor_wheels())]
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_caller_card.py"],
                            cwd=folder, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": os.pathsep.join(path)})
    assert result.returncode == 0 and "3 passed" in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize("name, message", [
    ("Caller", "not an extension name"), ("caller_card", "not an extension name"), ("-x", "not an extension name"),
    ("json", "taken by"), ("dashboard", "already exists"),
])
def test_new_refuses_a_bad_or_taken_name_and_writes_nothing(tmp_path, name, message):
    with pytest.raises(manifest.ManifestError, match=message):
        new_extension.create(name, tmp_path, taken=("dashboard",))
    assert list(tmp_path.iterdir()) == []


def test_new_refuses_an_existing_folder(tmp_path):
    (tmp_path / "caller-card").mkdir()
    with pytest.raises(manifest.ManifestError, match="already exists"):
        new_extension.create("caller-card", tmp_path)
    assert list((tmp_path / "caller-card").iterdir()) == []


def test_new_on_the_command_line_registers_a_folder_outside_the_repository(tmp_path):
    """``new NAME --dir PATH`` with the registry pointed elsewhere: the extension is made, listed, found by the
    build; the same name again is one line and changes nothing."""
    registry = tmp_path / "dirs.txt"
    code = (f"from pathlib import Path; from tools.build import commands, sites; "
            f"sites.REGISTRY = Path({str(registry)!r}); commands.main(['new', 'caller-card', '--dir', {str(tmp_path / 'mine')!r}])")
    first = subprocess.run([sys.executable, "-c", code], cwd=paths.ROOT, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert registry.read_text() == f"{tmp_path / 'mine' / 'caller-card'}\n"
    assert "caller-card" in [ext.name for ext in sites.extensions(registry)]
    again = subprocess.run([sys.executable, "-c", code], cwd=paths.ROOT, capture_output=True, text=True)
    assert again.returncode == 1 and again.stderr.strip() == "build.py: an extension named 'caller-card' already exists"
    assert registry.read_text() == f"{tmp_path / 'mine' / 'caller-card'}\n"


def test_serve_points_the_simulator_at_its_extension_port():
    assert server.simulator_url(8000, 8001) == "http://127.0.0.1:8000/"
    assert server.simulator_url(8100, 8201, "caller-card") == \
        "http://127.0.0.1:8100/?scenario=caller-card&extension-origin=http://localhost:8201"
