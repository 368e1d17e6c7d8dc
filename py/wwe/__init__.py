"""wwe: a Python client for the Genesys Agent Workspace Service Client API (window.postMessage).

In the browser (Pyodide/PyScript)::

    import wwe.browser
    service = wwe.browser.connect_from_page()   # the origin of <meta name="wwe-workspace-origins" content="...">
    agent = await service.agent.get()           # a wwe.types.Agent: the API is typed (py.typed)
    service.interaction.setUserData("1", {"key": "value"}, succeeded=print, failed=print)

See docs/CLIENT.md, docs/API.md and docs/EVENTS.md.
"""

from .core import ClientCore
from .errors import HostRestarted, RequestFailed, RequestTimeout, ServiceClosed
from .methods import NAMESPACES
from .calls import Call
from .service import Service, Subscription

__all__ = [
    "NAMESPACES",
    "Call",
    "ClientCore",
    "HostRestarted",
    "RequestFailed",
    "RequestTimeout",
    "Service",
    "ServiceClosed",
    "Subscription",
]
