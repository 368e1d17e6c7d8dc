"""Origin list syntax, origin matching and request filters (SPEC-NOTES §2.1, decision D5)."""
from __future__ import annotations

import pytest

from tests.unit.test_host_protocol import ALL_REQUESTS
from workspace.origins import OriginPolicy, keyword_matches
from wwe.wire.origins import normalise_origin, origin_of_url

REFERENCE_EXAMPLE = ("http://my-webserver0, http://my-web-server1 (*), http://my-web-server2 (agent.*, voice.dial), "
                     "http://my-web-server3 (agent.*, interaction.*)")


def allowed(policy: OriginPolicy, origin: str) -> list[str] | None:
    rule = policy.rule_for(origin)
    return None if rule is None else [name for name in ALL_REQUESTS if rule.allows(name)]


@pytest.mark.parametrize(("text", "origin"), [
    ("http://my-web-server", "http://my-web-server"),
    ("HTTP://My-Web-Server", "http://my-web-server"),
    ("http://my-web-server/", "http://my-web-server"),
    ("http://my-web-server:80", "http://my-web-server"),
    ("https://my-web-server:443", "https://my-web-server"),
    ("http://my-web-server:443", "http://my-web-server:443"),
    ("https://my-web-server:80", "https://my-web-server:80"),
    ("http://localhost:8001", "http://localhost:8001"),
    ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
    ("http://[::1]:8080", "http://[::1]:8080"),
    ("http://[::1]", "http://[::1]"),
    ("http://my_service:8080", "http://my_service:8080"),
    ("https://bücher.example", "https://xn--bcher-kva.example"),
    ("  https://genesyspureengage.github.io  ", "https://genesyspureengage.github.io"),
])
def test_normalise_origin(text, origin):
    assert normalise_origin(text) == origin


@pytest.mark.parametrize(("text", "problem"), [
    ("my-web-server", "is not an origin"),
    ("http//my-web-server", "is not an origin"),
    ("http://", "invalid host name"),
    ("http://my-web-server/path/page.html", "has a path"),
    ("http://my-web-server?x=1", "has a path"),
    ("http://user@my-web-server", "user info"),
    ("http://*.example.com", "wildcard hosts"),
    ("http://my-web-server:", "invalid port ''"),
    ("http://my-web-server:0", "invalid port '0'"),
    ("http://my-web-server:65536", "invalid port '65536'"),
    ("http://my-web-server:99999", "invalid port '99999'"),
    ("https://straße.example", "ß in its host name"),
    ("http://my-web-server:8o", "invalid port '8o'"),
    ("http://my web server", "invalid host name"),
    ("http://a..b", "invalid host name"),
    ("http://-server", "invalid host name"),
    ("http://[::1", "invalid host name"),
    ("http://[::1]x", "invalid host name"),
    ("1http://x", "is not an origin"),
])
def test_bad_origins_are_refused_with_a_reason(text, problem):
    with pytest.raises(ValueError, match=problem.replace("?", r"\?").replace("*", r"\*")):
        normalise_origin(text)


@pytest.mark.parametrize(("url", "origin"), [
    ("http://my-web-server/path/page.html", "http://my-web-server"),
    ("https://Host.Example:443/a?b#c", "https://host.example"),
    ("http://localhost:8001/index.html", "http://localhost:8001"),
])
def test_origin_of_url(url, origin):
    assert origin_of_url(url) == origin


def test_reference_example_everything_for_server0_and_server1():
    policy = OriginPolicy.parse(REFERENCE_EXAMPLE)
    everything_but_jwt = [name for name in ALL_REQUESTS if name != "auth.getJwtToken"]
    assert allowed(policy, "http://my-webserver0") == everything_but_jwt
    assert allowed(policy, "http://my-web-server1") == everything_but_jwt


def test_reference_example_server2_gets_exactly_the_documented_requests():
    policy = OriginPolicy.parse(REFERENCE_EXAMPLE)
    assert sorted(allowed(policy, "http://my-web-server2")) == sorted(
        ["agent.get", "agent.getStateList", "agent.setState", "agent.getState", "voice.dial"])


def test_reference_example_server3_gets_agent_and_interaction_namespaces():
    policy = OriginPolicy.parse(REFERENCE_EXAMPLE)
    got = allowed(policy, "http://my-web-server3")
    assert got == [n for n in ALL_REQUESTS if n.startswith(("agent.", "interaction."))]
    assert "interaction.setUserData" in got and "voice.dial" not in got


