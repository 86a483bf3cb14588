"""The learning-loop replay as a chart: containment and precision of the AI's answers over time."""

from itertools import pairwise
from pathlib import Path

import matplotlib
import numpy as np

matplotlib.use("Agg")  # files only: no display on servers and CI
import matplotlib.pyplot as plt

from tandem.services.replay import ReplayResult

BLUE, GREEN, RED = "#1f6feb", "#1a7f37", "#cf222e"
LIGHT_BLUE, LIGHT_GREEN = "#54aeff", "#4ac26b"


def replay_chart(result: ReplayResult, path: Path) -> None:
    """Test-set figures of each retrained model (solid) and the live traffic between retrains (steps)."""
    checkpoints = result.checkpoints
    x = [c.messages for c in checkpoints]
    target = float(result.parameters["target_precision"])
    fig, ax = plt.subplots(figsize=(8, 4.8), dpi=120)
    # A model holds from its retrain to the next one: steps, not slopes.
    ax.step(x, [c.test_containment for c in checkpoints], "o-", where="post", color=BLUE, label="containment (test)")
    # Precision is undefined while nothing is answered (every intent on probation): those points are left out.
    precision = [np.nan if c.test_precision is None else c.test_precision for c in checkpoints]
    ax.step(x, precision, "o-", where="post", color=GREEN, label="precision of answers (test)")
    online = [(a.messages, b) for a, b in pairwise(checkpoints) if b.online_containment is not None]
    for attribute, color, name in (
        ("online_containment", LIGHT_BLUE, "containment"),
        ("online_precision", LIGHT_GREEN, "precision"),
    ):
        xs, ys = [], []
        for start, c in online:
            xs += [start, c.messages]
            value = getattr(c, attribute)
            ys += [np.nan if value is None else value] * 2
        ax.plot(xs, ys, color=color, linestyle=":", linewidth=1.6, label=f"{name} (live traffic, between retrains)")
    full = result.full_knowledge
    ax.axhline(full["containment"] or 0.0, color=BLUE, linestyle="--", linewidth=1, label="containment, full knowledge")
    ax.axhline(target, color=RED, linestyle="--", linewidth=1, label=f"target precision {target}")
    p = result.parameters
    ax.set_title(
        f"Learning loop: {p['known_share']:.0%} of {result.intents} intents known at first, "
        f"retrain every {p['retrain_every']} approvals",
        fontsize=10,
    )
    ax.set_xlabel(f"messages replayed (of {result.stream_messages}); approvals: {checkpoints[-1].approvals}")
    ax.set_ylabel("share")
    answered = [p for p in precision if not np.isnan(p)] + [c.online_precision for _, c in online if c.online_precision]
    lows = [c.test_containment for c in checkpoints] + answered
    ax.set_ylim(max(0.0, min(lows) - 0.05), 1.005)
    ax.set_xlim(0, max(x[-1], 1))
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=7, ncol=2)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
