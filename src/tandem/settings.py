"""Tandem's configuration: one object, read from `TANDEM_*` environment variables, built once and passed in."""

import hashlib
import math
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import AnyHttpUrl, BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from tandem.connectors.choice import Endpoint
from tandem.domain.errors import InvalidInput, TandemError
from tandem.domain.hours import SupportHours, parse_hours
from tandem.packs.catalog import pack_names, split_pack_dirs, use_pack_dirs

if TYPE_CHECKING:
    from tandem.wellbeing import HourlyForecast, WellbeingPolicy

# Only ever valid in demo mode and tests: a deployment must set TANDEM_SECRET_KEY.
DEMO_SECRET = "tandem-demo-secret-do-not-use-in-production"
MIN_SECRET_CHARS = 32  # HS256 wants a key at least as long as its 256-bit output
# The demo team's opening hours (when TANDEM_SUPPORT_HOURS is not set): a shop in France.
DEMO_HOURS, DEMO_TIMEZONE = "mon-fri 09:00-18:00, sat 10:00-14:00", "Europe/Paris"


def _figures(text: str) -> list[str]:
    """The comma-separated figures of a setting, blanks left out."""
    return [figure for figure in (part.strip() for part in text.split(",")) if figure]


def _numbers(text: str) -> tuple[float, ...]:
    """The figures of a setting as numbers; ValueError naming the first that is not one."""
    numbers = []
    for figure in _figures(text):
        try:
            numbers.append(float(figure))
        except ValueError:
            raise ValueError(f"not a number: {figure!r}") from None
    return tuple(numbers)


class PinCpu(StrEnum):
    """Where a web worker's threads run (tandem.api.affinity): on a CPU of its own that it leaves for a quieter one
    (auto), on a CPU of its own (on), or wherever the system puts them (off)."""

    AUTO = "auto"
    ON = "on"
    OFF = "off"


