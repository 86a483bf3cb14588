"""Demo accounts: a small team with different skills and languages, and one supervisor. Idempotent."""

import contextlib
from dataclasses import dataclass, replace

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


# The all-rounders also take the company packs a demo serves (TANDEM_PACK_DIRS), so their customers reach someone.
ALL_ROUNDERS = ("farid", "sam")


def seed_demo(staff: StaffService, company_packs: tuple[str, ...] = ()) -> list[DemoAccount]:
    """Create the demo accounts that do not exist yet, the all-rounders skilled in `company_packs` too; returns
    every demo account."""
    for account in DEMO_ACCOUNTS:
        with contextlib.suppress(Conflict):
            staff.add(
                account.username,
                DEMO_PASSWORD,
                account.role,
                skills=account.skills,
                languages=account.languages,
                capacity=account.capacity,
                display_name=account.display_name,
            )
        if account.username in ALL_ROUNDERS and company_packs:
            staff.grant_skills(account.username, company_packs)
    return [
        replace(account, skills=account.skills + company_packs) if account.username in ALL_ROUNDERS else account
        for account in DEMO_ACCOUNTS
    ]
