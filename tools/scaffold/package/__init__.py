"""__TITLE__: an Agent Workspace extension in Python (card.py: the logic; main.py: the browser edge)."""
