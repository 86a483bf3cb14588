"""The metrics API over periods (docs/metrics.md): summary, series by hour and day, CSV, the customer's
confirmation, refusals; on SQLite and PostgreSQL, through the real services and triage."""

import csv
import io
from datetime import datetime, timedelta
from typing import Any

import pytest

from .conftest import SIMPLE, Api, Chat, bearer

METRICS = "/api/v1/metrics"


def _day(at: datetime) -> str:
    return at.date().isoformat()


def _get(api: Api, token: str, path: str, **params: str) -> Any:
    response = api.client.get(f"{METRICS}/{path}", params=params, headers=bearer(token))
    assert response.status_code == 200, response.text
    return response.json()


def _confirm(api: Api, chat: Chat, answered: Any, headers: dict[str, str] | None = None) -> int:
    response = api.client.post(
        f"/api/v1/conversations/{chat.id}/answered",
        json={"answered": answered},
        headers=chat.auth if headers is None else headers,
    )
    return response.status_code


def test_a_flow_left_half_way_or_a_hello_is_not_resolved_and_a_confirmed_answer_is(api: Api) -> None:
    start = api.clock.start()
    supervisor = api.supervisor()
    left, finished, hello = api.open(), api.open(), api.open()
    api.say(hello, "hello")  # small talk: the AI's canned reply is no answer
    for chat in (left, finished):
        assert "email" in api.say(chat, "Where is my order 100234?")["replies"][0]["text"]  # the flow asks
    api.say(finished, "jane.doe@example.com")  # the flow answers

    assert _confirm(api, finished, True) == 200
    assert _confirm(api, finished, True) == 200  # the same answer again: nothing changes
    assert _confirm(api, left, True) == 409  # the AI has not answered it
    assert _confirm(api, hello, True) == 409
    api.clock.advance(minutes=31)
    outcomes = _get(api, supervisor, "summary", since=_day(start), until=_day(start + timedelta(days=1)))["outcomes"]

    assert outcomes["ai_resolution"] | {"rate": None} == {
        "confirmed": 1, "assumed": 0, "resolved": 1, "not_resolved": 2, "pending": 0, "rate": None,
        "assumed_without_email": 0,
    }  # fmt: skip
    assert outcomes["ai_resolution"]["rate"] == round(1 / 3, 4)


def test_the_confirmation_is_the_customer_s_and_only_for_the_ai_s_answers(api: Api) -> None:
    supervisor = api.supervisor()
    agent = api.add_agent("alice")
    answered, handed = api.open(), api.open()
    api.say(answered, SIMPLE["en"])
    api.say(handed, SIMPLE["en"])
    api.escalate(handed)

    assert _confirm(api, answered, "yes") == 422
    assert _confirm(api, answered, True, bearer(agent)) == 403
    assert _confirm(api, answered, True, bearer(supervisor)) == 403
    assert _confirm(api, answered, True, handed.auth) == 403  # another conversation's token
    assert _confirm(api, answered, True, {}) == 401
    assert _confirm(api, handed, True) == 409  # people have it: not the AI's to claim
    assert _confirm(api, answered, False) == 200
    assert _get(api, supervisor, "summary")["outcomes"]["ai_resolution"]["not_resolved"] == 2


def test_a_break_mid_chat_shows_in_the_agent_hours(api: Api) -> None:
    start = api.clock.start()  # 08:00
    supervisor = api.supervisor()
    alice = api.add_agent("alice", capacity=1, status="available")
    api.clock.advance(minutes=10)
    chat = api.open()
    api.escalate(chat)  # alice takes it at once
    assert [c["id"] for c in api.mine(alice)] == [chat.id]
    api.clock.advance(minutes=30)
    api.set_status(alice, "break")  # 08:40, mid-chat: it goes back to the queue
    api.clock.advance(minutes=25)
    api.set_status(alice, "available")  # 09:05
    api.clock.advance(minutes=55)
    api.set_status(alice, "offline")  # 10:00

    day = {"since": _day(start), "until": _day(start + timedelta(days=1))}
    summary = _get(api, supervisor, "summary", **day)
    wellbeing = summary["outcomes"]["wellbeing"]
    hours = _get(api, supervisor, "series", bucket="hour", **day)["points"]

    assert wellbeing["breaks"] == {"taken": 1, "due": 0}
    assert wellbeing["agent_hours"] == round((40 + 55) / 60, 2)
    occupancy = {p["start"][11:13]: p["occupancy_max"] for p in hours if p["occupancy_max"] is not None}
    assert occupancy["08"] == 0.75  # 30 minutes of her one seat over 40 at work
    assert summary["outcomes"]["service_level"]["within_target"] == 1


