"""``build.py package NAME --workspace-origin ...``: one extension alone, its pages pinned to the Workspace origin."""
from __future__ import annotations

import re
import subprocess
import sys
import zipfile

import pytest

from tools.build import package, paths
from tools import manifest, new_extension


@pytest.fixture(scope="module")
def extension(tmp_path_factory) -> manifest.Extension:
    folder = new_extension.create("caller-card", tmp_path_factory.mktemp("mine"))
    return manifest.load(folder / "extension.toml", paths.ROOT / "py")


def test_a_package_holds_the_extension_alone_pinned_to_its_origin(extension, tmp_path):
    out = package.package("caller-card", ["https://Workspace.example.com/"], [extension], tmp_path)
    assert out == tmp_path / "caller-card" and [p.name for p in tmp_path.iterdir()] == ["caller-card"]
    top = {p.name for p in out.iterdir() if p.suffix not in (".br", ".gz")}
    assert top == {"index.html", "pyscript.toml", "boot.js", "standins.js", "app.zip", "pyodide", "pyscript"}
    assert '<meta name="wwe-workspace-origins" content="https://workspace.example.com">' in (out / "index.html").read_text()
    packages = {name.split("/")[0] for name in zipfile.ZipFile(out / "app.zip").namelist()}
    assert {"wwe", "caller_card", "templates", "jinja2"} <= packages
    assert not packages & {"dashboard", "playground", "workspace"}


def test_an_extension_without_the_template_engine_ships_without_it(extension, tmp_path):
    plain = manifest.Extension(**{**extension.__dict__, "wheels": ()})
    out = package.package("caller-card", ["https://workspace.example.com"], [plain], tmp_path)
    assert not any(name.startswith(("jinja2", "markupsafe")) for name in zipfile.ZipFile(out / "app.zip").namelist())


@pytest.mark.parametrize("origins, message", [
    ([], "no Workspace origin"),
    (["parent"], "'parent' trusts whichever page embeds the extension"),
    (["https://a.example/path"], "has a path"),
    (["a.example"], "is not an origin"),
    (["*"], "is not an origin"),
    (["ftp://a.example"], "is not an http(s) origin"),
])
def test_package_refuses_what_would_not_pin_an_origin_and_writes_nothing(extension, tmp_path, origins, message):
    with pytest.raises(manifest.ManifestError, match=re.escape(message)) as error:
        package.package("caller-card", origins, [extension], tmp_path / "packages")
    assert str(error.value).endswith(package.ORIGIN_HINT)
    assert not (tmp_path / "packages").exists()


def test_a_page_that_does_not_pin_is_refused(extension, tmp_path):
    page = extension.root / "index.html"
    original = page.read_text()
    page.write_text(original.replace('{{ workspace_origins | default("parent") }}', "parent"))
    try:
        with pytest.raises(manifest.ManifestError, match="index.html does not pin the origin"):
            package.package("caller-card", ["https://workspace.example.com"], [extension], tmp_path)
    finally:
        page.write_text(original)
    assert list(tmp_path.iterdir()) == []


def test_package_on_the_command_line_says_what_to_pass():
    result = subprocess.run([sys.executable, str(paths.ROOT / "build.py"), "package", "dashboard"],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr == f"build.py: package: no Workspace origin: {package.ORIGIN_HINT}\n"
