"""configuration.getOption / getContextualOption: option lookup with wildcards and routing overrides.

A pattern is ``[Section/]option``; the section defaults to ``interaction-workspace``. ``*`` is a wildcard allowed
only at the end of a name (``voice.*``, ``voice.auto*``, ``CustomAPI/test.*``); ``*.auto`` is refused.
The answer is an object keyed by section (D11). getContextualOption reads the interaction's attached data under
the key named by ``interaction.override-option-key``; the named transaction annexes override the options (D14).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workspace.errors import RequestError

from .dispatch import Param, RequestTable, optional_string, strings

if TYPE_CHECKING:
    from .context import RequestContext
    from .state import CentreState

REQUESTS = RequestTable()

DEFAULT_SECTION = "interaction-workspace"
OVERRIDE_KEY_OPTION = "interaction.override-option-key"

Sections = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Pattern:
    """A parsed ``[Section/]option`` request; each part is a name or a prefix ending with ``*``."""

    section: str
    option: str

    @staticmethod
    def matches(pattern: str, name: str) -> bool:
        """Exact match, or prefix match for a pattern ending with ``*``."""
        return name.startswith(pattern[:-1]) if pattern.endswith("*") else name == pattern

    def select(self, sections: Sections) -> Sections:
        """The matching options of ``sections``."""
        found: Sections = {}
        for section, values in sections.items():
            if self.matches(self.section, section):
                for option, value in values.items():
                    if self.matches(self.option, option):
                        found.setdefault(section, {})[option] = value
        return found


def check_name(name: str, text: str) -> None:
    """Refuse an empty name or a ``*`` anywhere but at the end of a name that does not start with it."""
    if not name or "*" in name[:-1] or name == "*":
        raise RequestError(
            f"Error: Invalid option '{text}': '*' is allowed only at the end of an option or section name "
            "(for example 'voice.*' or 'CustomSection/option.*'), not alone or at the start."
        )


def parse(text: str) -> Pattern:
    """``[Section/]option`` as a Pattern."""
    section, slash, option = text.partition("/")
    if not slash:
        section, option = DEFAULT_SECTION, text
    check_name(section, text)
    check_name(option, text)
    return Pattern(section, option)


def wire_value(value: Any) -> Any:
    """Option values are strings (or lists of strings) as in the configuration layer."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return [wire_value(item) for item in value]
    return str(value)


def configured_sections(options: dict[str, Any]) -> Sections:
    """The option sections of the configuration (non-table entries are ignored)."""
    return {name: dict(values) for name, values in options.items() if isinstance(values, dict)}


def overridden(options: dict[str, Any], user_data: dict[str, Any]) -> Sections:
    """Configured options with the interaction's override annexes applied (first one wins).

    The attached-data key named by ``interaction.override-option-key`` holds comma-separated section names; each
    such section (a transaction annex) overrides interaction-workspace options.
    """
    sections = configured_sections(options)
    key = sections.get(DEFAULT_SECTION, {}).get(OVERRIDE_KEY_OPTION)
    names = str(user_data.get(key, "")).split(",") if key else []
    for name in reversed([name.strip() for name in names if name.strip()]):
        annex = options.get(name)
        if isinstance(annex, dict):
            sections.setdefault(DEFAULT_SECTION, {}).update(annex)
    return sections


def lookup(sections: Sections, requested: list[str]) -> Sections:
    """The options matching any requested pattern, keyed by section."""
    found: Sections = {}
    for pattern in [parse(text) for text in requested]:
        for section, values in pattern.select(sections).items():
            found.setdefault(section, {}).update({option: wire_value(value) for option, value in values.items()})
    return found


@REQUESTS.handles("configuration.getOption", Param("options", strings))
def get_option(centre: CentreState, ctx: RequestContext, requested: list[str]) -> Sections:
    """Configured values (never the routing overrides)."""
    return lookup(configured_sections(centre.options), requested)


@REQUESTS.handles(
    "configuration.getContextualOption",
    Param("options", strings),
    Param("interactionId", optional_string, optional=True),
)
def get_contextual_option(
    centre: CentreState, ctx: RequestContext, requested: list[str], interaction_id: str | None
) -> Sections:
    """Values in the context of the interaction: its override transactions win over the configuration.

    A missing interactionId fails like an unknown one ("Error: Interaction not found."), as the reference says.
    """
    return lookup(overridden(centre.options, centre.interactions.find(interaction_id or "").user_data), requested)
