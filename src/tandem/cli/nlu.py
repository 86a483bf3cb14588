"""`tandem nlu ...`: train, evaluate and calibrate intent models."""

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from tandem.cli.app import nlu_app
from tandem.cli.progress import progress_bar, stderr
from tandem.domain.errors import InvalidInput

if TYPE_CHECKING:
    from tandem.models.evaluation import Evaluation

TargetPrecision = Annotated[float, typer.Option(min=0.5, max=0.999, help="Precision the AI's own answers must reach.")]
Representation = Annotated[
    str, typer.Option(help="auto, or a comma list of tfidf,use,minilm (tfidf is always included).")
]
OosLabel = Annotated[
    str | None, typer.Option(help="Label of out-of-scope rows: never a class, used to calibrate and score.")
]


@nlu_app.command("eval")
def eval_command(
    train: Annotated[Path, typer.Option(help="Training CSV: text,intent[,lang] (category/label also accepted).")],
    test: Annotated[Path, typer.Option(help="Test CSV, same columns.")],
    oos_label: OosLabel = None,
    target_precision: TargetPrecision = 0.97,
    representation: Representation = "auto",
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the figures as JSON here.")] = None,
    plot: Annotated[Path | None, typer.Option(help="Draw the risk-coverage curve into this PNG.")] = None,
) -> None:
    """Train a fresh model on TRAIN, evaluate it on TEST, print a summary table."""
    from tandem.models.evaluation import evaluate
    from tandem.models.training import choose_representations, train_model
    from tandem.nlu.dataset import read_csv  # heavy imports here: `tandem --help` stays fast

    train_data = read_csv(train, oos_label)
    test_data = read_csv(test, oos_label)
    if len(train_data.intents) < 2:
        raise InvalidInput(f"{train}: needs at least two intents, found {len(train_data.intents)}")
    representations = choose_representations(train_data, representation)
    started = time.perf_counter()
    with progress_bar() as progress:
        model = train_model(train_data, representations, target_precision, progress=progress)
        train_seconds = time.perf_counter() - started
        progress("evaluating", 0, 1)
        result = evaluate(model, test_data, train_seconds)
        progress("evaluating", 1, 1)
    _print_summary(result, representations, target_precision)
    if json_out:
        payload = {**result.as_json(), "representations": list(representations)}
        json_out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    if plot:
        from tandem.cli.plots import risk_coverage

        risk_coverage(result, target_precision, plot)
        stderr.print(f"plot written to {plot}")


def _print_summary(result: "Evaluation", representations: tuple[str, ...], target: float) -> None:
    table = Table(title=f"Intent model ({'+'.join(representations)})", show_header=True)
    table.add_column("metric")
    table.add_column("value", justify="right")
    rows = [
        ("test rows (in scope / out of scope)", f"{result.rows} / {result.oos_rows}"),
        ("accuracy (in scope)", f"{result.accuracy:.4f}"),
        ("macro F1", f"{result.macro_f1:.4f}"),
        *[(f"coverage at precision {p}", f"{v:.4f}") for p, v in result.coverage_at_precision.items()],
        (f"calibrated threshold (target {target})", f"{result.calibrated['answer_threshold']:.4f}"),
        ("  coverage on test at that threshold", f"{result.calibrated['coverage']:.4f}"),
        ("  precision on test at that threshold", f"{result.calibrated['precision']:.4f}"),
        ("latency p50 / p99 (ms, one message)", f"{result.latency_ms['p50']} / {result.latency_ms['p99']}"),
        ("training time (s)", f"{result.train_seconds}"),
    ]
    if result.oos_recall is not None:
        rows += [
            ("out-of-scope recall", f"{result.oos_recall:.4f}"),
            ("out-of-scope precision", f"{result.oos_precision:.4f}"),
        ]
    for name, value in rows:
        table.add_row(name, value)
    Console(stderr=True).print(table)


@nlu_app.command("train")
def train_command(
    out: Annotated[Path, typer.Option(help="Where to write the model file.")],
    data: Annotated[Path | None, typer.Option(help="Training CSV: text,intent[,lang].")] = None,
    domain: Annotated[
        str | None, typer.Option(help="Train on a pack (built in or from TANDEM_PACK_DIRS) instead of a CSV.")
    ] = None,
    oos_label: OosLabel = None,
    target_precision: TargetPrecision = 0.97,
    representation: Representation = "auto",
) -> None:
    """Train an intent model from a CSV or a built-in pack, calibrate it and save it."""
    from tandem.models.pack_models import pack_dataset, train_pack_model
    from tandem.models.training import choose_representations, train_model
    from tandem.nlu.dataset import read_csv

    if (data is None) == (domain is None):
        raise InvalidInput("give exactly one of --data or --domain")
    dataset = read_csv(data, oos_label) if data else pack_dataset(domain)
    representations = choose_representations(dataset, representation)
    with progress_bar() as progress:
        if domain:  # exactly as `tandem triage` trains it
            model = train_pack_model(dataset, representations, target_precision, progress=progress)
        else:
            model = train_model(dataset, representations, target_precision, progress=progress)
    model.save(out)
    t = model.thresholds
    stderr.print(f"model written to {out}: {len(model.labels)} intents, answer threshold {t.answer if t else '-'}")


@nlu_app.command("calibrate")
def calibrate_command(
    model_path: Annotated[Path, typer.Option("--model", help="Model file to recalibrate in place.")],
    data: Annotated[Path, typer.Option(help="Held-out labelled CSV the model was not trained on.")],
    oos_label: OosLabel = None,
    target_precision: TargetPrecision = 0.97,
) -> None:
    """Recompute a model's answer/clarify thresholds on held-out data, for a target precision."""
    from tandem.nlu.dataset import read_csv
    from tandem.triage.recalibration import recalibrate

    thresholds = recalibrate(model_path, read_csv(data, oos_label), target_precision)
    stderr.print(
        f"{model_path}: answer >= {thresholds.answer:.4f}, clarify >= {thresholds.clarify:.4f} "
        f"(target precision {target_precision})"
    )
