// node pyodide_runner.mjs PYODIDE_DIR SCRIPT.py ARG...: runs SCRIPT.py in Pyodide as __main__, the host's file system
// mounted at /host and each ARG (an absolute host path) in sys.argv as seen from inside (/host/...).
const [pyodideDir, jobPy, ...args] = process.argv.slice(2);
const { loadPyodide } = await import(new URL("pyodide.mjs", "file://" + pyodideDir + "/").href);
const { readFileSync } = await import("node:fs");
const pyodide = await loadPyodide({ indexURL: pyodideDir + "/" });
pyodide.FS.mkdirTree("/host");
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: "/" }, "/host");
pyodide.runPython("import sys; sys.argv = " + JSON.stringify(["job", ...args.map((a) => "/host" + a)]));
pyodide.runPython(readFileSync(jobPy, "utf8"));
