"""The contact-centre model of the Workspace simulator: answers requests, emits events, keeps the state."""

from .centre import REQUESTS, ContactCentre
from .scenario import DEFAULT_SCENARIO_TABLE

__all__ = ["DEFAULT_SCENARIO_TABLE", "REQUESTS", "ContactCentre"]
