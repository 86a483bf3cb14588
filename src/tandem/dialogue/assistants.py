"""One AI assistant per served domain, each with its pack's own intent model, loaded once per worker."""

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

from tandem.connectors.choice import Endpoint, connector_for
from tandem.connectors.demo import DemoConnector
from tandem.dialogue.assistant import Assistant
from tandem.domain.errors import InvalidInput
from tandem.domain.packs import Pack, check_domain
from tandem.domain.ports import Connector
from tandem.llm.assist import LlmAssist
from tandem.models.pack_models import pack_model, packs_for
from tandem.nlu.intent_model import IntentModel, Progress
from tandem.triage.service import TriageService


def served_connector() -> DemoConnector:
    """The demo business system as the product serves it: its orders and parcels dated around today, so an
    order "on its way" is expected in the coming days, not on a day long gone."""
    return DemoConnector(reference_date=date.today())


class Assistants:
    """Domain name -> Assistant. Models are read-only once loaded, so workers share nothing but files."""

    def __init__(self, assistants: Mapping[str, Assistant]) -> None:
        if not assistants:
            raise InvalidInput("no domain to serve")
        self._by_domain = dict(assistants)

    @classmethod
    def load(
        cls,
        domains: Iterable[str],
        model_dir: Path,
        connector: Connector | None = None,
        progress: Progress | None = None,
        llm: LlmAssist | None = None,
        endpoints: Mapping[str, Endpoint] | None = None,
    ) -> "Assistants":
        """Train (first time) or load each domain's model; `connector` for every domain if given, else the
        domain's company endpoint (`endpoints`) or the demo connector (`connector_for`); `llm` (optional) words
        article answers and handoff summaries."""
        demo = served_connector()
        built: dict[str, Assistant] = {}
        for domain in domains:
            (pack,) = packs_for(domain)
            reaches = connector or connector_for(pack, (endpoints or {}).get(domain), demo)
            model = pack_model(domain, model_dir, progress)
            built[domain] = Assistant(pack, TriageService(model, [pack]), reaches, llm)
        return cls(built)

    @property
    def domains(self) -> tuple[str, ...]:
        return tuple(self._by_domain)

    def swap(self, domain: str, pack: Pack, model: IntentModel) -> None:
        """Serve `model` (trained with `pack`) for `domain` from now on. Requests already holding the previous
        assistant finish with it: nothing fails during the swap."""
        self._by_domain[domain] = self.for_domain(domain).retrained(pack, model)

    def model(self, domain: str) -> IntentModel:
        return self.for_domain(domain).model

    def for_domain(self, domain: str) -> Assistant:
        return self._by_domain[check_domain(domain, self._by_domain)]
