"""The learning loop: lessons from resolved conversations, their review, and the offline replay."""
