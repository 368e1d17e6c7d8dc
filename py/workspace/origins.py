"""Accepted origins and per-origin request filters (``service-client-api.accepted-web-content-origins``)."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from wwe.wire.origins import ANY, normalise_origin

JWT_REQUEST = "auth.getJwtToken"

_KEYWORD = re.compile(r"[A-Za-z][A-Za-z0-9]*\.(?:\*|[A-Za-z][A-Za-z0-9]*)\Z")


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
