"""Why a retrained model was not promoted: which held-out figures fell, from what to what.

The gate itself compares one number, the held-out score (`registry.TOLERANCE`). A supervisor reading "rejected"
needs more: which language and which part of the job got worse. So the reason lists the score first, then every
per-language figure that moved the wrong way against the active version (answered share, answer precision and
escalation recall fell; missed escalations rose). Each item is plain data, put in the version's metrics as
`rejection`; the models screen words it in the reader's language.
"""

from typing import Any

# Per-language figures of `registry.held_out_metrics`, and which way is worse.
_RATES = ("answer_rate", "answer_precision", "escalation_recall")  # lower is worse
_COUNTS = ("missed_escalations",)  # higher is worse
_NOISE = 0.0005  # a rate moving less than this (rounding of 4 digits) is not a fall


def rejection_reason(new: dict[str, Any], active: dict[str, Any], tolerance: float) -> list[dict[str, Any]]:
    """The figures of `new` (held-out metrics) that fell against `active`'s, the overall score first.

    Each item: `measure` (score, answer_rate, answer_precision, escalation_recall, missed_escalations),
    `language` (None for the score), `before` (the active version's), `after` (the new one's), and for the score
    `allowed` (the lowest it could have been to be promoted)."""
    before, after = float(active["score"]), float(new["score"])
    reason: list[dict[str, Any]] = [
        {
            "measure": "score",
            "language": None,
            "before": before,
            "after": after,
            "allowed": round(before - tolerance, 5),
        }
    ]
    old_languages: dict[str, Any] = active.get("languages") or {}
    for language, figures in sorted((new.get("languages") or {}).items()):
        old = old_languages.get(language)
        if not old:
            continue
        for measure in (*_RATES, *_COUNTS):
            if measure not in figures or measure not in old:
                continue
            was, now = old[measure], figures[measure]
            worse = now < was - _NOISE if measure in _RATES else now > was
            if worse:
                reason.append({"measure": measure, "language": language, "before": was, "after": now})
    return reason
