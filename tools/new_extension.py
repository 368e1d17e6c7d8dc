"""``build.py new NAME``: a complete minimal extension from the files of tools/scaffold/, its names filled in.

What it makes (for "caller-card"): extension.toml, index.html, pyscript.toml, caller_card/ (card.py: the logic,
sans-I/O; main.py: the browser edge), templates/caller_card/card.html, scenario/caller-card.toml (the simulator
embedding it, its origin accepted), tests/ (a CPython test on workspace.testing, a browser test).
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from . import manifest

SCAFFOLD = Path(__file__).resolve().parent / "scaffold"
RENAMED = {"package": "{package}", "scenario.toml": "{name}.toml", "test_unit.py": "test_{package}.py",
           "test_browser.py": "test_{package}_browser.py"}
"""Scaffold file or folder names -> their names in the new extension."""


def title(name: str) -> str:
    """"caller-card" -> "Caller card"."""
    return name.replace("-", " ").capitalize()


def files(name: str) -> dict[str, str]:
    """Relative path -> text of every file of the new extension ``name``."""
    values = {"name": name, "package": manifest.package_name(name)}
    made = {}
    for path in sorted(SCAFFOLD.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            parts = [RENAMED.get(part, part).format(**values) for part in path.relative_to(SCAFFOLD).parts]
            text = path.read_text(encoding="utf-8")
            for token, value in (("__NAME__", name), ("__PACKAGE__", values["package"]), ("__TITLE__", title(name))):
                text = text.replace(token, value)
            made["/".join(parts)] = text
    return made


def create(name: str, parent: Path, taken: tuple[str, ...] = ()) -> Path:
    """Write the extension ``name`` into ``parent``/``name`` and return that folder; ManifestError (one line, nothing
    written) for an invalid name, one in ``taken``, or a folder that exists."""
    manifest.check_name(name, taken)
    folder = parent.resolve() / name
    if folder.exists():
        raise manifest.ManifestError(f"{folder} already exists: choose another name or --dir")
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=parent))
    try:
        for relative, text in files(name).items():
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            (staging / relative).write_text(text, encoding="utf-8")
        staging.rename(folder)  # all at once: never half an extension
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder
