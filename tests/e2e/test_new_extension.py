"""``build.py new`` to a running extension: scaffolded into a folder outside the repository, built into a dist of
its own, served on two sites, and its own browser test passes against them (embedded by the simulator, connected)."""
from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tools.build import assemble, paths, server
from tools import manifest, new_extension

from .conftest import Site, free_port

pytestmark = pytest.mark.browser


@contextmanager
def serving(*folders: Path) -> Iterator[list[int]]:
    """Each folder served on a free port of its own (server.start_server); yields the ports."""
    servers = [server.start_server(folder, free_port(), quiet=True) for folder in folders]
    try:
        yield [running.server_address[1] for running in servers]
    finally:
        for running in servers:
            running.shutdown()
            running.server_close()


def test_a_new_extension_passes_its_own_browser_test(tmp_path, page):
    folder = new_extension.create("caller-card", tmp_path / "elsewhere")
    extension = manifest.load(folder / "extension.toml", paths.ROOT / "py")
    dist = tmp_path / "dist"
    assemble.build(quiet=True, found=[extension], dist=dist)
    assert sorted(p.name for p in (dist / "extension").iterdir()) == ["caller-card"]  # nothing but the extension
    spec = importlib.util.spec_from_file_location("scaffolded", folder / "tests" / "test_caller_card_browser.py")
    scaffolded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scaffolded)
    with serving(dist / "workspace", dist / "extension") as ports:
        scaffolded.test_the_card_connects_and_shows_a_ringing_call(Site(*ports), page)
