"""What one customer message costs the database: a budget of statements, so that the hot path stays as cut down as
docs/benchmarks.md ("Server CPU per message") describes: 16 statements before (the client id looked up three times,
two savepoints), now the conversation read before thinking, then the write: the lock, two inserts (a client id
stored already inserts nothing), the facts' read and update, the conversation's update."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, event

from .conftest import Api

BUDGET = 7  # statements per customer message the AI answers, BEGIN and COMMIT aside


@contextmanager
def statements_of_this_thread(engine: Engine) -> Iterator[list[str]]:
    """The statements run from the calling thread (the routing pass runs its own, in another thread)."""
    me, seen = threading.get_ident(), []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if threading.get_ident() == me and not statement.startswith("BEGIN"):
            seen.append(" ".join(statement.split())[:90])

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_a_customer_message_stays_within_its_statement_budget(api: Api) -> None:
    chat = api.open(email="ann@example.com")
    container = api.container
    customer = container.tokens.principal(chat.token)
    container.conversations.post(customer, chat.id, "what is your return policy?", "m-1")
    with statements_of_this_thread(container.engine) as seen:
        posted = container.conversations.post(customer, chat.id, "which payment methods do you accept?", "m-2")
    assert posted.replies and posted.replies[-1].author.value == "ai"  # answered by the AI, not handed over
    assert not [s for s in seen if "SAVEPOINT" in s], seen
    assert len(seen) <= BUDGET, "\n".join(seen)
