"""Deploying: a build needs the real site URL, the swap of site/ is one atomic step, stale build
folders are swept (only ours), and _headers gives every file exactly one Cache-Control."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from macros.cli import build as site_build
from macros.cli import main
from macros.writers.headers import CACHE_IMMUTABLE, CACHE_REVALIDATE, headers_for, parse_headers
from macros.writers.service_worker import is_immutable
from macros.cli.build import BuildFailed, build_site, resolve_site_url, swap_into_place, sweep_stale_builds

PROJECT = Path(__file__).resolve().parents[2]


def test_a_build_without_a_site_url_fails_and_names_the_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "site"
    assert main(["build", "--site-dir", str(target)]) == 1
    error = capsys.readouterr().err
    assert "no site URL" in error and "--site-url" in error and "site_url in mkdocs.yml" in error and "guide serve" in error
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [], "staging folder left behind"


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/", "http://localhost/shebao/", "http://[::1]:8000/", "http://0.0.0.0/"])
def test_a_local_address_is_for_previews_only(url: str) -> None:
    with pytest.raises(BuildFailed, match="local address"):
        resolve_site_url(None, url, preview=False)
    assert resolve_site_url(None, url, preview=True) == url


def test_site_url_sources_and_checks() -> None:
    assert resolve_site_url("https://a.example/", None, preview=False) == "https://a.example/"
    assert resolve_site_url("https://a.example/", "https://b.example/x", preview=False) == "https://b.example/x/"
    assert resolve_site_url(None, None, preview=True) == site_build.PREVIEW_URL
    with pytest.raises(BuildFailed, match="not an http"):
        resolve_site_url(None, "ftp://a.example/", preview=False)


def test_a_preview_is_marked_not_deployable(site_dir: Path) -> None:
    """The test site is a preview build (conftest): marked, and kept out of search engines."""
    assert "do not deploy" in (site_dir / site_build.PREVIEW_MARK).read_text(encoding="utf-8")
    assert "Disallow: /" in (site_dir / "robots.txt").read_text(encoding="utf-8")


def test_the_swap_is_one_atomic_exchange(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On Linux site/ is exchanged with renameat2: no rename leaves a moment without site/."""
    target = tmp_path / "site"
    target.mkdir()
    (target / "index.html").write_text("old", encoding="utf-8")
    missing = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            if not (target / "index.html").exists():
                missing.append(time.monotonic())

    watcher = threading.Thread(target=watch)
    watcher.start()

    def no_rename(*args: object) -> None:
        raise AssertionError("renamed instead of exchanged")

    monkeypatch.setattr(Path, "rename", no_rename)
    try:
        for round_ in range(200):
            staging = tmp_path / f".site-build-{os.getpid()}-{round_}"
            staging.mkdir()
            (staging / "index.html").write_text(str(round_), encoding="utf-8")
            swap_into_place(staging, target)
            assert not staging.exists()
    finally:
        stop.set()
        watcher.join()
    assert (target / "index.html").read_text(encoding="utf-8") == "199"
    assert missing == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_fallback_still_swaps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(site_build, "_exchange", lambda first, second: False)
    target = tmp_path / "site"
    target.mkdir()
    staging = tmp_path / "new"
    staging.mkdir()
    (staging / "index.html").write_text("new", encoding="utf-8")
    swap_into_place(staging, target)
    assert (target / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def _dead_pid() -> int:
    for pid in range(4_000_000, 3_000_000, -1):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            continue
    raise AssertionError("no free pid")


def test_stale_build_folders_are_swept_only_ours(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.mkdir()
    dead = _dead_pid()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "keep.txt").write_text("not ours", encoding="utf-8")
    made = {
        f".site-build-{dead}-abc123": True,       # a killed build
        ".site-old": True,                          # the fallback swap's old site, killed midway (old)
        f".site-build-{os.getpid()}-live": False,  # this process: a build at work
        ".site-build-1-init": False,                # a live process
        ".site-build-legacy1": False,               # from before folders carried a pid: young
        ".site-build-legacy2": True,                # …and old
        f".other-build-{dead}-abc": False,          # another target's
        "notes": False,
        "site": False,
    }
    for name in made:
        (tmp_path / name).mkdir(exist_ok=True)
        (tmp_path / name / "index.html").write_text("x", encoding="utf-8")
    old = time.time() - 2 * site_build.LEGACY_STALE_SECONDS
    os.utime(tmp_path / ".site-build-legacy2", (old, old))
    os.utime(tmp_path / ".site-old", (old, old))
    (tmp_path / f".site-build-{dead}-link").symlink_to(outside, target_is_directory=True)  # never followed
    (tmp_path / f".site-build-{dead}-file").write_text("a file", encoding="utf-8")

    swept = sweep_stale_builds(target)

    assert sorted(p.name for p in swept) == sorted(name for name, stale in made.items() if stale)
    for name, stale in made.items():
        assert (tmp_path / name).exists() is not stale, name
    assert (outside / "keep.txt").exists()
    assert (tmp_path / f".site-build-{dead}-link").is_symlink()
    assert (tmp_path / f".site-build-{dead}-file").exists()
    # The fallback swap killed between its two renames: .site-old is the only copy, so it stays.
    (tmp_path / ".site-old").mkdir()
    os.utime(tmp_path / ".site-old", (old, old))
    target.rename(tmp_path / "gone")
    assert sweep_stale_builds(target) == [] and (tmp_path / ".site-old").is_dir()


def test_a_build_sweeps_what_a_killed_build_left(tmp_path: Path, fixture_content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """build_site sweeps first (here the build then fails on purpose: no site URL)."""
    stale = tmp_path / f".site-build-{_dead_pid()}-killed"
    stale.mkdir()
    with pytest.raises(BuildFailed, match="no site URL"):
        build_site(PROJECT, tmp_path / "site")
    assert not stale.exists()


def test_every_file_has_exactly_one_cache_control(site_dir: Path) -> None:
    rules = parse_headers((site_dir / "_headers").read_text(encoding="utf-8"))
    checked = 0
    for path in site_dir.rglob("*"):
        relative = path.relative_to(site_dir).as_posix()
        if not path.is_file() or relative in ("_headers", site_build.PREVIEW_MARK, "robots.txt"):
            continue
        values = [value for name, value in headers_for(rules, "/" + relative) if name == "Cache-Control"]
        assert values == [CACHE_IMMUTABLE if is_immutable(relative) else CACHE_REVALIDATE], relative
        checked += 1
    assert checked > 100
    for url in ("/", "/steps/", "/en/", "/sw.js", "/assets/calculator/data.json", "/components/site/site.js", "/embed.js"):
        assert [v for n, v in headers_for(rules, url) if n == "Cache-Control"] == [CACHE_REVALIDATE], url


def test_engine_and_bundles_are_hashed_and_immutable(site_dir: Path) -> None:
    from macros.writers.calculator_assets import asset_urls

    urls = asset_urls()
    rules = parse_headers((site_dir / "_headers").read_text(encoding="utf-8"))
    hashed = [urls["wheel"], urls["pyodide"], f"{urls['pyodide_index']}pyodide.asm.wasm",
              *[p.relative_to(site_dir).as_posix() for p in site_dir.glob("assets/javascripts/bundle.*.min.js")],
              *[p.relative_to(site_dir).as_posix() for p in site_dir.glob("assets/workbox/*/*.js")]]
    if (site_dir / urls["snapshot"]).exists():
        hashed.append(urls["snapshot"])
    assert len(hashed) >= 5
    for relative in hashed:
        assert (site_dir / relative).is_file(), relative
        assert [v for n, v in headers_for(rules, "/" + relative) if n == "Cache-Control"] == [CACHE_IMMUTABLE], relative
    assert not (site_dir / "assets" / "calculator" / Path(urls["wheel"]).name).exists(), "an unhashed wheel"
