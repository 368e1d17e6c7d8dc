"""Field codes in the url of an interaction-level view (sans-I/O): ``$Interaction.Id$`` and ``$AttachedData.<key>$``,
Workspace's own notation (docs/SIMULATOR.md, decision P1).

A code may only stand in the url's query or fragment, and each value is percent-encoded whole (``quote(value,
safe="")``), so no value can change the page's origin or path, add a query parameter or start a fragment.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from wwe.shown import display

INTERACTION_ID = "$Interaction.Id$"
ATTACHED_DATA = "AttachedData"
KNOWN = f"{INTERACTION_ID}, ${ATTACHED_DATA}.<key>$"
_CODE = re.compile(r"\$([A-Za-z]+)\.([^$]*)\$")


@dataclass(frozen=True)
class FieldCode:
    """One code of a url: ``key`` is the attached-data key, None for the interaction's id."""

    text: str
    key: str | None


def codes(url: str) -> tuple[FieldCode, ...]:
    """The field codes of ``url``, in order; ValueError naming a code that names nothing, or one placed before the
    query (where a value could change the origin or the path)."""
    found = []
    query = min((at for at in (url.find("?"), url.find("#")) if at >= 0), default=len(url))
    for match in _CODE.finditer(url):
        text, kind, rest = match.group(0), match.group(1), match.group(2)
        if text == INTERACTION_ID:
            code = FieldCode(text, None)
        elif kind == ATTACHED_DATA and rest:
            code = FieldCode(text, rest)
        else:
            raise ValueError(f"the field code '{text}' names nothing (known: {KNOWN})")
        if match.start() < query:
            raise ValueError(f"the field code '{text}' must be in the query or the fragment (after '?' or '#'), "
                             "where a value cannot change the origin or the path")
        found.append(code)
    return tuple(found)


def fill(url: str, interaction_id: str, user_data: Mapping[str, Any]) -> str:
    """``url`` with each code replaced by its value, percent-encoded; a key missing from ``user_data`` gives ""."""
    values = {code.text: interaction_id if code.key is None else display(user_data.get(code.key, ""))
              for code in codes(url)}
    return _CODE.sub(lambda match: quote(values[match.group(0)], safe=""), url)

