"""auth.getJwtToken: HS256 tokens, ISO 8601 expiration, reuse until expiry."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest

from tests.unit.test_host_protocol import Client, make_host
from workspace.jwt import JwtSettings, TokenIssuer, encode, iso8601

SUBJECT = {"sub": "alovelace", "employeeId": "5001"}


def decode(token: str, secret: bytes) -> tuple[dict, dict]:
    """Verify the signature and return (header, claims)."""
    header, payload, signature = token.split(".")
    expected = hmac.new(secret, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    assert base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4)) == expected
    parts = [json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4))) for p in (header, payload)]
    return parts[0], parts[1]


def test_encode_matches_the_rfc7515_hs256_construction():
    token = encode({"sub": "x", "iat": 1}, b"k")
    header, claims = decode(token, b"k")
    assert header == {"alg": "HS256", "typ": "JWT"} and claims == {"sub": "x", "iat": 1}
    assert "=" not in token and "+" not in token and "/" not in token


@pytest.mark.parametrize(("wall", "text"), [
    (1586870811.846, "2020-04-14T13:26:51.846Z"),
    (0, "1970-01-01T00:00:00.000Z"),
    (1700000000.0005, "2023-11-14T22:13:20.000Z"),
])
def test_iso8601_like_the_reference_sample(wall, text):
    assert iso8601(wall) == text


def test_token_is_reused_until_it_expires():
    issuer = TokenIssuer(JwtSettings(secret=b"s", lifetime=60, issuer="Test"))
    first = issuer.token(1000.4, SUBJECT)
    assert first["expiration"] == iso8601(1060)
    _, claims = decode(first["jwtToken"], b"s")
    assert claims == {"iss": "Test", "sub": "alovelace", "employeeId": "5001", "iat": 1000, "exp": 1060}
    assert issuer.token(1059.9, {"sub": "someone else"}) == first
    second = issuer.token(1060, SUBJECT)
    assert second != first and decode(second["jwtToken"], b"s")[1]["exp"] == 1120


def test_without_a_secret_each_session_gets_a_random_one():
    a, b = TokenIssuer(JwtSettings()), TokenIssuer(JwtSettings())
    assert len(a.secret) == 32 and a.secret != b.secret


def test_host_token_is_signed_with_the_configured_secret_and_names_the_agent():
    host, _, clock = make_host()
    data = Client(host).call("auth.getJwtToken")["data"]
    _, claims = decode(data["jwtToken"], b"test-secret")
    assert claims["sub"] == "alovelace" and claims["employeeId"] == "5001"
    assert claims["exp"] - claims["iat"] == 3600 and claims["iat"] == int(clock.wall)


def test_host_refuses_the_token_unless_named():
    host, _, _ = make_host({"service-client-api.accepted-web-content-origins": "http://localhost:8001 (*)"})
    assert Client(host).call("auth.getJwtToken")["errorMessage"] == (
        "The request 'auth.getJwtToken' is not allowed for the origin 'http://localhost:8001'.")
