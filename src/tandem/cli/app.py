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
db_app = typer.Typer(help="The database: migrations.", no_args_is_help=True)
app.add_typer(db_app, name="db")
users_app = typer.Typer(help="Agent and supervisor accounts.", no_args_is_help=True)
app.add_typer(users_app, name="users")
learn_app = typer.Typer(help="Measure the learning loop on replayed traffic.", no_args_is_help=True)
app.add_typer(learn_app, name="learn")
models_app = typer.Typer(
    help="Intent model versions: list, retrain with approved lessons, roll back.", no_args_is_help=True
)
app.add_typer(models_app, name="models")
pack_app = typer.Typer(
    help="Your own trade: create, check and import a help center into a pack (docs/packs.md).", no_args_is_help=True
)
app.add_typer(pack_app, name="pack")
demo_app = typer.Typer(help="Demo data: a realistic history for the supervisor's figures.", no_args_is_help=True)
app.add_typer(demo_app, name="demo")
