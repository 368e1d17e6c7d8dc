"""User-data access: read filtering of everything sent, all-or-nothing write checks (decision D8)."""
from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

USER_DATA = "userData"

# The requests ``write-allowed`` governs, and the position of the written keys in their parameters: the reference
# names setUserData/deleteUserData only. The attached data given to voice.dial, dialEx, consult, singleStep* and
# email.create is attached as given (D8, SPEC-NOTES §11.1), and read-filtered like any userData sent.
WRITE_PARAMETER = {
    "interaction.setUserData": 1,
    "interaction.deleteUserData": 1,
}


@dataclass(frozen=True)
class UserDataPolicy:
    """``user-data.read-allowed`` / ``write-allowed``: None = no restriction, else the exact keys."""

    read: frozenset[str] | None = None
    write: frozenset[str] | None = None

    def filter(self, value: Any) -> Any:
        """A copy of ``value`` where every ``userData`` object, at any depth, keeps only readable keys.

        Dicts and lists are always copied, so the result shares no container with the model's state.
        """
        if isinstance(value, dict):
            return {k: self._filter_user_data(v) if k == USER_DATA else self.filter(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.filter(v) for v in value]
        return value

    def _filter_user_data(self, user_data: Any) -> Any:
        """Keep the readable keys of one userData object."""
        if not isinstance(user_data, dict):
            return self.filter(user_data)
        return {k: self.filter(v) for k, v in user_data.items() if self.read is None or k in self.read}

    def refused_writes(self, request: str, parameters: Sequence[Any]) -> list[str]:
        """The keys this request would write although write-allowed does not list them (sorted)."""
        if self.write is None:
            return []
        return sorted(k for k in _written_keys(request, parameters) if k not in self.write)


def _written_keys(request: str, parameters: Sequence[Any]) -> Collection[str]:
    """The user-data keys a request writes: an object's keys, or deleteUserData's key (or list of keys).

    Shapes the model refuses anyway (a string where an object is expected...) write no key.
    """
    position = WRITE_PARAMETER.get(request)
    if position is None or position >= len(parameters):
        return ()
    written = parameters[position]
    if isinstance(written, dict):
        return [str(k) for k in written]
    if request != "interaction.deleteUserData":
        return ()
    if isinstance(written, str):
        return [written]
    if isinstance(written, list):
        return [k for k in written if isinstance(k, str)]
    return ()


def write_refusal_message(keys: Sequence[str]) -> str:
    """The errorMessage of a write refused by write-allowed."""
    names = ", ".join(f"'{k}'" for k in keys)
    noun = "key" if len(keys) == 1 else "keys"
    return f"Writing the user data {noun} {names} is not allowed."

