"""Two Tandem hosts behind one PostgreSQL and one Redis: two `tandem serve` processes, each with its own data
and model directories. What one host learns, the other answers with (from the stored bytes, never retraining);
an agent on one host gets the conversations customers start on the other; statuses and live events cross.

Host A starts with the pack model in its cache (the session's, copied); host B starts with an empty model
directory and must get it from the database. Retraining after the approved lesson takes minutes: the slow part."""

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from sqlalchemy import make_url

from tandem.models.pack_eval import evaluate_pack
from tandem.models.pack_models import pack_fingerprint
from tandem.models.registry import held_out_cache, held_out_metrics
from tandem.nlu.atomic import made_once, write_atomically
from tandem.nlu.intent_model import IntentModel
from tandem.packs.catalog import find_pack
from tandem.settings import Settings

from ..api.test_learning import ANSWER, QUESTION
from ..conftest import migrated_database
from .hosts import Host, live_socket, next_event, until

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]

REDIS_URL = "redis://127.0.0.1:6379/0"
GRACE_SECONDS = 3  # presence: an agent without a live socket anywhere goes offline this long after
RETRAIN_SECONDS = 1800.0  # held-out scoring and training: minutes, many more on a loaded 2-core machine
SYNC_SECONDS = 30.0  # a worker syncs every 5 s (api/app.py); the margin is for a loaded machine


@pytest.fixture(scope="session")
def pack_held_out(model_dir: Path, ecommerce_model: IntentModel) -> Path:
    """The pack model's held-out scores beside it in the session's cache, measured once for the session (the
    learning loop's test reads the same file): host A's retraining then measures only the new model."""
    fingerprint = pack_fingerprint(ecommerce_model.representations, "ecommerce")
    path = held_out_cache(model_dir, "ecommerce", fingerprint)

    def measure() -> str:
        return json.dumps(held_out_metrics(evaluate_pack(find_pack("ecommerce"))))

    made_once(path, Path.read_text, measure, lambda text, at: write_atomically(at, lambda tmp: tmp.write_text(text)))
    return path


@pytest.fixture
def hosts(tmp_path: Path, model_dir: Path, pack_held_out: Path) -> Iterator[tuple[Host, Host]]:
    """Hosts A and B on a new PostgreSQL schema and one Redis namespace, A started first."""
    with migrated_database("postgresql", tmp_path / "db") as url:
        env = {
            "TANDEM_DATABASE_URL": url,
            "TANDEM_REDIS_URL": REDIS_URL,
            "TANDEM_PRESENCE_GRACE_SECONDS": str(GRACE_SECONDS),
            "TANDEM_LEARNING_RETRAIN": "true",
        }
        a, b = Host("A", tmp_path / "a", env), Host("B", tmp_path / "b", env)
        a.model_dir.mkdir(parents=True)
        shutil.copy(pack_held_out, a.model_dir / pack_held_out.name)
        for cached in model_dir.glob("ecommerce-*.joblib"):  # the pack model
            shutil.copy(cached, a.model_dir / cached.name)
        try:
            a.start()
            b.start()
            yield a, b
        finally:
            a.stop()
            b.stop()
            _forget(url)


def _forget(url: str) -> None:
    """Remove the test's keys from the shared Redis."""
    namespace = Settings().redis_namespace(make_url(url).render_as_string(hide_password=True))
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(match=namespace + ":*"):
        client.delete(key)
    client.close()


def agents_by_name(host: Host, token: str) -> dict[str, dict[str, Any]]:
    return {agent["username"]: agent for agent in host.call("GET", "/agents", token)}


