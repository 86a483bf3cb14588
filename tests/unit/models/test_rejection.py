"""A rejected model says why: the score against the active one's, then each per-language figure that fell."""

from typing import Any

from tandem.models.rejection import rejection_reason


def held_out(score: float, **languages: dict[str, float]) -> dict[str, Any]:
    return {"score": score, "messages": 400, "languages": languages}


def figures(rate: float, precision: float, recall: float, missed: int) -> dict[str, float]:
    return {
        "answer_rate": rate,
        "answer_precision": precision,
        "escalation_recall": recall,
        "missed_escalations": missed,
    }


def test_the_reason_names_the_score_then_every_figure_that_fell_by_language() -> None:
    active = held_out(0.963, en=figures(0.61, 0.98, 0.95, 1), fr=figures(0.7, 0.97, 0.9, 2))
    new = held_out(0.951, en=figures(0.55, 0.98, 0.95, 3), fr=figures(0.72, 0.962, 0.9, 2))
    reason = rejection_reason(new, active, tolerance=0.0025)
    assert reason == [
        {"measure": "score", "language": None, "before": 0.963, "after": 0.951, "allowed": 0.9605},
        {"measure": "answer_rate", "language": "en", "before": 0.61, "after": 0.55},
        {"measure": "missed_escalations", "language": "en", "before": 1, "after": 3},
        {"measure": "answer_precision", "language": "fr", "before": 0.97, "after": 0.962},
    ]


def test_without_the_active_ones_languages_the_reason_is_the_score_alone() -> None:
    new = held_out(0.85, en=figures(0.5, 0.9, 0.8, 3))
    reason = rejection_reason(new, {"score": 1.0}, tolerance=0.0025)
    assert reason == [{"measure": "score", "language": None, "before": 1.0, "after": 0.85, "allowed": 0.9975}]


def test_a_rate_moving_by_rounding_only_is_not_a_fall() -> None:
    active = held_out(0.96, en=figures(0.6, 0.98, 0.95, 1))
    new = held_out(0.95, en=figures(0.5996, 0.98, 0.95, 1))
    assert [item["measure"] for item in rejection_reason(new, active, 0.0025)] == ["score"]
