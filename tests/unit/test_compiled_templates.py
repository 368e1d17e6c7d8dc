"""Templates compiled by the build (tools/templates.py) render exactly as the templates they were compiled from."""
from __future__ import annotations

import sys
from pathlib import Path

import jinja2
import pytest

from dashboard.render import environment
from tools import templates
from tools.build import archive, vendor
from wwe import templating

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def compiled(tmp_path, monkeypatch):
    """The repository's templates compiled as app.zip holds them, importable from ``tmp_path``; cwd at the root
    (pages find ``templates/`` in Python's working directory)."""
    files = {**archive.archive_files({name: ROOT / "py" / name for name in ("wwe", "dashboard")},
                                   {"templates": ROOT / "templates"}),
             **archive.wheel_files(vendor.vendor_wheels())}
    modules = templates.compiled_templates(files)
    for name, source in modules.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(source)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(ROOT)
    yield modules
    for name in [m for m in sys.modules if m.startswith(templating.COMPILED)]:
        del sys.modules[name]


def test_every_template_is_compiled_once(compiled):
    html = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "templates").rglob("*.html"))
    assert len(compiled) == len(html) + 1  # and the package's __init__
    assert f"{templating.COMPILED}/{templating.compiled_module('templates/dashboard/shell.html')}.py" in compiled


def test_compiled_templates_render_like_their_sources(compiled):
    env = environment("templates")
    template = env.get_template("dashboard/panels.html")
    key = templating.compiled_module("templates/dashboard/panels.html")
    assert template.filename.endswith(f"{templating.COMPILED}/{key}.py")  # imported, not parsed
    assert template.name == "dashboard/panels.html"
    source = jinja2.Environment(loader=jinja2.FileSystemLoader("templates"), autoescape=True,
                                undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    source.globals.update(env.globals)
    for name in ("dashboard/shell.html", "dashboard/panels.html"):
        assert env.get_template(name).render() == source.get_template(name).render()


def test_a_template_the_build_did_not_compile_comes_from_its_file(compiled, tmp_path):
    (tmp_path / "extra").mkdir()
    (tmp_path / "extra" / "new.html").write_text("<p>{{ display(1) }}</p>")
    env = templating.environment(tmp_path / "extra")
    assert env.get_template("new.html").render() == "<p>1</p>"
