"""`tandem pack check | new | import`: write, check and feed a company's own pack (docs/packs.md)."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from tandem.cli.app import pack_app


@pack_app.command("check")
def check(
    directory: Annotated[Path, typer.Argument(help="The pack's folder (it holds pack.yaml).")],
) -> None:
    """Check a pack as the server would load it: one summary line, or `error: FILE: KEY: problem` lines (exit 2)."""
    from tandem.packs.catalog import shared_intent_names
    from tandem.packs.loader import COMMON_PACK, load_pack, pack_problems
    from tandem.packs.summary import pack_summary, thin_intents

    common = _common_dir(COMMON_PACK)
    problems = pack_problems(directory, common)
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        raise typer.Exit(2)
    pack = load_pack(directory, common)
    typer.echo(pack_summary(pack, shared_intent_names()))
    for warning in thin_intents(pack, shared_intent_names()):
        print(f"warning: {warning}", file=sys.stderr)


@pack_app.command("new")
def new(
    name: Annotated[str, typer.Argument(help="The pack's name (its folder's name): letters, digits, _ and -.")],
    languages: Annotated[str, typer.Option(help="Comma-separated: en, fr or both.")] = "en,fr",
    directory: Annotated[Path, typer.Option("--dir", help="Where to create the pack's folder.")] = Path("."),
) -> None:
    """Write a small valid pack to start from, with comments saying what to fill in."""
    from tandem.packs.scaffold import new_pack

    folder = new_pack(name, tuple(part.strip() for part in languages.split(",") if part.strip()), directory)
    typer.echo(f"pack {name} written to {folder}; next: edit its files, then `tandem pack check {folder}`")


@pack_app.command("import")
def import_(
    pack_dir: Annotated[Path, typer.Argument(help="The pack's folder.")],
    paths: Annotated[list[Path], typer.Argument(help="Markdown or HTML files, or folders of them.")],
) -> None:
    """Import a help center (Markdown with front matter, HTML pages) as the pack's articles (help_center.yaml)."""
    from tandem.packs.importing import import_help_center

    result = import_help_center(pack_dir, paths)
    typer.echo(result.summary())


def _common_dir(name: str) -> Path:
    from importlib.resources import files

    return Path(str(files("tandem.packs") / name))
