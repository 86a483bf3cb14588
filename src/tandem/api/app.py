"""The FastAPI application: `create_app(settings)` wires the store, the services, the API and the pages."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Executor
from contextlib import asynccontextmanager
from datetime import datetime

from fastapi import FastAPI
from sqlalchemy import Engine

from tandem.api import affinity, docs, errors, heap, pages, redis_outage
from tandem.api.body_limit import BodyLimit
from tandem.api.container import Container, utc_now
from tandem.api.cpu_follow import CHECK_EVERY_SECONDS, CpuFollower
from tandem.api.health import Health
from tandem.api.presence import SWEEP_EVERY_SECONDS
from tandem.api.routes import conversations, learning, live, metrics, staff, takeover
from tandem.dialogue.assistants import Assistants
from tandem.domain.conversations import AgentStatus
from tandem.llm.assist import LlmAssist
from tandem.nlu import encoder_pool, encoders
from tandem.nlu.lexicon import warm_lexicons
from tandem.settings import PinCpu, Settings
from tandem.store.database import default_url, make_engine
from tandem.store.migrate import upgrade
from tandem.store.unit_of_work import SqlUnitOfWork

log = logging.getLogger(__name__)
ASSIGN_EVERY_SECONDS = 2.0  # waiting time ages priority, and agents free up: route again this often
MODEL_SYNC_SECONDS = 5.0  # how soon a worker serves a model another worker promoted (or rolled back)
TAKEOVER_EXPIRY_SECONDS = 5.0  # how late past its limit a hostile conversation nobody took may be closed


def database_url(settings: Settings) -> str:
    return settings.database_url or default_url(settings.data_dir)


def load_assistants(settings: Settings) -> Assistants:
    """Each served pack's assistant, its flows reaching the company's endpoint or the demo connector; and what
    every message is read with built now rather than by the first customers' requests: the signal lexicons, and
    the sentence encoders of the served models when this process runs them (the universal encoder's tokenizer
    alone takes a second; with `encoder_processes`, those processes warm their own)."""
    warm_lexicons()
    assistants = Assistants.load(
        settings.served_domains,
        settings.model_dir,
        llm=LlmAssist.from_settings(settings),
        endpoints=settings.endpoints,
    )
    if not settings.encoder_processes:
        for name in _encoders_used(assistants):
            encoders.get_encoder(name).encode(["warm-up"])
    return assistants


def _encoders_used(assistants: Assistants) -> list[str]:
    used = {name for domain in assistants.domains for name in assistants.model(domain).representations}
    return sorted(used - {"tfidf"})


def _prepare_worker(settings: Settings, assistants: Assistants) -> tuple[Executor | None, CpuFollower | None]:
    """The worker's BLAS threads, and its encoder processes if the settings ask for them (returned, else None); then
    its CPU if the settings ask (after the encoder processes started: they keep the CPUs the worker had), and what
    moves it to a quieter one (`auto`; else None)."""
    encoders.limit_threads(settings.blas_threads)
    pool = None
    allowed = affinity.allowed_cpus()
    if settings.encoder_processes:
        used = _encoders_used(assistants)
        pool = encoder_pool.start(settings.encoder_processes, settings.blas_threads, used, allowed)
    if settings.pin_cpu is PinCpu.OFF or affinity.worker_index is None:  # None: not a server process of its own
        return pool, None
    pinned = affinity.pin_worker(settings.blas_threads)
    log.info("worker %d on CPU %s", affinity.worker_index, "any" if pinned is None else sorted(pinned))
    if settings.pin_cpu is PinCpu.ON or pinned is None or allowed is None:
        return pool, None
    return pool, CpuFollower(pinned, allowed)


def create_app(
    settings: Settings,
    assistants: Assistants | None = None,
    engine: Engine | None = None,
    clock: Callable[[], datetime] = utc_now,
) -> FastAPI:
    """The app. Without `engine` it migrates and opens the configured database; without `assistants` it loads
    (training the first time) the served domains' models. `clock` is the services' time (tests move it)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own_engine = engine is None
        if own_engine:
            url = database_url(settings)
            upgrade(url)
        bound = engine or make_engine(url, pool_size=settings.db_pool_size)
        brains = assistants or load_assistants(settings)
        pool, follower = await asyncio.to_thread(_prepare_worker, settings, brains)
        container = Container.build(settings, bound, brains, clock)
        app.state.container = container
        await asyncio.to_thread(container.live_models.record_baselines)
        await asyncio.to_thread(container.live_models.sync)  # a version promoted while this worker was down
        await asyncio.to_thread(container.assist.warm)
        if affinity.worker_index is not None:  # a server process of its own (else the heap is another program's)
            log.info("worker %d: %d objects out of the garbage collector's reach", affinity.worker_index, heap.settle())
        await container.hub.start()
        app.state.health = health = Health(bound)
        await health.start()
        # Agents left at work by a worker that died: offline after the grace period unless they come back.
        container.presence.expect(await asyncio.to_thread(_at_work, bound))
        tasks = [asyncio.create_task(_every(*every)) for every in _passes(container, follower)]
        try:
            yield
        finally:
            container.retrainer.close()
            for task in tasks:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await health.stop()
            await container.presence.stop()
            await container.hub.stop()
            if pool is not None:
                encoder_pool.stop(pool)
            if own_engine:
                bound.dispose()

    app = FastAPI(
        title="Tandem",
        version="1",
        summary="Hybrid AI + human customer service: conversations, handoff, routing, live updates.",
        lifespan=lifespan,
        docs_url=None,  # /docs and /redoc: demo mode only, see docs.py
        redoc_url=None,
    )
    _wire(app, settings)
    return app


