"""The simulated Agent Workspace (sans-I/O): ``Host`` and what it is made of.

* ``host``: ``Host``, the facade: frames, incoming messages, the host's own answers, event routing;
* ``checks``: the check pipeline every incoming message goes through;
* ``subscriptions``: the subscription registry;
* ``journal``: the inspector journal (bounded) and its export, a recorded session;
* ``page_events``: what the page did, as the journal records it;
* ``contracts``: ``Outgoing``, ``FrameInfo``, ``Context`` and the ``Model`` protocol.

Messages are built and read with ``wwe.wire``.
"""
from .contracts import FRAME_STATES, HIDDEN_VIEW_MODES, Context, FrameInfo, Model, Outgoing
from .host import Host

__all__ = ["FRAME_STATES", "HIDDEN_VIEW_MODES", "Context", "FrameInfo", "Host", "Model", "Outgoing"]
