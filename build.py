#!/usr/bin/env python3
"""Build, serve and test the Python extension and the Workspace simulator: ``python3 build.py --help``.

The command line of tools/build (commands.py), the package that builds dist/.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tools.build.commands import main  # noqa: E402 (after the path set-up above)

if __name__ == "__main__":
    main()
