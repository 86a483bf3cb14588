"""The ASGI entry point for uvicorn workers: settings from the environment (`TANDEM_*`)."""

from fastapi import FastAPI

from tandem.api.app import create_app
from tandem.settings import Settings


def create() -> FastAPI:
    return create_app(Settings())
