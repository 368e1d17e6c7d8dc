"""Calls: ``Call[T]``, the awaitable every request returns, and ``Namespace``, the base of the typed namespaces.

The namespace classes themselves are generated from the spec (``wwe.namespaces``); ``request`` gives each method
the argument checks of the method table (``wwe.methods``), so a wrong call is a TypeError before anything is sent.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import logging
from typing import Any, Callable, Generator, Generic, Protocol, TypeVar, cast

from . import errors, methods
from .core import ClientCore
from .types import Reply

logger = logging.getLogger("wwe")

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])

Succeeded = Callable[[Reply], object]
"""A ``succeeded=`` callback: it receives the whole reply, as in the official client."""

Failed = Callable[[Reply | str], object]
"""A ``failed=`` callback: the host's reply, or "Request timeout" / "Service closed" / "Host restarted"."""


def guarded(function: Callable[[Any], object], argument: Any, what: str) -> None:
    """Call user code; its exceptions are logged and never break the client (like the official client)."""
    try:
        function(argument)
    except Exception:
        logger.exception("wwe: error in %s", what)


def check_options(succeeded: object, failed: object, timeout: object) -> None:
    """TypeError/ValueError unless the callbacks are callable (or None) and the timeout a positive number."""
    for name, callback in (("succeeded", succeeded), ("failed", failed)):
        if callback is not None and not callable(callback):
            raise TypeError(f"{name} must be callable, not {type(callback).__name__}")
    if timeout is not None:
        if not methods.is_number(timeout):
            raise TypeError(f"timeout must be a number of seconds, not {type(timeout).__name__}")
        if not timeout > 0:  # type: ignore[operator]  # is_number: an int or a float
            raise ValueError(f"timeout must be > 0 (math.inf: never), not {timeout!r}")


_PENDING, _SUCCEEDED, _FAILED, _CANCELLED = "pending", "succeeded", "failed", "cancelled"


class Waiter(asyncio.Future[None]):
    """What a task awaiting a Call waits on: ``wake()`` resumes it at once when no task is running (a reply handled
    in the page's message listener), as JavaScript runs the code after an ``await`` right after the listener,
    instead of one more trip through the loop (in Pyodide, through the browser's task queue: bench/run.py
    --only rtt, the client's parts). Otherwise, and for a cancellation, its callbacks are scheduled as usual.

    A Future-like object as asyncio's Task accepts them: the task hands its wake-up to ``add_done_callback``.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__(loop=loop)
        self._resumers: list[tuple[Callable[[Any], object], contextvars.Context]] = []

    def add_done_callback(self, fn: Callable[[Any], object], *, context: contextvars.Context | None = None) -> None:
        context = context if context is not None else contextvars.copy_context()
        if self.done():
            self.get_loop().call_soon(fn, self, context=context)
        else:
            self._resumers.append((fn, context))

    def wake(self) -> None:
        """Done: resume the awaiting tasks now if no task is running, else on the loop."""
        if not self.done():
            super().set_result(None)
            self._resume(soon=asyncio.current_task(self.get_loop()) is not None)

    def cancel(self, msg: Any = None) -> bool:
        if not super().cancel(msg):
            return False
        self._resume(soon=True)
        return True

    def _resume(self, soon: bool) -> None:
        resumers, self._resumers = self._resumers, []
        for fn, context in resumers:
            if soon:
                self.get_loop().call_soon(fn, self, context=context)
            else:
                context.run(fn, self)


class Sender(Protocol):
    """What calls and namespaces need of their ``wwe.service.Service`` (named here, so this module does not
    import it: no import cycle)."""

    core: ClientCore

    def _start(self, request: str, build: Callable[[float, float | None], tuple[str, dict[str, Any]]],
               succeeded: Succeeded | None, failed: Failed | None, timeout: float | None) -> Call[Any]: ...

    def _forget(self, ref: str) -> None: ...


class Call(Generic[T]):
    """One request. ``await call`` gives the reply's ``data`` or raises RequestFailed (``.reply``);
    ``cancel()`` stops waiting (awaiters get asyncio.CancelledError, callbacks are not called)."""

    def __init__(self, service: Sender, reference_id: str, request: str, succeeded: Succeeded | None,
                 failed: Failed | None) -> None:
        self.reference_id = reference_id
        self.request = request
        self.state = _PENDING
        self.reply: Any = None
        self._service = service
        self._succeeded = succeeded
        self._failed = failed
        self._waiter: Waiter | None = None

    def __repr__(self) -> str:
        return f"<Call {self.request} referenceId={self.reference_id} {self.state}>"

    def done(self) -> bool:
        """True once the call succeeded, failed or was cancelled."""
        return self.state != _PENDING

    def cancel(self) -> bool:
        """Stop waiting for the answer (the host may still act on the request). True if it was pending."""
        if self.state != _PENDING:
            return False
        self._service._forget(self.reference_id)
        self.state = _CANCELLED
        self._wake()
        return True

    def _settle(self, ok: bool, reply: Any) -> None:
        self.state, self.reply = (_SUCCEEDED if ok else _FAILED), reply
        callback = self._succeeded if ok else self._failed
        if callback is not None:
            guarded(callback, reply, f"{'succeeded' if ok else 'failed'} callback of {self.request}")
        elif not ok and self._waiter is None:
            logger.warning("wwe: %s failed and nothing handles it: %r", self.request, reply)
        self._wake()

    def _wake(self) -> None:
        if self._waiter is not None:
            self._waiter.wake()

    def __await__(self) -> Generator[Any, None, T]:
        if self.state == _PENDING:
            if self._waiter is None:  # not loop.create_future(): Pyodide's adds a done callback of its own
                self._waiter = Waiter(asyncio.get_running_loop())
            try:
                yield from self._waiter.__await__()
            except asyncio.CancelledError:  # the awaiting task was cancelled (e.g. asyncio.wait_for)
                self.cancel()
                raise
        if self.state == _SUCCEEDED:
            return cast(T, self.reply.get("data") if isinstance(self.reply, dict) else None)
        if self.state == _CANCELLED:
            raise asyncio.CancelledError(f"{self.request} (referenceId {self.reference_id}) was cancelled")
        raise errors.failure(self.request, self.reply)


class Namespace:
    """The methods of one namespace, bound to a Service (subclasses: ``wwe.namespaces``)."""

    def __init__(self, service: Sender) -> None:
        self._service = service

    def _call(self, request: str, params: list[Any], succeeded: Succeeded | None, failed: Failed | None,
              timeout: float | None) -> Call[Any]:
        """Send ``request`` with its checked wire ``params``."""
        service = self._service
        return service._start(request, lambda now, t: service.core.request(request, params, now, t),
                              succeeded, failed, timeout)


def request(name: str) -> Callable[[F], F]:
    """Make a namespace method the request ``name`` ("ns.method"): its arguments are bound and checked against
    the method table (``methods.bind``: clear TypeErrors naming the request) and the method gets the wire
    parameters, in order, omitted optional ones as None."""
    namespace, method_name = name.split(".")
    method = methods.NAMESPACES[namespace][method_name]
    wire_signature = methods.signature(method)

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def checked(self: Namespace, *args: Any, succeeded: Succeeded | None = None, failed: Failed | None = None,
                    timeout: float | None = None, **kwargs: Any) -> Any:
            params = methods.bind(name, method, wire_signature, args, kwargs)
            return function(self, *params, succeeded=succeeded, failed=failed, timeout=timeout)

        return cast(F, checked)

    return decorate
