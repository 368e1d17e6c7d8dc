"""Which Agent Workspace origin an extension page talks to, from ``<meta name="wwe-workspace-origins">`` (sans-I/O;
``wwe.browser.page_workspace_origin`` reads the page).

A page trusts only the Workspace origins it pins: embedded by any other page, it connects to nothing.
"""

from __future__ import annotations

from .wire.origins import target_origin

META_NAME = "wwe-workspace-origins"
"""The meta element naming the Workspace origins a page trusts, comma-separated."""

NOT_EMBEDDED = "This page is not embedded in Agent Workspace: open it from Agent Workspace or the simulator."

PARENT = "parent"
"""In the meta content: the origin of the page that embeds this one (convenient; pin the origin in production)."""


def workspace_origin(content: str, embedder: str | None) -> str:
    """The origin to connect to, or ValueError saying why there is none.

    ``content``: the meta's comma-separated origins (or "parent"). ``embedder``: the embedding page's origin as
    far as the browser tells (location.ancestorOrigins[0] or document.referrer), None if unknown.
    """
    listed = [item.strip() for item in content.split(",") if item.strip()]
    if not listed:
        raise ValueError('No Workspace origin: set <meta name="wwe-workspace-origins" content="https://...">.')
    try:
        pinned = {target_origin(item) for item in listed if item != PARENT}
        origin = target_origin(embedder) if embedder else None
    except ValueError as error:
        raise ValueError(f"Cannot use this Workspace origin: {error}.") from None
    if origin is not None:
        if PARENT in listed or origin in pinned:
            return origin
        raise ValueError(f"This page is embedded by {origin}, which is not a Workspace origin it trusts "
                         f"({', '.join(sorted(pinned))}).")
    if len(pinned) == 1:
        return next(iter(pinned))
    raise ValueError("The embedding page's origin is unknown (no referrer); pin one Workspace origin in "
                     '<meta name="wwe-workspace-origins">.')
