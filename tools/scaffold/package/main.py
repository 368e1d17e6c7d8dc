"""Browser edge of __TITLE__: ``await main()`` from index.html connects and shows the card (the logic is card.py)."""
from __future__ import annotations

import js

import wwe.browser

from .card import Card, environment, render, start


async def main() -> None:
    app = js.document.getElementById("app")
    env, card = environment(), Card()

    def show() -> None:
        app.innerHTML = render(env, card)  # autoescaped template: the Workspace's text never becomes markup

    try:
        service = wwe.browser.connect_from_page()  # only the Workspace pinned in the page's meta tag
    except ValueError as error:
        card.fail(str(error))
    else:
        await start(card, service, show)
    show()
    app.setAttribute("aria-busy", "false")
