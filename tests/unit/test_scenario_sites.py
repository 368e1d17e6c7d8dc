"""Scenarios pointed at the extension site by one setting (Config.pointed_at, ?extension-origin=), and base chains
of any depth (workspace.timeline.load)."""
from __future__ import annotations

import pytest

from workspace import timeline
from workspace.config import ConfigError
from workspace.page import startup
from workspace.timeline import ScriptError


def test_the_extension_site_moves_in_the_origins_and_the_views_and_nowhere_else():
    config, _ = startup.load("playground", "http://localhost:8201/")
    assert [rule.origin for rule in config.origins.rules] == ["http://localhost:8201"]
    assert config.origins.rules[0].keywords == ("*", "auth.getJwtToken")
    (view,) = config.web_content
    assert (view.url, view.origin) == ("http://localhost:8201/playground.html", "http://localhost:8201")
    assert config.options["CustomSection"]["option.custom.customer.code"] == "ACME-42"


def test_without_the_setting_the_scenario_is_as_written():
    config, _ = startup.load(None, None)
    assert config.web_content[0].url == "http://localhost:8001/index.html"


def test_other_origins_stay_put():
    text = ('[interaction-workspace]\n"service-client-api.accepted-web-content-origins" = '
            '"https://other.example, http://localhost:8001"\n"interaction.web-content" = ["A"]\n'
            '[A]\nurl = "https://other.example/a.html"\n')
    config = timeline.load(text)[0].pointed_at("http://localhost:9000")
    assert [rule.origin for rule in config.origins.rules] == ["https://other.example", "http://localhost:9000"]
    assert config.web_content[0].url == "https://other.example/a.html"


def test_a_bad_extension_origin_is_a_configuration_error():
    with pytest.raises(ConfigError, match="extension-origin: 'localhost:9000' is not an origin"):
        startup.load(None, "localhost:9000")


def scenarios(**texts: str):
    def read(name: str) -> str:
        if name not in texts:
            raise ConfigError(f"no bundled scenario '{name}'")
        return texts[name]
    return read


def test_bases_chain_to_any_depth():
    read = scenarios(
        bottom='[interaction-workspace]\n"service-client-api.rate-limit" = 7\n[scenario.auth]\njwt-issuer = "Bottom"\n',
        middle='[timeline]\nbase = "bottom"\n[scenario.auth]\njwt-lifetime = 60\n',
        top='[timeline]\nbase = "middle"\n')
    config, _ = timeline.load('[timeline]\nbase = "top"\n[scenario.auth]\njwt-secret = "s"\n', read)
    assert config.rate_limits.default == 7                          # from the base of the base of the base
    assert (config.jwt.issuer, config.jwt.lifetime, config.jwt.secret) == ("Bottom", 60, b"s")


def test_a_cycle_of_bases_is_named():
    read = scenarios(a='[timeline]\nbase = "b"\n', b='[timeline]\nbase = "a"\n')
    with pytest.raises(ScriptError, match=r"\[timeline\] base: the bases form a cycle \(a -> b -> a\)"):
        timeline.load('[timeline]\nbase = "a"\n', read)
    with pytest.raises(ScriptError, match=r"cycle \(self -> self\)"):
        timeline.load('[timeline]\nbase = "self"\n', scenarios(self='[timeline]\nbase = "self"\n'))


def test_a_missing_base_deep_in_the_chain_is_named():
    with pytest.raises(ConfigError, match="no bundled scenario 'gone'"):
        timeline.load('[timeline]\nbase = "a"\n', scenarios(a='[timeline]\nbase = "gone"\n'))

