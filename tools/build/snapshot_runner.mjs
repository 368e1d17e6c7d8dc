// node snapshot_runner.mjs PYODIDE_DIR APP_ZIP MODULES_JSON OUT: Pyodide's memory after start-up, app.zip unpacked
// and MODULES imported, written to OUT (the build's memory snapshot; see snapshot.py).
const [pyodideDir, appZip, modules, out] = process.argv.slice(2);
const { loadPyodide } = await import(new URL("pyodide.mjs", "file://" + pyodideDir + "/").href);
const { readFileSync, writeFileSync } = await import("node:fs");
const pyodide = await loadPyodide({ indexURL: pyodideDir + "/", _makeSnapshot: true });
const initial = pyodide._module.HEAP8.length;
pyodide.FS.writeFile("/tmp/app.zip", readFileSync(appZip));
pyodide.runPython("import importlib, zipfile\nzipfile.ZipFile('/tmp/app.zip').extractall()\n"
                  + "for name in " + modules + ":\n    try: importlib.import_module(name)\n"
                  + "    except ImportError: pass\n");
if (pyodide._module.HEAP8.length > initial) {  // a restore cannot grow the memory first (Pyodide 314)
  throw new Error(`the imports grew Pyodide's memory from ${initial} to ${pyodide._module.HEAP8.length} bytes`);
}
writeFileSync(out, pyodide.makeMemorySnapshot());
