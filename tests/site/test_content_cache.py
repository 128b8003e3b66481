"""The build's content cache (macros/plugin/content_cache.py): reused only while nothing it depends on changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from macros.plugin import content_cache as module


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setattr(module, "CACHE_DIR", folder)
    return folder


def test_unchanged_content_comes_from_the_cache(fixture_content: Path, cache: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    first = module.site_content(fixture_content)
    assert len(list(cache.glob("*.pickle"))) == 1
    calls: list[Path] = []
    monkeypatch.setattr(module, "load_content", lambda root: calls.append(root))
    second = module.site_content(fixture_content)
    assert calls == [] and second is not first
    assert second.checklist == first.checklist and [c.id for c in second.cities] == [c.id for c in first.cities]


def test_an_edited_file_is_read_again(fixture_content: Path, cache: Path) -> None:
    first = module.site_content(fixture_content)
    city = sorted((fixture_content / "cities").glob("*.yaml"))[0]
    city.write_text(city.read_text(encoding="utf-8").replace("\n", "\n\n", 1), encoding="utf-8")
    second = module.site_content(fixture_content)
    assert second is not first and len(list(cache.glob("*.pickle"))) == 2


def test_content_with_problems_is_never_cached(fixture_content: Path, cache: Path) -> None:
    (fixture_content / "steps.yaml").write_text("steps: [\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(PluginError, match=r"steps\.yaml:\d+:\d+"):
            module.site_content(fixture_content)
    assert not list(cache.glob("*.pickle"))


def test_a_broken_cache_entry_means_a_fresh_load(fixture_content: Path, cache: Path) -> None:
    module.site_content(fixture_content)
    [entry] = cache.glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    assert module.site_content(fixture_content).cities
