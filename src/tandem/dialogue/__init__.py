"""The AI's side of a conversation: the assistant, its flows, its state and that state's codec."""
