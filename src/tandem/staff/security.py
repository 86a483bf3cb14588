"""Passwords (argon2) and access tokens (signed JWT): who may call what."""

from datetime import UTC, datetime, timedelta

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from tandem.domain.access import Principal, PrincipalKind
from tandem.domain.errors import InvalidInput, Unauthorized

_ALGORITHM = "HS256"
_CUSTOMER_DAYS = 30  # a customer may come back to an open conversation for a while
MIN_PASSWORD_CHARS = 8

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_CHARS:
        raise InvalidInput(f"password shorter than {MIN_PASSWORD_CHARS} characters")
    return _hasher.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


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
