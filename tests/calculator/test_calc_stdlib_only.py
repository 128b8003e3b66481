"""The engine must run unchanged in Pyodide: standard library only, no I/O."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PKG = Path(__file__).resolve().parents[2] / "calculator" / "src" / "shebao_calculator"
# Modules allowed to touch the outside world: the CLI reads --data and prints.
IO_ALLOWED = {"cli.py", "__main__.py"}
IO_MODULES = {"os", "io", "pathlib", "socket", "urllib", "http", "subprocess", "shutil", "tempfile", "requests", "ssl"}


def _modules() -> list[Path]:
    files = sorted(PKG.glob("*.py"))
    assert files, "package source not found"
    return files


def _imports(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_only_stdlib_imports() -> None:
    allowed = set(sys.stdlib_module_names) | {"__future__", "shebao_calculator"}
    for path in _modules():
        bad = _imports(ast.parse(path.read_text(encoding="utf-8"))) - allowed
        assert not bad, f"{path.name} imports non-stdlib modules: {sorted(bad)}"


def test_every_module_uses_future_annotations() -> None:
    for path in _modules():
        assert "from __future__ import annotations" in path.read_text(encoding="utf-8"), path.name


def test_engine_modules_do_no_io() -> None:
    for path in _modules():
        if path.name in IO_ALLOWED:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        bad = _imports(tree) & IO_MODULES
        assert not bad, f"{path.name} imports I/O modules {sorted(bad)}"
        calls = {
            node.func.id
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        }
        assert not calls & {"open", "input", "exec", "eval"}, f"{path.name} calls {sorted(calls & {'open', 'input', 'exec', 'eval'})}"
