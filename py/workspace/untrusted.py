"""Checks of extension-provided values before the simulator page puts them in markup: colours, URLs, sizes.

Text (toast titles, labels...) needs no check here: templates escape it (jinja2 autoescape) and the DOM code sets
``textContent``. Values that land in an attribute with a meaning of its own (``src``, ``style``) must pass these.
"""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

HEX_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
CSS_SIZE = re.compile(r"\d{1,5}(?:\.\d{1,3})?(?:px|%)")
WEB_SCHEMES = ("http", "https")
MAX_URL_CHARS = 2048


def hex_color(value: Any) -> str | None:
    """``value`` if it is a hex colour (#RGB, #RGBA, #RRGGBB, #RRGGBBAA), else None."""
    return value if isinstance(value, str) and HEX_COLOR.fullmatch(value) else None


def web_url(value: Any, base: str | None = None) -> str | None:
    """An absolute http(s) URL (a relative one is resolved against ``base``), else None: never ``javascript:``,
    ``data:`` or anything else a frame or an image could run or read in the simulator's origin."""
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_URL_CHARS:
        return None
    if any(ord(char) < 0x20 or char.isspace() for char in value.strip()):
        return None
    url = urljoin(base, value.strip()) if base else value.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname:
        return None
    return parts.geturl()


def css_size(value: Any, default: str) -> str:
    """``value`` if it is a size such as ``430px`` or ``50%``, else ``default``."""
    return value if isinstance(value, str) and CSS_SIZE.fullmatch(value) else default


def pixels(value: Any, low: int, high: int, default: int) -> int:
    """A number of pixels clamped to [low, high]; ``default`` when ``value`` is not a number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return default
    return int(min(max(value, low), high))
