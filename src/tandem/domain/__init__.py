"""Domain model: plain dataclasses, enums, errors and ports. Standard library only."""
