"""Simulator configuration: option sections with the real Workspace option names, plus scenario data."""
from __future__ import annotations

import datetime
import difflib
import math
import re
import tomllib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from wwe.wire.origins import ANY, normalise_origin, origin_of_url

from . import fieldcodes
from .jwt import JwtSettings
from .origins import OriginPolicy
from .ratelimit import RateLimits
from .userdata import UserDataPolicy

MAIN_SECTION = "interaction-workspace"
SCENARIO_SECTION = "scenario"  # the contact-centre model's data (workspace.model), not an option section
TIMELINE = "timeline"  # a scenario script (workspace.timeline), not an option section
PREFIX = "service-client-api"
ORIGINS = "service-client-api.accepted-web-content-origins"
RATE_LIMIT = "service-client-api.rate-limit"
QUARANTINE_DELAY = "service-client-api.rate-limit-quarantine-delay"
READ_ALLOWED = "service-client-api.user-data.read-allowed"
WRITE_ALLOWED = "service-client-api.user-data.write-allowed"
TOAST_WIDTH = "service-client-api.toast.width"
SCAPI_OPTIONS = (ORIGINS, RATE_LIMIT, QUARANTINE_DELAY, READ_ALLOWED, WRITE_ALLOWED, TOAST_WIDTH)
WEB_CONTENT = "interaction.web-content"
VIEW_MODES = ("tab", "popup", "background", "hidden")
VIEW_KEYS = ("url", "label", "mode", "level", "playground")
APPLICATION, INTERACTION = "application", "interaction"
VIEW_LEVELS = (APPLICATION, INTERACTION)
"""``level``: one frame for the session, or one frame per live interaction (docs/SIMULATOR.md, decision P1)."""
AUTH_KEYS = ("jwt-secret", "jwt-lifetime", "jwt-issuer")
DEMO_EXTENSION_ORIGIN = "http://localhost:8001"
"""The extension origin scenario/default.toml names (where ``build.py serve`` serves the sample extension)."""

_REQUEST_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*\.[A-Za-z][A-Za-z0-9]*\Z")


class ConfigError(ValueError):
    """Bad configuration; the message names the option and the problem."""


