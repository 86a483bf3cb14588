"""One message in, one `Understanding` out: language, intents, entities, signals."""

from tandem.domain.understanding import Understanding
from tandem.nlu.entities import extract_entities
from tandem.nlu.intent_model import IntentModel
from tandem.nlu.language import detect_language
from tandem.nlu.signals import detect_signals


class Analyzer:
    """Wraps a trained intent model; safe to share between threads (read-only after construction)."""

    def __init__(self, model: IntentModel, top_k: int = 3) -> None:
        self.model = model
        self._top_k = top_k

    def analyze(self, text: str, language: str | None = None) -> Understanding:
        """Understand `text`. `language` is the conversation's, used only when the text is too short to tell."""
        lang = detect_language(text, fallback=language)
        ranking, confidence, verified = self.model.assess(text, self._top_k)
        return Understanding(
            text=text,
            language=lang,
            intent=ranking[0].intent,
            confidence=confidence,
            ranking=ranking,
            entities=extract_entities(text, lang),
            signals=detect_signals(text, lang),
            verified=verified,
        )
