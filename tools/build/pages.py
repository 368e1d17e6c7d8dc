"""The pages: rendered at build time through the dashboard's jinja2 environment; the Python they hold."""
from __future__ import annotations

import re
from pathlib import Path

from .paths import ROOT, importable


def jinja_environment(wheels: list[Path], roots: tuple[Path, ...] = (ROOT,)):
    """The dashboard's own jinja2 environment (same filters and globals as in the browser), also able to load the
    pages under ``roots`` (and their templates/); jinja2 is imported from the vendored wheels (no install needed)."""
    importable(*wheels, ROOT / "py")
    import jinja2
    from dashboard.render import environment

    env = environment(ROOT / "templates")
    folders = [str(folder) for root in roots for folder in (root, root / "templates") if folder.is_dir()]
    own = [env.loader] if env.loader else []  # the dashboard's templates
    env.loader = jinja2.ChoiceLoader([*own, jinja2.FileSystemLoader(list(dict.fromkeys(folders)))])
    return env


def render_page(env, source: str, site: str, wheels: list[Path], workspace_origins: str = "parent") -> bytes:
    """Render an HTML page or pyscript.toml through jinja2 with the build context (no dashboard state yet);
    ``workspace_origins``: what a page's ``<meta name="wwe-workspace-origins">`` says (``package`` pins it)."""
    return env.get_template(source).render(site=site, wheels=[w.name for w in wheels], s=None,
                                           workspace_origins=workspace_origins).encode()


def page_scripts(html: str) -> list[str]:
    """The Python of a page's ``<script type="py">`` elements."""
    return re.findall(r'<script\s+type="py"[^>]*>(.*?)</script>', html, flags=re.S)
