// Starts PyScript, even where the browser denies storage to this page (standins.js, imported first: its probe runs
// while the page paints).

const standIns = import("./standins.js");
const PAINT_WAIT_MS = 250;      // a frame that is not rendered (hidden view) waits no longer for its first paint
// The files PyScript fetches itself, relative to the page (pyscript.toml, and app.zip under its [files]). Preloaded
// as "fetch" with crossorigin: the same request (mode, credentials) as PyScript's own fetch(), which then finds them
// in the memory cache or already on the way. Pyodide's own files (the wasm, the snapshot, the standard library) are
// not preloaded: prestart() below fetches them at the same moment.
const RUNTIME_FILES = ["./pyscript.toml", "./app.zip"];
// The modules of PyScript's chain, each imported only once the one before has run (core.js, then the interpreter
// module pyscript.toml names, pyodide.mjs, pyodide.asm.mjs): fetched at once, so the chain runs without waiting.
const RUNTIME_MODULES = ["./pyodide/snapshot.mjs", "./pyodide/pyodide.mjs", "./pyscript/core.js",
                         "./pyodide/pyodide.asm.mjs"];

// First, let the browser paint the page as served (the dashboard's shell): downloading and decompressing the runtime
// and running PyScript and Pyodide keep the renderer busy for seconds. Then start the downloads at once, in parallel
// with PyScript's own chain (core.js, pyscript.toml, pyodide.mjs), instead of one after the other.
// Painted means the browser reported the first contentful paint (a requestAnimationFrame callback runs before the
// frame is drawn: the modules preloaded then were compiled before the shell was on screen).
const painted = () => new Promise((resolve) => {
  setTimeout(resolve, PAINT_WAIT_MS);
  if (document.visibilityState !== "visible") resolve();
  else if (PerformanceObserver.supportedEntryTypes?.includes("paint")) {
    new PerformanceObserver((_, observer) => { observer.disconnect(); resolve(); }).observe({ type: "paint", buffered: true });
  } else requestAnimationFrame(() => setTimeout(resolve, 0));
});

const preload = (href, rel = "preload") => {
  const link = Object.assign(document.createElement("link"), rel === "preload" ? { rel, as: "fetch", href } : { rel, href });
  link.crossOrigin = "anonymous";
  document.head.append(link);
};

await painted();
RUNTIME_MODULES.forEach((href) => preload(href, "modulepreload"));
RUNTIME_FILES.forEach((href) => preload(href));
// Pyodide starts loading now, while PyScript's modules load and run (snapshot.mjs: PyScript's loadPyodide() call
// takes it).
import("./pyodide/snapshot.mjs").then((interpreter) => interpreter.prestart());
await standIns;
await import("./pyscript/core.js");
