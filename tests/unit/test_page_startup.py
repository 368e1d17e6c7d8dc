"""Which scenario address the simulator page fetches, and the configuration error of every one it cannot load (P3)."""
from __future__ import annotations

import pytest

from workspace.config import ConfigError
from workspace.page import startup

PAGE = "http://127.0.0.1:8000/?scenario=x"


@pytest.mark.parametrize(("scenario", "url"), [
    (None, None),
    ("", None),
    ("call-recording", None),  # a bundled name
    ("/bench-memory.toml", "http://127.0.0.1:8000/bench-memory.toml"),
    ("scenarios/mine.toml", "http://127.0.0.1:8000/scenarios/mine.toml"),
    ("HTTPS://example.com/s.toml", "HTTPS://example.com/s.toml"),
    ("data:application/toml,%5Bscenario", "data:application/toml,%5Bscenario"),  # garbage: a TOML error later
    (" http://example.com/s.toml ", "http://example.com/s.toml"),
])
def test_bundled_names_and_http_addresses(scenario, url):
    assert startup.fetched_url(scenario, PAGE) == url


@pytest.mark.parametrize("scenario", [
    "javascript:alert(1)", "JavaScript:fetch('//evil')", "javascript:" + "A" * 1_000_000,
    "blob:http://127.0.0.1:8000/0", "file:///etc/passwd", "ftp://example.com/s.toml", "about:blank",
    "http://[::1/s.toml",
])
def test_every_other_address_is_a_configuration_error(scenario):
    with pytest.raises(ConfigError, match=r"^cannot load the scenario ") as refused:
        startup.fetched_url(scenario, PAGE)
    assert len(str(refused.value)) < 400  # the address is clipped
    assert startup.failed(refused.value)[0].text.startswith("Configuration error: cannot load the scenario ")


def test_an_unreachable_address_and_an_http_error_are_configuration_errors():
    error = startup.fetch_failed("http://unreachable.invalid/s.toml", TypeError("Failed to fetch"))
    assert str(error) == ("cannot load the scenario http://unreachable.invalid/s.toml: the address cannot be reached "
                          "or read from this page (unreachable, or it does not allow other sites: CORS): Failed to fetch")
    assert str(startup.unreachable("http://x.example/s.toml", "HTTP 404")) == \
        "cannot load the scenario http://x.example/s.toml: HTTP 404"
