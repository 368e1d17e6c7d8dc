"""``build.py check-scenario FILE...``: every error of each lesson (``workspace.lesson_check``: format, names, field
values, a dry run of the timeline), one line each as ``FILE:LINE: step N (...): what``, and the host's answers to the
extensions' scripted requests as ``note:`` lines; exit status 1 when a file has an error.

``py/`` must be importable (build.py puts it on sys.path first)."""
from __future__ import annotations

import sys
from pathlib import Path


def main(files: list[str]) -> int:
    """Check each file; print its problems (stdout) and a summary line per file (stderr); 0 when none has an error."""
    from workspace import lesson_check

    failed = False
    for name in files:
        try:
            text = Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            print(f"{name}: cannot read the file: {error}")
            failed = True
            continue
        problems = lesson_check.check(text)
        for problem in problems:
            print(problem.shown(name))
        errors = sum(problem.error for problem in problems)
        failed = failed or errors > 0
        print(f"{name}: {errors} error(s)" if errors else f"{name}: ready to play", file=sys.stderr)
    return 1 if failed else 0
