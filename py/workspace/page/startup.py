"""What the simulator page opens (sans-I/O): the scenario named by ``?scenario=``, pointed at the extension site
``?extension-origin=``, and the status line's text."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

from wwe.shown import clip

from .. import timeline
from ..config import Config, ConfigError
from .effects import SetAttr, SetText

DEFAULT_SCENARIO = Path("scenario/default.toml")
"""The scenario opened without ``?scenario=`` (in Python's working directory in the browser)."""
STATUS = "host-status"


FETCHED_SCHEMES = ("http", "https", "data")
"""What ``?scenario=`` may name (P3): a data: URL holds the TOML itself (the Firefox tests use it)."""
ADDRESS_SHOWN = 200
"""The most characters of a scenario address a message shows (a data: address may be megabytes)."""


def fetched_url(scenario: str | None, page: str) -> str | None:
    """The URL to fetch for ``?scenario=``, resolved against the page's URL ``page`` (None: the bundled scenario it
    names, or the default); ConfigError for any other scheme (P3)."""
    if not scenario or timeline.is_bundled_name(scenario):
        return None
    try:
        url = urljoin(page, scenario.strip())
        scheme = urlsplit(url).scheme.lower()
    except ValueError as error:  # an unreadable address (a bad IPv6 literal...)
        raise unreachable(scenario, str(error)) from None
    if scheme not in FETCHED_SCHEMES:
        raise unreachable(scenario, f"only http, https and data addresses are fetched, not {scheme or 'this'}:")
    return url


def unreachable(url: str, why: str) -> ConfigError:
    """Why the scenario at ``url`` cannot be loaded: an HTTP status, a network error, a refused scheme."""
    return ConfigError(f"cannot load the scenario {clip(url, ADDRESS_SHOWN)}: {why}")


def fetch_failed(url: str, error: Exception) -> ConfigError:
    """``url`` could not be fetched at all (``error``: the browser's network error or refusal)."""
    return unreachable(url, f"the address cannot be reached or read from this page (unreachable, or it does not "
                            f"allow other sites: CORS): {clip(str(error), ADDRESS_SHOWN)}")


def load(scenario: str | None, extension_origin: str | None, fetched: str | None = None) -> tuple[Config, timeline.Script]:
    """The scenario and its script: the bundled default, a bundled scenario named by ``scenario``, or the text
    ``fetched`` from its URL; pointed at the extension site ``extension_origin`` (``Config.pointed_at``)."""
    if scenario and timeline.is_bundled_name(scenario):
        text = timeline.bundled(scenario)
    elif scenario and fetched is not None:
        text = fetched
    else:
        text = DEFAULT_SCENARIO.read_text(encoding="utf-8")
    config, script = timeline.load(text)
    return config.pointed_at(extension_origin), script


def presenting(present: str | None) -> bool:
    """Whether ``?present=`` asks for presenter mode (``1``, ``true``, ``yes``, ``on``)."""
    return (present or "").strip().lower() in ("1", "true", "yes", "on")


def status(text: str, state: str, title: str = "") -> list[SetText | SetAttr]:
    """The status line in the top bar (``data-state``: starting, ready, failed)."""
    return [SetText(STATUS, text), SetAttr(STATUS, "title", title), SetAttr(STATUS, "data-state", state)]


def ready(config: Config) -> list[SetText | SetAttr]:
    warnings = f" · {len(config.warnings)} warning(s)" if config.warnings else ""
    return status(f"Simulator ready{warnings}", "ready", "\n".join(config.warnings))


def failed(error: ConfigError) -> list[SetText | SetAttr]:
    return status(f"Configuration error: {error}", "failed")
