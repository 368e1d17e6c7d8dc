"""Errors raised inside the simulated Workspace."""


class RequestError(Exception):
    """A request failed; ``str(error)`` is the exact ``errorMessage`` sent back to the frame."""
