"""Reading one field of a parsed YAML document, with errors that name where it is (`agents.groups[2].count`)."""

import math
from collections.abc import Mapping
from typing import Any

from tandem.domain.errors import InvalidInput
from tandem.workforce.simulation.scenario import Duration, Shape

SHARE_TOLERANCE = 1e-3  # shares are typed by people: 0.333 + 0.333 + 0.334 is fine


def mapping(value: object, where: str, allowed: frozenset[str] | None = None) -> Mapping[str, Any]:
    """`value` as a mapping with string keys; with `allowed`, an unknown key (usually a typo) is refused."""
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise InvalidInput(f"{where} must be a mapping of names to values")
    if allowed is not None:
        unknown = sorted(set(value) - allowed)
        if unknown:
            raise InvalidInput(
                f"{where}: unknown field(s) {', '.join(unknown)} (expected {', '.join(sorted(allowed))})"
            )
    return value


def required(data: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in data or data[key] is None:
        raise InvalidInput(f"{where}.{key} is required")
    return data[key]


def number(value: object, where: str, low: float = 0.0, high: float = math.inf, *, open_low: bool = False) -> float:
    """A finite number in [low, high] (or (low, high] with `open_low`); booleans are not numbers here."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput(f"{where} must be a number, got {value!r}")
    result = float(value)
    too_low = result <= low if open_low else result < low
    if not math.isfinite(result) or too_low or result > high:
        bound = f"{'>' if open_low else '>='} {low:g}" + (f" and <= {high:g}" if math.isfinite(high) else "")
        raise InvalidInput(f"{where} must be a finite number {bound}, got {value!r}")
    return result


def whole(value: object, where: str, low: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise InvalidInput(f"{where} must be a whole number >= {low}, got {value!r}")
    return value


def text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{where} must be a non-empty string, got {value!r}")
    return value.strip()


def names(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise InvalidInput(f"{where} must be a non-empty list of names")
    return tuple(text(v, f"{where}[{i}]") for i, v in enumerate(value))


def shares(value: object, where: str, *, total: float | None = 1.0) -> tuple[tuple[str, float], ...]:
    """Named shares in [0, 1], in the file's order; with `total`, they must add up to it."""
    data = mapping(value, where)
    if not data:
        raise InvalidInput(f"{where} must not be empty")
    result = tuple((name, number(share, f"{where}.{name}", 0.0, 1.0)) for name, share in data.items())
    added = math.fsum(s for _, s in result)
    if total is not None and abs(added - total) > SHARE_TOLERANCE:
        raise InvalidInput(f"{where}: shares must add up to {total:g}, they add up to {added:.4g}")
    if total is None and added > 1.0 + SHARE_TOLERANCE:
        raise InvalidInput(f"{where}: shares must add up to at most 1, they add up to {added:.4g}")
    return result


def duration(value: object, where: str) -> Duration:
    """`{shape: exponential|lognormal|constant, mean: s, cv: x, max: s}`; a bare number is a constant."""
    if not isinstance(value, bool) and isinstance(value, int | float):
        return Duration(Shape.CONSTANT, number(value, where))
    data = mapping(value, where, frozenset({"shape", "mean", "cv", "max"}))
    raw_shape = data.get("shape", Shape.EXPONENTIAL.value)
    try:
        shape = Shape(raw_shape)
    except ValueError:
        choices = ", ".join(s.value for s in Shape)
        raise InvalidInput(f"{where}.shape must be one of {choices}, got {raw_shape!r}") from None
    mean = number(required(data, "mean", where), f"{where}.mean")
    cv = number(data.get("cv", 1.0), f"{where}.cv")
    if shape is Shape.EXPONENTIAL and "cv" in data and cv != 1.0:
        raise InvalidInput(f"{where}: an exponential duration has cv 1, got {cv:g}")
    maximum = number(data["max"], f"{where}.max", open_low=True) if data.get("max") is not None else math.inf
    if maximum < mean:
        raise InvalidInput(f"{where}.max ({maximum:g}) must not be below the mean ({mean:g})")
    return Duration(shape, mean, cv, maximum)


def clock(value: object, where: str) -> tuple[float, float]:
    """A shift "HH:MM-HH:MM" as (start, end) seconds from midnight; an end before the start is the next day."""
    spec = text(value, where)
    try:
        first, second = spec.split("-")
        start, end = _seconds(first), _seconds(second)
    except ValueError:
        raise InvalidInput(f"{where} must look like 08:00-16:20, got {spec!r}") from None
    if end <= start:
        end += 86_400.0
    return start, end


def _seconds(hhmm: str) -> float:
    hours, minutes = hhmm.strip().split(":")
    h, m = int(hours), int(minutes)
    if not (0 <= h <= 24 and 0 <= m < 60) or (h == 24 and m):
        raise ValueError(hhmm)
    return 3600.0 * h + 60.0 * m
