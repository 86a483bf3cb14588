"""Agent assist: for the conversation in front of an agent, the best articles and replies to start from.

Indexes are built once per (domain, language) and refreshed, cheaply, when the approved answers change.
"""

import threading
from collections.abc import Sequence

from tandem.bot.assist import AssistIndex, Suggestions
from tandem.bot.pack_loader import builtin_pack
from tandem.domain.access import Principal
from tandem.domain.conversations import Author
from tandem.domain.learning import LearnedAnswer
from tandem.domain.ports import UnitOfWork
from tandem.services.access import check_can_read, check_staff

ASK_TURNS = 4  # the customer's last few messages say what the conversation is about now


class AssistService:
    def __init__(self, uow: UnitOfWork, domains: Sequence[str]) -> None:
        self._uow, self._domains = uow, tuple(domains)
        self._indexes: dict[tuple[str, str], tuple[tuple[int, ...], AssistIndex]] = {}
        self._lock = threading.Lock()

    def for_conversation(self, principal: Principal, conversation_id: str, k: int = 3) -> Suggestions:
        """Top `k` articles and replies, in the conversation's language, for what the customer asked."""
        check_staff(principal)
        with self._uow(read_only=True) as tx:
            conversation = tx.conversations.get(conversation_id)
            check_can_read(principal, conversation)
            asked = [m.text for m in tx.messages.in_conversation(conversation_id) if m.author == Author.CUSTOMER]
            learned = tx.candidates.learned(conversation.domain) if conversation.domain in self._domains else []
        if conversation.domain not in self._domains or not asked:
            return Suggestions()
        language = conversation.language or "en"
        return self._index(conversation.domain, language, learned).suggest("\n".join(asked[-ASK_TURNS:]), k)

    def _index(self, domain: str, language: str, learned: list[LearnedAnswer]) -> AssistIndex:
        mine = [item for item in learned if item.language == language]
        key = tuple(item.id for item in mine)
        with self._lock:
            cached = self._indexes.get((domain, language))
            if cached is not None and cached[0] == key:
                return cached[1]
        # Outside the lock: a first build takes a few hundred ms and other domains need not wait for it.
        index = AssistIndex(builtin_pack(domain), language, mine) if cached is None else cached[1].with_learned(mine)
        with self._lock:
            self._indexes[(domain, language)] = (key, index)
        return index
