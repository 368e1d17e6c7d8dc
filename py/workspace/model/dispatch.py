"""Request tables: request name -> handler and declared parameters, with argument checking."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from workspace.errors import RequestError

if TYPE_CHECKING:
    from .context import RequestContext
    from .state import CentreState

Handler = Callable[..., Any]


class Invalid(Exception):
    """Raised by a checker; ``args[0]`` says what was expected ("a string")."""


@dataclass(frozen=True)
class Param:
    """One positional wire parameter: its documented name and a checker that returns the clean value."""

    name: str
    check: Callable[[Any], Any]
    optional: bool = False


@dataclass(frozen=True)
class Request:
    """A request name bound to its handler ``handler(centre, ctx, *args)`` (``centre``: the CentreState)."""

    name: str
    handler: Handler
    params: tuple[Param, ...]

    def bind(self, params: Any) -> list[Any]:
        """Check the positional parameters; missing optional ones become ``None`` before checking."""
        if not isinstance(params, (list, tuple)):
            raise RequestError(f"Error: Invalid parameters for '{self.name}': expected an array.")
        if len(params) > len(self.params):
            raise RequestError(
                f"Error: Too many parameters for '{self.name}': expected at most {len(self.params)}, got {len(params)}."
            )
        args = []
        for index, param in enumerate(self.params):
            value = params[index] if index < len(params) else None
            if value is None and not param.optional:
                raise RequestError(f"Error: Missing parameter '{param.name}'.")
            try:
                args.append(param.check(value))
            except Invalid as invalid:
                raise RequestError(f"Error: Invalid parameter '{param.name}': expected {invalid.args[0]}.") from None
        return args

    def __call__(self, centre: CentreState, ctx: RequestContext, params: Any) -> Any:
        return self.handler(centre, ctx, *self.bind(params))


class RequestTable(dict[str, Request]):
    """Request name -> Request; filled by the ``handles`` decorator of each namespace module."""

    def handles(self, name: str, *params: Param) -> Callable[[Handler], Handler]:
        """Register the decorated function as the handler of ``name``."""

        def register(handler: Handler) -> Handler:
            self[name] = Request(name, handler, params)
            return handler

        return register

    def alias(self, name: str, target: str) -> None:
        """Accept ``name`` as another spelling of the registered ``target`` (the same Request: its ``name`` stays
        ``target``, so rate limits count both spellings together)."""
        self[name] = self[target]

    def aliases(self) -> dict[str, str]:
        """Each other spelling -> the request it is."""
        return {name: request.name for name, request in self.items() if request.name != name}

    @classmethod
    def merge(cls, *tables: RequestTable) -> RequestTable:
        """Union of tables; a name registered twice is a programming error."""
        merged = cls()
        for table in tables:
            clash = merged.keys() & table.keys()
            if clash:
                raise ValueError(f"request registered twice: {sorted(clash)}")
            merged.update(table)
        return merged


# --- checkers: return the clean value or raise Invalid(expected) ---------------------------------


def string(value: Any) -> str:
    """A JSON string."""
    if not isinstance(value, str):
        raise Invalid("a string")
    return value


def obj(value: Any) -> dict:
    """A JSON object."""
    if not isinstance(value, dict):
        raise Invalid("an object")
    return value


def optional_obj(value: Any) -> dict:
    """A JSON object, or undefined/null meaning ``{}`` (userData, extensions)."""
    return {} if value is None else obj(value)


def is_number(value: Any) -> bool:
    """True for JSON numbers (booleans excluded)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


SAFE_INTEGER = 2 ** 53  # JSON integers beyond this lose precision in JavaScript


def integer(value: Any) -> int:
    """A JSON number with an integral value, within JavaScript's safe integers."""
    if not is_number(value) or not abs(value) < SAFE_INTEGER or not float(value).is_integer():
        raise Invalid("an integer")
    return int(value)


def integer_text(value: Any) -> int:
    """An integer, or a string of ASCII digits holding one (D4: callResult "6" or 6)."""
    if isinstance(value, str) and re.fullmatch(r"[+-]?[0-9]{1,15}", value.strip()):
        return int(value)
    try:
        return integer(value)
    except Invalid:
        raise Invalid("a number or a numeric string") from None


def strings(value: Any) -> list[str]:
    """A string or an array of strings (configuration options), as a list."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(item, str) for item in items):
        raise Invalid("a string or a non-empty array of strings")
    return items


def optional_string(value: Any) -> str | None:
    """A string, or undefined/null."""
    return None if value is None else string(value)
