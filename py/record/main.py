"""Browser edge of the customer-record page: connect, read the interaction's id from the URL, ask Workspace for it,
show the record (``record.card`` decides what)."""
from __future__ import annotations

import js

import wwe
import wwe.browser
from wwe.dom import element

from .card import RecordCard, Shown, interaction_id


def show(shown: Shown) -> None:
    status = element("status")
    status.textContent, status.className = shown.status, f"status {shown.state}"
    element("record").innerHTML = shown.html  # from an autoescaped template


async def main() -> None:
    """Start the page; ends with #app aria-busy="false" and the status line saying how it went."""
    card = RecordCard()
    wanted = interaction_id(str(js.location.search))
    try:
        if wanted is None:
            show(card.missing())
        else:
            service = wwe.browser.connect_from_page()
            show(card.answer(wanted, await service.interaction.getByInteractionId(wanted)))
    except (ValueError, wwe.RequestFailed) as error:
        show(card.failed(wanted or "", str(error)))
    element("app").setAttribute("aria-busy", "false")
