from datetime import UTC, datetime, timedelta

import jwt
import pytest

from tandem.domain.access import Principal, PrincipalKind
from tandem.domain.errors import InvalidInput, Unauthorized
from tandem.settings import DEMO_SECRET, Settings
from tandem.staff.security import Tokens, hash_password, password_matches


def test_passwords_are_hashed_with_argon2_and_checked() -> None:
    stored = hash_password("correct horse")
    assert stored.startswith("$argon2")
    assert "correct horse" not in stored
    assert password_matches(stored, "correct horse")
    assert not password_matches(stored, "wrong horse")
    assert not password_matches("not-a-hash", "correct horse")


def test_short_passwords_are_refused() -> None:
    with pytest.raises(InvalidInput, match="shorter"):
        hash_password("short")


def test_customer_token_names_its_conversation_only() -> None:
    tokens = Tokens("s3cret-for-tests-0123456789abcdefghij")
    assert tokens.principal(tokens.for_customer("abc", datetime.now(UTC))) == Principal(
        PrincipalKind.CUSTOMER, conversation_id="abc"
    )


def test_staff_tokens_carry_the_role() -> None:
    tokens = Tokens("s3cret-for-tests-0123456789abcdefghij")
    token = tokens.for_staff(7, PrincipalKind.SUPERVISOR, datetime.now(UTC))
    assert tokens.principal(token) == Principal(PrincipalKind.SUPERVISOR, agent_id=7)


@pytest.mark.parametrize(
    "forge",
    [
        lambda t: Tokens("another secret 0123456789abcdefghijklmnop").for_customer(
            "abc", datetime.now(UTC)
        ),  # other key
        lambda t: t.for_staff(1, PrincipalKind.AGENT, datetime.now(UTC) - timedelta(days=2)),  # expired
        lambda t: "not a token",
        lambda t: jwt.encode(
            {"sub": "a:1", "kind": "supervisor"}, "s3cret-for-tests-0123456789abcdefghij", "HS256"
        ),  # no expiry
        lambda t: jwt.encode(
            {"sub": "c:x", "kind": "agent", "exp": 4102444800}, "s3cret-for-tests-0123456789abcdefghij", "HS256"
        ),
        lambda t: jwt.encode(
            {"sub": "a:1", "kind": "admin", "exp": 4102444800}, "s3cret-for-tests-0123456789abcdefghij", "HS256"
        ),
    ],
)
def test_forged_expired_or_malformed_tokens_are_unauthorized(forge) -> None:  # type: ignore[no-untyped-def]
    tokens = Tokens("s3cret-for-tests-0123456789abcdefghij")
    with pytest.raises(Unauthorized):
        tokens.principal(forge(tokens))


def test_the_secret_never_shows_in_repr() -> None:
    assert "s3cret" not in repr(Tokens("s3cret-for-tests-0123456789abcdefghij"))


def test_a_secret_is_required_outside_demo_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TANDEM_SECRET_KEY", raising=False)
    with pytest.raises(InvalidInput, match="TANDEM_SECRET_KEY"):
        Settings(demo=False).signing_key()
    assert Settings(demo=True).signing_key() == DEMO_SECRET
    with pytest.raises(InvalidInput):
        Settings(demo=False, secret_key=DEMO_SECRET).signing_key()
    assert (
        Settings(demo=False, secret_key="a-real-secret-0123456789abcdefghijklmnop").signing_key()
        == "a-real-secret-0123456789abcdefghijklmnop"
    )


def test_a_short_secret_is_refused() -> None:
    with pytest.raises(InvalidInput, match="at least 32"):
        Settings(secret_key="too-short").signing_key()
