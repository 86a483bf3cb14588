"""Charts people would rather look at than read."""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: no display on servers and CI
import matplotlib.pyplot as plt

from tandem.models.evaluation import Evaluation


def risk_coverage(result: Evaluation, target: float, path: Path) -> None:
    """Precision of the AI's answers against the share of messages it answers, most confident first."""
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=120)
    ax.plot(
        result.curve["coverage"],
        result.curve["precision"],
        color="#1f6feb",
        label="answering the most confident first",
    )
    ax.axhline(target, color="#cf222e", linestyle="--", linewidth=1, label=f"target precision {target}")
    cal = result.calibrated
    ax.scatter(
        [cal["coverage"]],
        [cal["precision"]],
        color="#1a7f37",
        zorder=3,
        label=f"calibrated threshold {cal['answer_threshold']:.2f}: answers {cal['coverage']:.0%}",
    )
    ax.set_xlabel("coverage: share of messages the AI answers itself")
    ax.set_ylabel("precision of the AI's answers")
    ax.set_xlim(0, 1)
    ax.set_ylim(max(0.0, min(result.curve["precision"]) - 0.02), 1.005)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left", fontsize=8)
    ax.set_title(f"Risk-coverage: accuracy {result.accuracy:.4f}, {result.rows + result.oos_rows} test messages")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
