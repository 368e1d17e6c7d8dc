"""The Python playground: an extension page with an editor and a console, the client ready as ``service``.

Sans-I/O pieces (tested on CPython): ``examples`` (one runnable example per method, from the method table and the
example arguments that docs/API.md also shows), ``runner`` (runs a cell with top-level await), ``console`` (the
console's entries), ``editor`` (the editor's keys). ``main`` is the browser edge.
"""
