"""The Service Client API on the wire, for both roles (SPEC-NOTES §11): the client (``wwe``) and the host
(``workspace``) ship the same package.

* ``messages``: what a client sends (Request, Subscribe, Unsubscribe), what a host sends (Reply, ErrorReply,
  SubscribeReply, Event, FrameIdAssignment) and Malformed input, as values; ``stamp``, the one place that writes
  ``userAgent`` and ``protocolVersion``.
* ``parse``: a message from a frame as one of those (host side); the predicates a client reads replies with.
* ``limits``: how long and how deep a message may be, checked before and after parsing.
* ``origins``: the one origin normaliser.
"""
