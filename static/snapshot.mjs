// Pyodide started from the memory snapshot the build made (build.py, "memory snapshot"): Python already initialised
// and the site's pure modules (jinja2, the protocol, the state, the templates' code) already imported, so a page
// skips Python's start-up. PyScript loads this module as its interpreter (pyscript.toml: interpreter =
// "./pyodide/snapshot.mjs"); it sits next to pyodide.mjs, which PyScript takes as the runtime's indexURL.
//
// boot.js calls prestart() as soon as the page has painted, so Pyodide loads while PyScript's own modules load and
// run; PyScript's loadPyodide() call then takes that Pyodide and gives it PyScript's output streams.
//
// A snapshot freezes what Python drew at start-up: the random module's state is drawn again here (str hash
// randomisation stays as it was at build time). If the snapshot cannot be fetched or restored, Pyodide starts the
// ordinary way.
import { loadPyodide as start, version } from "./pyodide.mjs";

export { version };

const SNAPSHOT = new URL("./snapshot.bin", import.meta.url);
const INDEX_URL = new URL("./", import.meta.url).href;

const SPARSE_MAGIC = "WWESNAP1";

/** The memory snapshot.bin holds without its zero pages (tools/build/snapshot.py, sparse): a header of
 * little-endian uint32 (the length, the number of runs, each run's offset and length), then the runs' bytes. */
export const expand = (buffer) => {
  if (new TextDecoder().decode(new Uint8Array(buffer, 0, 8)) !== SPARSE_MAGIC) throw new Error("not a sparse snapshot");
  const [length, count] = new Uint32Array(buffer, 8, 2);
  const runs = new Uint32Array(buffer, 16, 2 * count);
  const memory = new Uint8Array(length);
  let position = 16 + runs.byteLength;
  for (let run = 0; run < runs.length; run += 2) {
    memory.set(new Uint8Array(buffer, position, runs[run + 1]), runs[run]);
    position += runs[run + 1];
  }
  return memory;
};

const fetchSnapshot = async () => {
  const response = await fetch(SNAPSHOT);
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  return expand(await response.arrayBuffer());
};

const fromSnapshot = async (options) => {
  const pyodide = await start({ ...options, _loadSnapshot: fetchSnapshot() });
  pyodide.runPython("import random; random.seed()");
  return pyodide;
};

let started = null;  // the Pyodide prestart() began, until loadPyodide() takes it

/** Start Pyodide (from the snapshot) now, with this directory as its indexURL, for the coming loadPyodide(). */
export const prestart = () => {
  started ??= fromSnapshot({ indexURL: INDEX_URL });
  started.catch(() => {});  // loadPyodide() reports it
};
// What PyScript passes (its stdout and stderr, and the indexURL): the early Pyodide serves a call with nothing else.
const EARLY_OPTIONS = new Set(["indexURL", "stdout", "stderr"]);
const sameDirectory = (url) => url === undefined || new URL(url.replace(/\/*$/, "/"), location.href).href === INDEX_URL;

export const loadPyodide = async (options = {}) => {
  const early = started;
  started = null;
  const fits = sameDirectory(options.indexURL) && Object.keys(options).every((key) => EARLY_OPTIONS.has(key));
  if (early && !fits) console.warn("[boot] The Pyodide started early is not used: loadPyodide() was given", options);
  try {
    if (!(early && fits)) return await fromSnapshot(options);
    const pyodide = await early;
    if (options.stdout) pyodide.setStdout({ batched: options.stdout });
    if (options.stderr) pyodide.setStderr({ batched: options.stderr });
    return pyodide;
  } catch (error) {
    console.warn("[boot] Pyodide's memory snapshot was not used:", error);
    return start(options);
  }
};
