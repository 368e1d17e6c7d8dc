"""The simulator page's logic (sans-I/O), driven by the browser edge ``workspace.browser``:

* ``controller``: ``Controller.handle(event) -> effects``: the session, the frames, the election, the scenario panel,
  the inspector table, and ACTIONS, the one registry of what a control or a form does;
* ``events``, ``effects``: what the edge tells the controller, and what it applies for it;
* ``frames``: the page's slots (cards, dialogs) and the frames living in them;
* ``scenario``: the scenario panel (the player's text, replaying a recording);
* ``inspector``: the inspector table's filter, rows and frame choices;
* ``registry``: a registry of actions that refuses a name twice;
* ``startup``: the scenario the page opens, and the status line.
"""
