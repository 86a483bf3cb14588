"""Conversations with people: posting, the desk, escalation, handoff packet, queue and assignment."""
