"""`tandem learn ...`: measure the learning loop (escalations solved by people become training examples)."""

import json
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from tandem.cli.app import learn_app
from tandem.cli.progress import progress_bar, stderr
from tandem.domain.errors import InvalidInput
from tandem.domain.probation import DEFAULT_PROBATION, ProbationRule

if TYPE_CHECKING:
    from tandem.learning.replay_result import Checkpoint, ReplayResult

StartOption = Annotated[
    str,
    typer.Option(
        help="known: the AI starts knowing a random share of the intents from half their rows; articles: it starts "
        "knowing every intent from a help-center article only (its title, the intent's name made readable, plus "
        "--article-questions of its rows), all on probation.",
    ),
]
ArticleQuestionsOption = Annotated[
    int, typer.Option(help="Customer questions each article lists, drawn from its intent's rows (--start articles).")
]


@learn_app.command("replay")
def replay_command(
    train: Annotated[Path, typer.Option(help="Training CSV: text,intent (category/label also accepted).")],
    test: Annotated[Path, typer.Option(help="Test CSV, same columns; scored at every retrain, never learned from.")],
    start: StartOption = "known",
    known_share: Annotated[
        float, typer.Option(help="Share of the intents the AI knows at the start (--start known; ignored otherwise).")
    ] = 0.5,
    article_questions: ArticleQuestionsOption = 0,
    retrain_every: Annotated[int, typer.Option(help="Retrain after this many approved examples.")] = 200,
    seed: Annotated[int, typer.Option(help="Seed of the known intents, the seen/stream split and the order.")] = 0,
    target_precision: Annotated[
        float, typer.Option(min=0.5, max=0.999, help="Precision the AI's own answers must reach.")
    ] = 0.97,
    rejected_share: Annotated[
        float, typer.Option(help="Share of the AI's wrong answers the customer rejects (then taught like escalations).")
    ] = 0.0,
    probation_checks: Annotated[
        int,
        typer.Option(
            help="Checks by people an intent needs before the AI answers it on its own (0: no probation, the "
            "AI answers whatever it is sure of).",
        ),
    ] = DEFAULT_PROBATION.min_checks,
    representation: Annotated[
        str, typer.Option(help="auto, or a comma list of tfidf,use,minilm (tfidf is always included).")
    ] = "auto",
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the checkpoints as JSON here.")] = None,
    plot: Annotated[Path | None, typer.Option(help="Draw containment and precision over time into this PNG.")] = None,
) -> None:
    """Replay traffic through the learning loop: escalations solved by people teach the model as it runs."""
    from tandem.learning.replay import replay
    from tandem.learning.replay_split import DEFAULT_KNOWN_SHARE, check_parameters, check_start
    from tandem.models.training import choose_representations
    from tandem.nlu.dataset import read_csv  # heavy imports here: `tandem --help` stays fast

    check_start(start, article_questions)
    check_parameters(known_share if start == "known" else DEFAULT_KNOWN_SHARE, retrain_every, rejected_share)
    probation = _probation(probation_checks)
    train_data = read_csv(train)
    test_data = read_csv(test)
    if len(train_data.intents) < 3:
        raise InvalidInput(f"{train}: needs at least three intents, found {len(train_data.intents)}")
    representations = choose_representations(train_data, representation)
    with progress_bar() as progress:
        result = replay(
            train_data,
            test_data,
            representations,
            known_share=known_share,
            retrain_every=retrain_every,
            seed=seed,
            target_precision=target_precision,
            rejected_share=rejected_share,
            progress=progress,
            probation=probation,
            start=start,
            article_questions=article_questions,
        )
    _print_summary(result)
    _write_outputs(result, json_out, plot)


def _probation(checks: int) -> ProbationRule | None:
    if checks < 0:
        raise InvalidInput(f"probation checks must be 0 (off) or more, got {checks}")
    return ProbationRule(min_checks=checks) if checks else None


def _write_outputs(result: "ReplayResult", json_out: Path | None, plot: Path | None) -> None:
    if json_out:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(result.as_json(), indent=2) + "\n", encoding="utf-8")
    if plot:
        from tandem.cli.replay_plot import replay_chart

        replay_chart(result, plot)
        stderr.print(f"plot written to {plot}")


def _print_summary(result: "ReplayResult") -> None:
    p = result.parameters
    table = Table(
        title=f"Learning loop replay ({_start(p)}, {'+'.join(p['representations'])}, "
        f"retrain every {p['retrain_every']}, "
        f"{p['rejected_share']:.0%} of wrong answers rejected, "
        + (f"probation {p['probation']['min_checks']} checks)" if p.get("probation") else "no probation)"),
        show_header=True,
    )
    columns = (
        "messages",
        "approvals",
        "intents",
        "trusted",
        "test c.",
        "test p.",
        "live c.",
        "live p. [95 %]",
        "so far",
    )
    for column in columns:
        table.add_column(column, justify="right")
    for c in result.checkpoints:
        table.add_row(
            str(c.messages),
            str(c.approvals),
            str(c.known_intents),
            "-" if c.trusted_intents is None else str(c.trusted_intents),
            f"{c.test_containment:.4f}",
            _share(c.test_precision, 4),
            _share(c.online_containment),
            _live_precision(c),
            _share(c.online_precision_so_far),
        )
    full = result.full_knowledge
    table.add_row(
        "full", "knowledge", str(result.intents), "", f"{full['containment']:.4f}", _share(full["precision"], 4)
    )
    # Written to a log file, the table would wrap at 80 columns: nine of them need more.
    console = Console(stderr=True, width=None if sys.stderr.isatty() else 140)
    console.print(table)
    why = Counter(w.why for w in result.wrong_answers)
    console.print(
        f"wrong answers given live: {len(result.wrong_answers)}"
        + (f" ({', '.join(f'{n} {reason}' for reason, n in sorted(why.items()))})" if why else "")
        + ("; listed in the JSON" if why else "")
    )


def _start(parameters: dict[str, object]) -> str:
    """How the replay started: "known: 50 % of the intents", or "articles + 3 questions each"."""
    if parameters["start"] == "articles":
        return f"articles + {parameters['article_questions']} questions each"
    return f"known: {parameters['known_share']:.0%} of the intents"


def _live_precision(c: "Checkpoint") -> str:
    """The window's precision with its number of answers and 95 % interval: 13 of 14 is not 0.929 for sure."""
    if c.online_precision_interval is None:
        return "-"
    low, high = c.online_precision_interval
    return f"{c.online_precision:.3f} of {c.online_answers} [{low:.2f}-{high:.2f}]"


def _share(value: float | None, digits: int = 3) -> str:
    """A precision, or "-" when nothing was answered."""
    return "-" if value is None else f"{value:.{digits}f}"
