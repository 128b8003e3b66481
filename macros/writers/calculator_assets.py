"""Put what the browser calculator needs into the built site: Pyodide, our wheel, the figures.

Pyodide is copied from the npm package pinned in package-lock.json (never a CDN); the calculator
reaches the browser as a pure-Python wheel built in-process by hatchling (pyodide-build cannot work
offline); the figures are the same plain data the CLI and the static tables use.

Start-up speed: a Pyodide memory snapshot taken in Node right after `import shebao_calculator.browser`
(`loadPyodide({_makeSnapshot: true})`, `makeMemorySnapshot()`), gzipped, lets the browser skip the
interpreter's start-up (several seconds of CPU) and restore in a fraction of that. It is built once
per Pyodide version and calculator source (cached in .cache/snapshots/), in a background thread that
the plugin starts with each build (SnapshotJob), so the build rarely waits for it. Without Node, or if the
snapshot fails, the site is built without one and the browser starts Pyodide the ordinary way.
On a phone's network (issue 17): the browser loads a standard library cut down to what Pyodide's
start-up and the engine import, found at build time by importing the engine in Pyodide under Node and
keeping the modules that came from `python_stdlib.zip`, compiled to bytecode (1.5 MB instead of 2.5 MB
of source that Python would compile at every start); the snapshot is taken with that same zip (the
interpreter caches the zip's table of contents in memory).
Also the site's service worker (sw.js at the root: it controls only URLs under its own folder).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import logging
import shutil
import subprocess
import tempfile
import threading
import tomllib
from pathlib import Path
from typing import Any

from macros import PROJECT
from macros.writers.service_worker import write_service_worker

PYODIDE_PACKAGE = PROJECT / "node_modules" / "pyodide"
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
CALCULATOR_PROJECT = PROJECT / "calculator"
ASSET_DIR = "assets/calculator"
PYODIDE_ROOT = "assets/pyodide"
SNAPSHOT_CACHE = PROJECT / ".cache" / "snapshots"
WHEEL_CACHE = PROJECT / ".cache" / "wheels"

log = logging.getLogger("mkdocs.plugins.guide")

# Run by Node from the project folder: argv[2] = the wheel, argv[3] = where to write the small standard
# library zip, argv[4] = JSON list of zip paths to keep whatever the trace says. Inside Pyodide (so the
# bytecode matches its Python): import the engine, keep the standard-library modules that start-up and
# the import loaded, each compiled to an unchecked .pyc (no source: Python compiles nothing at start-up).
STDLIB_TRACE_SCRIPT = """
import fs from "node:fs";
import { loadPyodide } from "./node_modules/pyodide/pyodide.mjs";
const [wheel, out, also] = process.argv.slice(2);
const pyodide = await loadPyodide({ packages: [] });
pyodide.unpackArchive(new Uint8Array(fs.readFileSync(wheel)), "wheel");
pyodide.globals.set("also", also);
pyodide.runPython(`
import json, sys, zipfile
import importlib._bootstrap_external as bootstrap
import shebao_calculator.browser
full = next(p for p in sys.path if p.endswith(".zip"))
keep = {m.__file__[len(full) + 1:] for m in list(sys.modules.values())
        if (getattr(m, "__file__", None) or "").startswith(full + "/")} | set(json.loads(also))
folders = {name.rsplit("/", 1)[0] + "/" for name in keep if "/" in name}
with zipfile.ZipFile(full) as source, zipfile.ZipFile("/tmp/small.zip", "w", zipfile.ZIP_DEFLATED, 9) as target:
    for info in source.infolist():
        if info.filename in folders:
            target.writestr(info, b"")
        elif info.filename in keep and info.filename.endswith(".py"):
            code = compile(source.read(info), full + "/" + info.filename, "exec", dont_inherit=True)
            pyc = zipfile.ZipInfo(info.filename + "c", date_time=info.date_time)
            target.writestr(pyc, bootstrap._code_to_hash_pyc(code, bytes(8), checked=False), zipfile.ZIP_DEFLATED, 9)
`);
fs.writeFileSync(out, pyodide.FS.readFile("/tmp/small.zip"));
"""

STDLIB_ALSO = ("traceback.py", "linecache.py", "tokenize.py", "token.py", "warnings.py", "_py_warnings.py",
               "encodings/__init__.py", "encodings/aliases.py", "encodings/utf_8.py", "encodings/ascii.py",
               "encodings/latin_1.py", "encodings/cp437.py", "_strptime.py", "calendar.py", "locale.py")
"""Kept whatever the trace says: what Python reaches for on error paths and text decoding, which an
import of the engine does not exercise (the test vectors in tests/pyodide run on the small zip)."""

# Run by Node from the project folder: argv[2] = the wheel, argv[3] = where to write the snapshot,
# argv[4] = the standard library zip the browser will load (the snapshot must be taken with it).
SNAPSHOT_SCRIPT = """
import fs from "node:fs";
import { loadPyodide } from "./node_modules/pyodide/pyodide.mjs";
const [wheel, out, stdlib] = process.argv.slice(2);
const pyodide = await loadPyodide({ _makeSnapshot: true, packages: [], stdLibURL: stdlib });
pyodide.unpackArchive(new Uint8Array(fs.readFileSync(wheel)), "wheel");
pyodide.runPython("import shebao_calculator.browser");
fs.writeFileSync(out, pyodide.makeMemorySnapshot());
"""


class CalculatorAssetsError(Exception):
    """Something the browser calculator needs is missing; the message says how to get it."""


@functools.cache
def pyodide_dir() -> str:
    """assets/pyodide/<hash of Pyodide's files>: the folder name changes whenever a file does."""
    digest = hashlib.sha256()
    for name in PYODIDE_FILES:
        source = PYODIDE_PACKAGE / name
        if not source.exists():
            raise CalculatorAssetsError(f"{source} is missing: run `npm ci` (or `make setup`) to install Pyodide")
        digest.update(name.encode() + b"\0" + hashlib.sha256(source.read_bytes()).digest())
    return f"{PYODIDE_ROOT}/{digest.hexdigest()[:12]}"