class ConnectorSettings(BaseModel):
    """Where a pack's flows reach the company's system (docs/packs.md, "The HTTP connector")."""

    url: AnyHttpUrl
    key: SecretStr | None = Field(default=None, repr=False, description="Sent as a Bearer token.")
    timeout_seconds: float = Field(default=3.0, gt=0, le=60)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TANDEM_", env_file=".env", extra="ignore", env_nested_delimiter="__")

    data_dir: Path = Field(default=Path("var"), description="Where models and the embedded database live.")
    model_dir_override: Path | None = Field(
        default=None, alias="TANDEM_MODEL_DIR", description="Cached models (default: DATA_DIR/models)."
    )
    target_precision: float = Field(default=0.97, gt=0.5, lt=1.0)
    database_url: str | None = Field(default=None, description="Default: a SQLite file under DATA_DIR.")
    redis_url: str | None = Field(default=None, description="Cross-worker live updates; optional.")
    secret_key: str | None = Field(default=None, repr=False, description="Signs access tokens.")
    demo: bool = False
    pack_dirs: str = Field(default="", description="Company packs: directories separated by ':' (docs/packs.md).")
    domains: str = Field(default="", description="Comma-separated packs to serve; default: every pack found.")
    connectors: dict[str, ConnectorSettings] = Field(
        default_factory=dict,
        description="Per pack, its company's endpoint: TANDEM_CONNECTORS__<PACK>__URL, __KEY, __TIMEOUT_SECONDS.",
    )
    token_hours: float = Field(default=12.0, gt=0)
    sla_seconds: int = Field(default=120, gt=0, description="Target time for a person to pick up.")
    vip_emails: str = Field(default="", description="Comma-separated customer e-mails served first (VIP).")
    presence_grace_seconds: float = Field(
        default=20.0, ge=0, description="How long an agent may be disconnected before going offline."
    )
    # Wellbeing policy (docs/wellbeing.md); the defaults follow the French labour code.
    wellbeing_cool_down_minutes: float = Field(default=10.0, ge=0, description="No hard contact after abuse.")
    wellbeing_break_after_minutes: float = Field(default=360.0, gt=0, description="Work before a break is due.")
    wellbeing_break_minutes: float = Field(default=20.0, gt=0, description="Shortest pause that counts as a break.")
    wellbeing_daily_limit_minutes: float = Field(default=600.0, gt=0, description="Most work in one day.")
    wellbeing_weekly_limit_minutes: float = Field(default=2880.0, gt=0, description="Most work in one week.")
    wellbeing_lull_break_minutes: float = Field(
        default=60.0, ge=0, description="Nobody waiting: a break due this soon is asked for now (0: never)."
    )
    wellbeing_forecast_per_hour: str = Field(
        default="",
        description="Contacts expected in each clock hour from midnight (TANDEM_TIMEZONE), comma-separated, e.g. "
        "the figures the roster was planned from: a break due in a busier hour is asked for earlier in a lull. "
        "Empty: none.",
    )
    supervisor_takeover_minutes: float = Field(
        default=5.0, gt=0, description="How long a hostile conversation waits for a supervisor before it is closed."
    )
    learning_retrain: bool = Field(
        default=True, description="Retrain a domain's model in the background after each approved lesson."
    )
    # Optional language model (docs: README, "Optional LLM"): any OpenAI-compatible endpoint. Unset = off.
    llm_url: str | None = Field(
        default=None, description="Base URL of an OpenAI-compatible API, e.g. http://127.0.0.1:11434/v1 (Ollama)."
    )
    llm_model: str = Field(default="", description="Model name the endpoint serves; required with llm_url.")
    llm_api_key: SecretStr | None = Field(default=None, repr=False, description="Sent as a Bearer token.")
    llm_timeout_seconds: float = Field(
        default=8.0, gt=0, description="Longest wait for the model; past it, the offline answer is sent."
    )

    # Speed (docs/benchmarks.md, "Server CPU per message"): how a web worker runs the sentence encoders.
    blas_threads: int = Field(
        default=1, ge=1, le=64, description="BLAS and torch threads per worker (its request threads share them)."
    )
    encoder_processes: int = Field(
        default=0, ge=0, le=16, description="Processes per worker that encode messages (0: the worker itself)."
    )
    pin_cpu: PinCpu = Field(
        default=PinCpu.AUTO,
        description="Keep each web worker's threads on a CPU of its own (Linux): auto moves it to a quieter CPU when "
        "other programs keep its own busy, on keeps it there (true), off lets the system place them (false).",
    )
    db_pool_size: int = Field(
        default=40,
        ge=1,
        le=500,
        description="PostgreSQL connections a worker keeps open once its load needed them (10 more while busy).",
    )

    # Public endpoints (README, "Limits"): failed logins, concurrent password checks, request rates. 0 = no limit.
    login_failures_per_account: int = Field(default=5, ge=0, description="Failed logins per account per window.")
    login_failures_per_address: int = Field(default=20, ge=0, description="Failed logins per address per window.")
    login_window_seconds: float = Field(default=900.0, gt=0, description="How long failed logins are counted.")
    login_concurrent_hashes: int = Field(
        default=2, ge=1, description="Password checks at once per worker (argon2 takes 64 MB each)."
    )
    login_hash_wait_seconds: float = Field(
        default=2.0, gt=0, description="Longest wait for a password check; past it, 429 with Retry-After."
    )
    rate_conversation_messages: int = Field(default=10, ge=0, description="Messages per conversation per 10 s.")
    rate_address_messages: int = Field(default=120, ge=0, description="Messages per client address per minute.")
    rate_address_conversations: int = Field(default=30, ge=0, description="New conversations per address per hour.")
    trusted_proxies: str = Field(
        default="", description="Comma-separated proxy addresses whose X-Forwarded-For names the client."
    )
    # When the team answers, told to a customer no one can take yet (README, "Configuration").
    support_hours: str = Field(default="", description='e.g. "mon-fri 09:00-18:00, sat 10:00-14:00"; empty: unknown.')
    timezone: str | None = Field(default=None, description="IANA time zone of the support hours (default UTC).")

    @field_validator("pin_cpu", mode="before")
    @classmethod
    def _pin_cpu_switch(cls, value: object) -> object:
        """true and false (and the other ways of writing a switch) mean on and off."""
        words = {"true": "on", "1": "on", "yes": "on", "false": "off", "0": "off", "no": "off"}
        if isinstance(value, bool):
            return "on" if value else "off"
        return words.get(value.strip().lower(), value.strip().lower()) if isinstance(value, str) else value

    @field_validator("wellbeing_forecast_per_hour")
    @classmethod
    def _forecast_figures(cls, value: str) -> str:
        """Numbers, each finite and at least 0, separated by commas (or nothing)."""
        for figure, number in zip(_figures(value), _numbers(value), strict=True):
            if not (math.isfinite(number) and number >= 0):
                raise ValueError(f"contacts per hour must be finite and at least 0, got {figure!r}")
        return value

    @model_validator(mode="after")
    def _known_domains(self) -> "Settings":
        # Building the settings says where packs are found from now on (every pack lookup of the process).
        use_pack_dirs(self.pack_dir_list)
        try:
            known = pack_names()
        except TandemError as exc:
            raise ValueError(str(exc)) from None
        unknown = sorted(set(self.served_domains) - set(known))
        if unknown:
            raise ValueError(f"TANDEM_DOMAINS: no pack named {', '.join(unknown)}; found: {', '.join(known)}")
        unserved = sorted(set(self.connectors) - set(known))
        if unserved:
            raise ValueError(f"TANDEM_CONNECTORS: no pack named {unserved[0]!r}; found: {', '.join(known)}")
        return self

    @model_validator(mode="after")
    def _llm_model_named(self) -> "Settings":
        if self.llm_url and not self.llm_model.strip():
            raise ValueError("TANDEM_LLM_MODEL must name the model when TANDEM_LLM_URL is set")
        return self

    @model_validator(mode="after")
    def _hours_readable(self) -> "Settings":
        try:
            _ = self.team_hours
        except ValueError as exc:
            raise ValueError(f"TANDEM_SUPPORT_HOURS / TANDEM_TIMEZONE: {exc}") from None
        return self

    @property
    def team_hours(self) -> SupportHours | None:
        """The support hours; the demo's when unset in demo mode; None when unknown."""
        demo = self.demo and not self.support_hours.strip()
        zone = self.timezone or (DEMO_TIMEZONE if demo else "UTC")
        return parse_hours(DEMO_HOURS if demo else self.support_hours, zone)

    @property
    def model_dir(self) -> Path:
        return self.model_dir_override or self.data_dir / "models"

    @property
    def endpoints(self) -> dict[str, Endpoint]:
        """Per pack, the company's connector endpoint (TANDEM_CONNECTORS__<PACK>__URL ...)."""
        return {
            name: Endpoint(str(c.url), c.key.get_secret_value() if c.key else None, c.timeout_seconds)
            for name, c in self.connectors.items()
        }

    @property
    def pack_dir_list(self) -> tuple[str, ...]:
        return split_pack_dirs(self.pack_dirs)

    @property
    def served_domains(self) -> tuple[str, ...]:
        """TANDEM_DOMAINS, or every pack found (built in, then TANDEM_PACK_DIRS) when it is not set."""
        named = tuple(d.strip() for d in self.domains.split(",") if d.strip())
        return named or pack_names(self.pack_dir_list)

    @property
    def proxies(self) -> frozenset[str]:
        return frozenset(a.strip() for a in self.trusted_proxies.split(",") if a.strip())

    @property
    def vips(self) -> frozenset[str]:
        return frozenset(e.strip().lower() for e in self.vip_emails.split(",") if e.strip())

    def redis_namespace(self, database: str) -> str:
        """Redis keys of one deployment: agent ids are per database, so two databases never share a key."""
        return "tandem:" + hashlib.sha256(database.encode()).hexdigest()[:12]

    def wellbeing_policy(self) -> "WellbeingPolicy":
        """The site's wellbeing policy: these working-time rules, cool-down and lull window, defaults elsewhere.
        What the server routes with and `tandem report live` reads with. (Imported here, not at the top: most
        commands that read the settings never need the wellbeing rules.)"""
        from tandem.wellbeing import WellbeingPolicy, WorkingTime

        hours = WorkingTime(
            break_after_minutes=self.wellbeing_break_after_minutes,
            break_minutes=self.wellbeing_break_minutes,
            daily_limit_minutes=self.wellbeing_daily_limit_minutes,
            weekly_limit_minutes=self.wellbeing_weekly_limit_minutes,
        )
        return WellbeingPolicy(
            cool_down_minutes=self.wellbeing_cool_down_minutes,
            lull_break_minutes=self.wellbeing_lull_break_minutes or None,
            forecast=self.forecast(),
            hours=hours,
        )

    def forecast(self) -> "HourlyForecast | None":
        """The site's forecast of contacts per clock hour (`wellbeing_forecast_per_hour`) in its time zone, or None."""
        from zoneinfo import ZoneInfo

        from tandem.wellbeing import HourlyForecast

        per_hour = _numbers(self.wellbeing_forecast_per_hour)  # checked when the settings were read
        return HourlyForecast(per_hour, ZoneInfo(self.timezone or "UTC")) if per_hour else None

    def signing_key(self) -> str:
        """The token secret. Outside demo mode a missing or demo secret is refused, never silently used."""
        if self.secret_key and (self.demo or self.secret_key != DEMO_SECRET):
            if len(self.secret_key) < MIN_SECRET_CHARS:
                raise InvalidInput(f"TANDEM_SECRET_KEY must be at least {MIN_SECRET_CHARS} characters")
            return self.secret_key
        if self.demo:
            return DEMO_SECRET
        raise InvalidInput("set TANDEM_SECRET_KEY (a long random string) or run in demo mode (--demo)")