def test_series_have_one_point_per_bucket_empty_ones_included(api: Api) -> None:
    start = api.clock.start()
    supervisor = api.supervisor()
    chat = api.open()
    api.say(chat, SIMPLE["en"])
    api.escalate(chat)

    days = _get(api, supervisor, "series", since=_day(start - timedelta(days=1)), until=_day(start + timedelta(days=2)))
    hours = _get(api, supervisor, "series", bucket="hour", since=_day(start), until=_day(start + timedelta(days=1)))

    assert days["bucket"] == "day" and [p["conversations"] for p in days["points"]] == [0, 1, 0]
    assert len(hours["points"]) == 24 and hours["points"][8]["start"].endswith("T08:00:00Z")
    assert [p["conversations"] for p in hours["points"]].count(1) == 1 and hours["points"][8]["conversations"] == 1
    assert hours["points"][8]["escalations"]["asked_for_human"] == 1 and hours["points"][8]["handoff_rate"] == 1.0
    assert hours["points"][0] | {"start": None} == {
        "start": None, "conversations": 0, "ai_resolution_rate": None, "handoff_rate": None, "reopen_rate": None,
        "abandonment_rate": None, "service_level": None, "asa_seconds": None, "csat_ai": None, "csat_people": None,
        "occupancy_max": None, "breaks_taken": 0, "breaks_due": 0, "cool_downs": 0, "ended_for_abuse": 0,
        "escalations": {},
    }  # fmt: skip


def test_the_csv_is_the_series_as_an_attachment(api: Api) -> None:
    start = api.clock.start()
    supervisor = api.supervisor()
    api.escalate(api.open())
    period = {"since": _day(start), "until": _day(start + timedelta(days=2))}

    response = api.client.get(f"{METRICS}/series.csv", params=period, headers=bearer(supervisor))
    rows = list(csv.reader(io.StringIO(response.text)))

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith('attachment; filename="tandem-metrics-day-')
    column = rows[0].index("escalations_asked_for_human")
    assert rows[0][:3] == ["start", "conversations", "ai_resolution_rate"]
    assert [r[1] for r in rows[1:]] == ["1", "0"] and rows[1][column] == "1" and rows[2][2] == ""


def test_the_live_view_is_today_and_a_period_can_look_back(api: Api) -> None:
    start = api.clock.start()
    supervisor = api.supervisor()
    api.say(api.open(), SIMPLE["en"])
    api.clock.advance(days=1)

    live = _get(api, supervisor, "summary")
    yesterday = _get(api, supervisor, "summary", since=_day(start), until=_day(start + timedelta(days=1)))

    assert live["conversations"] == 0 and live["period"]["live"] is True
    assert yesterday["conversations"] == 1 and yesterday["outcomes"]["ai_resolution"]["pending"] == 1
    assert yesterday["period"] == {
        "since": f"{_day(start)}T00:00:00Z",
        "until": f"{_day(start + timedelta(days=1))}T00:00:00Z",
        "live": False,
    }


@pytest.mark.parametrize(
    ("path", "params", "named"),
    [
        ("summary", {"since": "2026-01-01"}, "until"),
        ("summary", {"since": "2026-01-02", "until": "2026-01-01"}, "until"),
        ("summary", {"since": "2020-01-01", "until": "2026-01-01"}, "until"),
        ("summary", {"since": "2026-01-01T08:00:00", "until": "2026-01-02"}, "since"),
        ("summary", {"since": "2026-01-01", "until": "9" * 5000}, "until"),
        ("summary", {"since": "-1", "until": "2026-01-02"}, "since"),
        ("summary", {"team": "nowhere"}, "team"),
        ("series", {"until": "2026-01-02"}, "since"),
        ("series", {"since": "2026-01-01", "until": "2026-03-01", "bucket": "hour"}, "until"),
        ("series", {"since": "2026-01-01", "until": "2026-01-02", "bucket": "minute"}, "bucket"),
        ("series.csv", {"since": "0001-01-01T00:00:00+05:00", "until": "2026-01-02"}, "since"),
        ("series.csv", {"since": "2026-01-01", "until": "+2026-01-02"}, "until"),
    ],
)
def test_bad_periods_are_422_naming_the_parameter(api: Api, path: str, params: dict[str, str], named: str) -> None:
    supervisor = api.supervisor()

    response = api.client.get(f"{METRICS}/{path}", params=params, headers=bearer(supervisor))

    assert response.status_code == 422, response.text
    assert response.json()["detail"].startswith(f"{named}:")


@pytest.mark.parametrize("path", ["summary", "series", "series.csv"])
def test_only_supervisors_read_the_metrics(api: Api, path: str) -> None:
    agent = api.add_agent("alice")
    chat = api.open()
    period = {"since": "2026-01-01", "until": "2026-01-02"}

    assert api.client.get(f"{METRICS}/{path}", params=period).status_code == 401
    assert api.client.get(f"{METRICS}/{path}", params=period, headers=bearer("not-a-token")).status_code == 401
    assert api.client.get(f"{METRICS}/{path}", params=period, headers=bearer(agent)).status_code == 403
    assert api.client.get(f"{METRICS}/{path}", params=period, headers=chat.auth).status_code == 403
