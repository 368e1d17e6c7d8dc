"""Accepted origins and per-origin request filters (``service-client-api.accepted-web-content-origins``)."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

ANY = "*"
JWT_REQUEST = "auth.getJwtToken"
DEFAULT_PORTS = {"http": 80, "https": 443}

_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*\Z")
_LABEL = r"[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?"  # browsers accept "_" (docker service names...)
_HOSTNAME = re.compile(rf"{_LABEL}(?:\.{_LABEL})*\Z")
_IPV6 = re.compile(r"\[[0-9a-f:.]+\]\Z")
_PORT = re.compile(r"[0-9]{1,5}\Z")
_KEYWORD = re.compile(r"[A-Za-z][A-Za-z0-9]*\.(?:\*|[A-Za-z][A-Za-z0-9]*)\Z")
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


def keyword_matches(keyword: str, request: str) -> bool:
    """Whether one filter keyword (``*``, ``ns.*`` or ``ns.method``) allows ``request``.

    auth.getJwtToken is only allowed by its exact name, never by a wildcard.
    """
    if keyword == request:
        return True
    if request == JWT_REQUEST:
        return False
    if keyword == ANY:
        return True
    return keyword.endswith(".*") and request.startswith(keyword[:-1]) and len(request) > len(keyword) - 1


@dataclass(frozen=True)
class OriginRule:
    """One entry of the list: an origin (or ``*`` for any page) and its request filter."""

    origin: str
    keywords: tuple[str, ...] = (ANY,)

    def allows(self, request: str) -> bool:
        """Whether this origin may send ``request``."""
        return any(keyword_matches(k, request) for k in self.keywords)


@dataclass(frozen=True)
class OriginPolicy:
    """The parsed accepted-origins option."""

    rules: tuple[OriginRule, ...] = ()

    @classmethod
    def parse(cls, text: str) -> OriginPolicy:
        """Parse ``ORIGIN [(FILTER, ...)], ...``; raise ValueError naming the faulty entry."""
        rules: dict[str, OriginRule] = {}
        for origin_text, filter_text in _entries(text):
            if origin_text.lower() == "null":
                raise ValueError("'null' (an opaque origin) cannot be listed; use '*' to accept such pages")
            origin = ANY if origin_text == ANY else normalise_origin(origin_text)
            if origin in rules:
                raise ValueError(f"the origin '{origin}' is listed twice")
            keywords = (ANY,) if filter_text is None else _keywords(origin_text, filter_text)
            rules[origin] = OriginRule(origin, keywords)
        return cls(tuple(rules.values()))

    def rule_for(self, origin: str) -> OriginRule | None:
        """The rule for a page origin (as in MessageEvent.origin): its own entry, else ``*``, else None.

        Scheme and host case and a default port do not matter, but a page origin is written as browsers serialise
        it: ASCII (hosts in punycode), no surrounding space, no trailing ``/``. A string that is not, the opaque
        origin ``"null"`` and anything else that is not an origin are matched only by ``*``; something that is not
        a string by nothing.
        """
        if not isinstance(origin, str):
            return None
        by_origin = {rule.origin: rule for rule in self.rules}
        own = None
        if origin.isascii() and origin == origin.strip() and not origin.endswith("/"):
            try:
                own = by_origin.get(normalise_origin(origin))
            except ValueError:  # "null", or not an origin at all
                pass
        return own or by_origin.get(ANY)

    def keywords(self) -> Iterable[str]:
        """Every filter keyword used in the list (for checking them against the known requests)."""
        return {k for rule in self.rules for k in rule.keywords}


def _entries(text: str) -> Iterable[tuple[str, str | None]]:
    """Split the option into (origin, filter-or-None) pairs, commas inside parentheses excepted."""
    position = 0
    entry = re.compile(r"\s*([^\s,()]+)\s*(?:\(([^()]*)\))?\s*(,|\Z)")
    while position < len(text):
        match = entry.match(text, position)
        if match is None:
            rest = text[position:].strip()
            raise ValueError(f"cannot parse the entry starting at '{rest[:40]}' "
                             "(expected ORIGIN or ORIGIN (FILTER, ...), separated by commas)")
        yield match.group(1), match.group(2)
        position = match.end()
        if match.group(3) == "," and not text[position:].strip():
            raise ValueError("the list ends with a comma")


def _keywords(origin_text: str, filter_text: str) -> tuple[str, ...]:
    """Parse the comma-separated filter of one origin."""
    keywords = tuple(k.strip() for k in filter_text.split(","))
    for keyword in keywords:
        if keyword != ANY and not _KEYWORD.match(keyword):
            raise ValueError(f"the filter of '{origin_text}' has an invalid request keyword '{keyword}' "
                             "(expected *, namespace.* or namespace.method)")
    return keywords
