"""A client for any OpenAI-compatible chat endpoint (Ollama, vLLM, llama.cpp server, hosted APIs).

Whatever goes out is redacted of cards, IBANs, phones and e-mails here, in the client, so no caller can forget
it. Every failure (timeout, refused connection, HTTP error, malformed answer) is one `LlmUnavailable`, which the
callers turn into the offline path; the one log line names the host and what went wrong, never the key, the
prompt or the answer.
"""

import json
import logging
import time
from dataclasses import dataclass
from typing import Any

import httpx
from pydantic import SecretStr

from tandem.domain.errors import ConnectorError
from tandem.nlu.pii import redact, redacted_url

log = logging.getLogger(__name__)
MAX_RESPONSE_BYTES = 1_000_000  # a chat answer is a few kilobytes; more is a misbehaving server


class LlmUnavailable(ConnectorError):
    """The language model could not give a usable answer; use the offline path."""


@dataclass(frozen=True, slots=True)
class ChatMessage:
    role: str  # "system", "user" or "assistant"
    content: str


class LlmClient:
    """`POST {base_url}/chat/completions`, temperature 0, one answer, within `timeout` seconds overall.

    Without `client` each call opens and closes its own connection: nothing to close at shutdown, and a call
    costs a TCP handshake, small next to a model's answer.
    """

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: SecretStr | str | None = None,
        timeout: float = 8.0,
        max_tokens: int = 300,
        client: httpx.Client | None = None,
    ) -> None:
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        self.model = model
        self.timeout = timeout
        self.max_tokens = max_tokens
        self._url = base_url.rstrip("/") + "/chat/completions"
        self._where = redacted_url(base_url)
        self._key = api_key if isinstance(api_key, SecretStr) or api_key is None else SecretStr(api_key)
        self._client = client

    def __repr__(self) -> str:
        return f"LlmClient({self._where!r}, model={self.model!r}, timeout={self.timeout:g})"

    def chat(self, messages: list[ChatMessage], purpose: str, max_tokens: int | None = None) -> str:
        """The model's answer to `messages`, every one redacted of personal data before it leaves.

        `purpose` names the call in the log line ("answer", "summary"...). Raises `LlmUnavailable`.
        """
        payload = {
            "model": self.model,
            "messages": [{"role": m.role, "content": redact(m.content)} for m in messages],
            "temperature": 0,
            "max_tokens": max_tokens or self.max_tokens,
            "stream": False,
        }
        try:
            return _answer_of(self._post(payload))
        except LlmUnavailable as exc:
            log.warning("LLM %s at %s unavailable: %s", purpose, self._where, exc)
            raise

    def _post(self, payload: dict[str, Any]) -> Any:
        headers = {"Accept": "application/json"}
        if self._key is not None and self._key.get_secret_value():
            headers["Authorization"] = f"Bearer {self._key.get_secret_value()}"
        deadline = time.monotonic() + self.timeout
        try:
            if self._client is not None:
                return self._read(self._client, payload, headers, deadline)
            with httpx.Client(timeout=self.timeout) as client:
                return self._read(client, payload, headers, deadline)
        except httpx.TimeoutException:
            raise LlmUnavailable(f"no answer within {self.timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise LlmUnavailable(f"cannot reach it ({type(exc).__name__})") from None

    def _read(self, client: httpx.Client, payload: dict[str, Any], headers: dict[str, str], deadline: float) -> Any:
        # httpx's timeout bounds each read, not the whole answer: a server trickling bytes is cut off here.
        with client.stream("POST", self._url, json=payload, headers=headers, timeout=self.timeout) as response:
            if not response.is_success:
                raise LlmUnavailable(f"HTTP {response.status_code}")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if time.monotonic() > deadline:
                    raise LlmUnavailable(f"no complete answer within {self.timeout:g} s")
                if len(body) > MAX_RESPONSE_BYTES:
                    raise LlmUnavailable("answer too large")
        try:
            return json.loads(body)
        except ValueError:
            raise LlmUnavailable("answer is not JSON") from None


def _answer_of(data: Any) -> str:
    try:
        content = data["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise LlmUnavailable("answer has no choice") from None
    if not isinstance(content, str) or not content.strip():
        raise LlmUnavailable("answer is empty")
    return content.strip()
