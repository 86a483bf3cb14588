"""Agent assist, server side: time of `GET /api/v1/conversations/{id}/assist` and of the service call under it.

HF_HUB_OFFLINE=1 python bench/assist_latency.py [--conversations 40] [--rounds 5] [--json OUT]

An in-process app on a fresh SQLite database (the embedded default) serving the e-commerce pack; each
conversation is opened by a customer who asks a held-out-style question and then asks for a person, so the
agent has a real thread in front of them. The first request of each (domain, language) builds the index and
is reported apart ("first"); the rest are the steady state an agent sees. In-process: no network in the figure.
"""

import argparse
import json
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from fastapi.testclient import TestClient
from rich.console import Console
from rich.progress import track

from tandem.api.app import create_app
from tandem.dialogue.assistants import Assistants
from tandem.domain.access import PrincipalKind
from tandem.domain.conversations import Role
from tandem.settings import Settings

QUESTIONS = {
    "en": [
        "how long will my parcel take to arrive",
        "I want to send back a jacket that does not fit",
        "my promo code says expired",
        "can I pay with paypal",
        "the item I received is broken",
        "where do I find the invoice for my order",
        "do you have this in size M",
        "I forgot my password",
    ],
    "fr": [
        "combien de temps pour recevoir mon colis",
        "je veux renvoyer une veste trop petite",
        "mon code promo ne marche pas",
        "puis-je payer par paypal",
        "l'article reçu est cassé",
        "où trouver la facture de ma commande",
        "avez-vous cette taille en M",
        "j'ai oublié mon mot de passe",
    ],
}
HUMAN = {"en": "I want to talk to a human please", "fr": "je veux parler à un conseiller"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=5, help="requests per conversation")
    parser.add_argument("--model-dir", type=Path, default=Path(tempfile.gettempdir()) / "tandem-bench-models")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    console = Console(stderr=True)
    with tempfile.TemporaryDirectory() as data:
        settings = Settings(demo=True, data_dir=Path(data), domains="ecommerce", learning_retrain=False)
        assistants = Assistants.load(["ecommerce"], args.model_dir)
        app = create_app(settings, assistants)
        with TestClient(app) as client:
            container = app.state.container
            agent = container.staff.add("bench", "bench-password-123", Role.SUPERVISOR, skills=["ecommerce"])
            token = container.tokens.for_staff(agent.id, PrincipalKind.SUPERVISOR, datetime.now(UTC))
            headers = {"Authorization": f"Bearer {token}"}
            ids = []
            for i in track(range(args.conversations), description="opening conversations", console=console):
                language = ("en", "fr")[i % 2]
                chat = client.post("/api/v1/conversations", json={"domain": "ecommerce", "language": language})
                created = chat.json()
                auth = {"Authorization": f"Bearer {created['token']}"}
                question = QUESTIONS[language][i // 2 % len(QUESTIONS[language])]
                for text in (question, HUMAN[language]):
                    client.post(f"/api/v1/conversations/{created['id']}/messages", json={"text": text}, headers=auth)
                ids.append(created["id"])
            first: list[float] = []
            http: list[float] = []
            service: list[float] = []
            principal = container.tokens.principal(token)
            for round_ in track(range(args.rounds), description="asking for suggestions", console=console):
                for conversation_id in ids:
                    started = time.perf_counter()
                    response = client.get(f"/api/v1/conversations/{conversation_id}/assist", headers=headers)
                    elapsed = (time.perf_counter() - started) * 1000
                    assert response.status_code == 200, response.text
                    (first if round_ == 0 and len(first) < 2 else http).append(elapsed)
                    started = time.perf_counter()
                    container.assist.for_conversation(principal, conversation_id)
                    service.append((time.perf_counter() - started) * 1000)
    figures = {
        "requests": len(http),
        "http_ms": {"p50": float(np.percentile(http, 50)), "p99": float(np.percentile(http, 99))},
        "service_ms": {"p50": float(np.percentile(service, 50)), "p99": float(np.percentile(service, 99))},
        "first_request_ms": [round(x, 1) for x in first],
    }
    console.print_json(data=figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
