"""`tandem demo history`'s work: the demo team (created if missing, as `seed_demo` does; more all-rounders when
the volume needs them), then the history written batch by batch. Adds rows; never deletes or changes any."""

import contextlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select

from tandem.demo.bulk import BulkWriter
from tandem.demo.history import History, Team
from tandem.demo.questions import question_bank
from tandem.demo.request import HistoryRequest
from tandem.demo.team import Member
from tandem.domain.conversations import Role
from tandem.domain.errors import Conflict
from tandem.domain.events import NullSink
from tandem.domain.hours import SupportHours
from tandem.packs.loader import builtin_pack_names
from tandem.staff.demo import DEMO_PASSWORD, seed_demo
from tandem.staff.security import Tokens
from tandem.staff.service import StaffService
from tandem.store.tables import ConversationRow
from tandem.store.unit_of_work import SqlUnitOfWork

Progress = Callable[[str, int, int], None]
# Agents at work needed per daily conversation at the peak (a quarter handed over, 8 minutes each, about two
# chats at once), and the share of the team at work then (five days in seven, shifts, breaks).
AT_WORK_PER_DAILY_CONVERSATION = 0.002
SHARE_AT_WORK = 0.6
# The six demo agents cannot keep every team and language covered from morning to evening seven days a week
# (some have one language or one skill): a few all-rounders fill the gaps, whatever the volume.
MIN_ALL_ROUNDERS = 3


@dataclass(frozen=True, slots=True)
class Added:
    conversations: int
    messages: int
    assignments: int
    escalations: int
    agent_hours: int
    agents_created: tuple[str, ...]
    since: datetime
    until: datetime


def has_conversations(engine: Engine) -> bool:
    with engine.connect() as connection:
        return connection.scalar(select(ConversationRow.id).limit(1)) is not None


def team_size(request: HistoryRequest) -> int:
    """How many agents the history's volume needs so that waits stay those of a staffed desk."""
    daily = request.conversations / request.days
    return math.ceil(daily * AT_WORK_PER_DAILY_CONVERSATION / SHARE_AT_WORK)


def ensure_team(
    engine: Engine, request: HistoryRequest, domains: Sequence[str], clock: Callable[[], datetime]
) -> tuple[list[Member], tuple[str, ...]]:
    """The demo team (created if missing) and, when the volume needs more people, all-rounders `team-01`, ...
    (the demo password); returns the members and the usernames created now."""
    uow = SqlUnitOfWork(engine)
    with uow(read_only=True) as tx:
        before = {a.username for a in tx.agents.all()}
    staff = StaffService(uow, NullSink(), Tokens("unused-tokens-are-never-issued-by-this-command"), clock)
    accounts = seed_demo(staff, tuple(d for d in domains if d not in builtin_pack_names()))
    names = [a.username for a in accounts]
    extra = max(MIN_ALL_ROUNDERS, team_size(request) - sum(1 for a in accounts if a.role == Role.AGENT))
    for n in range(1, extra + 1):
        names.append(f"team-{n:02d}")
        with contextlib.suppress(Conflict):
            staff.add(names[-1], DEMO_PASSWORD, Role.AGENT, skills=tuple(domains), display_name=f"Team {n:02d}")
    with uow(read_only=True) as tx:
        agents = {a.username: a for a in tx.agents.all()}
    members = [
        Member(a.id, a.username, frozenset(a.skills), frozenset(a.languages), a.capacity, a.role == Role.SUPERVISOR)
        for a in (agents[name] for name in names if name in agents)
    ]
    return members, tuple(sorted(set(agents) - before))


def fill_history(
    engine: Engine,
    request: HistoryRequest,
    now: datetime,
    domains: Sequence[str],
    hours: SupportHours,
    progress: Progress = lambda stage, done, total: None,
) -> Added:
    """Add a history of `request.conversations` over the `request.days` before `now` to the database."""
    members, created = ensure_team(engine, request, domains, lambda: now)
    history = History(request, now, Team(members, hours), question_bank(domains))
    writer = BulkWriter(engine)
    counts = [0, 0, 0, 0]
    for batch in history.days():
        counts[1] += writer.write(batch)
        counts[0] += len(batch.conversations)
        counts[2] += len(batch.assignments)
        counts[3] += len(batch.escalations)
        progress("conversations", counts[0], request.conversations)
    hour_rows = history.agent_hours()
    writer.add_hours(hour_rows)
    writer.forget_rollups(history.window.start)
    progress("statistics", 0, 1)
    writer.settle()
    progress("statistics", 1, 1)
    window = history.window
    return Added(counts[0], counts[1], counts[2], counts[3], len(hour_rows), created, window.start, window.end)
