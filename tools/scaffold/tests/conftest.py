"""The extension's package importable in its tests (wwe and workspace come from the wheels, or this repository)."""
import sys
from pathlib import Path

FOLDER = str(Path(__file__).resolve().parents[1])
if FOLDER not in sys.path:
    sys.path.insert(0, FOLDER)
