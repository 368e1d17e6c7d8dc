"""The generators of tools/ as modules, and the spec they read (the tests check their outputs are up to date)."""

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPEC = json.loads((ROOT / "spec" / "scapi-spec.json").read_text(encoding="utf-8"))


def load_tool(name):
    """tools/<name>.py, loaded as a module."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
