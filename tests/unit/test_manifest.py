"""Extension manifests (tools/manifest.py): found, checked, and turned into the sites build.py writes."""
from __future__ import annotations

import subprocess
import sys

import pytest

from tools.build import assemble, paths, sites
from tools import manifest

LIBRARY = paths.ROOT / "py"


def write_extension(folder, text: str, files=("index.html",)):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "extension.toml").write_text(text)
    for name in files:
        (folder / name).write_text("<p>hi</p>")
    return folder / "extension.toml"


def test_the_sample_pages_share_the_site_root():
    """The dashboard, the playground and the customer-record page: one site root, one pyscript.toml and app.zip."""
    found = {ext.name: ext for ext in sites.extensions(registry=paths.ROOT / "no-registry")}
    assert {"dashboard", "playground", "record"} <= set(found)
    assert found["dashboard"].mount == found["playground"].mount == found["record"].mount == ""
    extension = next(site for site in sites.sites(list(found.values())) if site.out == "extension")
    assert {"index.html", "pyscript.toml", "playground.html", "playground-dialog.html", "record.html"} \
        <= set(extension.pages)
    assert set(extension.packages) == {"wwe", "dashboard", "playground", "record"}


def test_an_extension_of_its_own_gets_its_own_folder_and_its_scenarios_reach_the_simulator(tmp_path):
    path = write_extension(tmp_path / "card", 'name = "card"\npackages = ["wwe"]\nscenarios = ["card.toml"]\n'
                                              '[pages]\n"index.html" = "index.html"\n', ("index.html", "card.toml"))
    ext = manifest.load(path, LIBRARY)
    assert ext.packages == {"wwe": LIBRARY / "wwe"} and ext.wheels == ()
    workspace, site = sites.sites([ext])
    assert site.out == "extension/card" and site.pages == {"index.html": "index.html"}
    assert workspace.data[f"{sites.EXTENSION_SCENARIOS}/card.toml"] == tmp_path / "card" / "card.toml"


@pytest.mark.parametrize("text, message", [
    ('name = "card"\n[pages]\n"index.html" = "missing.html"\n', "pages: missing.html: no such file or folder"),
    ('name = "card"\npackages = ["nowhere"]\n', "no Python package 'nowhere'"),
    ('name = "Card"\n', "'Card' is not an extension name"),
    ('name = "card"\npage = {}\n', "unknown key 'page'"),
    ('name = "card"\ndata = "templates"\n', "data: must be a list of strings"),
    ('name = "card\n', "TOML syntax"),
])
def test_a_bad_manifest_is_one_line_naming_the_problem(tmp_path, text, message):
    with pytest.raises(manifest.ManifestError) as error:
        manifest.load(write_extension(tmp_path / "card", text), LIBRARY)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_two_extensions_cannot_write_one_file(tmp_path):
    registry = tmp_path / "dirs.txt"
    for name in ("one", "two"):
        write_extension(tmp_path / name, f'name = "{name}"\nmount = "shared"\n[pages]\n"index.html" = "index.html"\n')
    registry.write_text("one\ntwo\n")
    with pytest.raises(manifest.ManifestError, match="shared/index.html is also written by"):
        manifest.discover(tmp_path, registry, LIBRARY)


@pytest.mark.parametrize("name", ["json", "wwe", "class", "pyodide", "2cards", "card--x", "card_x"])
def test_names_that_cannot_be_an_extension(name):
    with pytest.raises(manifest.ManifestError):
        manifest.check_name(name)


def test_the_build_stops_on_a_missing_file_and_writes_nothing(tmp_path):
    """build.py with a registered extension whose manifest names a missing file: one line, exit status 1, no dist."""
    folder = tmp_path / "card"
    write_extension(folder, 'name = "card"\n[pages]\n"index.html" = "gone.html"\n')
    registry = tmp_path / "dirs.txt"
    registry.write_text(str(folder) + "\n")
    dist = tmp_path / "dist"
    with pytest.raises(manifest.ManifestError):
        assemble.build(quiet=True, found=sites.extensions(registry), dist=dist)
    assert not dist.exists()
    code = (f"from pathlib import Path; from tools.build import commands, sites; "
            f"sites.REGISTRY = Path({str(registry)!r}); commands.main(['build'])")
    result = subprocess.run([sys.executable, "-c", code], cwd=paths.ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"build.py: {folder / 'extension.toml'}: pages: gone.html: no such file or folder ({folder / 'gone.html'})"]