def copy_pyodide(site_dir: Path) -> None:
    target = site_dir / pyodide_dir()
    target.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        source = PYODIDE_PACKAGE / name
        if not source.exists():
            raise CalculatorAssetsError(f"{source} is missing: run `npm ci` (or `make setup`) to install Pyodide")
        destination = target / name
        if not destination.exists() or destination.stat().st_size != source.stat().st_size:
            shutil.copy2(source, destination)


@functools.cache
def pyodide_lock_info() -> dict[str, Any]:
    """The `info` block of Pyodide's package lock (interpreter identity: ABI, platform, Python).

    The worker passes it to loadPyodide as the whole lock file, with no packages: we never load
    Pyodide's CDN packages, so it need not download and parse the 120 KB lock on every start.
    """
    lock = PYODIDE_PACKAGE / "pyodide-lock.json"
    if not lock.exists():
        raise CalculatorAssetsError(f"{lock} is missing: run `npm ci` (or `make setup`) to install Pyodide")
    return dict(json.loads(lock.read_text(encoding="utf-8"))["info"])


def wheel_name() -> str:
    """The wheel's file name, known before it is built (pages link to it)."""
    with (CALCULATOR_PROJECT / "pyproject.toml").open("rb") as file:
        version = tomllib.load(file)["project"]["version"]
    return f"shebao_calculator-{version}-py3-none-any.whl"


def wheel_path() -> str:
    """The wheel's path in the site: in a folder named after the calculator's source hash (the file
    name itself must stay a valid wheel name), so a changed calculator is a new URL."""
    return f"{ASSET_DIR}/wheel-{snapshot_key()}/{wheel_name()}"


def asset_urls() -> dict[str, str]:
    """Where the browser finds each part, relative to the site root."""
    return {
        "pyodide": f"{pyodide_dir()}/pyodide.mjs",
        "pyodide_index": f"{pyodide_dir()}/",
        "wheel": wheel_path(),
        "data": f"{ASSET_DIR}/data.json",
        "snapshot": f"{ASSET_DIR}/{snapshot_name()}",
        "stdlib": f"{ASSET_DIR}/{stdlib_name()}",
    }


