"""Run a cell of Python as a REPL does, with top-level ``await``: the value of a final expression is the result.

A request the Workspace refused (``wwe.RequestFailed``, timeouts included) is a *failure*: its reply is the
documented answer, shown as such. Any other exception is shown as its traceback text, from the cell's own frames.
"""

from __future__ import annotations

import ast
import inspect
import linecache
import pprint
import traceback
from typing import Any, NamedTuple

from wwe import RequestFailed, Subscription

FLAGS = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
WIDTH = 100
"""Characters per line of a pretty-printed result."""
AWAITABLE_HINT = "  # not awaited: put await before the call to get its result"
INTERRUPTED = "KeyboardInterrupt: the cell was stopped while it ran; Python's state is kept."


class Outcome(NamedTuple):
    """How a cell ended: ``kind`` is "value" (``text`` is its repr), "none" (nothing to show), "failure" (a refused
    request: its reply), "exception" (a traceback) or "interrupted" (KeyboardInterrupt: Stop while it ran)."""

    kind: str
    text: str = ""


def show(value: Any) -> str:
    """A result as text: pretty-printed, in the order the Workspace sent it; a call not awaited says so (a
    subscription is active without await: awaiting it only waits for the Workspace's answer)."""
    text = pprint.pformat(value, width=WIDTH, sort_dicts=False)
    return text + AWAITABLE_HINT if inspect.isawaitable(value) and not isinstance(value, Subscription) else text


def describe_failure(failure: RequestFailed) -> str:
    """A refused request: what was asked, the error message and the whole reply."""
    return f"Request failed: {failure}\nreply: {show(failure.reply)}"


def describe_exception(error: BaseException, filename: str) -> str:
    """The traceback from the cell's first frame on (the runner's own frames left out)."""
    tb = error.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != filename:
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(error), error, tb))


async def evaluate(code, namespace: dict[str, Any]) -> Any:
    """Run compiled code in ``namespace``, awaiting it when it uses top-level await."""
    result = eval(code, namespace)  # noqa: S307 - running the user's code is the playground's purpose
    if code.co_flags & inspect.CO_COROUTINE:
        result = await result
    return result


async def run(source: str, namespace: dict[str, Any], filename: str = "<cell>") -> Outcome:
    """Run ``source`` in ``namespace`` (kept between cells). Never raises, except for the task's cancellation."""
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)  # traceback lines
    try:
        tree = ast.parse(source, filename)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        await evaluate(compile(tree, filename, "exec", flags=FLAGS), namespace)
        if last is None:
            return Outcome("none")
        value = await evaluate(compile(ast.Expression(last.value), filename, "eval", flags=FLAGS), namespace)
    except RequestFailed as failure:
        return Outcome("failure", describe_failure(failure))
    except SyntaxError as error:
        return Outcome("exception", "".join(traceback.format_exception_only(type(error), error)))
    except KeyboardInterrupt:  # Stop, through Pyodide's interrupt buffer (or the cell raised it)
        return Outcome("interrupted", INTERRUPTED)
    except (Exception, SystemExit) as error:  # noqa: BLE001 - the user's code may raise anything
        return Outcome("exception", describe_exception(error, filename))
    return Outcome("none") if value is None else Outcome("value", show(value))
