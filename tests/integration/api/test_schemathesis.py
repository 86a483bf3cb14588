"""Schemathesis over the whole OpenAPI document, against a real server on each database: generated requests,
valid and invalid, must never get a 5xx, and every answer must be one the document declares, in its shape.

Bounded: a few examples per operation and mode, no shrinking, so the module stays within a few minutes."""

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import count
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.generation.case import Case
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tandem.api.app import create_app
from tandem.api.container import Container
from tandem.dialogue.assistants import Assistants
from tandem.domain.access import PrincipalKind
from tandem.domain.conversations import Role
from tandem.models.registry import ModelRegistry
from tandem.settings import Settings
from tandem.store import make_engine

from ..conftest import BACKENDS, migrated_database
from .conftest import ESCALATE
from .live_server import serving

pytestmark = pytest.mark.slow

EXAMPLES = 25  # per operation and generation mode
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
DOMAIN = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


@dataclass(frozen=True)
class Served:
    base_url: str
    chat: str
    tokens: tuple[str, ...]  # the chat's customer, its agent, a supervisor: each request takes the next


@pytest.fixture(scope="module", params=BACKENDS)
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, assistants: Assistants
) -> Iterator[Served]:
    directory = tmp_path_factory.mktemp("schemathesis")
    with migrated_database(request.param, directory / "db") as url, pytest.MonkeyPatch.context() as patch:
        # A supervisor's POST /models/{domain}/train is fuzzed too: answered as in production (202, the retrainer
        # asked), but the minute-long training behind it would outlive this module's database and slow every test
        # beside it. Training itself is tested in test_learning_loop.py and tests/integration/models.
        patch.setattr(ModelRegistry, "train", lambda _registry, _domain, progress=None: None)
        engine = make_engine(url)
        settings = Settings(demo=True, data_dir=directory / "data", domains="ecommerce", learning_retrain=False)
        app = create_app(settings, assistants, engine)
        try:
            with serving(app) as port:
                yield _people(app.state.container, f"http://127.0.0.1:{port}")
        finally:
            engine.dispose()


def _people(container: Container, base_url: str) -> Served:
    """A conversation handed over to an available agent, and a supervisor."""
    now = datetime.now(UTC)
    tokens = []
    for username, role, kind in (
        ("alice", Role.AGENT, PrincipalKind.AGENT),
        ("sam", Role.SUPERVISOR, PrincipalKind.SUPERVISOR),
    ):
        agent = container.staff.add(username, "correct-horse-battery", role, skills=("ecommerce",), languages=("en",))
        tokens.append(container.tokens.for_staff(agent.id, kind, now))
    with httpx.Client(base_url=base_url, timeout=30) as client:
        opened = client.post("/api/v1/conversations", json={"domain": "ecommerce", "language": "en"}).json()
        chat, customer = opened["id"], opened["token"]
        headers = {"Authorization": f"Bearer {tokens[0]}"}
        assert client.post("/api/v1/agents/me/status", json={"status": "available"}, headers=headers).status_code == 200
        posted = client.post(
            f"/api/v1/conversations/{chat}/messages",
            json={"text": ESCALATE["en"]},
            headers={"Authorization": f"Bearer {customer}"},
        )
        assert posted.status_code == 201, posted.text
    return Served(base_url, chat, (customer, *tokens))


def _sent(response: Any) -> str:
    """What went over the wire, cut short: enough to replay a failure by hand."""
    request = response.request
    sent = f"{request.method} {request.url} {request.headers.get('content-type')} {request.body!r:.300}"
    return f"sent {sent}\ngot {response.status_code} {response.text:.300}"


def test_no_server_error_and_every_answer_as_declared(served: Served) -> None:
    schema = schemathesis.openapi.from_url(f"{served.base_url}/openapi.json")
    turns = count()
    answered: defaultdict[str, Counter[int]] = defaultdict(Counter)  # status classes per operation
    failures: list[str] = []

    def call(case: Case) -> None:
        if UUID.match(str(case.path_parameters.get("conversation_id", "") if case.path_parameters else "")):
            # Every well-formed id names the conversation that exists, to reach past the lookup; malformed ids stay.
            case.path_parameters["conversation_id"] = served.chat
        if case.path_parameters and DOMAIN.match(str(case.path_parameters.get("domain", ""))):
            case.path_parameters["domain"] = "ecommerce"  # likewise: the pack this server serves
        token = served.tokens[next(turns) % len(served.tokens)]
        response = case.call(base_url=served.base_url, headers={"Authorization": f"Bearer {token}"}, timeout=30)
        answered[case.operation.label][response.status_code // 100] += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except AssertionError as failure:
            failures.append(f"{case.operation.label}: {failure}\n{_sent(response)}")
        except BaseExceptionGroup as group:
            failures.extend(f"{case.operation.label}: {failure}\n{_sent(response)}" for failure in group.exceptions)

    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            run = settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )(given(operation.as_strategy(generation_mode=mode))(call))
            try:
                run()
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE, operation.label  # nothing to get wrong, then

    assert not failures, "\n\n".join(failures)
    # Not a run of refusals only: most operations did what they are for at least once.
    succeeded = [label for label, classes in answered.items() if classes[2]]
    assert len(succeeded) >= len(answered) * 2 // 3, dict(answered)
