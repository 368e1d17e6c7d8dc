"""Interaction-level views (sans-I/O): which frames the page must show for the live interactions, with which urls.

A view with ``level = "interaction"`` has one card (and so one frame) per interaction of the contact centre's live
list, named ``<section>:<interactionId>``: the host counts rate limits per frame name, so each interaction's frame
has its own counts. Its url is the view's url with the field codes filled in when the card is first shown, from the
attached data the view may read (``user-data.read-allowed``); a card whose interaction left the list goes.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .. import fieldcodes
from ..config import INTERACTION, WebContent
from ..userdata import USER_DATA, UserDataPolicy
from ..view import party


@dataclass(frozen=True)
class InteractionView:
    """The card of ``view`` for the interaction ``interaction_id``: ``name`` is its frames' name for the host,
    ``label`` what a person reads (``view_label``: the view's own), ``url`` the view's url filled in for it."""

    name: str
    label: str
    origin: str
    url: str
    interaction_id: str
    view_label: str


def wanted(views: Iterable[WebContent], interactions: Iterable[Mapping[str, Any]],
           policy: UserDataPolicy) -> dict[str, InteractionView]:
    """Name -> card, for each interaction-level view and each interaction (API objects, in the list's order)."""
    found = {}
    for interaction in interactions:
        interaction_id = str(interaction["interactionId"])
        readable = policy.filter({USER_DATA: interaction.get(USER_DATA) or {}})[USER_DATA]
        for view in views:
            if view.level == INTERACTION:
                name = f"{view.section}:{interaction_id}"
                found[name] = InteractionView(name, f"{view.label} · {party(interaction)} · #{interaction_id}",
                                              view.origin, fieldcodes.fill(view.url, interaction_id, readable),
                                              interaction_id, view.label)
    return found


def changes(shown: Collection[str], cards: Mapping[str, InteractionView]) -> tuple[list[InteractionView], list[str]]:
    """The cards to show (in order) and the names of those to take away, from the names shown now."""
    return [card for name, card in cards.items() if name not in shown], [name for name in shown if name not in cards]


def by_interaction(cards: Iterable[InteractionView]) -> dict[str, list[tuple[str, str]]]:
    """Interaction id -> ``(card name, view label)`` of its cards: the control panel's buttons that show them."""
    found: dict[str, list[tuple[str, str]]] = {}
    for card in cards:
        found.setdefault(card.interaction_id, []).append((card.name, card.view_label))
    return found
