// Pyodide started from the memory snapshot the build made (build.py, "memory snapshot"): Python already initialised
// and the site's pure modules (jinja2, the protocol, the state, the templates' code) already imported, so a page
// skips Python's start-up. PyScript loads this module as its interpreter (pyscript.toml: interpreter =
// "./pyodide/snapshot.mjs"); it sits next to pyodide.mjs, which PyScript takes as the runtime's indexURL.
//
// A snapshot freezes what Python drew at start-up: the random module's state is drawn again here (str hash
// randomisation stays as it was at build time). If the snapshot cannot be fetched or restored, Pyodide starts the
// ordinary way.
import { loadPyodide as start, version } from "./pyodide.mjs";

export { version };

const SNAPSHOT = new URL("./snapshot.bin", import.meta.url);

const fetchSnapshot = async () => {
  const response = await fetch(SNAPSHOT);
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  return response.arrayBuffer();
};

export const loadPyodide = async (options = {}) => {
  try {
    const pyodide = await start({ ...options, _loadSnapshot: fetchSnapshot() });
    pyodide.runPython("import random; random.seed()");
    return pyodide;
  } catch (error) {
    console.warn("[boot] Pyodide's memory snapshot was not used:", error);
    return start(options);
  }
};
