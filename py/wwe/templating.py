"""jinja2 for extension pages: the one environment factory of the dashboard, the playground, the record page, the
simulator and scaffolded extensions. Autoescape everywhere (text from the Workspace is never markup), strict about
undefined names, templates cached, and ``display``/``shown``/``clip`` for values the page did not write
(``wwe.shown``). It needs jinja2 (a wheel the page's manifest names); ``import wwe`` does not import it."""
from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path, PurePosixPath
from typing import Any, MutableMapping

import jinja2

from .shown import clip, display, shown


COMPILED = "wwe_compiled_templates"
"""The package of templates compiled to Python by the build (app.zip; tools/templates.py): one module per template."""


def compiled_module(path: str) -> str:
    """The module of ``COMPILED`` holding the template at ``path`` (its name in app.zip: templates/dashboard/x.html)."""
    return jinja2.ModuleLoader.get_template_key(path)


class CompiledLoader(jinja2.BaseLoader):
    """The templates under ``folder`` as the build compiled them (``COMPILED``): imported, not parsed and compiled
    again in the browser. A template the build did not compile is not found here (the next loader has it)."""

    has_source_access = False

    def __init__(self, folder: Path | str) -> None:
        self.folder = PurePosixPath(folder)

    def load(self, environment: jinja2.Environment, name: str,
             globals: MutableMapping[str, Any] | None = None) -> jinja2.Template:
        try:
            module = importlib.import_module(f"{COMPILED}.{compiled_module(str(self.folder / name))}")
        except ModuleNotFoundError:
            raise jinja2.TemplateNotFound(name) from None
        template = environment.template_class.from_module_dict(environment, module.__dict__, globals or {})
        template.name = name  # compiled under its path in app.zip
        return template


def environment(folder: Path | str, **helpers: Any) -> jinja2.Environment:
    """Templates under ``folder`` (compiled by the build when it did: ``CompiledLoader``), with ``helpers``
    (functions, constants) beside ``display``, ``shown``, ``clip``."""
    loader: jinja2.BaseLoader = jinja2.FileSystemLoader(str(folder))
    if importlib.util.find_spec(COMPILED) is not None:
        loader = jinja2.ChoiceLoader([CompiledLoader(folder), loader])
    env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined, auto_reload=False,
                             trim_blocks=True, lstrip_blocks=True)
    env.globals.update(display=display, shown=shown, clip=clip, **helpers)
    return env
