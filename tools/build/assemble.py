"""Assembling dist/: each site's runtime, pages, app.zip with bytecode, standard library, snapshot, compressed
siblings; stale files removed."""
from __future__ import annotations

from pathlib import Path

from tools import manifest, templates

from .archive import archive_files, deterministic_zip, link_or_copy, runtime_files, wheel_files, write_if_changed
from .bytecode import bytecode, compiled_stdlib, module_name, pyc_name
from .compress import COMPRESSIBLE, compress
from .pages import jinja_environment, page_scripts, render_page
from .paths import DIST, NODE_MODULES, ROOT, importable, log
from .sites import RUNTIME_STATIC, Site, extensions, sites
from .snapshot import memory_snapshot, snapshot_imports
from .stdlib import imports_in, runtime_imports, stdlib_closure, stdlib_zip
from .vendor import site_wheels, vendor_npm, vendor_wheels

PLAYGROUND_RUNTIME = {"pyodide/python_stdlib_source.zip": NODE_MODULES / "pyodide" / "python_stdlib.zip"}
"""Pyodide's whole standard library, for the playground worker: help() (pydoc) and modules the trimmed one drops."""


def build(quiet: bool = False, found: list[manifest.Extension] | None = None, dist: Path = DIST) -> int:
    """Assemble ``dist``: the simulator and every extension (``found``, default: all their manifests); returns how
    many output files were written or removed (0 when up to date). A bad manifest stops it before anything is
    written (``manifest.ManifestError``)."""
    plan = sites(extensions() if found is None else found)
    vendor_npm()
    wheels = vendor_wheels()
    chosen = {site.out: site_wheels(wheels, site.wheels) for site in plan}
    changed = assemble(plan, chosen, dist)
    if not quiet:
        log(f"{dist.name}/ ready ({changed} file(s) changed)")
    return changed


def assemble(plan: list[Site], wheels: dict[str, list[Path]], dist: Path, workspace_origins: str = "parent") -> int:
    """Write each site of ``plan`` under ``dist`` with its ``wheels`` (the pages' ``workspace_origins``: see
    render_page); returns how many files changed."""
    runtime = {rel: src for rel, src in runtime_files().items() if rel != "pyodide/python_stdlib.zip"}
    compiled, index = compiled_stdlib()
    bundles = {site.out: {**wheel_files(wheels[site.out]), **archive_files(site.packages, site.data)} for site in plan}
    for site in plan:
        importable(*wheels[site.out], ROOT / "py")
        bundles[site.out].update(templates.compiled_templates(bundles[site.out]))
    sources = {name: data for files in bundles.values() for name, data in files.items() if name.endswith(".py")}
    pycs = bytecode(sources)
    pyscript_imports = runtime_imports()
    outs = {dist / site.out for site in plan}
    changed = 0
    for site in plan:
        out = dist / site.out
        env = jinja_environment(wheels[site.out], site.roots)
        expected: set[Path] = set()
        for rel, src in {**runtime, **(PLAYGROUND_RUNTIME if "playground" in site.packages else {})}.items():
            link_or_copy(src, out / rel)
            expected.add(out / rel)
        for rel, src in {**RUNTIME_STATIC, **site.static}.items():
            changed += write_if_changed(out / rel, src.read_bytes())
            expected.add(out / rel)
        app = dict(bundles[site.out])
        seeds = set(pyscript_imports)
        for name, data in bundles[site.out].items():
            if name.endswith(".py"):
                app[pyc_name(name, index["cache_tag"])] = pycs[name]
                seeds |= imports_in(data, *module_name(name))
        changed += write_if_changed(out / "app.zip", deterministic_zip(app))
        expected.add(out / "app.zip")
        for rel, template in site.pages.items():
            page = render_page(env, template, site.out.partition("/")[0], wheels[site.out], workspace_origins)
            for script in page_scripts(page.decode()):
                seeds |= imports_in(script)
            changed += write_if_changed(out / rel, page)
            expected.add(out / rel)
        stdlib = stdlib_zip(compiled, index, stdlib_closure(index, seeds))
        changed += write_if_changed(out / "pyodide" / "python_stdlib.zip", stdlib)
        expected.add(out / "pyodide" / "python_stdlib.zip")
        changed += write_if_changed(out / "pyodide" / "snapshot.mjs", (ROOT / "static" / "snapshot.mjs").read_bytes())
        snapshot = memory_snapshot(out, snapshot_imports(seeds, index, wheels[site.out]), wheels[site.out])
        changed += write_if_changed(out / "pyodide" / "snapshot.bin", snapshot)
        expected.update((out / "pyodide" / "snapshot.mjs", out / "pyodide" / "snapshot.bin"))
        siblings, written = compress(sorted(p for p in expected if p.suffix in COMPRESSIBLE))
        changed += written
        expected.update(siblings)
        nested = [other for other in outs if other != out and out in other.parents]  # another site's folder
        for stale in [p for p in out.rglob("*") if p.is_file() and p not in expected
                      and not any(folder in p.parents for folder in nested)]:
            stale.unlink()
            changed += 1
        for folder in sorted((p for p in out.rglob("*") if p.is_dir()), reverse=True):
            if not any(folder.iterdir()):
                folder.rmdir()
    return changed
