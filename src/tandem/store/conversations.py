"""Conversations: the queue, claims and the assignment log."""

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Select, Table, bindparam, func, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from tandem.domain import lifecycle
from tandem.domain.conversations import Conversation, ConversationStatus, Customer
from tandem.domain.dialogue import dump_state, load_state
from tandem.domain.errors import Conflict, NotFound
from tandem.domain.handoff import HandoffPacket
from tandem.domain.lifecycle import Transition
from tandem.domain.routing import ChatSpan
from tandem.nlu.pii import PAYMENT, redact
from tandem.store.tables import AssignmentRow, ConversationRow

# A conversation held longer than this is not counted from its start (the log is read this far back).
LOOK_BACK = timedelta(hours=12)


_TABLE = cast(Table, ConversationRow.__table__)
# Built once: building a statement costs more CPU than running it. The columns to set come with the values.
_GET = select(_TABLE).where(_TABLE.c.id == bindparam("row_id"))
_LOCK = _GET.with_for_update()
_UPDATE = update(_TABLE).where(_TABLE.c.id == bindparam("row_id"))


def _add_statement(dialect: Any) -> Any:
    """A new conversation: no row (no id back) when the id exists, and the transaction goes on (no savepoint)."""
    return dialect.insert(_TABLE).on_conflict_do_nothing(index_elements=[_TABLE.c.id]).returning(_TABLE.c.id)


_ADD = {"postgresql": _add_statement(postgresql), "sqlite": _add_statement(sqlite)}


def to_domain(row: Any) -> Conversation:
    """A conversation from a row of the conversations table (an ORM row or a Core one)."""
    return Conversation(
        id=row.id,
        domain=row.domain,
        language=row.language,
        customer=Customer(name=row.customer_name, email=row.customer_email, vip=row.customer_vip),
        created_at=row.created_at,
        status=ConversationStatus(row.status),
        ai_state=load_state(row.ai_state),
        escalation_reasons=tuple(row.escalation_reasons),
        priority=row.priority,
        queued_at=row.queued_at,
        handoff=HandoffPacket.from_json(row.handoff) if row.handoff is not None else None,
        agent_id=row.agent_id,
        assigned_at=row.assigned_at,
        resolved_at=row.resolved_at,
        csat=row.csat,
        flagged=row.flagged,
        flag_reason=row.flag_reason,
        supervisor_only=row.supervisor_only,
        waiting_reasons=tuple(row.waiting_reasons),
    )


def _columns(conversation: Conversation) -> dict[str, Any]:
    """Every column but the id, from the domain record."""
    return {
        "domain": conversation.domain,
        "language": conversation.language,
        "customer_name": redact(conversation.customer.name, PAYMENT),  # free text: people paste anything
        "customer_email": conversation.customer.email,
        "customer_vip": conversation.customer.vip,
        "created_at": conversation.created_at,
        "status": conversation.status.value,
        "ai_state": dump_state(conversation.ai_state),
        "escalation_reasons": list(conversation.escalation_reasons),
        "priority": conversation.priority,
        "queued_at": conversation.queued_at,
        "handoff": conversation.handoff.as_json() if conversation.handoff is not None else None,
        "agent_id": conversation.agent_id,
        "assigned_at": conversation.assigned_at,
        "resolved_at": conversation.resolved_at,
        "csat": conversation.csat,
        "flagged": conversation.flagged,
        "flag_reason": conversation.flag_reason,
        "supervisor_only": conversation.supervisor_only,
        "waiting_reasons": list(conversation.waiting_reasons),
    }


# The statuses the lifecycle assigns from: the claim's guard in SQL.
_ASSIGNABLE = sorted(s.value for s in lifecycle.sources(Transition.ASSIGN))


def _changed(before: Conversation, after: Conversation) -> dict[str, Any]:
    """The columns a transition changed, and only those: a concurrent write to any other column stands."""
    old = _columns(before)
    return {name: value for name, value in _columns(after).items() if old[name] != value}


