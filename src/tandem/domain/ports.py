"""Ports: what the inner layers need from the outside, as Protocols. Adapters live outside `domain`."""

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, Self, runtime_checkable


@runtime_checkable
class Connector(Protocol):
    """A company's business system (orders, parcels, billing).

    `call` returns a flat mapping of result fields (see docs/packs.md for the operations).
    Raises `NotFound` when the record does not exist and `ConnectorError` for any other failure.
    """

    def call(self, operation: str, params: Mapping[str, str]) -> dict[str, Any]: ...


class IntentClassifier(Protocol):
    """Every intent model implements this and passes the shared contract test."""

    labels: tuple[str, ...]

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> Self: ...

    def predict_proba(self, texts: Sequence[str]) -> Any: ...  # array (n_texts, n_labels), rows sum to 1

    def save(self, path: Path) -> None: ...

    @classmethod
    def load(cls, path: Path) -> Self: ...
