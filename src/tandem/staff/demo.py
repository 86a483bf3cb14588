"""Demo accounts: a small team with different skills and languages, and one supervisor. Idempotent."""

from dataclasses import dataclass

from tandem.domain.conversations import Role
from tandem.domain.errors import Conflict
from tandem.staff.service import StaffService

DEMO_PASSWORD = "tandem-demo"


@dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str
    display_name: str
    role: Role
    skills: tuple[str, ...]
    languages: tuple[str, ...]
    capacity: int = 3


DEMO_ACCOUNTS = (
    DemoAccount("alice", "Alice", Role.AGENT, ("ecommerce",), ("fr", "en")),
    DemoAccount("bruno", "Bruno", Role.AGENT, ("ecommerce", "logistics"), ("fr",)),
    DemoAccount("chloe", "Chloé", Role.AGENT, ("telecom",), ("fr", "en")),
    DemoAccount("david", "David", Role.AGENT, ("logistics",), ("en",), capacity=2),
    DemoAccount("emma", "Emma", Role.AGENT, ("telecom", "ecommerce"), ("en",)),
    DemoAccount("farid", "Farid", Role.AGENT, ("ecommerce", "logistics", "telecom"), ("fr", "en"), capacity=4),
    DemoAccount("sam", "Sam", Role.SUPERVISOR, ("ecommerce", "logistics", "telecom"), ("fr", "en")),
)


def seed_demo(staff: StaffService) -> list[DemoAccount]:
    """Create the demo accounts that do not exist yet; returns every demo account."""
    for account in DEMO_ACCOUNTS:
        try:
            staff.add(
                account.username,
                DEMO_PASSWORD,
                account.role,
                skills=account.skills,
                languages=account.languages,
                capacity=account.capacity,
                display_name=account.display_name,
            )
        except Conflict:
            continue
    return list(DEMO_ACCOUNTS)
