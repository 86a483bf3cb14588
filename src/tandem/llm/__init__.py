"""The optional language model: client, grounded answer phrasing, handoff summaries, reply drafts."""