class ConfigErrors(ConfigError):
    """Every error of a configuration (``messages``), one per line of the message."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = tuple(messages)


@dataclass(frozen=True)
class WebContent:
    """An extension view: a section named by ``interaction.web-content``; ``level`` INTERACTION: one frame per live
    interaction, its ``url`` with field codes (``workspace.fieldcodes``)."""

    section: str
    url: str
    origin: str
    label: str
    mode: str
    level: str = APPLICATION
    playground: bool = False
    """``playground = true``: the view is the Python playground; the host keeps the cells its frame reports as it
    runs them (``wwe.notebook``, decision P7)."""


@dataclass(frozen=True)
class Config:
    """The validated configuration.

    ``options`` maps section -> option -> value (always a string, as in the Genesys configuration);
    ``scenario`` is the ``[scenario]`` table as plain data for the contact-centre model.
    """

    options: dict[str, dict[str, str]] = field(default_factory=lambda: {MAIN_SECTION: {}})
    scenario: dict[str, Any] = field(default_factory=dict)
    origins: OriginPolicy = OriginPolicy()
    rate_limits: RateLimits = RateLimits()
    user_data: UserDataPolicy = UserDataPolicy()
    toast_width: int | None = None
    web_content: tuple[WebContent, ...] = ()
    jwt: JwtSettings = JwtSettings()
    warnings: tuple[str, ...] = ()

    @classmethod
    def load(cls, path: str | Path) -> Config:
        """Read a TOML file."""
        return cls.from_toml(Path(path).read_text(encoding="utf-8"))

    @classmethod
    def from_toml(cls, text: str) -> Config:
        """Parse TOML text (see scenario/default.toml for the layout)."""
        return cls.from_dict(read_toml(text))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Config:
        """Build from ``{section: {option: value}, "scenario": {...}}`` (the shape of the TOML file); ConfigErrors
        with every error."""
        config, errors = cls.read(data)
        if errors:
            raise ConfigErrors(errors)
        return config

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> tuple[Config, list[str]]:
        """What ``from_dict`` builds, and every error instead of the first: each faulty option, view or value is
        reported and left out (its default in its place), so that a lesson's check can go on with the rest."""
        errors: list[str] = []
        if not isinstance(data, Mapping):
            return cls(), ["the configuration must be a table of sections"]
        scenario = data.get(SCENARIO_SECTION, {})
        if not isinstance(scenario, dict):
            errors.append("[scenario] must be a table")
            scenario = {}
        scenario = _scenario_values(scenario, errors)
        options: dict[str, dict[str, str]] = {MAIN_SECTION: {}}
        for section, values in data.items():
            if section in (SCENARIO_SECTION, TIMELINE):
                continue
            if not isinstance(values, Mapping):
                errors.append(f"'{section}' must be a section (a table of options)")
                continue
            options[section] = _flatten(section, values, errors)
        main = options[MAIN_SECTION]
        _check_option_names(options, errors)
        warnings: list[str] = []
        origins = _origins(main, warnings, errors)
        user_data = UserDataPolicy(_key_list(main, READ_ALLOWED, warnings, errors),
                                   _key_list(main, WRITE_ALLOWED, warnings, errors))
        toast_width = _whole(TOAST_WIDTH, main[TOAST_WIDTH], 1, errors) if TOAST_WIDTH in main else None
        web_content = _web_content(options, origins, warnings, errors)
        config = cls(options=options, scenario=scenario, origins=origins, rate_limits=_rate_limits(main, errors),
                     user_data=user_data, toast_width=toast_width, web_content=web_content,
                     jwt=_jwt(scenario, errors), warnings=tuple(warnings))
        return config, errors

    def pointed_at(self, extension_origin: str | None) -> Config:
        """This configuration with the extension site moved: where scenarios name DEMO_EXTENSION_ORIGIN (in the
        accepted origins and the views' URLs), ``extension_origin`` instead (``?extension-origin=``, the test
        servers' and ``build.py serve --extension-port``'s site); unchanged for None."""
        if not extension_origin:
            return self
        try:
            origin = normalise_origin(extension_origin)
        except ValueError as error:
            raise ConfigError(f"extension-origin: {error}") from None
        rules = tuple(replace(rule, origin=origin) if rule.origin == DEMO_EXTENSION_ORIGIN else rule
                      for rule in self.origins.rules)
        views = tuple(replace(view, url=origin + _after_origin(view.url), origin=origin)
                      if view.origin == DEMO_EXTENSION_ORIGIN else view for view in self.web_content)
        return replace(self, origins=OriginPolicy(rules), web_content=views)

    def check_request_names(self, known: Collection[str]) -> None:
        """Refuse origin filters and per-request rate limits that name no known request (ConfigErrors: all)."""
        errors = self.request_name_errors(known)
        if errors:
            raise ConfigErrors(errors)

    def request_name_errors(self, known: Collection[str]) -> list[str]:
        """Each origin filter and per-request rate limit that names no known request, with the nearest name."""
        errors = []
        for keyword in sorted(self.origins.keywords()):
            if keyword == ANY:
                continue
            if keyword.endswith(".*"):
                if not any(name.startswith(keyword[:-1]) for name in known):
                    namespaces = {name.partition(".")[0] + ".*" for name in known}
                    errors.append(f"{ORIGINS}: no request matches '{keyword}'{did_you_mean(keyword, namespaces)}")
            elif keyword not in known:
                errors.append(f"{ORIGINS}: unknown request '{keyword}'{did_you_mean(keyword, known)}")
        for request in sorted(self.rate_limits.per_request):
            if request not in known:
                errors.append(f"{RATE_LIMIT}.{request}: unknown request '{request}'{did_you_mean(request, known)}")
        return errors


def _after_origin(url: str) -> str:
    """What follows the origin in an absolute URL: "http://a.example/x?y" -> "/x?y"."""
    rest = url.split("://", 1)[1]
    return rest[len(re.split(r"[/?#]", rest, maxsplit=1)[0]):]


def read_toml(text: str, what: str = "") -> dict[str, Any]:
    """Parse TOML text; ConfigError "[<what>: ]TOML syntax: ..." with a hint for the usual mistake."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        hint = " (quote option names that contain dots)" if "overwrite" in str(error) else ""
        raise ConfigError(f"{what + ': ' if what else ''}TOML syntax: {error}{hint}") from None


def did_you_mean(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str:
    """`` (did you mean 'x'?)`` for the closest candidate, or ""."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=cutoff)
    return f" (did you mean '{close[0]}'?)" if close else ""


RECORD_DATE = "%m/%d/%Y %H:%M"
"""How a TOML date-time in ``[scenario]`` is held: the reference's record date text (P2 in docs/SIMULATOR.md)."""


def json_values(value: Any, where: str) -> Any:
    """``value`` (a scenario table) as values JSON holds, so that every answer built from it can be posted: a TOML
    date-time becomes ``MM/DD/YYYY HH:MM`` text (its wall time as written, the offset dropped); ConfigError naming
    the field (``where``) for a date or a time alone, nan, infinity or any other value."""
    if isinstance(value, Mapping):
        return {key: json_values(item, f"{where}.{key}") for key, item in value.items()}
    if isinstance(value, list):
        return [json_values(item, f"{where}[{index}]") for index, item in enumerate(value)]
    if isinstance(value, datetime.datetime):
        return value.strftime(RECORD_DATE)
    if isinstance(value, (datetime.date, datetime.time)):
        raise ConfigError(f"{where}: a {type(value).__name__} alone ({value}) is not a value of the scenario; "
                          f"write a date-time (1979-05-27T07:32:00) or text")
    if isinstance(value, float) and not math.isfinite(value):
        raise ConfigError(f"{where}: {value} is not a number JSON can hold; write a finite number or text")
    if value is None or isinstance(value, (str, int, float)):
        return value
    raise ConfigError(f"{where}: unsupported value of type {type(value).__name__}")


