"""Make a content folder full of hostile files: the git-kept corpus (tests/content/hostile/) plus the
cases that cannot live in git (FIFOs, links to /dev/zero, link loops, huge and deeply nested files)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

HOSTILE = Path(__file__).resolve().parent / "hostile"


def make_hostile_tree(root: Path) -> None:
    """Add every hostile case to the valid content folder `root`, as city files (each city file is
    loaded on its own, so one run of the loader meets them all) and in place of single files."""
    cities = root / "cities"
    for case in sorted(HOSTILE.glob("*.yaml")):
        shutil.copy(case, cities / case.name)
    os.mkfifo(cities / "fifo.yaml")
    (cities / "dev-zero.yaml").symlink_to("/dev/zero")
    (cities / "loop.yaml").symlink_to("loop.yaml")
    (cities / "dangling.yaml").symlink_to("no-such-file.yaml")
    (cities / "outside.yaml").symlink_to(root / "cities" / "testcity.yaml")  # even a link to good content
    (cities / "folder.yaml").mkdir()
    (cities / "nested-brackets.yaml").write_text("x: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    (cities / "nested-mappings.yaml").write_text(
        "".join(f"{' ' * depth}k{depth}:\n" for depth in range(2_000)) + " " * 2_000 + "v\n", encoding="utf-8")
    with (cities / "huge.yaml").open("wb") as file:  # sparse: costs no disk, reads as 64 MiB of zeros
        file.truncate(64 * 1024 * 1024)
    (cities / "many-values.yaml").write_text("x: [" + "1," * 300_000 + "1]\n", encoding="utf-8")
    (root / "precautions.yaml").unlink()
    os.mkfifo(root / "precautions.yaml")
    (root / "legal.yaml").unlink()
    (root / "legal.yaml").symlink_to("/dev/zero")


EXPECTED = {
    "cities/alias-bomb.yaml": ":17:12: (yaml): holds more than 200,000 values once its aliases (*name) are expanded",
    "cities/alias-self.yaml": ":3:6: (yaml): alias *a refers to a value that contains it",
    "cities/rate-nan.yaml": ":3:21: (yaml): '.nan' is not a number; write a figure such as 0.20 or 5000",
    "cities/rate-inf.yaml": ":3:21: (yaml): '-.inf' is not a number",
    "cities/rate-huge-exponent.yaml": ":3:21: periods.0.pension.rate: 1E+999999999 is too large or too small to be a "
                                      "rate or an amount",
    "cities/rate-float-exponent.yaml": ":3:21: (yaml): '1.0e+999999999' is too large or too small to be a rate or an "
                                       "amount",
    "cities/money-huge-exponent.yaml": ":3:35: periods.0.base.max: 1.5E+999999999 is too large or too small",
    "cities/date-impossible.yaml": ":3:17: (yaml): '2025-02-30' is not a date: day is out of range for month",
    "cities/int-huge.yaml": ":2:9: (yaml): '1234567890123456789012345678901234567890…' is too large a number",
    "cities/tabs.yaml": ":3:1: (yaml): YAML syntax error: while scanning for the next token found character '\\t' "
                        "that cannot start any token",
    "cities/control-character.yaml": ":2:24: (yaml): character U+0007 is not allowed in YAML text",
    "cities/not-utf8.yaml": ":2:12: (file): not UTF-8 text: invalid continuation byte (byte 0xe6)",
    "cities/python-tag.yaml": ":2:7: (yaml): could not determine a constructor for the tag "
                              "'tag:yaml.org,2002:python/object/apply:os.system'",
    "cities/two-documents.yaml": ":2:1: (yaml): YAML syntax error: expected a single document in the stream",
    "cities/fifo.yaml": ":1:1: (file): is not a regular file (it is a named pipe (FIFO)); only .yaml files are read",
    "cities/dev-zero.yaml": ":1:1: (file): is a symbolic link; content files must be regular files in the content folder",
    "cities/loop.yaml": ":1:1: (file): is a symbolic link",
    "cities/dangling.yaml": ":1:1: (file): is a symbolic link",
    "cities/outside.yaml": ":1:1: (file): is a symbolic link",
    "cities/folder.yaml": ":1:1: (file): is not a regular file (it is a folder)",
    "cities/nested-brackets.yaml": ":1:43: (yaml): nested more than 40 levels deep",
    "cities/nested-mappings.yaml": ":41:41: (yaml): nested more than 40 levels deep",
    "cities/huge.yaml": ":1:1: (file): is 67,108,864 bytes; a content file may be at most 2,097,152",
    "cities/many-values.yaml": ":1:399999: (yaml): holds more than 200,000 values",
    "precautions.yaml": ":1:1: (file): is not a regular file (it is a named pipe (FIFO))",
    "legal.yaml": ":1:1: (file): is a symbolic link",
}
"""Each hostile file (relative to the content folder) and the start of its problem after `path`."""
