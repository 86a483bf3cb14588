"""A connector that POSTs `{"operation": ..., "params": {...}}` to the company's own endpoint."""

import logging
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Self

import httpx

from tandem.domain.errors import ConnectorError, NotFound
from tandem.domain.packs import Operation, OperationKind
from tandem.nlu.pii import redacted_url

log = logging.getLogger(__name__)

READ_ATTEMPTS = 2  # a read that timed out or could not connect is tried once more; a change never is


class HttpConnector:
    """Calls `base_url` once per operation; 404 means the record does not exist, anything else amiss is a
    `ConnectorError`. Error messages name the host and the operation, never the key, the parameters (personal
    data) or the response body.

    With `operations` (a pack's connectors.yaml), only declared operations are called, a `read` one is retried
    once after a timeout or a failed connection, and the answer is reduced to the declared result fields, as
    text (a missing or null field is empty); a field holding a list or an object is a `ConnectorError`."""

    def __init__(
        self,
        base_url: str,
        timeout: float = 3.0,
        api_key: str | None = None,
        client: httpx.Client | None = None,
        operations: Mapping[str, Operation] | None = None,
    ) -> None:
        self.base_url = base_url
        self.timeout = timeout
        self.operations = dict(operations) if operations is not None else None
        self._headers = {"Accept": "application/json"}
        if api_key:
            self._headers["Authorization"] = f"Bearer {api_key}"
        self._owns_client = client is None
        self._client = client if client is not None else httpx.Client(timeout=timeout, follow_redirects=False)
        self._where = redacted_url(base_url)

    def call(self, operation: str, params: Mapping[str, str]) -> dict[str, Any]:
        """POST the operation and return the endpoint's JSON object (its declared fields, when declared)."""
        declared = None
        if self.operations is not None:
            declared = self.operations.get(operation)
            if declared is None:
                raise ConnectorError(f"{operation}: not an operation of this pack's connectors.yaml")
        attempts = READ_ATTEMPTS if declared is None or declared.kind == OperationKind.READ else 1
        payload = {"operation": operation, "params": dict(params)}
        for attempt in range(1, attempts + 1):
            try:
                response = self._client.post(self.base_url, json=payload, headers=self._headers, timeout=self.timeout)
                break
            except httpx.TimeoutException:
                problem = f"{self._where} did not answer within {self.timeout:g} s"
            except httpx.HTTPError as exc:
                problem = f"cannot reach {self._where} ({type(exc).__name__})"
            if attempt < attempts:
                log.info("%s: %s; trying once more", operation, problem)
        else:
            raise ConnectorError(f"{operation}: {problem}")
        data = self._answer(operation, response)
        return data if declared is None else self._declared_fields(declared, data)

    def _answer(self, operation: str, response: httpx.Response) -> dict[str, Any]:
        if response.status_code == 404:
            raise NotFound(f"{operation}: no such record")
        if response.status_code in (401, 403):
            raise ConnectorError(f"{operation}: {self._where} refused the API key (HTTP {response.status_code})")
        if not response.is_success:
            raise ConnectorError(f"{operation}: {self._where} answered HTTP {response.status_code}")
        try:
            data = response.json()
        except ValueError:
            raise ConnectorError(f"{operation}: {self._where} did not answer JSON") from None
        if not isinstance(data, dict):
            raise ConnectorError(f"{operation}: {self._where} answered JSON that is not an object")
        return data

    def _declared_fields(self, operation: Operation, data: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for name in operation.fields:
            value = data.get(name)
            if isinstance(value, dict | list):
                raise ConnectorError(f"{operation.name}: {self._where} answered a list or object for field {name!r}")
            result[name] = "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
        return result

    def close(self) -> None:
        """Close the HTTP client if this connector created it."""
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
