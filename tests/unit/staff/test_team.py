"""The team's hours as written in the settings, as told to a customer, and who of the team is at work."""

import pytest

from tandem.domain.conversations import Agent, AgentStatus, Role
from tandem.domain.hours import Span, SupportHours, parse_hours
from tandem.staff.team import at_work, hours_phrase, nobody_now

WEEK = "mon-fri 09:00-18:00, sat 10:00-14:00"


def test_hours_are_read_from_the_setting() -> None:
    hours = parse_hours(WEEK, "Europe/Paris")
    assert hours == SupportHours((Span(0, 4, 540, 1080), Span(5, 5, 600, 840)), "Europe/Paris")
    assert parse_hours("  ", "UTC") is None
    assert parse_hours("Sun 8:30-12:00") == SupportHours((Span(6, 6, 510, 720),), "UTC")


@pytest.mark.parametrize(
    ("text", "zone", "problem"),
    [
        ("mon-fri 9-18", "UTC", "cannot read opening hours"),
        ("mon-fry 09:00-18:00", "UTC", "unknown day"),
        ("fri-mon 09:00-18:00", "UTC", "days go backwards"),
        ("mon 18:00-09:00", "UTC", "closing time before opening time"),
        ("mon 09:00-25:00", "UTC", "no such time"),
        (WEEK, "Europe/Pariss", "unknown time zone"),
    ],
)
def test_a_mistake_in_the_hours_says_what_is_wrong(text: str, zone: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_hours(text, zone)


def test_the_hours_are_told_in_the_customers_language() -> None:
    hours = parse_hours(WEEK, "Europe/Paris")
    assert hours is not None
    assert hours_phrase(hours, "en") == "Monday to Friday, 9:00–18:00; Saturday, 10:00–14:00 (Paris time)"
    assert hours_phrase(hours, "fr") == (
        "du lundi au vendredi de 9 h 00 à 18 h 00, le samedi de 10 h 00 à 14 h 00 (heure de Paris)"
    )
    utc = parse_hours("mon-fri 08:30-17:00")
    assert utc is not None
    assert hours_phrase(utc, "en") == "Monday to Friday, 8:30–17:00 (UTC)"
    new_york = parse_hours("tue 10:00-12:00", "America/New_York")
    assert new_york is not None
    assert hours_phrase(new_york, "en") == "Tuesday, 10:00–12:00 (New York time)"


def test_with_no_one_at_work_the_customer_gets_the_hours_and_no_promise_of_now() -> None:
    hours = parse_hours(WEEK, "Europe/Paris")
    line = nobody_now(hours, "en")
    assert line.startswith("No adviser is available right now. Our team answers Monday to Friday, 9:00–18:00;")
    assert "Your request is kept" in line
    assert "now." not in line.split("right now.", 1)[1]
    french = nobody_now(hours, "fr")
    assert french.startswith("Aucun conseiller n'est disponible pour le moment. Notre équipe répond du lundi")
    without = nobody_now(None, "en")
    assert without.startswith("No adviser is available right now. Your request is kept")
    assert "answers" not in without


def _agent(agent_id: int, status: AgentStatus, skills: tuple[str, ...], languages: tuple[str, ...]) -> Agent:
    return Agent(agent_id, f"a{agent_id}", f"A{agent_id}", Role.AGENT, "x", skills, languages, status=status)


def test_at_work_means_available_with_the_skill_and_the_language() -> None:
    agents = [
        _agent(1, AgentStatus.AVAILABLE, ("ecommerce",), ("en",)),
        _agent(2, AgentStatus.BREAK, ("ecommerce",), ("en", "fr")),
        _agent(3, AgentStatus.AVAILABLE, ("telecom",), ("fr",)),
        _agent(4, AgentStatus.OFFLINE, ("ecommerce",), ("fr",)),
    ]
    assert [a.id for a in at_work(agents, "ecommerce", "en")] == [1]
    assert [a.id for a in at_work(agents, "ecommerce", None)] == [1]
    assert at_work(agents, "ecommerce", "fr") == []
