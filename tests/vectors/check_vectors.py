"""Run the shared test vectors through ``shebao_calculator.browser.handle``.

Plain standard-library Python so that the very same file runs in CPython
(pytest) and inside Pyodide (tests/pyodide/run_vectors.mjs).
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any


def mismatches(expected: Any, actual: Any, path: str = "$") -> list[str]:
    """Subset comparison: dict keys given must match; lists must match item by item."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected an object, got {actual!r}"]
        out: list[str] = []
        for key, value in expected.items():
            if key not in actual:
                out.append(f"{path}.{key}: missing")
            else:
                out.extend(mismatches(value, actual[key], f"{path}.{key}"))
        return out
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{path}: expected {expected!r}, got {actual!r}"]
        out = []
        for i, (e, a) in enumerate(zip(expected, actual)):
            out.extend(mismatches(e, a, f"{path}[{i}]"))
        return out
    if type(expected) is not type(actual) or expected != actual:
        return [f"{path}: expected {expected!r}, got {actual!r}"]
    return []


def run(vectors_path: str) -> tuple[int, list[str]]:
    """Return (passed, failure messages)."""
    from shebao_calculator.browser import handle

    with open(vectors_path, encoding="utf-8") as fh:
        doc = json.load(fh)
    data_path = os.path.join(os.path.dirname(vectors_path), doc["data"])
    with open(data_path, encoding="utf-8") as fh:
        data = json.load(fh)
    failures: list[str] = []
    loaded = json.loads(handle(json.dumps({"action": "load_data", "data": data})))
    if not loaded.get("ok"):
        return 0, [f"load_data failed: {loaded}"]
    passed = 0
    for vector in doc["vectors"]:
        raw = vector.get("raw_request")
        request = raw if raw is not None else json.dumps(vector["request"], ensure_ascii=False)
        try:
            response = json.loads(handle(request))
        except Exception as exc:  # handle() must never raise
            failures.append(f"{vector['name']}: raised {type(exc).__name__}: {exc}")
            continue
        problems = mismatches(vector["expect"], response)
        if problems:
            failures.append(f"{vector['name']}: " + "; ".join(problems))
        else:
            passed += 1
    return passed, failures


def main(vectors_path: str | None = None) -> int:
    path = vectors_path or os.path.join(os.path.dirname(os.path.abspath(__file__)), "vectors.json")
    passed, failures = run(path)
    for line in failures:
        print("FAIL", line)
    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else None))
