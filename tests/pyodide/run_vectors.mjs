// Run the shared test vectors inside real Pyodide under Node, offline.
//
// Loads Pyodide from node_modules/pyodide (npm pyodide@314.0.7), copies the
// engine source (calculator/src/shebao_calculator/*.py) and tests/vectors/
// into Pyodide's in-memory filesystem, then runs the same
// tests/vectors/check_vectors.py that pytest runs in CPython.
// Prints "N passed, M failed" and exits non-zero on any failure.
//
// Usage: node tests/pyodide/run_vectors.mjs [path/to/vectors.json]
// With GUIDE_STDLIB_ZIP=path/to/stdlib.zip, Python's standard library is that zip (the site's small
// one, macros/writers/calculator_assets.py) instead of Pyodide's whole python_stdlib.zip.

import { readFileSync, readdirSync, existsSync } from "node:fs";
import { dirname, join, resolve, basename } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const pyodideDir = join(root, "node_modules", "pyodide");
const engineDir = join(root, "calculator", "src", "shebao_calculator");
const vectorsPath = resolve(process.argv[2] ?? join(root, "tests", "vectors", "vectors.json"));
const vectorsDir = dirname(vectorsPath);

if (!existsSync(join(pyodideDir, "pyodide.mjs"))) {
  console.error(`Pyodide not found at ${pyodideDir}; run npm ci at the repo root.`);
  process.exit(3);
}

const { loadPyodide } = await import(pathToFileURL(join(pyodideDir, "pyodide.mjs")).href);
// indexURL on the local package: no network access is needed for the stdlib.
const stdlib = process.env.GUIDE_STDLIB_ZIP;
const pyodide = await loadPyodide({ indexURL: pyodideDir + "/", ...(stdlib ? { stdLibURL: resolve(stdlib) } : {}) });

const FS = pyodide.FS;
const base = "/home/pyodide/work";
for (const dir of [base, `${base}/shebao_calculator`, `${base}/vectors`]) FS.mkdirTree(dir);
for (const name of readdirSync(engineDir)) {
  if (name.endsWith(".py")) {
    FS.writeFile(`${base}/shebao_calculator/${name}`, readFileSync(join(engineDir, name)));
  }
}
const doc = JSON.parse(readFileSync(vectorsPath, "utf8"));
FS.writeFile(`${base}/vectors/${basename(vectorsPath)}`, readFileSync(vectorsPath));
FS.writeFile(`${base}/vectors/${doc.data}`, readFileSync(join(vectorsDir, doc.data)));
FS.writeFile(`${base}/vectors/check_vectors.py`, readFileSync(join(root, "tests", "vectors", "check_vectors.py")));

pyodide.setStdout({ batched: (line) => console.log(line) });
pyodide.setStderr({ batched: (line) => console.error(line) });

let code;
try {
  code = pyodide.runPython(`
import sys
sys.path.insert(0, ${JSON.stringify(base)})
sys.path.insert(0, ${JSON.stringify(base + "/vectors")})
print("Python", sys.version.split()[0], "on", sys.platform)
import zipimport
stdlib_zip = next(p for p in sys.path if p.endswith(".zip"))
print("standard library files:", len(zipimport.zipimporter(stdlib_zip)._get_files()))
import check_vectors
check_vectors.main(${JSON.stringify(`${base}/vectors/${basename(vectorsPath)}`)})
`);
} catch (err) {
  console.error(String(err));
  console.log("0 passed, 1 failed");
  process.exit(1);
}
process.exit(code === 0 ? 0 : 1);
