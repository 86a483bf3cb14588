"""The composition root: builds the store, the services and the live-update hub from the settings."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine

from tandem.api.hub import Hub
from tandem.api.presence import Presence, presence_for
from tandem.api.ratelimit import RateLimits, limits
from tandem.assist.service import AssistService
from tandem.conversations.assignment import Assigner
from tandem.conversations.desk import DeskService
from tandem.conversations.service import ConversationService
from tandem.conversations.takeover import TakeoverService
from tandem.dialogue.assistants import Assistants
from tandem.learning.review import LearningService
from tandem.llm.assist import LlmAssist
from tandem.metrics.summary import MetricsService
from tandem.models.admin import ModelAdmin
from tandem.models.live import LiveModels, Retrainer
from tandem.models.registry import ModelRegistry
from tandem.settings import Settings
from tandem.staff.security import PasswordChecks, Tokens
from tandem.staff.service import StaffService
from tandem.store.metrics import SqlMetricsReader
from tandem.store.unit_of_work import SqlUnitOfWork


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Container:
    settings: Settings
    engine: Engine
    hub: Hub
    presence: Presence
    tokens: Tokens
    assigner: Assigner
    conversations: ConversationService
    staff: StaffService
    desk: DeskService
    takeover: TakeoverService
    metrics: MetricsService
    assist: AssistService
    learning: LearningService
    models: ModelAdmin
    live_models: LiveModels
    retrainer: Retrainer
    clock: Callable[[], datetime]
    limits: RateLimits

    @classmethod
    def build(
        cls, settings: Settings, engine: Engine, assistants: Assistants, clock: Callable[[], datetime] = utc_now
    ) -> "Container":
        uow = SqlUnitOfWork(engine)
        namespace = settings.redis_namespace(engine.url.render_as_string(hide_password=True))
        hub = Hub(settings.redis_url, namespace)
        tokens = Tokens(settings.signing_key(), settings.token_hours)
        policy = settings.wellbeing_policy()
        rates, throttle = limits(settings, namespace)
        passwords = PasswordChecks(settings.login_concurrent_hashes, settings.login_hash_wait_seconds)
        assigner = Assigner(uow, hub, clock, settings.sla_seconds, policy)

        def announce() -> None:
            assigner.run(announce=True)

        registry = ModelRegistry(uow, settings.model_dir, clock, settings.target_precision)
        live = LiveModels(assistants, registry)
        retrainer = Retrainer(registry, after=live.sync)
        hours = settings.team_hours
        staff = StaffService(uow, hub, tokens, clock, announce, policy, throttle, passwords, hours)

        return cls(
            settings=settings,
            engine=engine,
            hub=hub,
            presence=presence_for(settings.presence_grace_seconds, settings.redis_url, namespace, staff.set_status),
            tokens=tokens,
            assigner=assigner,
            conversations=ConversationService(
                uow, assistants, hub, tokens, clock, settings.sla_seconds, announce, settings.vips, hours
            ),
            staff=staff,
            desk=DeskService(uow, hub, clock, assistants.domains, announce, policy),
            takeover=TakeoverService(uow, hub, clock, settings.supervisor_takeover_minutes, announce),
            metrics=MetricsService(
                uow, clock, SqlMetricsReader(engine), policy, settings.sla_seconds, assistants.domains
            ),
            assist=AssistService(uow, assistants.domains, LlmAssist.from_settings(settings)),
            learning=LearningService(
                uow, clock, assistants.domains, retrainer.request if settings.learning_retrain else lambda _: None
            ),
            models=ModelAdmin(registry, live, retrainer, assistants.domains),
            live_models=live,
            retrainer=retrainer,
            clock=clock,
            limits=rates,
        )
