"""jinja2 for extension pages: the one environment factory of the dashboard, the playground, the record page, the
simulator and scaffolded extensions. Autoescape everywhere (text from the Workspace is never markup), strict about
undefined names, templates cached, and ``display``/``shown``/``clip`` for values the page did not write
(``wwe.shown``). It needs jinja2 (a wheel the page's manifest names); ``import wwe`` does not import it."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from .shown import clip, display, shown


def environment(folder: Path | str, **helpers: Any) -> jinja2.Environment:
    """Templates under ``folder``, with ``helpers`` (functions, constants) beside ``display``, ``shown``, ``clip``."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), autoescape=True,
                             undefined=jinja2.StrictUndefined, auto_reload=False, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(display=display, shown=shown, clip=clip, **helpers)
    return env
