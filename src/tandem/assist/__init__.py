"""Agent assist: the articles and reply suggestions shown beside a conversation, and their evaluation."""
