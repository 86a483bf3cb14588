"""The learning-loop replay as a chart: containment (top) and precision of the AI's answers (bottom) over time."""

from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import matplotlib
import numpy as np

matplotlib.use("Agg")  # files only: no display on servers and CI
import matplotlib.pyplot as plt
from matplotlib.axes import Axes

from tandem.learning.replay_result import Checkpoint, ReplayResult

BLUE, GREEN, RED, GREY = "#1f6feb", "#1a7f37", "#cf222e", "#57606a"
LIGHT_BLUE, LIGHT_GREEN = "#54aeff", "#4ac26b"


def replay_chart(result: ReplayResult, path: Path) -> None:
    """Test-set figures of each retrained model (steps: a model holds until the next retrain) and the live
    traffic between retrains (dotted; live precision with its 95 % interval, a window having few answers early)."""
    checkpoints = result.checkpoints
    x = [c.messages for c in checkpoints]
    target = float(result.parameters["target_precision"])
    online = [(a.messages, b) for a, b in pairwise(checkpoints) if b.online_containment is not None]
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 7), dpi=120, sharex=True, height_ratios=(1, 1.2))

    top.step(x, [c.test_containment for c in checkpoints], "o-", where="post", color=BLUE, label="test set")
    _windows(top, online, lambda c: c.online_containment, LIGHT_BLUE, "live traffic, between retrains")
    full = result.full_knowledge
    top.axhline(full["containment"] or 0.0, color=BLUE, linestyle="--", linewidth=1, label="full knowledge (test)")
    top.set_ylabel("containment (answered by the AI)")
    top.set_ylim(0, 1.0)
    top.legend(loc="upper left", fontsize=7)

    # Precision is undefined while nothing is answered (every intent on probation): those points are left out.
    precision = [np.nan if c.test_precision is None else c.test_precision for c in checkpoints]
    bottom.step(x, precision, "o-", where="post", color=GREEN, label="test set")
    _windows(bottom, online, lambda c: c.online_precision, LIGHT_GREEN, "live traffic, between retrains")
    label: str | None = "… its 95 % interval (few answers: wide)"  # once, on the first band drawn
    for start, c in online:
        if c.online_precision_interval:
            low, high = c.online_precision_interval
            bottom.fill_between([start, c.messages], low, high, color=LIGHT_GREEN, alpha=0.15, linewidth=0, label=label)
            label = None
    so_far = [np.nan if c.online_precision_so_far is None else c.online_precision_so_far for c in checkpoints]
    bottom.plot(x, so_far, "-", color=GREY, linewidth=1.2, label="live traffic, every answer so far")
    bottom.axhline(target, color=RED, linestyle="--", linewidth=1, label=f"target {target}")
    bottom.set_ylabel("precision of the AI's answers")
    values = [c.online_precision for _, c in online if c.online_precision is not None]
    shown = [v for v in precision + values + so_far if not np.isnan(v)]
    bottom.set_ylim(max(0.0, min([target, *shown]) - 0.03), 1.005)
    bottom.legend(loc="lower right", fontsize=7, ncol=2)

    p = result.parameters
    if p.get("start") == "articles":
        known = f"{result.intents} intents from their article titles + {p['article_questions']} questions each"
    else:
        known = f"{p['known_share']:.0%} of {result.intents} intents known at first"
    top.set_title(f"Learning loop: {known}, retrain every {p['retrain_every']} approvals", fontsize=10)
    bottom.set_xlabel(f"messages replayed (of {result.stream_messages}); approvals: {checkpoints[-1].approvals}")
    bottom.set_xlim(0, max(x[-1], 1))
    for ax in (top, bottom):
        ax.grid(alpha=0.3)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)


def _windows(
    ax: Axes,
    online: list[tuple[int, Checkpoint]],
    value_of: Callable[[Checkpoint], float | None],
    color: str,
    label: str,
) -> None:
    """One flat dotted segment per window between retrains, at the window's figure."""
    xs: list[float] = []
    ys: list[float] = []
    for start, c in online:
        value = value_of(c)
        xs += [start, c.messages, np.nan]
        ys += [np.nan if value is None else value] * 2 + [np.nan]
    ax.plot(xs, ys, color=color, linestyle=":", linewidth=1.8, label=label)
