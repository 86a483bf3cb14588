"""`tandem pack new`: a small valid pack to start from, with comments saying what to fill in (docs/packs.md)."""

from pathlib import Path

from tandem.domain.errors import InvalidInput
from tandem.domain.language import LANGUAGES
from tandem.packs.loader import builtin_pack_names, load_pack

_TEXTS: dict[str, dict[str, object]] = {
    "en": {
        "title": "{Name}",
        "hours_label": "Opening hours",
        "hours": ["when are you open", "what are your opening hours?", "are you open on saturday", "open sunday??"],
        "complaint_label": "Complaint",
        "complaint": [
            "I want to make a complaint",
            "this is unacceptable, nobody answers my emails",
            "very unhappy with your service",
        ],
        "out_of_scope": ["what's the weather tomorrow", "can you recommend a restaurant"],
        "article_title": "Opening hours",
        "article_body": "Our team answers Monday to Friday, 9:00 to 18:00. (Write your own hours here.)",
    },
    "fr": {
        "title": "{Name}",
        "hours_label": "Horaires d'ouverture",
        "hours": [
            "vous êtes ouverts quand",
            "quels sont vos horaires ?",
            "c'est ouvert le samedi",
            "ouvert dimanche ??",
        ],
        "complaint_label": "Réclamation",
        "complaint": [
            "je veux faire une réclamation",
            "c'est inadmissible, personne ne répond à mes mails",
            "très mécontent de votre service",
        ],
        "out_of_scope": ["quel temps fera-t-il demain", "vous pouvez me conseiller un restaurant"],
        "article_title": "Horaires d'ouverture",
        "article_body": "Notre équipe répond du lundi au vendredi, de 9 h à 18 h. (Écrivez vos horaires ici.)",
    },
}


def new_pack(name: str, languages: tuple[str, ...], parent: Path) -> Path:
    """Write the starter pack `parent/name` and return its folder; refuse a bad name, language or a clash."""
    if not name.replace("-", "_").isidentifier() or not name.isascii():
        raise InvalidInput(f"{name!r} is not a pack name: letters, digits, _ and -, starting with a letter")
    if name in builtin_pack_names():
        raise InvalidInput(f"a built-in pack is named {name!r}: choose another name")
    unknown = [lang for lang in languages if lang not in LANGUAGES]
    if unknown or not languages or len(set(languages)) != len(languages):
        raise InvalidInput(f"--languages: give some of {', '.join(LANGUAGES)}, each once (got {','.join(languages)})")
    folder = parent / name
    if folder.exists():
        raise InvalidInput(f"{folder} already exists: choose another name or --dir")
    files = {
        "pack.yaml": _manifest(name, languages),
        "intents.yaml": _intents(languages),
        "knowledge.yaml": _knowledge(languages),
        "flows.yaml": _FLOWS,
        "connectors.yaml": _CONNECTORS,
    }
    folder.mkdir(parents=True)
    for file, text in files.items():
        (folder / file).write_text(text, encoding="utf-8")
    load_pack(folder)  # what it writes always loads: a test holds it to that too
    return folder


def _per_language(key: str, languages: tuple[str, ...], name: str = "") -> str:
    texts = ", ".join(f"{lang}: {_quoted(str(_TEXTS[lang][key]).format(Name=name.capitalize()))}" for lang in languages)
    return "{" + texts + "}"


def _examples(key: str, languages: tuple[str, ...], indent: str) -> str:
    lines = []
    for lang in languages:
        lines.append(f"{indent}{lang}:")
        examples = _TEXTS[lang][key]
        assert isinstance(examples, list)
        lines.extend(f"{indent}  - {_quoted(text)}" for text in examples)
    return "\n".join(lines)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _manifest(name: str, languages: tuple[str, ...]) -> str:
    return f"""# Your pack: what Tandem's AI knows about your trade (docs/packs.md). The folder's name is the pack's
# name everywhere (TANDEM_DOMAINS, --domain, agents' skills): keep `name` equal to it.
name: {name}
# How customers and agents read your trade: write your company's or trade's name in each language.
title: {_per_language("title", languages, name)}
languages: [{", ".join(languages)}]
"""


def _intents(languages: tuple[str, ...]) -> str:
    return f"""# The questions your customers ask (docs/packs.md, "intents.yaml"). For each, write at least 25
# examples per language the way customers really type in chat: short and long, polite and curt, typos now
# and then, none a copy of another with a word swapped. Check the pack with `tandem pack check DIR` after
# every change.
intents:
  opening_hours:
    description: The customer asks when the team is open.
    handler: article:opening_hours   # answered with that article of knowledge.yaml
    label: {_per_language("hours_label", languages)}
    examples:
{_examples("hours", languages, "      ")}
  complaint:
    description: The customer complains. Always a person's job.
    handler: human                   # recognised, then handed to a person with this label
    label: {_per_language("complaint_label", languages)}
    examples:
{_examples("complaint", languages, "      ")}
# Near misses: questions close to your trade that your assistant must NOT answer (they calibrate it).
out_of_scope:
{_examples("out_of_scope", languages, "  ")}
"""


def _knowledge(languages: tuple[str, ...]) -> str:
    return f"""# Knowledge-base articles (docs/packs.md, "knowledge.yaml"): what the AI sends to the customer, two to
# five concrete sentences in plain text. Import an existing help center with `tandem pack import DIR FILES...`
# (it writes help_center.yaml beside this file).
articles:
  - id: opening_hours
    intents: [opening_hours]
    title: {_per_language("article_title", languages)}
    body: {_per_language("article_body", languages)}
"""


_FLOWS = """# Action flows (docs/packs.md, "flows.yaml"): questions the AI answers by asking for an id, checking the
# customer's identity and calling your system. Each operation a flow calls is declared in connectors.yaml.
# An example, to uncomment with its operation in connectors.yaml:
#
# flows:
#   booking_status:
#     lookup: get_booking
#     verify:
#       slot: email
#       field: email
#       prompt:
#         en: "Please confirm the email address of the booking."
#         fr: "Merci de confirmer l'e-mail de la réservation."
#       failed: {en: "That email doesn't match this booking.", fr: "Cet e-mail ne correspond pas à la réservation."}
#     slots:
#       - name: booking_id
#         pattern: '\\b(BK\\d{6})\\b'      # your own ids: a regular expression (its first group is the value)
#         prompt:
#           en: "What is your booking number? (BK and 6 digits)"
#           fr: "Quel est votre numéro de réservation ? (BK et 6 chiffres)"
#       - name: email
#         entity: email
#         prompt: {en: "Which email address did you book with?", fr: "Avec quelle adresse e-mail avez-vous réservé ?"}
#     action: get_booking
#     reply:
#       en: "Booking {booking_id}: {status_label}, on {date}."
#       fr: "Réservation {booking_id} : {status_label}, le {date}."
#     not_found: {en: "I can't find booking {booking_id}.", fr: "Je ne trouve pas la réservation {booking_id}."}
# labels:
#   status:
#     confirmed: {en: confirmed, fr: confirmée}
"""

_CONNECTORS = """# The operations your flows call on your own system (docs/packs.md, "connectors.yaml"). Tandem POSTs
# {"operation": ..., "params": {...}} to the URL in TANDEM_CONNECTORS__<PACK>__URL and reads a JSON object back.
#
# operations:
#   get_booking:
#     kind: read                 # read: no effect, retried once after a timeout | change: never retried
#     params: [booking_id]
#     fields: [booking_id, email, status, date]
#     personal: [email]          # shown in a reply only after the identity check
#     values:
#       status: [confirmed, cancelled]
"""
