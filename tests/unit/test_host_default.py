"""The shipped configuration with the real contact-centre model behind the host."""
from __future__ import annotations

from tests.unit.test_config import DEFAULT_TOML
from tests.unit.test_host_protocol import ALL_REQUESTS, Client, FakeClock
from workspace import Config, Host


def test_default_configuration_runs_with_the_contact_centre():
    clock = FakeClock()
    host = Host(Config.load(DEFAULT_TOML), clock=lambda: clock.now, wall_clock=lambda: clock.wall)
    assert set(ALL_REQUESTS) <= host.known_requests
    client = Client(host, "f1", "http://localhost:8001", "Dashboard")
    assert set(client.call("agent.get")["data"]) >= {"employeeId", "firstname", "lastname", "username"}
    assert "jwtToken" in client.call("auth.getJwtToken")["data"]
    assert client.call("system.getAllowedServices")["data"] == sorted(host.known_requests)
