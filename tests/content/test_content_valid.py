"""The real content/: valid, schema current, every figure sourced, and the CLI's contract."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from macros.content import load_content
from macros.content.schema import stale_schemas

PROJECT = Path(__file__).resolve().parents[2]
CONTENT = PROJECT / "content"


def test_real_content_validates() -> None:
    content = load_content(CONTENT)
    assert content.cities, "no cities in content/cities/"


def test_exported_schema_is_current() -> None:
    assert stale_schemas(CONTENT) == [], "content/_schema is stale: run `guide schema` and commit the result"


def test_every_figure_has_a_source_and_confidence() -> None:
    """Read from the YAML itself, not the validated models (which would only repeat the validators): every
    figure group of every period names at least one source, and each named source carries a confidence."""
    import yaml

    for path in sorted((CONTENT / "cities").glob("*.yaml")):
        city = yaml.safe_load(path.read_text(encoding="utf-8"))
        confidence = {source["id"]: source.get("confidence") for source in city["sources"]}
        for number, period in enumerate(city["periods"]):
            for group, figures in period.items():
                if not isinstance(figures, dict) or group in ("notes", "conflicts"):
                    continue
                refs = figures.get("sources")
                assert refs, f"{path.name}: periods.{number}.{group} names no source"
                for ref in refs:
                    assert confidence.get(ref) in ("official", "secondary"), f"{path.name}: {ref} has no confidence"


def test_a_figure_without_a_source_or_confidence_is_refused(fixture_content: Path) -> None:
    """What keeps the above true for every future edit: the loader refuses both omissions."""
    from macros.content import ContentError

    city = fixture_content / "cities" / "testcity.yaml"
    text = city.read_text(encoding="utf-8")
    for broken in (text.replace("pension: {rate: 0.20, personal_account_rate: 0.08, sources: [national-pension]}",
                                "pension: {rate: 0.20, personal_account_rate: 0.08, sources: []}", 1),
                   text.replace("    confidence: secondary\n", "", 1)):
        assert broken != text, "fixture changed"
        city.write_text(broken, encoding="utf-8")
        try:
            load_content(fixture_content)
        except ContentError as error:
            assert any("testcity.yaml" in str(problem) for problem in error.problems)
        else:
            raise AssertionError("a figure without a source, or a source without a confidence, was accepted")


def test_every_yaml_file_points_editors_at_its_schema() -> None:
    for path in CONTENT.rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), f"{path} lacks the schema comment"
        schema = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert schema.exists(), f"{path}: {schema} does not exist"


def guide(*args: str, cwd: Path = PROJECT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "macros.cli", *args], cwd=cwd, capture_output=True, text=True)


def test_validate_exits_1_with_one_line_per_problem(fixture_content: Path) -> None:
    steps = fixture_content / "steps.yaml"
    steps.write_text(steps.read_text(encoding="utf-8").replace("title: {zh: 缴费, en: Pay}", "title: {zh: 缴费}"),
                     encoding="utf-8")
    result = guide("validate", "--content", str(fixture_content), cwd=fixture_content.parent)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == ("content/steps.yaml:13:12: steps.1.title: missing translation: add the 'en' text "
                        "(every reader-facing text needs zh and en)")
    assert lines[-1].startswith("1 problem(s) in ")


def test_validate_ok(fixture_content: Path) -> None:
    result = guide("validate", "--content", str(fixture_content))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("content OK:")