@pytest.mark.parametrize("origin", ["http://my-web-server", "http://my-web-server4", "https://my-web-server2",
                                    "http://my-web-server2:8080", "null", "", "garbage"])
def test_unlisted_origins_get_nothing(origin):
    policy = OriginPolicy.parse(REFERENCE_EXAMPLE + ", http://my-web-server")
    if origin == "http://my-web-server":
        assert allowed(policy, origin) is not None
    else:
        assert policy.rule_for(origin) is None


def test_page_origin_matching_ignores_case_and_default_port():
    policy = OriginPolicy.parse("http://My-Web-Server:80")
    assert policy.rule_for("http://my-web-server") is not None
    assert policy.rule_for("HTTP://MY-WEB-SERVER:80") is not None


@pytest.mark.parametrize("text", ["https://genesyspureengage.github.io (*, auth.getJwtToken)",
                                  "https://genesyspureengage.github.io (auth.getJwtToken)"])
def test_get_jwt_token_only_when_named(text):
    rule = OriginPolicy.parse(text).rule_for("https://genesyspureengage.github.io")
    assert rule.allows("auth.getJwtToken")


@pytest.mark.parametrize("text", ["https://a.example", "https://a.example (*)", "https://a.example (auth.*)", "*",
                                  "* (*)"])
def test_get_jwt_token_never_by_wildcard(text):
    rule = OriginPolicy.parse(text).rule_for("https://a.example")
    assert not rule.allows("auth.getJwtToken")
    assert rule.allows("agent.get") == ("auth.*" not in text)


@pytest.mark.parametrize(("keyword", "name", "expected"), [
    ("*", "agent.get", True),
    ("*", "system.getAllowedServices", True),
    ("*", "auth.getJwtToken", False),
    ("agent.*", "agent.get", True),
    ("agent.*", "agentx.get", False),
    ("agent.*", "media.getMediaList", False),
    ("auth.*", "auth.getJwtToken", False),
    ("auth.getJwtToken", "auth.getJwtToken", True),
    ("voice.dial", "voice.dial", True),
    ("voice.dial", "voice.dialEx", False),
    ("voice.dialEx", "voice.dial", False),
])
def test_keyword_matching(keyword, name, expected):
    assert keyword_matches(keyword, name) is expected


def test_star_accepts_any_page_including_opaque_null():
    policy = OriginPolicy.parse("*")
    for origin in ("http://anything.example", "null", "https://x:1"):
        assert policy.rule_for(origin) is not None


def test_a_listed_origin_wins_over_star():
    policy = OriginPolicy.parse("* (voice.dial), http://crm.example (agent.*)")
    assert allowed(policy, "http://crm.example") == ["agent.get", "agent.getState", "agent.getStateList",
                                                     "agent.setState"]
    assert allowed(policy, "http://other.example") == ["voice.dial"]


def test_filter_spacing_is_free():
    policy = OriginPolicy.parse("http://a(agent.get,voice.dial) ,http://b ( * )")
    assert allowed(policy, "http://a") == ["agent.get", "voice.dial"]
    assert policy.rule_for("http://b").allows("voice.dial")


@pytest.mark.parametrize(("text", "problem"), [
    ("http://a,", "ends with a comma"),
    ("http://a,, http://b", "cannot parse the entry"),
    ("http://a (agent.*", "cannot parse the entry"),
    ("http://a agent.*)", "cannot parse the entry"),
    ("http://a (agent.*) http://b", "cannot parse the entry"),
    ("http://a ()", "invalid request keyword ''"),
    ("http://a (agent)", "invalid request keyword 'agent'"),
    ("http://a (agent.get(x))", "cannot parse the entry"),
    ("http://a (*.auto)", r"invalid request keyword '\*.auto'"),
    ("http://a, http://A:80", "listed twice"),
    ("null", "cannot be listed"),
    ("http://a/path (agent.*)", "has a path"),
])
def test_bad_lists_are_refused_with_a_reason(text, problem):
    with pytest.raises(ValueError, match=problem):
        OriginPolicy.parse(text)


def test_keywords_lists_every_filter_keyword():
    assert OriginPolicy.parse(REFERENCE_EXAMPLE).keywords() == {"*", "agent.*", "voice.dial", "interaction.*"}
