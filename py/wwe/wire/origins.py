"""The one origin normaliser, for the client's target origin and the host's accepted-origins list alike.

Origins are written as browsers write ``event.origin``: ``scheme://host[:port]``, lower case, the host in its
punycode form, no default port. Host names that browsers and Python's IDNA 2003 read differently (``ß``, final
``ς``, ZWJ, ZWNJ) and ports outside 1-65535 are refused.
"""
from __future__ import annotations

import re

ANY = "*"
DEFAULT_PORTS = {"http": 80, "https": 443}

_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*\Z")
_LABEL = r"[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?"  # browsers accept "_" (docker service names...)
_HOSTNAME = re.compile(rf"{_LABEL}(?:\.{_LABEL})*\Z")
_IPV6 = re.compile(r"\[[0-9a-f:.]+\]\Z")
_PORT = re.compile(r"[0-9]{1,5}\Z")
# IDNA 2003 (Python's "idna" codec) maps these to "ss", "σ" and nothing; browsers (UTS 46, non-transitional)
# keep them, so "straße.example" would name strasse.example here and xn--strae-oqa.example in the browser.
_IDNA_DEVIATIONS = {"\u00df": "ß", "\u03c2": "ς", "\u200c": "ZWNJ (U+200C)", "\u200d": "ZWJ (U+200D)"}


def normalise_origin(text: str) -> str:
    """Return ``scheme://host[:port]`` in canonical form; raise ValueError saying what is wrong.

    Scheme and host are lower-cased, a default port (80 for http, 443 for https) is dropped and
    a single trailing ``/`` is tolerated. Paths, queries, fragments, user info and wildcards are refused.
    """
    scheme, sep, rest = text.strip().partition("://")
    scheme = scheme.lower()
    if not sep or not _SCHEME.match(scheme):
        raise ValueError(f"'{text}' is not an origin (expected scheme://host[:port])")
    if rest.endswith("/"):
        rest = rest[:-1]
    if any(c in rest for c in "/?#"):
        raise ValueError(f"'{text}' has a path, query or fragment; an origin is only scheme://host[:port]")
    if "@" in rest:
        raise ValueError(f"'{text}' has user info; an origin is only scheme://host[:port]")
    if "*" in rest:
        raise ValueError(f"'{text}': wildcard hosts are not supported; use '*' alone to accept any page")
    host, port = _split_port(text, rest)
    host = _canonical_host(text, host)
    if port is None or DEFAULT_PORTS.get(scheme) == port:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def origin_of_url(url: str) -> str:
    """The origin of an absolute URL, as a browser reports it for a page at that URL."""
    scheme, sep, rest = url.strip().partition("://")
    if not sep:
        raise ValueError(f"'{url}' is not an absolute URL")
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    return normalise_origin(f"{scheme}://{authority}")


def target_origin(origin: str) -> str:
    """The Workspace origin a client posts to and accepts messages from: ``"*"`` (any origin, the official
    client's unsafe behaviour) stays ``"*"``; else the origin of an http(s) URL (a path is dropped)."""
    if origin == ANY:
        return origin
    normal = origin_of_url(origin)
    if normal.partition("://")[0] not in DEFAULT_PORTS:
        raise ValueError(f"not an http(s) origin: {origin!r}")
    return normal


def _split_port(text: str, rest: str) -> tuple[str, int | None]:
    """Split ``host[:port]`` (an IPv6 host is in brackets)."""
    if rest.startswith("["):
        end = rest.find("]") + 1
        host, after = (rest[:end], rest[end:]) if end else (rest, "")
        if after and not after.startswith(":"):
            raise ValueError(f"'{text}' has an invalid host name")
        port_text = after[1:] if after else None
    else:
        host, colon, port_text = rest.partition(":")
        port_text = port_text if colon else None
    if port_text is None:
        return host, None
    if not _PORT.match(port_text) or not 0 < int(port_text) < 65536:
        raise ValueError(f"'{text}' has an invalid port '{port_text}'")
    return host, int(port_text)


def _canonical_host(text: str, host: str) -> str:
    """Lower-case a host name (IDNA-encoded if needed) and check its syntax."""
    host = host.lower()
    if _IPV6.match(host):
        return host
    deviations = [name for char, name in _IDNA_DEVIATIONS.items() if char in host]
    if deviations:
        raise ValueError(f"'{text}' has {', '.join(deviations)} in its host name, which browsers and IDNA 2003 "
                         "read differently; write the host in its punycode (xn--) form")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValueError(f"'{text}' has an invalid host name") from None
    if not _HOSTNAME.match(host):
        raise ValueError(f"'{text}' has an invalid host name")
    return host
