"""Recording a conversation's outcome facts as its events happen (docs/metrics.md, tables of 0006).

Every method is one or two statements on the conversation's own row, by primary key. A conversation stored
before 0006 has no row: its events are not recorded (the figures say they leave those out)."""

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Boolean, String, Table, and_, bindparam, case, func, insert, select, update
from sqlalchemy.orm import Session

from tandem.metrics.definitions import COME_BACK_SECONDS, REOPEN_SECONDS
from tandem.metrics.period import epoch
from tandem.store.rollups import SETTLED_AFTER, unmark
from tandem.store.tables import ConversationFactRow as F
from tandem.store.tables import EscalationFactRow


def customer_key(email: str | None) -> str | None:
    """Who the customer is, for "came back": a digest of the address, never the address itself."""
    if not email or not email.strip():
        return None
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()


# A conversation's hours are summed only once settled, SETTLED_AFTER (about 7 days) after they end
# (store/rollups.py); a write to one created less than that ago has no sum to undo. A day of margin covers hosts
# whose clocks disagree.
_NEVER_SUMMED_S = SETTLED_AFTER - 24 * 3600


def _may_be_summed(created_s: int, at: datetime) -> bool:
    """Whether an hour of a conversation created at `created_s` may have been summed by `at` (its queued hour
    comes later than its created hour, so it is summed later still)."""
    return created_s < epoch(at) - _NEVER_SUMMED_S


_FACTS = cast(Table, F.__table__)
_ISSUE = select(_FACTS.c.customer_key, _FACTS.c.intent).where(_FACTS.c.conversation_id == bindparam("b_id"))
# Every customer message: built once (building it cost more CPU than running it). The first intent answered stays.
_WROTE = (
    update(_FACTS)
    .where(_FACTS.c.conversation_id == bindparam("b_id"))
    .values(
        last_customer_s=bindparam("b_now"),
        ai_open=bindparam("b_open"),
        ai_answered_s=case(
            (bindparam("b_answered", type_=Boolean), func.coalesce(_FACTS.c.ai_answered_s, bindparam("b_now"))),
            else_=_FACTS.c.ai_answered_s,
        ),
        intent=func.coalesce(_FACTS.c.intent, bindparam("b_intent", type_=String)),
    )
    .returning(_FACTS.c.created_s)
)


