"""What supervisors do with intent models: see the versions, retrain now, roll back."""

from dataclasses import dataclass

from tandem.domain.access import Principal, check_supervisor
from tandem.domain.learning import ModelVersion
from tandem.domain.packs import check_domain
from tandem.models.live import LiveModels, Retrainer
from tandem.models.registry import ModelRegistry


@dataclass(frozen=True, slots=True)
class ModelsView:
    domain: str
    versions: list[ModelVersion]  # newest first
    serving: int | None  # the version this worker answers with
    training: bool  # a retraining of this domain is pending or running in this worker


class ModelAdmin:
    def __init__(self, registry: ModelRegistry, live: LiveModels, retrainer: Retrainer, domains: tuple[str, ...]):
        self._registry, self._live, self._retrainer, self._domains = registry, live, retrainer, domains

    def view(self, principal: Principal, domain: str) -> ModelsView:
        check_supervisor(principal)
        self._check(domain)
        versions = self._registry.versions(domain)
        return ModelsView(domain, versions, self._live.loaded(domain), self._retrainer.training(domain))

    def retrain(self, principal: Principal, domain: str) -> None:
        """Train a new version in the background (promoted only if it scores no worse)."""
        check_supervisor(principal)
        self._check(domain)
        self._retrainer.request([domain])

    def rollback(self, principal: Principal, domain: str) -> ModelVersion:
        """Serve the previous version again, in this worker at once and in the others at their next sync."""
        check_supervisor(principal)
        self._check(domain)
        version = self._registry.rollback(domain)
        self._live.sync()
        return version

    def _check(self, domain: str) -> None:
        check_domain(domain, self._domains)
