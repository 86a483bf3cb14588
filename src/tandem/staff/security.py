"""Passwords (argon2) and access tokens (signed JWT): who may call what."""

import secrets
import threading
from datetime import UTC, datetime, timedelta

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from tandem.domain.access import Principal, PrincipalKind
from tandem.domain.errors import InvalidInput, TooManyRequests, Unauthorized

_ALGORITHM = "HS256"
_CUSTOMER_DAYS = 30  # a customer may come back to an open conversation for a while
MIN_PASSWORD_CHARS = 8

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_CHARS:
        raise InvalidInput(f"password shorter than {MIN_PASSWORD_CHARS} characters")
    return _hasher.hash(password)


_dummy: tuple[PasswordHasher, str] | None = None


def password_matches(password_hash: str | None, password: str) -> bool:
    """Whether `password` is the one hashed. No hash (an unknown user) is checked against a dummy hash all the
    same: the same work, so the same time, as a wrong password; the answer is always no."""
    try:
        return _hasher.verify(password_hash or dummy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def dummy_hash() -> str:
    """A hash of a random password, made once with the current hasher's cost."""
    global _dummy
    if _dummy is None or _dummy[0] is not _hasher:
        _dummy = (_hasher, _hasher.hash(secrets.token_urlsafe(24)))
    return _dummy[1]


class PasswordChecks:
    """At most `at_once` password checks at a time (argon2 takes 64 MB and a core for 0.2 s each): the others
    wait up to `wait_seconds`, then are told to retry rather than piling up memory."""

    def __init__(self, at_once: int = 2, wait_seconds: float = 2.0) -> None:
        self._slots = threading.BoundedSemaphore(at_once)
        self._wait = wait_seconds
        dummy_hash()  # made now, so the first unknown name does not take twice as long

    def matches(self, password_hash: str | None, password: str) -> bool:
        if not self._slots.acquire(timeout=self._wait):
            raise TooManyRequests("too many logins at once; try again in a second", 1)
        try:
            return password_matches(password_hash, password)
        finally:
            self._slots.release()


class Tokens:
    """Issues and checks bearer tokens. The secret never leaves this object (not logged, not in repr)."""

    def __init__(self, secret: str, agent_hours: float = 12.0) -> None:
        self.__secret = secret
        self._agent_ttl = timedelta(hours=agent_hours)

    def __repr__(self) -> str:
        return "Tokens(<secret>)"

    def for_customer(self, conversation_id: str, now: datetime) -> str:
        return self._sign({"sub": f"c:{conversation_id}", "kind": PrincipalKind.CUSTOMER.value}, now, _CUSTOMER_DAYS)

    def for_staff(self, agent_id: int, kind: PrincipalKind, now: datetime) -> str:
        return self._sign({"sub": f"a:{agent_id}", "kind": kind.value}, now, self._agent_ttl / timedelta(days=1))

    def principal(self, token: str) -> Principal:
        """The caller a token names. Raises Unauthorized for a forged, expired or malformed one."""
        try:
            claims = jwt.decode(token, self.__secret, algorithms=[_ALGORITHM], options={"require": ["exp", "sub"]})
            kind = PrincipalKind(claims["kind"])
            prefix, _, ident = str(claims["sub"]).partition(":")
        except (jwt.PyJWTError, KeyError, ValueError) as exc:
            raise Unauthorized("invalid or expired token") from exc
        if kind == PrincipalKind.CUSTOMER and prefix == "c" and ident:
            return Principal(kind, conversation_id=ident)
        if kind != PrincipalKind.CUSTOMER and prefix == "a" and ident.isdigit():
            return Principal(kind, agent_id=int(ident))
        raise Unauthorized("invalid token")

    def _sign(self, claims: dict[str, object], now: datetime, days: float) -> str:
        expires = now.astimezone(UTC) + timedelta(days=days)
        return jwt.encode({**claims, "iat": now, "exp": expires}, self.__secret, algorithm=_ALGORITHM)