def _wheel_into(directory: Path) -> Path:
    from hatchling.builders.wheel import WheelBuilder

    target = directory / wheel_name()
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        [built] = list(WheelBuilder(str(CALCULATOR_PROJECT)).build(directory=scratch, versions=["standard"]))
        if Path(built).name != target.name:
            raise CalculatorAssetsError(f"hatchling built {Path(built).name}, expected {target.name}")
        shutil.copy2(built, target)
    return target


def cached_wheel() -> Path:
    """The calculator wheel, built once per calculator source into .cache/wheels/ (OSError if unwritable).

    The site and the snapshot (made from it in another thread) take this same file.
    """
    cached = WHEEL_CACHE / snapshot_key() / wheel_name()
    if cached.exists():
        return cached
    WHEEL_CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=WHEEL_CACHE) as scratch:
        try:
            _wheel_into(Path(scratch) / "wheel").parent.replace(cached.parent)  # whole, or not at all
        except OSError:
            if not cached.exists():  # not merely another thread or build winning the race
                raise
    for old in WHEEL_CACHE.iterdir():
        if old != cached.parent and not old.name.startswith("tmp"):  # tmp*: another build at work
            shutil.rmtree(old, ignore_errors=True)
    return cached


def build_wheel(site_dir: Path) -> Path:
    """Put the calculator wheel into the site (once per build)."""
    target = site_dir / wheel_path()
    if target.exists():
        return target
    try:
        source = cached_wheel()
    except OSError:  # a read-only checkout: build straight into the site
        return _wheel_into(target.parent)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
    return target


@functools.cache
def snapshot_key() -> str:
    """What the snapshot depends on: Pyodide's version, the calculator's source, the script making it."""
    digest = hashlib.sha256(f"{pyodide_version()}\n{SNAPSHOT_SCRIPT}\n{STDLIB_TRACE_SCRIPT}\n{STDLIB_ALSO}".encode())
    for path in sorted(CALCULATOR_PROJECT.rglob("*")):
        relative = path.relative_to(CALCULATOR_PROJECT).as_posix()
        if path.is_file() and "__pycache__" not in relative and not relative.startswith(("tests/", "build/", "dist/")) \
                and ".egg-info" not in relative:
            digest.update(relative.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def snapshot_name() -> str:
    return f"engine-{snapshot_key()}.snapshot"


def stdlib_name() -> str:
    return f"stdlib-{snapshot_key()}.zip"


def _node() -> str | None:
    node = shutil.which("node")
    if node is None or not (PYODIDE_PACKAGE / "pyodide.mjs").exists():
        return None
    return node


def _make_stdlib() -> Path | None:
    """The small standard library zip in the cache, made if missing; None if it cannot be made here."""
    target = SNAPSHOT_CACHE / stdlib_name()
    if target.exists():
        return target
    node = _node()
    if node is None:
        log.info("no small standard library (Node or Pyodide missing): the calculator loads Pyodide's whole one")
        return None
    SNAPSHOT_CACHE.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    done = subprocess.run([node, "--input-type=module", "-", str(cached_wheel()), str(partial), json.dumps(STDLIB_ALSO)],
                          input=STDLIB_TRACE_SCRIPT, text=True, capture_output=True, cwd=PROJECT, timeout=300,
                          check=False)
    if done.returncode != 0 or not partial.exists():
        log.warning("no small standard library (the calculator loads Pyodide's whole one): %s",
                    (done.stderr or done.stdout).strip().splitlines()[-1:] or done.returncode)
        return None
    partial.replace(target)
    for old in SNAPSHOT_CACHE.glob("stdlib-*.zip"):
        if old != target:
            old.unlink(missing_ok=True)
    return target


def _make_snapshot(stdlib: Path | None) -> Path | None:
    """The gzipped snapshot in the cache, made if missing; None if it cannot be made here.

    Taken with the standard library zip the browser loads (`stdlib`; None: Pyodide's whole one).
    """
    target = SNAPSHOT_CACHE / snapshot_name()
    if target.exists():
        return target
    node = _node()
    if node is None:
        log.info("no Pyodide snapshot (Node or Pyodide missing): the calculator starts Pyodide the ordinary way")
        return None
    wheel = cached_wheel()
    zip_path = stdlib or PYODIDE_PACKAGE / "python_stdlib.zip"
    with tempfile.TemporaryDirectory() as scratch:
        raw = Path(scratch) / "snapshot.bin"
        done = subprocess.run([node, "--input-type=module", "-", str(wheel), str(raw), str(zip_path)],
                              input=SNAPSHOT_SCRIPT, text=True, capture_output=True, cwd=PROJECT, timeout=300,
                              check=False)
        if done.returncode != 0 or not raw.exists():
            log.warning("no Pyodide snapshot (the calculator starts Pyodide the ordinary way): %s",
                        (done.stderr or done.stdout).strip().splitlines()[-1:] or done.returncode)
            return None
        SNAPSHOT_CACHE.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".partial")
        partial.write_bytes(gzip.compress(raw.read_bytes(), compresslevel=6, mtime=0))
        partial.replace(target)
    for old in SNAPSHOT_CACHE.glob("engine-*.snapshot"):
        if old != target:
            old.unlink(missing_ok=True)
    return target


