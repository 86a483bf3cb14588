"""Alembic migrations. A package so that `env.py` ships with an installed Tandem."""
