"""The `guide` command: validate content, export the schema, build and serve the site, calculate."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any
from macros import PROJECT

CONTENT = PROJECT / "content"


def _load(content_root: Path) -> Any:
    from macros.content import load_content

    return load_content(content_root, display_base=Path.cwd() if Path.cwd() in content_root.parents else None)


def cmd_validate(args: argparse.Namespace) -> int:
    from macros.content import ContentError

    root = Path(args.content).resolve()
    try:
        content = _load(root)
    except ContentError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{len(error.problems)} problem(s) in {root}", file=sys.stderr)
        return 1
    for warning in content.warnings:
        print(warning, file=sys.stderr)
    if args.strict and content.warnings:
        print(f"{len(content.warnings)} warning(s); --strict makes them errors", file=sys.stderr)
        return 1
    print(f"content OK: {len(content.steps.steps)} steps, {len(content.checklist.items)} checklist items, "
          f"{len(content.legal.articles)} legal articles, {len(content.cities)} cities")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from macros.content.schema import stale_schemas, write_schemas

    root = Path(args.content).resolve()
    if args.check:
        stale = stale_schemas(root)
        for name in stale:
            print(f"{root / '_schema' / name}: stale; run `guide schema` to regenerate", file=sys.stderr)
        return 1 if stale else 0
    for path in write_schemas(root):
        print(f"wrote {path}")
    return 0


def _build(site_dir: str | None, site_url: str | None, preview: bool) -> int:
    from macros.cli.build import PREVIEW_MARK, BuildFailed, build_site

    try:
        target = build_site(PROJECT, Path(site_dir) if site_dir else None, site_url, preview=preview)
    except BuildFailed as error:
        print(error, file=sys.stderr)
        return 1
    if preview:
        print(f"preview built in {target}: NOT DEPLOYABLE (local address; see {PREVIEW_MARK})")
    else:
        print(f"site built in {target}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    return _build(args.site_dir, args.site_url, args.preview)


def cmd_serve(args: argparse.Namespace) -> int:
    from macros.cli.serve import serve

    from macros.cli.serve import snapshot

    site_url = args.site_url or f"http://{args.host}:{args.port}/"
    watching = not (args.no_build or args.no_watch)
    before = snapshot(PROJECT) if watching else None  # edits made during the first build count too
    if not args.no_build and _build(args.site_dir, site_url, preview=True) != 0:
        return 1
    serve(Path(args.site_dir) if args.site_dir else PROJECT / "site", args.host, args.port, site_url,
          watch_project=PROJECT if watching else None, seen=before)
    return 0


def _calculator_data() -> dict[str, Any]:
    from macros.content.export import calculator_data

    return calculator_data(_load(CONTENT))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="guide", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check all of content/ and list every problem")
    validate.add_argument("--content", default=str(CONTENT), help="content folder (default: %(default)s)")
    validate.add_argument("--strict", action="store_true", help="treat warnings (e.g. stale figures) as errors")
    validate.set_defaults(func=cmd_validate)

    schema = commands.add_parser("schema", help="export JSON Schema for editors to content/_schema/")
    schema.add_argument("--content", default=str(CONTENT))
    schema.add_argument("--check", action="store_true", help="only check that the exported schema is current")
    schema.set_defaults(func=cmd_schema)

    for name, func, text in (("build", cmd_build, "build the site (strict) into site/, swapped in only on success"),
                             ("serve", cmd_serve, "build a local preview, serve it on 127.0.0.1 with its _headers, "
                                                  "rebuild and reload on changes")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("--site-url", help="public URL, e.g. https://jobs.example.com/shebao/ (sub-paths work); "
                                            "a deployable build needs it or site_url in mkdocs.yml")
        sub.add_argument("--site-dir", help="output folder (default: site/)")
        sub.set_defaults(func=func)
    commands.choices["build"].add_argument(
        "--preview", action="store_true",
        help="a local preview: may use a local address (default http://127.0.0.1:8000/), marked not deployable")
    serve = commands.choices["serve"]
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--no-build", action="store_true", help="serve the existing site/ as it is")
    serve.add_argument("--no-watch", action="store_true", help="do not rebuild when files change")

    try:
        from shebao_calculator.cli import add_commands
    except ImportError:  # the calculator package is installed by `make`; validate/build work without it
        pass
    else:
        add_commands(commands, _calculator_data)
    from macros.cli.editor import add_commands as add_editor_commands
    add_editor_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `guide calc --json | head`: the reader closed the pipe; not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's final flush does not fail again
        return 141


if __name__ == "__main__":
    sys.exit(main())
