"""The review queue: supervisors approve, edit or reject what resolved conversations proposed to teach the AI.

An approval makes the question an example of its intent (and the answer a knowledge entry) and asks for the
domain's model to be retrained; the new model is served only if it scores no worse (`model_registry`).
"""

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime

from tandem.domain.access import Principal, check_staff, check_supervisor
from tandem.domain.errors import Conflict, InvalidInput
from tandem.domain.learning import Candidate, CandidateStatus, LearnedAnswer
from tandem.domain.packs import check_domain
from tandem.domain.ports import UnitOfWork
from tandem.learning.lessons import MAX_ANSWER, MAX_QUESTION, check_intent_name
from tandem.models.learned_pack import with_learned
from tandem.packs.catalog import find_pack


class LearningService:
    def __init__(
        self,
        uow: UnitOfWork,
        clock: Callable[[], datetime],
        domains: tuple[str, ...],
        retrain: Callable[[Iterable[str]], object] = lambda domains: None,
    ) -> None:
        self._uow, self._clock, self._domains, self._retrain = uow, clock, domains, retrain

    def candidates(self, principal: Principal, status: CandidateStatus = CandidateStatus.PENDING) -> list[Candidate]:
        check_supervisor(principal)
        with self._uow(read_only=True) as tx:
            return [c for c in tx.candidates.with_status(status) if c.domain in self._domains]

    def approve(
        self,
        principal: Principal,
        candidate_id: int,
        intent: str | None = None,
        question: str | None = None,
        answer: str | None = None,
    ) -> Candidate:
        """Accept a candidate, with the supervisor's edits; retraining of its domain follows."""
        check_supervisor(principal)
        with self._uow() as tx:
            candidate = self._pending(tx.candidates.lock(candidate_id))
            chosen = check_intent_name(intent if intent is not None else candidate.intent or "")
            approved = replace(
                candidate,
                intent=chosen,
                question=_text(question, candidate.question, "question", MAX_QUESTION),
                answer=_text(answer, candidate.answer, "answer", MAX_ANSWER),
                status=CandidateStatus.APPROVED,
                reviewed_by=principal.agent_id,
                reviewed_at=self._clock(),
            )
            tx.candidates.update(approved)
            tx.commit()
        self._retrain([approved.domain])
        return approved

    def reject(self, principal: Principal, candidate_id: int) -> Candidate:
        check_supervisor(principal)
        with self._uow() as tx:
            candidate = self._pending(tx.candidates.lock(candidate_id))
            rejected = replace(
                candidate, status=CandidateStatus.REJECTED, reviewed_by=principal.agent_id, reviewed_at=self._clock()
            )
            tx.candidates.update(rejected)
            tx.commit()
        return rejected

    def learned(self, domain: str) -> list[LearnedAnswer]:
        """Approved answers of `domain` (agent assist suggests them)."""
        with self._uow(read_only=True) as tx:
            return tx.candidates.learned(domain)

    def intents(self, principal: Principal, domain: str) -> list[str]:
        """The intents an agent or supervisor can choose from: the pack's and those learned since."""
        check_staff(principal)
        check_domain(domain, self._domains)
        return sorted(with_learned(find_pack(domain), self.learned(domain)).intents)

    def _pending(self, candidate: Candidate) -> Candidate:
        if candidate.domain not in self._domains:
            raise InvalidInput(f"candidate {candidate.id} belongs to a domain this service does not serve")
        if candidate.status != CandidateStatus.PENDING:
            raise Conflict(f"candidate {candidate.id} was already {candidate.status.value}")
        return candidate


def _text(edited: str | None, current: str, name: str, limit: int) -> str:
    text = (edited if edited is not None else current).strip()
    if not text:
        raise InvalidInput(f"the {name} must not be empty")
    if len(text) > limit:
        raise InvalidInput(f"the {name} is at most {limit} characters")
    return text
