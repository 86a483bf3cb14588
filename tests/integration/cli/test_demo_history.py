"""`tandem demo history` on SQLite and PostgreSQL: refused input, the rows it writes, and the metrics API over them."""

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tandem.api.app import create_app
from tandem.connectors.demo import DemoConnector
from tandem.demo.fill import ensure_team, fill_history
from tandem.demo.history import History, Team
from tandem.demo.questions import question_bank
from tandem.demo.request import HistoryRequest
from tandem.demo.team import HISTORY_HOURS
from tandem.dialogue.assistant import Assistant
from tandem.dialogue.assistants import Assistants
from tandem.domain.access import PrincipalKind
from tandem.domain.triage import Reason
from tandem.models.pack_models import packs_for
from tandem.nlu.intent_model import IntentModel
from tandem.settings import Settings
from tandem.staff import security
from tandem.store import make_engine
from tandem.store.tables import AgentRow, ConversationFactRow, ConversationRow, MessageRow
from tandem.triage.service import TriageService

DOMAINS = ("ecommerce", "logistics", "telecom")


def tandem(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tandem", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **env},
    )


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--conversations", "0"], "--conversations must be between 1"),
        (["--conversations", "-3"], "--conversations must be between 1"),
        (["--conversations", "10", "--days", "0"], "--days must be between 1"),
        (["--conversations", "10", "--days", "100000"], "--days must be between 1"),
        (["--conversations", "900000000"], "--conversations must be between 1"),
    ],
)
def test_refuses_bad_input_before_touching_anything(args: list[str], says: str, tmp_path: Path) -> None:
    done = tandem(["demo", "history", *args], {"TANDEM_DATA_DIR": str(tmp_path)})
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: {says}") and "Traceback" not in done.stderr
    assert not (tmp_path / "tandem.db").exists()


def count(url: str, column: Any) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.scalar(select(func.count(column))) or 0)
    finally:
        engine.dispose()


def test_adds_a_history_and_a_second_one_beside_it(fresh_database_url: str, tmp_path: Path) -> None:
    env = {"TANDEM_DATABASE_URL": fresh_database_url, "TANDEM_DATA_DIR": str(tmp_path)}
    first = tandem(["demo", "history", "--conversations", "150", "--days", "7", "--seed", "1"], env)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("added 150 conversations")
    assert "accounts created (password tandem-demo): alice" in first.stdout
    second = tandem(["demo", "history", "--conversations", "50", "--days", "3", "--seed", "1"], env)
    assert second.returncode == 0, second.stderr
    assert "accounts created" not in second.stdout  # the team was there
    assert (
        count(fresh_database_url, ConversationRow.id) == 200 == count(fresh_database_url, ConversationFactRow.created_s)
    )
    assert count(fresh_database_url, AgentRow.id) == 10  # the 7 demo accounts and 3 all-rounders, once


