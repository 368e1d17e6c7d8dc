// Run pytest inside real Pyodide on Node, offline: node run_pytest.mjs <repo> <wheel dir> [pytest args...]
// The repository is mounted at /repo, so the same test files that run on CPython run here unchanged.
import { loadPyodide } from "../../node_modules/pyodide/pyodide.mjs";

const [repo, wheels, ...args] = process.argv.slice(2);
const pyodide = await loadPyodide({ indexURL: new URL("../../node_modules/pyodide/", import.meta.url).pathname });
for (const [path, root] of [["/repo", repo], ["/wheels", wheels]]) {
  pyodide.FS.mkdirTree(path);
  pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root }, path);
}
pyodide.globals.set("pytest_args", pyodide.toPy(args));
const code = await pyodide.runPythonAsync(`
import glob, os, sys
sys.path[:0] = sorted(glob.glob("/wheels/*.whl"))
os.chdir("/repo")
import pytest
pytest.main(["-p", "no:cacheprovider", *pytest_args])
`);
process.exit(Number(code));
