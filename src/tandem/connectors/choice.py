"""Which connector serves a pack: the company's endpoint when one is configured, else the demo connector when
it answers every operation the pack declares, else a clear refusal at start (never a failure mid-chat)."""

from dataclasses import dataclass

from tandem.connectors.http import HttpConnector
from tandem.connectors.operations import OPERATION_FIELDS, OPERATION_PARAMS
from tandem.domain.errors import InvalidInput
from tandem.domain.packs import Pack
from tandem.domain.ports import Connector


@dataclass(frozen=True, slots=True)
class Endpoint:
    """A company's connector endpoint (settings: TANDEM_CONNECTORS__<PACK>__URL, __KEY, __TIMEOUT_SECONDS)."""

    url: str
    key: str | None = None
    timeout: float = 3.0


def demo_lacks(pack: Pack) -> list[str]:
    """The operations `pack` declares that the demo connector does not answer with the same params and fields."""
    return [
        name
        for name, operation in pack.operations.items()
        if OPERATION_PARAMS.get(name) != operation.params or OPERATION_FIELDS.get(name) != operation.fields
    ]


def connector_for(pack: Pack, endpoint: Endpoint | None, demo: Connector) -> Connector:
    check_served(pack, endpoint)
    if endpoint is not None:
        return HttpConnector(endpoint.url, endpoint.timeout, endpoint.key, operations=pack.operations)
    return demo


def check_served(pack: Pack, endpoint: Endpoint | None) -> None:
    """Refuse a pack whose operations nothing would answer: no endpoint, and the demo connector lacks some."""
    lacking = [] if endpoint is not None else demo_lacks(pack)
    if lacking:
        variable = f"TANDEM_CONNECTORS__{pack.name.upper().replace('-', '_')}__URL"
        raise InvalidInput(
            f"pack {pack.name!r} calls {', '.join(lacking)}, which the demo connector does not answer: "
            f'set {variable} to your system\'s connector endpoint (docs/packs.md, "The HTTP connector")'
        )