@pytest.fixture
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(security, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


NOW = datetime.now(UTC).replace(microsecond=0)


def test_the_rows_written_are_the_generators_for_its_seed(fresh_database_url: str, cheap_hashing: None) -> None:
    request = HistoryRequest(300, 10, seed=4)
    engine = make_engine(fresh_database_url)
    try:
        added = fill_history(engine, request, NOW, DOMAINS, HISTORY_HOURS)
        members, created = ensure_team(engine, request, DOMAINS, lambda: NOW)
        with engine.connect() as connection:
            stored = {r.conversation_id: r._asdict() for r in connection.execute(select(ConversationFactRow.__table__))}
            messages = connection.execute(select(MessageRow.id, MessageRow.conversation_id, MessageRow.meta)).all()
    finally:
        engine.dispose()
    assert created == () and added.conversations == 300
    again = History(request, NOW, Team(members, HISTORY_HOURS), question_bank(DOMAINS))
    expected = {f["conversation_id"]: f for batch in again.days() for f in batch.facts}
    assert stored == expected
    assert len(messages) == added.messages
    owner = {m.id: m.conversation_id for m in messages}
    replies = [m for m in messages if m.meta.get("reply_to") is not None]
    assert replies
    assert all(owner[m.meta["reply_to"]] == m.conversation_id and m.meta["reply_to"] < m.id for m in replies)


@pytest.fixture
def client(fresh_database_url: str, tmp_path: Path, ecommerce_model: IntentModel) -> Iterator[tuple[TestClient, Any]]:
    (pack,) = packs_for("ecommerce")
    assistants = Assistants({"ecommerce": Assistant(pack, TriageService(ecommerce_model, [pack]), DemoConnector())})
    settings = Settings(demo=True, data_dir=tmp_path, domains="ecommerce", learning_retrain=False)
    engine = make_engine(fresh_database_url)
    try:
        app = create_app(settings, assistants, engine)
        with TestClient(app) as test_client:
            yield test_client, app.state.container
    finally:
        engine.dispose()


def test_the_metrics_over_a_history_are_plausible(client: tuple[TestClient, Any], cheap_hashing: None) -> None:
    test_client, container = client
    request = HistoryRequest(1500, 30, seed=9)
    added = fill_history(container.engine, request, NOW, ("ecommerce",), HISTORY_HOURS)
    with container.engine.connect() as connection:
        sam = int(connection.scalar(select(AgentRow.id).where(AgentRow.username == "sam")))
    headers = {"Authorization": f"Bearer {container.tokens.for_staff(sam, PrincipalKind.SUPERVISOR, NOW)}"}
    since, until = (NOW - timedelta(days=31)).date().isoformat(), (NOW + timedelta(days=1)).date().isoformat()
    response = test_client.get("/api/v1/metrics/summary", params={"since": since, "until": until}, headers=headers)
    assert response.status_code == 200, response.text
    outcomes = response.json()["outcomes"]
    assert outcomes["conversations"] == added.conversations
    resolution = outcomes["ai_resolution"]
    assert resolution["confirmed"] > 0 and resolution["assumed"] > 0 and resolution["not_resolved"] > 0
    assert 0.3 < resolution["rate"] < 0.9
    assert 0.1 < outcomes["handoff_rate"] < 0.5 and 0 < outcomes["reopen_rate"] < 0.3
    assert 0 < outcomes["abandoned_in_queue"]["rate"] < 0.5
    assert outcomes["service_level"]["answered"] > 0 and 0 < outcomes["service_level"]["rate"] <= 1
    assert outcomes["asa_seconds"] > 0
    assert outcomes["csat"]["people"]["count"] > 0 and 1 <= outcomes["csat"]["people"]["average"] <= 5
    assert set(outcomes["escalations_by_reason"]) <= {r.value for r in Reason}
    wellbeing = outcomes["wellbeing"]
    assert wellbeing["agent_hours"] > 0 and 0 < wellbeing["occupancy_max"] <= 1
    assert wellbeing["breaks"]["taken"] > 0 and wellbeing["hard_contact_share"]
    series = test_client.get(
        "/api/v1/metrics/series", params={"since": since, "until": until, "bucket": "day"}, headers=headers
    )
    assert series.status_code == 200, series.text
    points = series.json()["points"]
    assert sum(p["conversations"] for p in points) == added.conversations
    csv = test_client.get(
        "/api/v1/metrics/series.csv", params={"since": since, "until": until, "bucket": "day"}, headers=headers
    )
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert len(csv.text.splitlines()) == len(points) + 1


def test_a_second_history_is_counted_where_hours_were_summed_already(
    client: tuple[TestClient, Any], cheap_hashing: None
) -> None:
    test_client, container = client
    first = fill_history(container.engine, HistoryRequest(400, 30, seed=1), NOW, ("ecommerce",), HISTORY_HOURS)
    with container.engine.connect() as connection:
        sam = int(connection.scalar(select(AgentRow.id).where(AgentRow.username == "sam")))
    headers = {"Authorization": f"Bearer {container.tokens.for_staff(sam, PrincipalKind.SUPERVISOR, NOW)}"}
    since, until = (NOW - timedelta(days=31)).date().isoformat(), (NOW + timedelta(days=1)).date().isoformat()

    def conversations() -> int:
        response = test_client.get("/api/v1/metrics/summary", params={"since": since, "until": until}, headers=headers)
        assert response.status_code == 200, response.text
        return int(response.json()["outcomes"]["conversations"])

    assert conversations() == first.conversations  # the settled hours of the period are summed now
    second = fill_history(container.engine, HistoryRequest(200, 30, seed=2), NOW, ("ecommerce",), HISTORY_HOURS)
    assert conversations() == first.conversations + second.conversations
