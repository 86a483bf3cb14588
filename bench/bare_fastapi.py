"""The reference for bench/api_roundtrip.py: FastAPI with one JSON endpoint and nothing else on this machine.

python -m uvicorn bare_fastapi:app --app-dir bench --port 8000

`/echo` is a plain `def` handler with a pydantic body and response model, as Tandem's message endpoint is, so
it goes through the same thread pool; the difference to Tandem is then the application's own work.
"""

from fastapi import FastAPI
from pydantic import BaseModel, Field

app = FastAPI(title="bare reference")


class EchoIn(BaseModel):
    text: str = Field(max_length=20_000)
    client_message_id: str | None = Field(default=None, max_length=100)


class EchoOut(BaseModel):
    text: str
    client_message_id: str | None
    status: str


@app.post("/echo", status_code=201, response_model=EchoOut)
def echo(body: EchoIn) -> EchoOut:
    return EchoOut(text=body.text, client_message_id=body.client_message_id, status="ok")


@app.get("/healthz")
def health() -> dict[str, str]:
    return {"status": "ok"}