def _wire(app: FastAPI, settings: Settings) -> None:
    if settings.demo:
        docs.install(app, app.title)
    app.add_middleware(BodyLimit)  # every body counted as it arrives: chunked ones have no Content-Length
    errors.install(app)
    app.include_router(conversations.router)
    app.include_router(staff.router)
    app.include_router(metrics.router)
    app.include_router(metrics.answers)
    app.include_router(takeover.router)
    app.include_router(learning.router)
    app.include_router(live.router)
    pages.install(app)


def _passes(container: Container, follower: CpuFollower | None) -> list[tuple[float, Callable[[], object], str]]:
    """The worker's background passes: how often, what, and its name for the log."""
    passes: list[tuple[float, Callable[[], object], str]] = [
        (ASSIGN_EVERY_SECONDS, container.assigner.run, "routing pass"),
        (MODEL_SYNC_SECONDS, container.live_models.sync, "model sync"),
        (SWEEP_EVERY_SECONDS, container.presence.tick, "presence sweep"),
        (TAKEOVER_EXPIRY_SECONDS, container.takeover.expire, "take-over expiry"),
    ]
    if follower is not None:
        passes.append((CHECK_EVERY_SECONDS, follower.step, "CPU check"))
    return passes


async def _every(seconds: float, work: Callable[[], object], what: str) -> None:
    while True:
        await asyncio.sleep(seconds)
        running = asyncio.ensure_future(asyncio.to_thread(work))
        try:
            await asyncio.shield(running)
        except asyncio.CancelledError:
            # Shutting down: a thread cannot be cancelled, so let the pass in flight end before the engine is
            # disposed; otherwise it would hand its connection back to a pool that is gone, never closed.
            with contextlib.suppress(Exception):
                await running
            raise
        except redis_outage.FAILURES as error:  # Redis gone for a while: its outage said so once in the log
            log.debug("%s skipped: Redis does not answer (%s)", what, type(error).__name__)
        except Exception:  # the loop must outlive a database hiccup; the next pass retries
            log.exception("%s failed", what)


def _at_work(engine: Engine) -> list[int]:
    """The agents the database says are not offline."""
    with SqlUnitOfWork(engine)(read_only=True) as tx:
        return [agent.id for agent in tx.agents.all() if agent.status != AgentStatus.OFFLINE]
