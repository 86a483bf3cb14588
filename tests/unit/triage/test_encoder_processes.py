"""The triage with its sentence encoding in a process pool (TANDEM_ENCODER_PROCESSES) answers as in-process."""

from concurrent.futures import ThreadPoolExecutor

import numpy as np

from tandem.models.pack_models import packs_for
from tandem.nlu import encoder_pool, encoders
from tandem.nlu.encoder_pool import PooledEncoder
from tandem.nlu.intent_model import IntentModel
from tandem.triage.service import TriageService

MESSAGES = (
    "what is your return policy?",
    "quelle est votre politique de retour ?",
    "where is my order 12345?",
    "I want to talk to a human right now",
    "vous vendez des cartes cadeaux ?",
    "my promo code isn't working",
)


def test_pooled_triage_gives_the_same_decisions_and_confidences(ecommerce_model: IntentModel) -> None:
    service = TriageService(ecommerce_model, packs_for("ecommerce"))
    here = [service.triage(text) for text in MESSAGES]
    pool = encoder_pool.start(1, 1, ["use"])
    try:
        assert isinstance(encoders.get_encoder("use").inner.inner, PooledEncoder)  # type: ignore[attr-defined]
        with ThreadPoolExecutor(len(MESSAGES)) as threads:  # concurrent: the texts go over in shared batches
            there = list(threads.map(service.triage, MESSAGES))
    finally:
        encoder_pool.stop(pool)
    assert not isinstance(encoders.get_encoder("use").inner.inner, PooledEncoder)  # type: ignore[attr-defined]
    for mine, theirs in zip(here, there, strict=True):
        assert theirs.result == mine.result
        assert theirs.understanding.intent == mine.understanding.intent
        np.testing.assert_allclose(theirs.understanding.confidence, mine.understanding.confidence, atol=1e-6)
