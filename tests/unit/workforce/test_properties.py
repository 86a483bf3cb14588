"""Invariants of Erlang C and Erlang A on random centres: shares stay shares, more agents never hurt."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.workforce import erlang_a, erlang_c

loads = st.floats(0.05, 400.0)
ahts = st.floats(10.0, 1800.0)
patiences = st.floats(5.0, 3600.0)
times = st.floats(0.0, 600.0)


@settings(max_examples=60, deadline=None)
@given(load=loads, aht=ahts, patience=patiences, extra=st.integers(-20, 30), seconds=times)
def test_erlang_a_more_agents_never_worse(load: float, aht: float, patience: float, extra: int, seconds: float) -> None:
    agents = max(1, math.ceil(load) + extra)
    fewer = erlang_a(load / aht, aht, agents, patience)
    more = erlang_a(load / aht, aht, agents + 1, patience)
    for figures in (fewer, more):
        for share in (figures.p_wait, figures.abandonment_rate, figures.occupancy, figures.service_level(seconds)):
            assert 0.0 <= share <= 1.0
        assert figures.asa_seconds >= 0 and figures.mean_wait_all_seconds >= 0
        assert figures.service_level(seconds) <= figures.service_level(seconds + 10) + 1e-12
        assert figures.service_level(seconds) <= 1 - figures.abandonment_rate + 1e-12
    slack = 1e-9
    assert more.service_level(seconds) >= fewer.service_level(seconds) - slack
    assert more.p_wait <= fewer.p_wait + slack
    assert more.abandonment_rate <= fewer.abandonment_rate + slack
    assert more.asa_seconds <= fewer.asa_seconds * (1 + slack) + slack
    assert more.mean_wait_all_seconds <= fewer.mean_wait_all_seconds * (1 + slack) + slack


@settings(max_examples=60, deadline=None)
@given(load=loads, aht=ahts, extra=st.integers(1, 40), seconds=times)
def test_erlang_c_more_agents_never_worse(load: float, aht: float, extra: int, seconds: float) -> None:
    agents = math.floor(load) + extra
    fewer = erlang_c(load / aht, aht, agents)
    more = erlang_c(load / aht, aht, agents + 1)
    for figures in (fewer, more):
        assert 0.0 <= figures.p_wait <= 1.0 and 0.0 <= figures.service_level(seconds) <= 1.0
    assert more.service_level(seconds) >= fewer.service_level(seconds)
    assert more.p_wait <= fewer.p_wait and more.asa_seconds <= fewer.asa_seconds


@settings(max_examples=40, deadline=None)
@given(load=loads, aht=ahts, patience=patiences, extra=st.integers(1, 30), seconds=times)
def test_abandonment_only_helps_the_others(
    load: float, aht: float, patience: float, extra: int, seconds: float
) -> None:
    # Same agents, impatient customers: shorter queue, so a smaller chance of waiting and a shorter answered wait.
    agents = math.floor(load) + extra
    c = erlang_c(load / aht, aht, agents)
    a = erlang_a(load / aht, aht, agents, patience)
    assert a.p_wait <= c.p_wait + 1e-12
    assert a.asa_seconds <= c.asa_seconds * (1 + 1e-9) + 1e-12
