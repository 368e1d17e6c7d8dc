"""Capability tables behind Interaction.capabilities: what the agent may do in each state.

Requests such as voice.hold or interaction.markdone are allowed or refused from these tables.
"""

VOICE_CAPABILITIES: dict[str, tuple[str, ...]] = {
    "RINGING": ("ANSWER", "REJECT"),
    "DIALING": ("HANGUP",),
    "TALKING": ("HANGUP", "HOLD"),
    "HELD": ("HANGUP", "RESUME"),
    "IDLE": ("MARK_DONE",),
}

OPENMEDIA_CAPABILITIES: dict[str, tuple[str, ...]] = {
    "INVITED": ("ACCEPT", "REJECT"),
    "INVITED_CONFERENCE": ("ACCEPT", "REJECT"),
    "ACCEPTED": ("MARK_DONE",),
    "PULLED": ("MARK_DONE",),
    "CREATED": ("MARK_DONE",),
    "JOIN_FAILED": ("MARK_DONE",),
    "ERROR": ("MARK_DONE",),
}
"""JOIN_PENDING has none: the chat server has not answered yet."""

PREVIEW_CAPABILITIES: dict[str, tuple[str, ...]] = {
    "INVITED": ("ACCEPT", "REJECT"),
    "PREVIEWING": ("CALL", "REJECT_RECORD", "CANCEL_RECORD"),
    "REJECTED": ("MARK_DONE",),
    "CANCELED": ("MARK_DONE",),
}

DIRECT_PUSH_CALL_CAPABILITIES: dict[str, tuple[str, ...]] = {"TALKING": ("HANGUP",)}
"""The reference's Direct Push Preview table lists only HANGUP for an established call."""
