"""The Typer application and its sub-command groups."""

import typer

app = typer.Typer(
    name="tandem",
    help="Tandem: AI answers the simple questions, people take the complex ones, and the platform protects them.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
nlu_app = typer.Typer(help="Train, evaluate and calibrate intent models.", no_args_is_help=True)
app.add_typer(nlu_app, name="nlu")
