"""What the simulator page opens (sans-I/O): the scenario named by ``?scenario=``, pointed at the extension site
``?extension-origin=``, and the status line's text."""
from __future__ import annotations

from pathlib import Path

from .. import timeline
from ..config import Config, ConfigError
from .effects import SetAttr, SetText

DEFAULT_SCENARIO = Path("scenario/default.toml")
"""The scenario opened without ``?scenario=`` (in Python's working directory in the browser)."""
STATUS = "host-status"


def fetched_url(scenario: str | None) -> str | None:
    """The URL to fetch for ``?scenario=`` (None: the bundled scenario it names, or the default)."""
    return scenario if scenario and not timeline.is_bundled_name(scenario) else None


def unreachable(url: str, status: int) -> ConfigError:
    return ConfigError(f"cannot load the scenario {url}: HTTP {status}")


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


def status(text: str, state: str, title: str = "") -> list[SetText | SetAttr]:
    """The status line in the top bar (``data-state``: starting, ready, failed)."""
    return [SetText(STATUS, text), SetAttr(STATUS, "title", title), SetAttr(STATUS, "data-state", state)]


def ready(config: Config) -> list[SetText | SetAttr]:
    warnings = f" · {len(config.warnings)} warning(s)" if config.warnings else ""
    return status(f"Simulator ready{warnings}", "ready", "\n".join(config.warnings))


def failed(error: ConfigError) -> list[SetText | SetAttr]:
    return status(f"Configuration error: {error}", "failed")
