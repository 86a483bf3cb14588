"""Contact difficulty and the load model: accumulation and recovery, exactly."""

from datetime import timedelta

import pytest

from tandem.domain.errors import InvalidInput
from tandem.wellbeing import ContactSignals, DifficultyWeights, LoadModel, contact_difficulty, is_hard

from .builders import NOW

MODEL = LoadModel()


@pytest.mark.parametrize(
    ("signals", "points"),
    [
        (ContactSignals(), 1.0),  # an ordinary contact
        (ContactSignals(frustration=0.5), 2.0),  # + 2 x frustration
        (ContactSignals(abusive=True), 3.0),
        (ContactSignals(sensitive=True), 2.5),
        (ContactSignals(minutes=15), 1.0),  # up to 15 minutes costs nothing extra
        (ContactSignals(minutes=20), 1.5),  # + 0.1 per minute beyond
        (ContactSignals(minutes=120), 2.5),  # length adds at most 1.5
        (ContactSignals(resolved=False), 1.5),
        (ContactSignals(frustration=0.5, sensitive=True, resolved=False), 4.0),
        (ContactSignals(frustration=1.0, abusive=True, sensitive=True, minutes=60, resolved=False), 6.0),  # clipped
    ],
)
def test_difficulty_case_by_case(signals: ContactSignals, points: float) -> None:
    assert contact_difficulty(signals) == pytest.approx(points)


def test_difficulty_weights_are_configurable() -> None:
    weights = DifficultyWeights(base=0.5, abuse=4.0, maximum=10.0)
    assert contact_difficulty(ContactSignals(abusive=True), weights) == pytest.approx(4.5)


@pytest.mark.parametrize(
    ("signals", "hard"),
    [
        (ContactSignals(), False),
        (ContactSignals(frustration=0.59), False),
        (ContactSignals(frustration=0.6), True),  # the triage's escalation level
        (ContactSignals(abusive=True), True),
        (ContactSignals(sensitive=True), True),
        (ContactSignals(minutes=90, resolved=False), False),  # long and unresolved is heavy, not hostile
    ],
)
def test_what_counts_as_hard(signals: ContactSignals, hard: bool) -> None:
    assert is_hard(signals) is hard


@pytest.mark.parametrize(
    "kwargs", [{"frustration": -0.1}, {"frustration": 1.1}, {"frustration": float("nan")}, {"minutes": -1.0}]
)
def test_bad_signals_are_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(InvalidInput):
        ContactSignals(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kwargs", [{"abuse": -1.0}, {"maximum": 0.5}, {"hard_frustration": 1.5}, {"length_free_minutes": float("inf")}]
)
def test_bad_weights_are_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(InvalidInput):
        DifficultyWeights(**kwargs)


@pytest.mark.parametrize(("minutes", "left"), [(0, 8.0), (45, 4.0), (90, 2.0), (135, 1.0), (22.5, 8.0 / 2**0.5)])
def test_recovery_halves_every_half_life(minutes: float, left: float) -> None:
    assert MODEL.load_after(8.0, NOW, NOW + timedelta(minutes=minutes)) == pytest.approx(left, rel=1e-12)


def test_the_half_life_is_a_parameter() -> None:
    assert LoadModel(half_life_minutes=30).load_after(8.0, NOW, NOW + timedelta(minutes=60)) == pytest.approx(2.0)


def test_a_contact_adds_its_difficulty_after_recovery() -> None:
    # 6 points 45 minutes ago are 3 now; a 2-point contact ending now makes 5.
    assert MODEL.load_after(6.0, NOW - timedelta(minutes=45), NOW, added=2.0) == pytest.approx(5.0)


def test_contacts_accumulate() -> None:
    load, at = 0.0, NOW
    for minute in (0, 0, 0):  # three contacts ending together
        load = MODEL.load_after(load, at, NOW + timedelta(minutes=minute), added=1.0)
    assert load == pytest.approx(3.0)


def test_recovery_in_steps_equals_recovery_in_one_go() -> None:
    step = MODEL.load_after(
        MODEL.load_after(10.0, NOW, NOW + timedelta(minutes=17)),
        NOW + timedelta(minutes=17),
        NOW + timedelta(minutes=60),
    )
    assert step == pytest.approx(MODEL.load_after(10.0, NOW, NOW + timedelta(minutes=60)))


def test_time_running_backwards_recovers_nothing() -> None:
    assert MODEL.load_after(5.0, NOW, NOW - timedelta(minutes=30), added=1.0) == 6.0


@pytest.mark.parametrize(("load", "added"), [(-1.0, 0.0), (float("nan"), 0.0), (float("inf"), 0.0), (1.0, -0.5)])
def test_bad_loads_are_refused(load: float, added: float) -> None:
    with pytest.raises(InvalidInput):
        MODEL.load_after(load, NOW, NOW, added)


@pytest.mark.parametrize("half_life", [0.0, -45.0, float("inf"), float("nan")])
def test_bad_half_lives_are_refused(half_life: float) -> None:
    with pytest.raises(InvalidInput):
        LoadModel(half_life_minutes=half_life)


def test_minutes_to_recover() -> None:
    assert MODEL.minutes_to_recover(20.0, 10.0) == pytest.approx(45.0)
    assert MODEL.minutes_to_recover(40.0, 10.0) == pytest.approx(90.0)
    assert MODEL.minutes_to_recover(8.0, 10.0) == 0.0
    with pytest.raises(InvalidInput):
        MODEL.minutes_to_recover(8.0, 0.0)