def test_two_hosts_share_models_conversations_presence_and_live_events(hosts: tuple[Host, Host]) -> None:
    a, b = hosts
    assert "ecommerce model: this host's cache" in a.logged()
    assert "ecommerce model: loaded from the database" in b.logged()  # B trained nothing at start

    # Presence and live events: an agent who goes available on A is seen so on B's dashboard, live, and stays
    # available there past the grace period, because B sees her socket on A through Redis.
    boss, alice = b.login("sam"), a.login("alice")
    with live_socket(b, boss) as dashboard, live_socket(a, alice) as workspace:
        a.call("POST", "/agents/me/status", alice, {"status": "available"})
        assert next_event(dashboard, lambda e: e["type"] == "agents") == {"type": "agents"}
        assert agents_by_name(b, boss)["alice"]["status"] == "available"
        # The sweeps of both hosts run every 2 s: watch B through the grace period and two sweeps more.
        _stays_available(b, boss, GRACE_SECONDS + 5)

        # A customer on B asks what the AI cannot answer yet: the agent connected to A gets it, and hears them.
        chat = b.call("POST", "/conversations", body={"domain": "ecommerce", "language": "en"}, expect=201)
        customer = chat["token"]
        asked = b.call("POST", f"/conversations/{chat['id']}/messages", customer, {"text": QUESTION}, 201)
        assert asked["status"] in ("queued", "assigned"), asked
        assigned = next_event(workspace, lambda e: e["type"] == "assigned" and e["conversation_id"] == chat["id"])
        assert assigned == {"type": "assigned", "conversation_id": chat["id"]}
        b.call("POST", f"/conversations/{chat['id']}/messages", customer, {"text": "Still there?"}, 201)
        heard = next_event(workspace, lambda e: e.get("message", {}).get("text") == "Still there?")
        assert heard["conversation_id"] == chat["id"] and heard["message"]["author"] == "customer"

    # The lesson, on A: the agent answers and resolves it, a supervisor approves it, A retrains and promotes.
    a.call("POST", f"/conversations/{chat['id']}/messages", alice, {"text": ANSWER}, 201)
    a.call("POST", f"/conversations/{chat['id']}/resolve", alice, {"intent": "price_match"})
    reviewer = a.login("sam")
    (candidate,) = a.call("GET", "/learning/candidates?status=pending", reviewer)
    a.call("POST", f"/learning/candidates/{candidate['id']}/approve", reviewer)
    (baseline,) = [v["id"] for v in a.call("GET", "/models/ecommerce", reviewer)["versions"]]
    promoted = until(lambda: _promoted(a, reviewer, baseline), RETRAIN_SECONDS, "A's retraining", every=3)

    # B follows within its sync period, from the stored bytes: B never trained it.
    until(lambda: b.call("GET", "/models/ecommerce", boss)["serving"] == promoted, SYNC_SECONDS, "B's sync")
    answered = _ask(b, QUESTION)
    assert answered["status"] == "bot" and any(ANSWER in reply["text"] for reply in answered["replies"]), answered
    assert f"model version {promoted} loaded from the database" in b.logged()
    assert not (b.model_dir / "versions").exists() and (a.model_dir / "versions").is_dir()
    assert [p.name.split("-")[0] for p in (b.model_dir / "artifacts").iterdir()] == [str(promoted)]

    # A rollback on A is followed by B too: the pack's own model again, and the question handed over.
    assert a.call("POST", "/models/ecommerce/rollback", reviewer)["id"] == baseline
    until(lambda: b.call("GET", "/models/ecommerce", boss)["serving"] == baseline, SYNC_SECONDS, "B's rollback")
    assert _ask(b, QUESTION)["status"] != "bot"


def _stays_available(host: Host, token: str, seconds: float) -> None:
    """Alice is available on `host` at every look for `seconds` (fails at the first other status)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = agents_by_name(host, token)["alice"]["status"]
        assert status == "available", f"alice became {status} on host {host.name}"
        time.sleep(0.5)


def _promoted(host: Host, token: str, baseline: int) -> int | None:
    versions = host.call("GET", "/models/ecommerce", token)["versions"]
    newest = versions[0]
    assert newest["status"] not in ("rejected", "failed"), newest  # the lesson must be learned, not refused
    return int(newest["id"]) if newest["id"] != baseline and newest["status"] == "active" else None


def _ask(host: Host, text: str) -> dict[str, Any]:
    chat = host.call("POST", "/conversations", body={"domain": "ecommerce", "language": "en"}, expect=201)
    path = f"/conversations/{chat['id']}/messages"
    posted: dict[str, Any] = host.call("POST", path, chat["token"], {"text": text}, 201)
    return posted
