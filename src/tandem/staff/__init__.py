"""Agents and supervisors: accounts, logins and tokens, availability."""
