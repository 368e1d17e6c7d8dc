"""What the simulator page opens (sans-I/O): the scenario named by ``?scenario=``, checked as a lesson
(``lesson_check``) and pointed at the extension site ``?extension-origin=``; the status line's text, and the page
shown instead of the simulator when the scenario cannot be loaded (what is wrong, whole, and what to do)."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

from wwe.shown import clip

from .. import lesson_check, timeline
from ..config import Config, ConfigError
from .effects import SetAttr, SetText

DEFAULT_SCENARIO = Path("scenario/default.toml")
"""The scenario opened without ``?scenario=`` (in Python's working directory in the browser)."""
STATUS = "host-status"
LAYOUT, LOAD_ERROR = "layout", "load-error"
"""The simulator's layout, and the section shown in its place when the scenario cannot be loaded."""

CORS_HINT = ("Serve it with an Access-Control-Allow-Origin header (the simulator's origin, or *), or put it in "
             "scenario/ and open it by name (?scenario=<name>).")
ADDRESS_HINT = "Check the address: the server answered, but not with the scenario."
SCHEME_HINT = "Give an http or https address, a data: URL, or the name of a bundled scenario (?scenario=rate-limit)."
CHECK_HINT = ("Fix each line above in the scenario file, then reload this page. "
              "python3 build.py check-scenario FILE reports the same errors on your machine.")
NAME_HINT = "Check the name: the bundled scenarios are the files of scenario/ (without .toml)."
CRASH_HINT = "Reload the page. If it happens again, this is a bug of the simulator: the browser console has the details."


class Unloadable(ConfigError):
    """A scenario address the page cannot read; ``hint`` says what to do about it."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


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
        raise unreachable(scenario, str(error), SCHEME_HINT) from None
    if scheme not in FETCHED_SCHEMES:
        raise unreachable(scenario, f"only http, https and data addresses are fetched, not {scheme or 'this'}:",
                          SCHEME_HINT)
    return url


def unreachable(url: str, why: str, hint: str = ADDRESS_HINT) -> Unloadable:
    """Why the scenario at ``url`` cannot be loaded: an HTTP status, a network error, a refused scheme."""
    return Unloadable(f"cannot load the scenario {clip(url, ADDRESS_SHOWN)}: {why}", hint)


def fetch_failed(url: str, error: Exception) -> Unloadable:
    """``url`` could not be fetched at all (``error``: the browser's network error or refusal)."""
    return unreachable(url, f"the address cannot be reached or read from this page (unreachable, or it does not "
                            f"allow other sites: CORS): {clip(str(error), ADDRESS_SHOWN)}", CORS_HINT)


def crashed(error: Exception) -> Unloadable:
    """An unexpected failure while starting (a bug): shown like a configuration error, so the page never stays
    at "Starting the simulator…"."""
    return Unloadable(f"the simulator failed to start: {type(error).__name__}: {clip(str(error), ADDRESS_SHOWN)}",
                      CRASH_HINT)


def load(scenario: str | None, extension_origin: str | None, fetched: str | None = None) -> tuple[Config, timeline.Script]:
    """The scenario and its script: the bundled default, a bundled scenario named by ``scenario``, or the text
    ``fetched`` from its URL; pointed at the extension site ``extension_origin`` (``Config.pointed_at``)."""
    if scenario and timeline.is_bundled_name(scenario):
        try:
            text = timeline.bundled(scenario)
        except ConfigError as error:
            raise Unloadable(str(error), NAME_HINT) from None
    elif scenario and fetched is not None:
        text = fetched
    else:
        text = DEFAULT_SCENARIO.read_text(encoding="utf-8")
    config, script = lesson_check.load(text)
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
    """The status line, and in place of the simulator: what is wrong (every line of it) and what to do."""
    hint = error.hint if isinstance(error, Unloadable) else CHECK_HINT
    return [*status(f"Configuration error: {error}", "failed", str(error)),
            SetText("load-error-text", str(error)), SetText("load-error-hint", hint),
            SetAttr(LOAD_ERROR, "hidden", None), SetAttr(LAYOUT, "hidden", "")]
