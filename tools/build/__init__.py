"""The build of dist/ and the command line behind build.py, as small modules (docs/ARCHITECTURE.md lists them)."""