# Any constant shared by all Tandem workers (the migration lock is 0x7A4D_0001).
_ROUTING_LOCK = 0x7A4D_0002


class SqlConversationRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, conversation: Conversation) -> Conversation:
        """Store a new conversation. Raises Conflict when the id exists."""
        added = self._session.execute(
            _ADD[self._session.get_bind().dialect.name], {"id": conversation.id, **_columns(conversation)}
        ).scalar()
        if added is None:
            raise Conflict(f"conversation {conversation.id} already exists")
        return conversation

    def get(self, conversation_id: str) -> Conversation:
        """Raises NotFound."""
        return to_domain(self._row(conversation_id))

    def lock(self, conversation_id: str) -> Conversation:
        """`get`, holding a row lock until the transaction ends (PostgreSQL; SQLite has one writer anyway)."""
        return to_domain(self._row(conversation_id, for_update=True))

    def update(self, conversation: Conversation) -> None:
        """Write every field. Raises NotFound."""
        values = {"row_id": conversation.id, **_columns(conversation)}
        if not cast(CursorResult[Any], self._session.execute(_UPDATE, values)).rowcount:
            raise NotFound(f"conversation {conversation.id}")

    def queued(self) -> list[Conversation]:
        """Conversations waiting for a person, oldest first."""
        return self._list(
            select(ConversationRow)
            .where(ConversationRow.status == ConversationStatus.QUEUED.value)
            .order_by(ConversationRow.queued_at, ConversationRow.id)
        )

    def claim(self, conversation_id: str, agent_id: int, at: datetime) -> bool:
        """Assign a queued conversation to `agent_id` (the lifecycle's `assigned`) and log it; False when it is
        taken or no longer queued.

        PostgreSQL: a row another transaction holds is skipped, not waited for (that worker is assigning it).
        SQLite has no row locks (the FOR UPDATE is not rendered) but one writer at a time: the status test inside
        the UPDATE settles a race with a claim made between the read and the write.
        """
        row = self._session.scalar(
            select(ConversationRow)
            .where(ConversationRow.id == conversation_id)
            .where(ConversationRow.status.in_(_ASSIGNABLE))
            .with_for_update(skip_locked=True)
            .execution_options(populate_existing=True)
        )
        if row is None:
            return False
        before = to_domain(row)
        result = cast(
            CursorResult[Any],
            self._session.execute(
                update(ConversationRow)
                .where(ConversationRow.id == conversation_id)
                .where(ConversationRow.status.in_(_ASSIGNABLE))
                .values(**_changed(before, lifecycle.assigned(before, agent_id, at)))
                .execution_options(synchronize_session="fetch"),
            ),
        )
        if result.rowcount != 1:
            return False
        self._session.add(AssignmentRow(conversation_id=conversation_id, agent_id=agent_id, assigned_at=at))
        self._session.flush()
        return True

    def assigned_to(self, agent_id: int) -> list[Conversation]:
        """The agent's current conversations, in the order they got them."""
        return self._list(
            select(ConversationRow)
            .where(ConversationRow.status == ConversationStatus.ASSIGNED.value)
            .where(ConversationRow.agent_id == agent_id)
            .order_by(ConversationRow.assigned_at, ConversationRow.id)
        )

    def count_assigned(self) -> dict[int, int]:
        """Agent id -> conversations assigned to them now (agents with none are absent)."""
        rows = self._session.execute(
            select(ConversationRow.agent_id, func.count())
            .where(ConversationRow.status == ConversationStatus.ASSIGNED.value)
            .where(ConversationRow.agent_id.is_not(None))
            .group_by(ConversationRow.agent_id)
        )
        return {agent_id: count for agent_id, count in rows if agent_id is not None}

    def hold_routing(self) -> None:
        """Hold the routing lock until the transaction ends, so one routing pass runs at a time across workers.

        Claims alone never assign a conversation twice, but two passes reading the same agent loads could
        both fill the agent's last seat. SQLite's single writer already serialises passes.
        """
        if self._session.get_bind().dialect.name == "postgresql":
            self._session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ROUTING_LOCK})

    def assignment_counts(self) -> dict[str, int]:
        """Conversation id -> rows in the assignment log (conversations never assigned are absent)."""
        rows = self._session.execute(
            select(AssignmentRow.conversation_id, func.count()).group_by(AssignmentRow.conversation_id)
        )
        return {conversation_id: count for conversation_id, count in rows}

    def chat_spans(self, since: datetime, until: datetime) -> list[ChatSpan]:
        """Each time an agent had a conversation, overlapping `since`..`until`, from the assignment log.

        A stretch ends at the conversation's next assignment (a transfer or a requeue: the wait in between
        counts, for want of its time), else when it was resolved; it is open while the agent still has it. A
        conversation handed back to the AI (or requeued and still waiting) has no recorded end: it is left out.
        Assignments older than `LOOK_BACK` before `since` are not read.
        """
        rows = self._session.execute(
            select(
                AssignmentRow.conversation_id,
                AssignmentRow.agent_id,
                AssignmentRow.assigned_at,
                ConversationRow.status,
                ConversationRow.agent_id,
                ConversationRow.resolved_at,
            )
            .join(ConversationRow, ConversationRow.id == AssignmentRow.conversation_id)
            .where(AssignmentRow.assigned_at >= since - LOOK_BACK)
            .where(AssignmentRow.assigned_at < until)
            .order_by(AssignmentRow.conversation_id, AssignmentRow.assigned_at, AssignmentRow.id)
        ).all()
        spans: list[ChatSpan] = []
        for i, (conversation_id, agent_id, start, status, holder, resolved_at) in enumerate(rows):
            following = rows[i + 1] if i + 1 < len(rows) and rows[i + 1][0] == conversation_id else None
            end: datetime | None
            if following is not None:
                end = following[2]
            elif status == ConversationStatus.ASSIGNED.value and holder == agent_id:
                end = None
            elif status == ConversationStatus.RESOLVED.value and resolved_at is not None:
                end = resolved_at
            else:
                continue
            if end is None or end > since:
                spans.append(ChatSpan(agent_id, start, end))
        return spans

    def created_since(self, since: datetime | None) -> list[Conversation]:
        """Conversations created at or after `since` (all of them for None), oldest first."""
        query = select(ConversationRow).order_by(ConversationRow.created_at, ConversationRow.id)
        if since is not None:
            query = query.where(ConversationRow.created_at >= since)
        return self._list(query)

    def with_status(self, status: ConversationStatus) -> list[Conversation]:
        """Conversations in `status`, oldest first."""
        return self._list(
            select(ConversationRow)
            .where(ConversationRow.status == status.value)
            .order_by(ConversationRow.created_at, ConversationRow.id)
        )

    def set_waiting_reasons(self, conversation_id: str, reasons: tuple[str, ...]) -> None:
        """Record why the router left it waiting, touching no other column."""
        self._session.execute(
            update(ConversationRow)
            .where(ConversationRow.id == conversation_id)
            .values(waiting_reasons=list(reasons))
            .execution_options(synchronize_session=False)
        )

    def _row(self, conversation_id: str, *, for_update: bool = False) -> Any:
        """The conversation's row, read with Core (a row a message's transaction reads twice: the ORM's identity
        map and unit of work only cost CPU here)."""
        row = self._session.execute(_LOCK if for_update else _GET, {"row_id": conversation_id}).one_or_none()
        if row is None:
            raise NotFound(f"conversation {conversation_id}")
        return row

    def _list(self, query: Select[ConversationRow]) -> list[Conversation]:
        # populate_existing: a row cached earlier in this session must not hide another worker's commit.
        rows = self._session.scalars(query.execution_options(populate_existing=True)).all()
        return [to_domain(row) for row in rows]
