"""Tandem: hybrid AI + human customer service."""

__version__ = "0.1.0"