class SqlConversationFacts:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _set(self, conversation_id: str, *where: object, at: datetime | None = None, **values: object) -> int | None:
        """Update the conversation's facts row (when `where` holds too); its `created_s`, or None when no row
        changed. `at`, the event's time, spares recent conversations the rollups' bookkeeping (`_may_be_summed`)."""
        statement = update(F).where(F.conversation_id == conversation_id, *where).values(**values)  # type: ignore[arg-type]
        statement = statement.returning(F.created_s).execution_options(synchronize_session=False)
        created = self._session.execute(statement).scalar()
        self._unmark_old(conversation_id, created, at)
        return created

    def _unmark_old(self, conversation_id: str, created_s: int | None, at: datetime | None) -> None:
        """After a write to the conversation's facts (`created_s` None: no row), its hours' sums are out of date."""
        if created_s is not None and (at is None or _may_be_summed(created_s, at)):
            unmark(self._session, F.conversation_id == conversation_id)

    def opened(self, conversation_id: str, at: datetime, team: str, email: str | None) -> None:
        self._session.execute(
            insert(F).values(
                conversation_id=conversation_id, created_s=epoch(at), team=team, customer_key=customer_key(email)
            )
        )
        unmark(self._session, F.conversation_id == conversation_id)  # an hour summed already (a clock set back)

    def customer_wrote(
        self, conversation_id: str, at: datetime, intent: str | None, answered: bool, open_question: bool
    ) -> None:
        """A customer message and what the AI did with it: `answered` an actual answer to `intent` (None when
        the AI did not reply: a person has the conversation), `open_question` its turn asks something back.
        The first intent answered is the conversation's issue, for "came back"."""
        now = epoch(at)
        before = None
        if intent is not None:
            before = self._session.execute(_ISSUE, {"b_id": conversation_id}).one_or_none()
            if before is None:
                return
        values = {"b_id": conversation_id, "b_now": now, "b_open": open_question, "b_answered": answered}
        created = self._session.execute(_WROTE, {**values, "b_intent": intent}).scalar()
        self._unmark_old(conversation_id, created, at)
        if intent is not None and before is not None and before.intent is None and before.customer_key is not None:
            self._came_back(conversation_id, before.customer_key, intent, now)

    def _came_back(self, conversation_id: str, key: str, intent: str, now: int) -> None:
        """The customer's earlier conversations on the same issue, their last message within 7 days: not
        resolved after all."""
        statement = update(F).where(
            F.customer_key == key,
            F.created_s >= now - COME_BACK_SECONDS,
            F.created_s <= now,
            F.conversation_id != conversation_id,
            F.intent == intent,
            F.came_back_s.is_(None),
            F.last_customer_s >= now - COME_BACK_SECONDS,
        )
        self._session.execute(statement.values(came_back_s=now).execution_options(synchronize_session=False))
        unmark(self._session, F.customer_key == key, F.came_back_s == now, F.conversation_id != conversation_id)

    def handed(self, conversation_id: str, at: datetime, reasons: Sequence[str]) -> None:
        """Handed to people (queued) for `reasons`: the first hand-over's time, each reason once."""
        now = epoch(at)
        created = self._set(
            conversation_id, at=at, handed_s=func.coalesce(F.handed_s, now), queued_s=func.coalesce(F.queued_s, now)
        )
        if created is None or not reasons:
            return
        known = set(
            self._session.execute(
                select(EscalationFactRow.reason).where(EscalationFactRow.conversation_id == conversation_id)
            ).scalars()
        )
        fresh = [r for r in dict.fromkeys(reasons) if r not in known]
        for reason in fresh:
            self._session.add(EscalationFactRow(conversation_id=conversation_id, reason=reason[:32], created_s=created))
        if fresh:
            self._session.flush()

    def answered(self, conversation_id: str, at: datetime) -> None:
        """A person took it (the first time counts for the wait)."""
        self._set(conversation_id, at=at, answer_s=func.coalesce(F.answer_s, epoch(at)))

    def closed(self, conversation_id: str, at: datetime, abuse: bool = False) -> None:
        """Resolved or ended (`abuse`: for the tone of the customer's messages); unanswered if no person took it."""
        values: dict[str, object] = {
            "resolved_s": func.coalesce(F.resolved_s, epoch(at)),
            "closed_unanswered": case(
                (and_(F.queued_s.is_not(None), F.answer_s.is_(None)), True), else_=F.closed_unanswered
            ),
        }
        if abuse:
            values["abuse_ended"] = True
        self._set(conversation_id, at=at, **values)

    def reopened(self, conversation_id: str, at: datetime) -> None:
        """The customer wrote again after the end: a reopen if within 7 days of the first closing."""
        now = epoch(at)
        self._set(conversation_id, F.reopened_s.is_(None), F.resolved_s >= now - REOPEN_SECONDS, at=at, reopened_s=now)

    def transferred(self, conversation_id: str, team: str) -> None:
        self._set(conversation_id, team=team)

    def rated(self, conversation_id: str, score: int) -> None:
        """The customer's CSAT: for people when a person answered the conversation, else for the AI."""
        self._set(conversation_id, csat=score, csat_people=F.answer_s.is_not(None))

    def said_answered(self, conversation_id: str) -> bool:
        answered = self._session.execute(select(F.answered).where(F.conversation_id == conversation_id)).scalar()
        return answered is True

    def can_confirm(self, conversation_id: str) -> bool:
        row = self._session.execute(
            select(F.ai_answered_s, F.handed_s, F.ai_open).where(F.conversation_id == conversation_id)
        ).one_or_none()
        return row is not None and row.ai_answered_s is not None and row.handed_s is None and not row.ai_open

    def confirmed(self, conversation_id: str, answered: bool, at: datetime) -> bool:
        """The customer's "did this answer your question?". False (nothing recorded) unless the AI gave an
        answer and no person was handed the conversation. The same answer again changes nothing."""
        row = self._session.execute(
            select(F.ai_answered_s, F.handed_s, F.answered).where(F.conversation_id == conversation_id)
        ).one_or_none()
        if row is None or row.ai_answered_s is None or row.handed_s is not None:
            return False
        if row.answered is not answered:
            self._set(conversation_id, at=at, answered=answered, confirmed_s=epoch(at))
        return True
