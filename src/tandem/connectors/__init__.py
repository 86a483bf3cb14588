"""Connectors to a company's business systems (orders, parcels, billing): demo data or your HTTP endpoint."""

from tandem.connectors.demo import DemoConnector
from tandem.connectors.http import HttpConnector
from tandem.domain.ports import Connector

__all__ = ["Connector", "DemoConnector", "HttpConnector"]
