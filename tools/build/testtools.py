"""The test tools ``build.py test`` and ``bench`` install: Debian's browsers, the dev requirements in .venv."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .paths import ROOT, log
from .stamps import digest, stamp, stamped

VENV = ROOT / ".venv"


TEST_BROWSERS = {"chromium": Path("/usr/bin/chromium"), "firefox-esr": Path("/usr/bin/firefox-esr")}
"""Debian packages of the browsers the end-to-end tests drive (Chromium through Playwright, Firefox ESR through
puppeteer-core, a devDependency that ``npm ci`` installs), and the executables they install."""


def ensure_test_tools() -> Path:
    """Install the test tools (Debian's chromium and firefox-esr; the dev requirements in .venv); return the venv's
    Python."""
    missing = [package for package, executable in TEST_BROWSERS.items() if not executable.exists()]
    if missing:
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        log(f"apt-get install {' '.join(missing)}")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(sudo + ["apt-get", "update", "-q"], check=True, env=env)
        subprocess.run(sudo + ["apt-get", "install", "-y", "-q", *missing], check=True, env=env)
    python = VENV / "bin" / "python"
    if not python.exists():
        log("python -m venv .venv")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    key = digest(ROOT / "requirements-dev.txt") + str(python)
    if not stamped("dev-requirements", key):
        log("pip install -r requirements-dev.txt (into .venv)")
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "-r", str(ROOT / "requirements-dev.txt")], check=True)
        stamp("dev-requirements", key)
    return python
