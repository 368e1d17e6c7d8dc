"""HS256 JSON Web Tokens for auth.getJwtToken (pure standard library)."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def encode(claims: dict[str, Any], secret: bytes) -> str:
    """A compact JWS ``header.payload.signature`` signed with HMAC-SHA256."""
    header = {"alg": "HS256", "typ": "JWT"}
    signing_input = ".".join(_b64url(json.dumps(part, separators=(",", ":")).encode("utf-8"))
                             for part in (header, claims))
    signature = hmac.new(secret, signing_input.encode("ascii"), hashlib.sha256).digest()
    return f"{signing_input}.{_b64url(signature)}"


def iso8601(wall: float) -> str:
    """A Unix time as in the reference's sample: ``2020-04-14T13:26:51.846Z`` (UTC, milliseconds)."""
    moment = datetime.fromtimestamp(wall, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


@dataclass(frozen=True)
class JwtSettings:
    """Token settings from ``[scenario.auth]``: secret (None = random per session), lifetime, issuer."""

    secret: bytes | None = None
    lifetime: int = 3600
    issuer: str = "WWE Simulator"


class TokenIssuer:
    """The session's token: the same one is returned while it is valid, then a new one is issued."""

    def __init__(self, settings: JwtSettings) -> None:
        self.settings = settings
        self.secret = settings.secret or secrets.token_bytes(32)
        self._current: dict[str, str] | None = None
        self._expires_at = -math.inf

    def token(self, wall: float, subject: dict[str, Any]) -> dict[str, str]:
        """``{"expiration": ISO 8601, "jwtToken": token}`` valid at ``wall`` (a Unix time).

        ``subject`` holds the claims naming the user; they are used only when a new token is issued.
        """
        if self._current is None or wall >= self._expires_at:
            issued = math.floor(wall)
            self._expires_at = issued + self.settings.lifetime
            claims = {"iss": self.settings.issuer, **subject, "iat": issued, "exp": self._expires_at}
            self._current = {"expiration": iso8601(self._expires_at), "jwtToken": encode(claims, self.secret)}
        return dict(self._current)
