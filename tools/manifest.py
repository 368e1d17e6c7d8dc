"""Extension manifests: each extension's ``extension.toml`` says what the build puts on the extension site.

    name = "caller-card"                  # lower-case letters, digits and '-'; the folder under dist/extension/
    title = "Caller card"
    packages = ["wwe", "caller_card"]     # Python packages for app.zip: in this folder (or `python`), else the library
    wheels = ["jinja2", "markupsafe"]     # vendored pure wheels for app.zip (none by default)
    data = ["templates"]                  # folders put in app.zip under the same names
    scenarios = ["scenario/caller-card.toml"]   # given to the simulator as bundled scenarios (?scenario=caller-card)
    tests = "tests"                       # run by `build.py test`
    [pages]                               # page in the site -> source, rendered through jinja2
    "index.html" = "index.html"
    [static]                              # file in the site -> source, copied
    "card.css" = "static/card.css"

Paths are relative to the manifest's folder (or to ``root``). ``mount`` is the extension's folder in the site
(default: its name; "" is the site's root, shared by the sample dashboard and the playground). The build finds the
manifests in ``extensions/*/`` and in the folders listed in ``extension-dirs.txt`` (one a line, git-ignored; ``new
--dir`` adds to it). Loading checks every name and path first: a ManifestError is one line naming the problem.
"""
from __future__ import annotations

import keyword
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

MANIFEST = "extension.toml"
NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*\Z")
KEYS = ("name", "title", "root", "mount", "python", "packages", "wheels", "data", "scenarios", "tests", "pages",
        "static")
RESERVED = ("pyodide", "pyscript", "extension", "workspace", "wwe", "tests", "static", "templates", "scenario")
"""Names an extension cannot take: folders of the site, and this project's own packages and folders."""


class ManifestError(ValueError):
    """A manifest, or an extension name, the build cannot use; the message is one line naming the problem."""


@dataclass(frozen=True)
class Extension:
    """One extension as its manifest describes it, with every path resolved and checked."""

    name: str
    title: str
    manifest: Path
    root: Path
    mount: str
    packages: dict[str, Path]
    wheels: tuple[str, ...]
    data: dict[str, Path]
    scenarios: tuple[Path, ...]
    tests: Path | None
    pages: dict[str, Path]
    static: dict[str, Path]

    @property
    def folder(self) -> Path:
        return self.manifest.parent


def package_name(name: str) -> str:
    """The Python package of an extension name: "caller-card" -> "caller_card"."""
    return name.replace("-", "_")


def check_name(name: str, taken: tuple[str, ...] = ()) -> str:
    """``name`` if an extension may take it, else ManifestError saying why."""
    if not NAME.match(name):
        raise ManifestError(f"'{name}' is not an extension name: lower-case letters, digits and single '-', "
                            "starting with a letter (e.g. caller-card)")
    package = package_name(name)
    if name in RESERVED or package in RESERVED or keyword.iskeyword(package) or package in sys.stdlib_module_names:
        raise ManifestError(f"'{name}' is taken by the build, Python or its standard library: choose another name")
    if name in taken or package in taken:
        raise ManifestError(f"an extension named '{name}' already exists")
    return name


def load(manifest: Path, library: Path) -> Extension:
    """The extension ``manifest`` describes; ``library``: the folder of this project's packages (``wwe``...)."""
    manifest = manifest.resolve()
    where = str(manifest)
    if not manifest.is_file():
        raise ManifestError(f"{where}: no such manifest")
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ManifestError(f"{where}: TOML syntax: {error}") from None
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise ManifestError(f"{where}: unknown key '{unknown[0]}' (known: {', '.join(KEYS)})")
    name = check_name(_text(data, "name", where, None))
    root = (manifest.parent / _text(data, "root", where, ".")).resolve()
    mount = _text(data, "mount", where, name)
    python = root / _text(data, "python", where, ".")

    def path(key: str, relative: str) -> Path:
        found = root / relative
        if not found.exists():
            raise ManifestError(f"{where}: {key}: {relative}: no such file or folder ({found})")
        return found

    def package(item: str) -> Path:
        for folder in (python / item, library / item):
            if (folder / "__init__.py").is_file():
                return folder
        raise ManifestError(f"{where}: packages: no Python package '{item}' in {python} nor in {library}")

    tests = _text(data, "tests", where, "")
    return Extension(
        name=name, title=_text(data, "title", where, name), manifest=manifest, root=root, mount=mount,
        packages={item: package(item) for item in _list(data, "packages", where)},
        wheels=tuple(_list(data, "wheels", where)),
        data={item: path("data", item) for item in _list(data, "data", where)},
        scenarios=tuple(path("scenarios", item) for item in _list(data, "scenarios", where)),
        tests=path("tests", tests) if tests else None,
        pages={out: path("pages", src) for out, src in _table(data, "pages", where).items()},
        static={out: path("static", src) for out, src in _table(data, "static", where).items()},
    )


def folders(repository: Path, registry: Path) -> list[Path]:
    """The folders holding a manifest: ``extensions/*/`` of the repository, then those ``registry`` lists."""
    found = sorted(p.parent for p in (repository / "extensions").glob(f"*/{MANIFEST}"))
    if registry.is_file():
        for line in registry.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                found.append((registry.parent / line.strip()).resolve())
    return found


def discover(repository: Path, registry: Path, library: Path) -> list[Extension]:
    """Every extension, checked: ManifestError on a bad manifest, a missing one, or two claiming one name or file."""
    extensions = [load(folder / MANIFEST, library) for folder in folders(repository, registry)]
    names: dict[str, Path] = {}
    outputs: dict[str, Path] = {}
    for extension in extensions:
        if extension.name in names:
            raise ManifestError(f"{extension.manifest}: the name '{extension.name}' is also {names[extension.name]}'s")
        names[extension.name] = extension.manifest
        for out in [*extension.pages, *extension.static]:
            key = f"{extension.mount}/{out}".lstrip("/")
            if key in outputs:
                raise ManifestError(f"{extension.manifest}: {key} is also written by {outputs[key]}")
            outputs[key] = extension.manifest
    return extensions


def _text(data: dict, key: str, where: str, default: str | None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise ManifestError(f"{where}: {key}: {'missing' if value is None else 'must be a string'}")
    return value


def _list(data: dict, key: str, where: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ManifestError(f"{where}: {key}: must be a list of strings")
    return value


def _table(data: dict, key: str, where: str) -> dict[str, str]:
    value = data.get(key, {})
    if not isinstance(value, dict) or not all(isinstance(item, str) for item in value.values()):
        raise ManifestError(f"{where}: [{key}]: must be a table of strings (file in the site = source)")
    return value
