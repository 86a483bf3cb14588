"""Agents and supervisors: accounts, logins and tokens, availability, and their wellbeing record in the live service."""
