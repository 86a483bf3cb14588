"""Every id in a path is checked before it reaches the database: out of range or malformed is a 422 whose body
is the declared validation error, never a 500 (PostgreSQL integers end at 2^31 - 1, SQLite's at 2^63 - 1)."""

from typing import Any

import httpx
import pytest

from .conftest import Api, bearer

TOO_BIG = ["2147483648", str(2**63), "0", "-1"]
NOT_A_CONVERSATION = ["nope", "0" * 37, "00000000-0000-4000-8000-00000000000g", "%00"]


def _invalid(response: httpx.Response, where: str) -> list[dict[str, Any]]:
    assert response.status_code == 422, response.text
    problems: list[dict[str, Any]] = response.json()["detail"]
    assert [p["loc"] for p in problems] == [["path", where]], problems
    assert all(set(p) == {"loc", "msg", "type"} for p in problems)
    return problems


@pytest.mark.parametrize("candidate_id", TOO_BIG)
def test_a_candidate_id_out_of_range_is_refused(api: Api, candidate_id: str) -> None:
    boss = bearer(api.supervisor())

    for action in ("approve", "reject"):
        response = api.client.post(f"/api/v1/learning/candidates/{candidate_id}/{action}", headers=boss)
        _invalid(response, "candidate_id")


@pytest.mark.parametrize("message_id", TOO_BIG)
def test_a_message_id_out_of_range_is_refused(api: Api, message_id: str) -> None:
    chat = api.open()
    boss = bearer(api.supervisor())

    response = api.client.post(f"/api/v1/conversations/{chat.id}/messages/{message_id}/reveal", headers=boss)

    _invalid(response, "message_id")


@pytest.mark.parametrize("conversation_id", NOT_A_CONVERSATION)
def test_a_malformed_conversation_id_is_refused(api: Api, conversation_id: str) -> None:
    boss = bearer(api.supervisor())

    for response in (
        api.client.get(f"/api/v1/conversations/{conversation_id}/messages", headers=boss),
        api.client.post(f"/api/v1/conversations/{conversation_id}/resolve", headers=boss),
        api.client.get(f"/api/v1/conversations/{conversation_id}/assist", headers=boss),
    ):
        _invalid(response, "conversation_id")


def test_a_malformed_domain_is_refused(api: Api) -> None:
    boss = bearer(api.supervisor())

    for path in ("/api/v1/models/%00", "/api/v1/domains/%00/intents", f"/api/v1/models/{'x' * 100}"):
        _invalid(api.client.get(path, headers=boss), "domain")


def test_the_largest_ids_are_merely_not_found(api: Api) -> None:
    chat = api.open()
    boss = bearer(api.supervisor())
    largest = 2**31 - 1

    assert api.client.post(f"/api/v1/learning/candidates/{largest}/reject", headers=boss).status_code == 404
    revealed = api.client.post(f"/api/v1/conversations/{chat.id}/messages/{largest}/reveal", headers=boss)
    assert revealed.status_code == 404, revealed.text
