"""What a customer's conversation costs the server without HTTP: the real app's services called in-process
(issue 15). Where bench/api_roundtrip.py gives the server's CPU per message, this splits it.

PYTHONPATH=<a tree>/src HF_HUB_OFFLINE=1 python bench/post_inprocess.py [--threads 1] [--conversations 100]
                                                                         [--database-url URL] [--json OUT]

The app is built as `tandem serve` builds it (its lifespan runs: models loaded from TANDEM_MODEL_DIR, default
the api_roundtrip bench's cache, BLAS threads set), on a new SQLite file or the PostgreSQL database given (it is
migrated and written to: use one of its own). Each simulated customer opens a conversation (`start`), then posts
five distinct ecommerce questions the AI answers (`post`, with its triage). CPU is the process's user + system
time, per call: `start`, the first message (the language is detected then) and the later ones; `--threads N`
runs N customers at once, as request threads do (then only the mean per message is meaningful). Run it with
PYTHONPATH on two trees in turn to compare them under the same load.
"""

import argparse
import asyncio
import json
import os
import secrets
import tempfile
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from api_roundtrip import QUESTIONS as ROUNDTRIP_QUESTIONS
from rich.progress import Progress

from tandem.api.app import create_app
from tandem.conversations.service import ConversationService
from tandem.domain.access import Principal, PrincipalKind
from tandem.domain.conversations import ConversationStatus, Customer
from tandem.settings import Settings

QUESTIONS = ROUNDTRIP_QUESTIONS["en"][:5]  # each answered by the AI, one intent each: nothing escalates
WARM_UP = 10  # conversations before the timed ones: caches filled, statements prepared


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--conversations", type=int, default=100)
    parser.add_argument("--database-url", help="PostgreSQL (a database of its own); default a new SQLite file")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.threads < 1 or args.conversations < args.threads:
        parser.error("--threads must be at least 1 and at most --conversations")
    os.environ.update(
        TANDEM_DATA_DIR=tempfile.mkdtemp(prefix="tandem-post-"),
        TANDEM_DOMAINS="ecommerce",
        TANDEM_SECRET_KEY=secrets.token_urlsafe(48),
    )
    os.environ.setdefault("TANDEM_MODEL_DIR", str(Path(tempfile.gettempdir()) / "tandem-bench-models"))
    if args.database_url:
        os.environ["TANDEM_DATABASE_URL"] = args.database_url
    figures = asyncio.run(measure(args.threads, args.conversations))
    print(f"{args.threads} thread(s), {args.conversations} conversations: CPU ms per call " + json.dumps(figures))
    if args.json:
        args.json.write_text(json.dumps({"threads": args.threads, **figures}, indent=2) + "\n", encoding="utf-8")


async def measure(threads: int, conversations: int) -> dict[str, float]:
    app = create_app(Settings())
    async with app.router.lifespan_context(app):
        service = app.state.container.conversations
        run_customers(service, threads, WARM_UP, lambda: None)
        with Progress(transient=True) as progress:
            task = progress.add_task("conversations", total=conversations)
            return run_customers(service, threads, conversations, lambda: progress.advance(task))


def run_customers(
    service: ConversationService, threads: int, conversations: int, advance: Callable[[], None]
) -> dict[str, float]:
    """`conversations` customers over `threads` threads; CPU ms per start, first and later message (one thread),
    and per message with its share of the start (any number)."""
    spent = {"start": 0.0, "first message": 0.0, "later message": 0.0}
    escalated: list[str] = []

    def customer(_: int) -> None:
        before = time.process_time()
        conversation, _token = service.start("ecommerce", None, Customer(name="Bench"))
        spent["start"] += time.process_time() - before
        caller = Principal(PrincipalKind.CUSTOMER, conversation_id=conversation.id)
        for n, question in enumerate(QUESTIONS):
            before = time.process_time()
            posted = service.post(caller, conversation.id, question, uuid.uuid4().hex)
            spent["first message" if n == 0 else "later message"] += time.process_time() - before
            if posted.status != ConversationStatus.BOT:
                escalated.append(question)  # a person's work is not what is measured here
        advance()

    started = time.process_time()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(customer, range(conversations)))
    total = time.process_time() - started
    if escalated:
        raise SystemExit(f"{len(escalated)} messages escalated instead of answered, e.g. {escalated[0]!r}")
    figures = {"per message, start included": round(total / (conversations * len(QUESTIONS)) * 1000, 2)}
    if threads == 1:  # with several threads, process time between two reads is every thread's
        figures["start"] = round(spent["start"] / conversations * 1000, 2)
        figures["first message"] = round(spent["first message"] / conversations * 1000, 2)
        figures["later message"] = round(spent["later message"] / (conversations * (len(QUESTIONS) - 1)) * 1000, 2)
    return figures


if __name__ == "__main__":
    main()
