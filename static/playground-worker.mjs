// The playground's Python worker (py/playground/worker.py): a Web Worker running Pyodide from the site's own
// runtime (the memory snapshot too), so a cell busy in Python never blocks the page. The page starts it
// (templates/playground/page.html), sends it JSON text messages (py/playground/protocol.py) and, in a cross-origin
// isolated page, first an Int32Array on a SharedArrayBuffer: Pyodide's interrupt buffer (Stop raises
// KeyboardInterrupt through it). Messages that arrive while Python starts wait in order.
import { loadPyodide } from "./pyodide/snapshot.mjs";

const early = [];
self.onmessage = (event) => early.push(event);
const pyodide = await loadPyodide({ indexURL: new URL("./pyodide/", import.meta.url).href });
const app = await fetch(new URL("./app.zip", import.meta.url));
pyodide.unpackArchive(await app.arrayBuffer(), "zip");
const worker = pyodide.pyimport("playground.worker");
self.onmessage = (event) => {
  if (typeof event.data === "string") worker.receive(event.data);
  else pyodide.setInterruptBuffer(event.data);
};
early.forEach(self.onmessage);
