"""A connector that POSTs `{"operation": ..., "params": {...}}` to the company's own endpoint."""

from collections.abc import Mapping
from types import TracebackType
from typing import Any, Self

import httpx

from tandem.domain.errors import ConnectorError, NotFound
from tandem.nlu.pii import redacted_url


class HttpConnector:
    """Calls `base_url` once per operation; 404 means the record does not exist, anything else amiss is a
    `ConnectorError`. Error messages name the host and the operation, never the key, the parameters (personal
    data) or the response body."""

    def __init__(
        self,
        base_url: str,
        timeout: float = 3.0,
        api_key: str | None = None,
        client: httpx.Client | None = None,
    ) -> None:
        self.base_url = base_url
        self.timeout = timeout
        self._headers = {"Accept": "application/json"}
        if api_key:
            self._headers["Authorization"] = f"Bearer {api_key}"
        self._owns_client = client is None
        self._client = client if client is not None else httpx.Client(timeout=timeout)
        self._where = redacted_url(base_url)

    def call(self, operation: str, params: Mapping[str, str]) -> dict[str, Any]:
        """POST the operation and return the endpoint's JSON object."""
        payload = {"operation": operation, "params": dict(params)}
        try:
            response = self._client.post(self.base_url, json=payload, headers=self._headers, timeout=self.timeout)
        except httpx.TimeoutException:
            raise ConnectorError(f"{operation}: {self._where} did not answer within {self.timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise ConnectorError(f"{operation}: cannot reach {self._where} ({type(exc).__name__})") from None
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
