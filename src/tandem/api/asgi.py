"""The ASGI entry point for uvicorn workers: settings from the environment (`TANDEM_*`)."""

from fastapi import FastAPI

from tandem.api import log_redaction
from tandem.api.app import create_app
from tandem.settings import Settings


def create() -> FastAPI:
    # `tandem serve` configures logging with the filter already; uvicorn started by hand has not.
    log_redaction.install()
    return create_app(Settings())