def _scenario_values(scenario: dict[str, Any], errors: list[str]) -> dict[str, Any]:
    """The ``[scenario]`` table's values as ``json_values`` gives them; a key whose value JSON cannot hold is left
    out, its error noted in ``errors``."""
    values = {}
    for key, item in scenario.items():
        try:
            values[key] = json_values(item, f"[{SCENARIO_SECTION}].{key}")
        except ConfigError as error:
            errors.append(str(error))
    return values


def _flatten(section: str, values: Mapping[str, Any], errors: list[str], prefix: str = "") -> dict[str, str]:
    """Option name -> string value; nested tables (TOML bare dotted keys) are joined with dots."""
    flat: dict[str, str] = {}
    for key, value in values.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            found = _flatten(section, value, errors, f"{name}.")
        else:
            try:
                found = {name: _text(section, name, value)}
            except ConfigError as error:
                errors.append(str(error))
                continue
        for option, text in found.items():
            if option in flat:
                errors.append(f"[{section}] {option}: set twice")
            flat[option] = text
    return flat


def _text(section: str, option: str, value: Any) -> str:
    """An option value as the string Workspace would hold; an array becomes a comma-separated list."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float, datetime.date, datetime.time)):
        return str(value)
    if isinstance(value, list):
        return ",".join(_text(section, option, item) for item in value)
    raise ConfigError(f"[{section}] {option}: unsupported value {value!r}")


def _check_option_names(options: dict[str, dict[str, str]], errors: list[str]) -> None:
    """Service Client API options are only read from [interaction-workspace], and must be spelt right."""
    for section, values in options.items():
        for option in values:
            if section != MAIN_SECTION and option.startswith(PREFIX):
                errors.append(f"[{section}] {option}: Service Client API options belong in [{MAIN_SECTION}]")
    checked = SCAPI_OPTIONS + (WEB_CONTENT,)
    for option in options[MAIN_SECTION]:
        if option in checked or option.startswith(RATE_LIMIT + "."):
            continue
        if option.startswith(PREFIX):
            errors.append(f"{option}: unknown Service Client API option{did_you_mean(option, checked, 0.85)}")
            continue
        close = did_you_mean(option, checked, 0.9)  # a near miss of a checked option is a typo, not a new option
        if close:
            errors.append(f"{option}: unknown option{close}")


def _whole(option: str, text: str, minimum: int, errors: list[str]) -> int | None:
    """A whole number >= minimum; else None, the error noted in ``errors``."""
    value = text.strip()
    if not re.fullmatch(r"[0-9]+", value) or int(value) < minimum:
        errors.append(f"{option}: must be a whole number >= {minimum}, got '{text}'")
        return None
    return int(value)


def _origins(main: dict[str, str], warnings: list[str], errors: list[str]) -> OriginPolicy:
    text = main.get(ORIGINS, "")
    if not text.strip():
        warnings.append(f"{ORIGINS} is not set: every request will be refused")
        return OriginPolicy()
    try:
        return OriginPolicy.parse(text)
    except ValueError as error:
        errors.append(f"{ORIGINS}: {error}")
        return OriginPolicy()


def _rate_limits(main: dict[str, str], errors: list[str]) -> RateLimits:
    per_request = {}
    for option, text in main.items():
        if option.startswith(RATE_LIMIT + "."):
            request = option[len(RATE_LIMIT) + 1:]
            if not _REQUEST_NAME.match(request):
                errors.append(f"{option}: '{request}' is not a request name (expected namespace.method)")
                continue
            limit = _whole(option, text, 0, errors)
            if limit is not None:
                per_request[request] = limit
    defaults = RateLimits()
    default = _whole(RATE_LIMIT, main[RATE_LIMIT], 0, errors) if RATE_LIMIT in main else None
    delay = _whole(QUARANTINE_DELAY, main[QUARANTINE_DELAY], 0, errors) if QUARANTINE_DELAY in main else None
    return RateLimits(defaults.default if default is None else default, per_request,
                      defaults.quarantine_delay if delay is None else delay)


def _key_list(main: dict[str, str], option: str, warnings: list[str], errors: list[str]) -> frozenset[str] | None:
    """A user-data key list: unset or empty = no restriction, a lone ``*`` = all keys."""
    if option not in main:
        return None
    keys = [key.strip() for key in main[option].split(",")]
    if keys == [""]:
        warnings.append(f"{option} is empty, which means no restriction (as if it were not set)")
        return None
    if "" in keys:
        errors.append(f"{option}: empty key in the list '{main[option]}'")
        return None
    if ANY in keys:
        if len(keys) > 1:
            errors.append(f"{option}: '*' (all keys) must be alone")
        return None
    return frozenset(keys)


def _web_content(options: dict[str, dict[str, str]], origins: OriginPolicy,
                 warnings: list[str], errors: list[str]) -> tuple[WebContent, ...]:
    text = options[MAIN_SECTION].get(WEB_CONTENT, "")
    sections = [name.strip() for name in text.split(",")] if text.strip() else []
    views = []
    for name in sections:
        if name not in options or name == MAIN_SECTION:
            others = [section for section in options if section != MAIN_SECTION]
            errors.append(f"{WEB_CONTENT}: no section [{name}]{did_you_mean(name, others)}")
            continue
        values = options[name]
        for key in values:
            if key not in VIEW_KEYS:
                errors.append(f"[{name}] {key}: unknown extension-view option{did_you_mean(key, VIEW_KEYS)}"
                              f" (known: {', '.join(VIEW_KEYS)})")
        if "url" not in values:
            errors.append(f"[{name}] url: missing (the address of the extension page)")
            continue
        try:
            origin = origin_of_url(values["url"])
        except ValueError as error:
            errors.append(f"[{name}] url: {error}")
            continue
        mode = values.get("mode", "tab")
        if mode not in VIEW_MODES:
            errors.append(f"[{name}] mode: must be one of {', '.join(VIEW_MODES)}, got '{mode}'"
                          f"{did_you_mean(mode, VIEW_MODES)}")
            mode = "tab"
        level = _view_level(name, values, mode, errors)
        if origins.rule_for(origin) is None:
            warnings.append(f"[{name}] url: the origin {origin} is not in {ORIGINS}; its requests will be refused")
        playground = values.get("playground", "false")
        if playground not in ("true", "false"):
            raise ConfigError(f"[{name}] playground: must be true or false, got '{playground}'")
        if playground == "true" and level != APPLICATION:
            raise ConfigError(f"[{name}] playground: a playground is an application-level view (one frame)")
        views.append(WebContent(name, values["url"], origin, values.get("label", name), mode, level,
                                playground == "true"))
    return tuple(views)


def _view_level(name: str, values: dict[str, str], mode: str, errors: list[str]) -> str:
    """The view's ``level``, checked with what it implies: field codes in the url only at the interaction level,
    where the view shows in its interaction's card (mode tab)."""
    level = values.get("level", APPLICATION)
    if level not in VIEW_LEVELS:
        errors.append(f"[{name}] level: must be one of {', '.join(VIEW_LEVELS)}, got '{level}'"
                      f"{did_you_mean(level, VIEW_LEVELS)}")
        level = APPLICATION
    try:
        codes = fieldcodes.codes(values["url"])
    except ValueError as error:
        errors.append(f"[{name}] url: {error}")
        return level
    if codes and level != INTERACTION:
        errors.append(f"[{name}] url: the field code '{codes[0].text}' needs level = \"{INTERACTION}\"")
    if level == INTERACTION and mode != "tab":
        errors.append(f"[{name}] mode: an interaction-level view shows in its interaction's card: "
                      f"mode must be tab, got '{mode}'")
    return level


def _jwt(scenario: dict[str, Any], errors: list[str]) -> JwtSettings:
    """``[scenario.auth]``: jwt-secret, jwt-lifetime (seconds), jwt-issuer; the default of each faulty one."""
    defaults = JwtSettings()
    auth = scenario.get("auth", {})
    if not isinstance(auth, dict):
        errors.append("[scenario.auth] must be a table")
        return defaults
    for key in auth:
        if key not in AUTH_KEYS:
            errors.append(f"[scenario.auth] {key}: unknown key{did_you_mean(key, AUTH_KEYS)}")
    secret = auth.get("jwt-secret")
    if secret is not None and (not isinstance(secret, str) or not secret):
        errors.append("[scenario.auth] jwt-secret: must be a non-empty string")
        secret = None
    lifetime = _whole("[scenario.auth] jwt-lifetime", str(auth.get("jwt-lifetime", defaults.lifetime)), 1, errors)
    issuer = auth.get("jwt-issuer", defaults.issuer)
    if not isinstance(issuer, str):
        errors.append("[scenario.auth] jwt-issuer: must be a string")
        issuer = defaults.issuer
    return JwtSettings(secret.encode("utf-8") if secret else None, defaults.lifetime if lifetime is None else lifetime,
                       issuer)
