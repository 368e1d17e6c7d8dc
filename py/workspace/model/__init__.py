"""The contact-centre model of the Workspace simulator: answers requests, emits events, keeps the state."""

from .centre import REQUESTS, ContactCentre
from .scenario import DEFAULT_SCENARIO

__all__ = ["DEFAULT_SCENARIO", "REQUESTS", "ContactCentre"]
