"""A company's own packs, outside the source tree, served beside a built-in one (docs/packs.md).

Two packs in a TANDEM_PACK_DIRS folder: `mobile`, the telecom pack copied under a new name with an article
rewritten, and the example `energy` pack with its help center imported and its own connector server (a real
process on 127.0.0.1, as the company would run it). The models are trained as a server trains them, in the
shared model cache, once.
"""

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from company_pack import CLAIRE, ROOT, connector_server, energy_pack
from tandem.connectors.http import HttpConnector
from tandem.dialogue.assistant import Assistant
from tandem.domain.dialogue import AiState
from tandem.domain.triage import Decision, Reason
from tandem.models.pack_models import pack_model
from tandem.packs.catalog import find_pack, use_pack_dirs
from tandem.triage.service import TriageService

from ..conftest import migrated_database
from .conftest import Api, Chat, running_api

TELECOM = ROOT / "src" / "tandem" / "packs" / "telecom"
KEY = "sk-volt-et-gaz-test-key"
ROAMING = "Mobile Co roaming: 1 GB a day in the United States and Canada costs 4.90 euros, bought in the app."


@pytest.fixture(scope="module")
def packs_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("company") / "packs"
    mobile = root / "mobile"
    shutil.copytree(TELECOM, mobile)
    manifest = yaml.safe_load((mobile / "pack.yaml").read_text(encoding="utf-8"))
    manifest.update(name="mobile", title={"en": "Mobile Co", "fr": "Mobile Co"})
    (mobile / "pack.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    knowledge = yaml.safe_load((mobile / "knowledge.yaml").read_text(encoding="utf-8"))
    for article in knowledge["articles"]:
        if article["id"] == "roaming_prices_abroad":
            article["body"]["en"] = ROAMING
    (mobile / "knowledge.yaml").write_text(yaml.safe_dump(knowledge, allow_unicode=True), encoding="utf-8")
    energy_pack(root)
    yield root
    use_pack_dirs(None)


@pytest.fixture(scope="module")
def energy_connector() -> Iterator[str]:
    with connector_server(KEY) as url:
        yield url


@pytest.fixture(scope="module")
def company(
    tmp_path_factory: pytest.TempPathFactory, packs_dir: Path, energy_connector: str, model_dir: Path
) -> Iterator[Api]:
    """One server for the module (starting one loads three models): each test opens its own conversations."""
    data = tmp_path_factory.mktemp("company-data")
    with (
        migrated_database("sqlite", data) as url,
        running_api(
            url,
            data,
            None,
            pack_dirs=str(packs_dir),
            domains="ecommerce,mobile,energy",
            connectors={"energy": {"url": energy_connector, "key": KEY}},
            model_dir_override=model_dir,
        ) as running,
    ):
        yield running


def tandem(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tandem", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **env},
    )


def _open(api: Api, domain: str, language: str = "en") -> Chat:
    response = api.client.post("/api/v1/conversations", json={"domain": domain, "language": language})
    assert response.status_code == 201, response.text
    created = response.json()
    return Chat(created["id"], created["token"])


def _last_ai(api: Api, chat: Chat) -> str:
    texts = [m["text"] for m in api.thread(chat)["messages"] if m["author"] == "ai"]
    return str(texts[-1])


def test_the_copied_pack_answers_with_its_own_article_beside_a_built_in_pack(company: Api) -> None:
    mobile = _open(company, "mobile")
    company.say(mobile, "what are your roaming prices")
    assert ROAMING in _last_ai(company, mobile)
    shop = _open(company, "ecommerce")
    company.say(shop, "How long does delivery take?")
    assert "Delivery times" in _last_ai(company, shop) and ROAMING not in _last_ai(company, shop)


def test_the_company_s_flow_reaches_its_own_system(company: Api) -> None:
    chat = _open(company, "energy")
    company.say(chat, f"hi, what's the balance on my account? contract {CLAIRE[0].lower()}")
    assert "email address registered" in _last_ai(company, chat)
    posted = company.say(chat, CLAIRE[1])
    answer = _last_ai(company, chat)
    assert posted["status"] == "bot"
    assert "Claire Dubois" in answer and "42.18" in answer and "EN20481736" in answer
    other = _open(company, "energy")
    company.say(other, "my balance please, contract EN99999999")
    assert "couldn't find a Volt & Gaz contract numbered EN99999999" in _last_ai(company, other)


def test_an_imported_article_is_checked_by_people_before_the_ai_answers_with_it(company: Api) -> None:
    token = company.add_agent("ines", skills=("energy",), languages=("en", "fr"), status="available")
    chat = _open(company, "energy")
    posted = company.say(chat, "why do I pay a standing charge even when I use nothing")
    assert posted["status"] in ("queued", "assigned"), posted
    packet = company.mine(token)[0]["handoff"]
    assert "unverified_intent" in packet["reasons"]
    # The agent reads what the customer asked about by the article's title.
    assert packet["intents"] == ["article_standing_charge"]
    assert packet["intent_labels"]["article_standing_charge"]["en"] == "The standing charge explained"
    assert "the standing charge explained" in packet["summary"]


def test_the_pages_offer_the_company_packs_by_their_title(company: Api) -> None:
    page = company.client.get("/?domain=energy&lang=fr")
    assert page.status_code == 200
    assert "Volt &amp; Gaz" in page.text and 'data-domain="energy"' in page.text and "Mobile Co" in page.text
    assert "Tandem Shop" in page.text  # the built-in shop is still offered


def test_an_unknown_domain_is_a_clear_4xx(company: Api) -> None:
    for domain in ("telecom", "x" * 65, "../energy"):
        response = company.client.post("/api/v1/conversations", json={"domain": domain})
        assert response.status_code in (400, 422), response.text
        assert "domain" in response.text


def test_a_company_system_that_refuses_tandem_hands_the_customer_to_a_person(
    company: Api, energy_connector: str, model_dir: Path
) -> None:
    pack = find_pack("energy")
    refused = HttpConnector(energy_connector, api_key="not-the-key", operations=pack.operations)
    assistant = Assistant(pack, TriageService(pack_model("energy", model_dir), [pack]), refused)
    reply = assistant.respond(AiState(language="en"), f"balance of contract {CLAIRE[0]} please")
    assert (reply.decision.decision, reply.decision.reasons) == (Decision.ESCALATE, (Reason.CONNECTOR_FAILURE,))
    refused.close()


def test_the_cli_checks_and_triages_the_copied_pack(packs_dir: Path, model_dir: Path) -> None:
    env = {"TANDEM_PACK_DIRS": str(packs_dir), "TANDEM_MODEL_DIR": str(model_dir)}
    checked = tandem("pack", "check", str(packs_dir / "mobile"), env=env)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("mobile: 18 intents (+3 shared), 9 articles, 5 flows, 6 connector operations")
    triaged = tandem("triage", "--domain", "mobile", "what are your roaming prices", env=env)
    assert triaged.returncode == 0, triaged.stderr
    assert '"intent": "roaming_prices_abroad"' in triaged.stdout and '"decision": "answer"' in triaged.stdout
