"""Compile Python to bytecode inside Pyodide (run by pyodide_runner.mjs on Node, the host's files at /host).

``python bytecode_job.py job.json result.json``; job.json: {"stdlib": {"zip", "out", "mount", "keep_docstrings"}?,
"compile": [{"src", "dst", "filename"}]}. Writes result.json: the cache tag and, for "stdlib", the standard
library's import index (start-up modules; each module's file and its eager and lazy imports; the data files).
"""
import ast
import importlib.util
import json
import sys
import zipfile
from importlib import _bootstrap_external as bootstrap  # type: ignore[attr-defined]

HOST = "/host"


def pyc(source, filename, checked, optimize=0):
    code = compile(source, filename, "exec", dont_inherit=True, optimize=optimize)
    return bytes(bootstrap._code_to_hash_pyc(code, importlib.util.source_hash(source), checked))


def is_main_test(test):
    return (isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and test.left.id == "__name__"
            and len(test.comparators) == 1 and isinstance(test.comparators[0], ast.Constant)
            and test.comparators[0].value == "__main__")


def imports_of(tree, module, is_package):
    """(eager, lazy): what the module imports when it runs, and inside its functions; an
    ``if __name__ == "__main__":`` block never runs on import and is left out."""
    package = module if is_package else module.rpartition(".")[0]
    eager, lazy = set(), set()

    def visit(node, in_function):
        if isinstance(node, ast.If) and is_main_test(node.test):
            for child in node.orelse:
                visit(child, in_function)
            return
        if isinstance(node, ast.Import):
            (lazy if in_function else eager).update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            target = node.module
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            names = {target} | {f"{target}.{alias.name}" for alias in node.names if alias.name != "*"}
            (lazy if in_function else eager).update(names)
        inner = in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        for child in ast.iter_child_nodes(node):
            visit(child, inner)

    visit(tree, False)
    return sorted(eager), sorted(lazy - eager)


def compile_stdlib(spec):
    """Write the standard library's zip as .pyc files (``spec["out"]``); returns its import index."""
    source_zip = zipfile.ZipFile(HOST + spec["zip"])
    out = zipfile.ZipFile(HOST + spec["out"], "w", zipfile.ZIP_STORED)
    modules, data_files = {}, []
    for info in sorted(source_zip.infolist(), key=lambda i: i.filename):
        name = info.filename
        if name.endswith("/"):
            continue
        data = source_zip.read(info)
        entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        stem = name.rsplit("/", 1)[-1]
        if name.endswith(".py") and "-" not in stem:
            is_package = stem == "__init__.py"
            module = name[:-3].replace("/", ".").removesuffix(".__init__")
            eager, lazy = imports_of(ast.parse(data, name), module, is_package)
            keep_docs = module.split(".")[0] in spec["keep_docstrings"]
            entry.filename = name + "c"
            out.writestr(entry, pyc(data, f"{spec['mount']}/{name}", False, 0 if keep_docs else 2))
            modules[module] = {"file": entry.filename, "eager": eager, "lazy": lazy}
        else:
            out.writestr(entry, data)
            data_files.append(name)
    out.close()
    return {"init": sorted(sys.modules), "modules": modules, "data": data_files}


def main(job_path, result_path):
    with open(job_path) as f:
        job = json.load(f)
    result = {"cache_tag": sys.implementation.cache_tag}
    if "stdlib" in job:
        result["stdlib"] = compile_stdlib(job["stdlib"])
    for item in job.get("compile", ()):
        with open(HOST + item["src"], "rb") as f:
            source = f.read()
        with open(HOST + item["dst"], "wb") as f:
            f.write(pyc(source, item["filename"], True))
    with open(result_path, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main(*sys.argv[1:3])