class SnapshotJob:
    """The snapshot and the small standard library of one build, made in a background thread (Node runs
    beside the page rendering). The plugin starts one at the start of each build (macros/plugin/plugin.py)
    and waits for it when it writes the engine's files."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._snapshot: Path | None = None
        self._stdlib: Path | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name=f"snapshot-{snapshot_key()}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._stdlib = _make_stdlib()
            # A snapshot only with the small zip: one taken with the whole zip would not match it.
            self._snapshot = _make_snapshot(self._stdlib) if self._stdlib else None
        except Exception as error:  # noqa: BLE001 - never fail the build over a speed-up
            log.warning("no Pyodide snapshot: %s", error)

    def wait(self) -> tuple[Path | None, Path | None]:
        """(snapshot, small standard library), each None where it could not be made here."""
        self.start()
        assert self._thread is not None
        self._thread.join()
        return self._snapshot, self._stdlib


def pyodide_version() -> str:
    package = json.loads((PYODIDE_PACKAGE / "package.json").read_text(encoding="utf-8"))
    return str(package["version"])


def write_calculator_assets(site_dir: Path, data: dict[str, Any], job: SnapshotJob | None) -> None:
    """Copy Pyodide, build the wheel, write the figures, the snapshot and the service worker.

    Every engine file has a content hash in its path (Pyodide's folder, the wheel's folder, the
    snapshot's name), so a changed engine is a new URL and no cache can serve an old one for it.
    """
    copy_pyodide(site_dir)
    wheel = build_wheel(site_dir)
    data_path = site_dir / ASSET_DIR / "data.json"
    data_text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    data_path.write_text(data_text, encoding="utf-8")
    snapshot, stdlib = job.wait() if job is not None else (None, None)  # None: the `snapshot` option is off
    if snapshot is not None:
        shutil.copy2(snapshot, site_dir / ASSET_DIR / snapshot.name)
    if stdlib is not None:
        shutil.copy2(stdlib, site_dir / ASSET_DIR / stdlib.name)
    # Written again by the plugin once every file is final; this copy lets _headers see sw.js and Workbox.
    write_service_worker(site_dir, engine_paths(site_dir))


def engine_paths(site_dir: Path) -> list[str]:
    """Site-relative paths of the engine files this build links to (the service worker keeps them)."""
    small_stdlib = (site_dir / asset_urls()["stdlib"]).exists()
    skip = ("pyodide-lock.json", "python_stdlib.zip") if small_stdlib else ("pyodide-lock.json",)
    engine = [f"{pyodide_dir()}/{name}" for name in PYODIDE_FILES if name not in skip]
    engine.append(wheel_path())
    for part in ("snapshot", "stdlib"):
        if (site_dir / asset_urls()[part]).exists():
            engine.append(asset_urls()[part])
    return engine
