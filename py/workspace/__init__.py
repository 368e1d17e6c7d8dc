"""The Workspace simulator host: plays Agent Workspace for embedded extensions (sans-I/O)."""
from .config import Config, ConfigError
from .errors import RequestError
from .host import Context, FrameInfo, Host, Outgoing

__all__ = ["Config", "ConfigError", "Context", "FrameInfo", "Host", "Outgoing", "RequestError"]
