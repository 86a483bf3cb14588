import math
from importlib import resources

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.domain.understanding import SensitiveTopic, Signals
from tandem.nlu.lexicon import LANGUAGES, compile_entries, compile_groups, load_lexicon
from tandem.nlu.signals import detect_signals
from tandem.nlu.textnorm import normalize

FRAUD, LEGAL, BEREAVEMENT = SensitiveTopic.FRAUD, SensitiveTopic.LEGAL, SensitiveTopic.BEREAVEMENT
HEALTH, SAFETY = SensitiveTopic.HEALTH, SensitiveTopic.SAFETY


def en(text: str) -> Signals:
    return detect_signals(text, "en")


def fr(text: str) -> Signals:
    return detect_signals(text, "fr")


# --- frustration and sentiment ---------------------------------------------------------------------------

FRUSTRATED = {
    "en": [
        "This is ridiculous, I've been waiting for two weeks",
        "3rd time I'm asking where my parcel is",
        "still nothing!!!",
        "WHERE IS MY ORDER I PAID TWO WEEKS AGO",
        "How many times do I have to explain this???",
        "I'm fed up with your service",
        "This is unacceptable.",
        "Are you kidding me? Still no refund",
        "damn parcel still not here",
        "what the hell is going on with my order",
        "worst customer service ever",
        "I've asked you three times already",
        "nobody answers the phone, this is a joke",
        "I am sick and tired of waiting",
        "Thanks for nothing",
    ],
    "fr": [
        "c'est inadmissible",
        "ras le bol",
        "toujours rien !!!",
        "j'en ai marre d'attendre",
        "c'est la troisième fois que je vous écris",
        "combien de fois faut-il vous le dire ???",
        "ça fait trois semaines que j'attends",
        "c'est une honte",
        "putain de colis",
        "vous vous foutez de moi",
        "JE VEUX MON REMBOURSEMENT MAINTENANT",
        "personne ne répond",
        "c'est n'importe quoi",
        "y en a marre",
        "encore une fois rien n'a été fait",
    ],
}
CALM = {
    "en": [
        "Where is my order?",
        "Hi, can you tell me when my parcel will arrive?",
        "What are your opening hours?",
        "How do I change my delivery address?",
        "Thanks, that was very helpful!",
        "Do you ship to Belgium?",
        "I would like to return a jacket",
        "Can I pay by card?",
        "Thank you so much!!! You are amazing!!!",
        "Is the blue one still in stock?",
        "I'd like to track my order please",
        "Good morning, I have a question about my invoice",
        "not bad at all, thanks",
        "ok",
        "",
        "how many times will the courier try to deliver?",
        "give it to the concierge if nobody answers",
        "tell me a joke",
    ],
    "fr": [
        "Bonjour, où en est ma commande ?",
        "Quels sont vos horaires ?",
        "Comment changer mon adresse de livraison ?",
        "Merci beaucoup pour votre aide !",
        "Livrez-vous en Belgique ?",
        "Je voudrais retourner une veste",
        "Puis-je payer par carte ?",
        "Est-ce que le modèle bleu est disponible ?",
        "pas mal, merci",
        "Bonne journée",
        "Je souhaite suivre mon colis",
        "J'ai une question sur ma facture",
        "d'accord",
        "MERCI BEAUCOUP !!!",
        "ok merci",
        "combien de fois le livreur essaie de livrer ?",
        "remettez-le à la concierge si personne ne répond",
        "une enveloppe matelassée ça suffit ou il faut un carton ?",
        "raconte-moi une blague",
    ],
}


@pytest.mark.parametrize(("language", "text"), [(lang, t) for lang, texts in FRUSTRATED.items() for t in texts])
def test_frustrated_messages(language: str, text: str) -> None:
    signals = detect_signals(text, language)
    assert signals.frustration >= 0.4
    assert signals.sentiment < 0
    assert not signals.abuse  # frustration and swearing are not insults


@pytest.mark.parametrize(("language", "text"), [(lang, t) for lang, texts in CALM.items() for t in texts])
def test_calm_messages(language: str, text: str) -> None:
    signals = detect_signals(text, language)
    assert signals.frustration < 0.2
    assert signals.sentiment >= 0


NEGATIVE = {
    "en": [
        "I'm not happy with this",
        "not satisfied at all",
        "I'm not really happy",
        "the product arrived damaged",
        "terrible experience",
        "I am very disappointed",
        "It doesn't work",
        "my parcel never arrived",
        "the delivery guy was rude",
        "not good",
        "the app is useless",
        "I hate this",
        "This is stupid",
        "I'm upset, the order is late",
        "That's not acceptable",
    ],
    "fr": [
        "je ne suis pas content",
        "pas satisfait du tout",
        "je ne suis plus satisfait de vos services",
        "colis abîmé",
        "très déçu",
        "c'est pas terrible",
        "le livreur était désagréable",
        "ça ne marche pas",
        "je n'ai pas reçu mon colis",
        "pas génial du tout",
        "application inutile",
        "le service est nul",
        "c'est débile",
        "ma commande est en retard",
        "pas du tout satisfaite",
    ],
}
NOT_NEGATIVE = {
    "en": [
        "not bad",
        "not bad at all",
        "no problem, thanks",
        "thanks, great service",
        "perfect, thank you",
        "that's fine",
        "no thanks",
        "nothing wrong with it, thanks",
        "Good morning",
        "oh my god you're fast, thanks",
        "never had a problem before",
        "it was not a problem",
        "love it",
        "works now, cheers",
        "kind regards",
    ],
    "fr": [
        "pas mal",
        "c'est pas mal du tout",
        "pas de problème, merci",
        "sans problème",
        "parfait merci",
        "super, merci beaucoup",
        "non merci",
        "aucun souci",
        "bonjour",
        "rien de grave, merci",
        "top",
        "génial !",
        "ça marche, merci",
        "je suis ravi",
        "jamais eu de problème",
    ],
}


@pytest.mark.parametrize(("language", "text"), [(lang, t) for lang, texts in NEGATIVE.items() for t in texts])
def test_negative_sentiment(language: str, text: str) -> None:
    assert detect_signals(text, language).sentiment <= -0.2


@pytest.mark.parametrize(("language", "text"), [(lang, t) for lang, texts in NOT_NEGATIVE.items() for t in texts])
def test_negation_and_idioms_are_not_negative(language: str, text: str) -> None:
    assert detect_signals(text, language).sentiment >= 0


def test_negated_positive_is_negative_and_negated_negative_is_positive() -> None:
    assert en("not happy").sentiment < 0 < en("happy").sentiment
    assert en("bad").sentiment < 0 < en("not bad").sentiment
    assert fr("pas content").sentiment < 0 < fr("content").sentiment
    assert fr("mal").sentiment < 0 < fr("pas mal").sentiment


def test_a_doubled_letter_is_not_optional() -> None:
    assert en("do you believe in god").sentiment == 0  # "god" is not "good"
    assert en("gooood job").sentiment > 0


def test_negation_stops_at_the_clause() -> None:
    assert en("no, I'm happy").sentiment > 0
    assert en("I did not order it but I'm happy").sentiment > 0
    assert fr("pas de souci, mais je suis déçu").sentiment < 0


def test_more_cues_mean_more_frustration() -> None:
    mild = en("this is ridiculous")
    strong = en("This is ridiculous, 3rd time I'm asking, STILL NOTHING!!!")
    assert 0 < mild.frustration < strong.frustration <= 1
    assert -1 <= strong.sentiment < mild.sentiment < 0


def test_shouting_raises_frustration_but_brand_names_do_not() -> None:
    assert en("WHERE IS MY PARCEL").frustration > en("where is my parcel").frustration
    assert en("Is my DHL parcel with UPS or COLISSIMO?").frustration == 0


# --- abuse -----------------------------------------------------------------------------------------------

ABUSIVE = {
    "en": [
        ("you idiot", "idiot"),
        ("useless morons", "morons"),
        ("I'll find you", "I'll find you"),
        ("I know where you live", "I know where you live"),
        ("fuck you", "fuck you"),
        ("f*ck you", "f*ck you"),
        ("f.u.c.k off", "f.u.c.k off"),
        ("F U C K you", "F U C K you"),
        ("you idiiiot", "idiiiot"),
        ("you 1d10t", "1d10t"),
        ("go to hell", "go to hell"),
        ("you stupid bitch", "bitch"),
        ("bunch of clowns", "bunch of clowns"),
        ("you are so stupid", "you are so stupid"),
        ("ASSHOLE", "ASSHOLE"),
        ("a$$hole", "a$$hole"),
        ("shut the fuck up", "shut the fuck up"),
    ],
    "fr": [
        ("connard", "connard"),
        ("c*nnard", "c*nnard"),
        ("con.nard", "con.nard"),
        ("c0nnard", "c0nnard"),
        ("CONNNNARD", "CONNNNARD"),
        ("bande d'incapables", "bande d'incapables"),
        ("je vais vous retrouver", "je vais vous retrouver"),
        ("va te faire foutre", "va te faire foutre"),
        ("ta gueule", "ta gueule"),
        ("ferme ta gueule", "ferme ta gueule"),
        ("espèce d'abruti", "espèce d'abruti"),
        ("fils de pute", "fils de pute"),
        ("ENCULÉS", "ENCULÉS"),
        ("vous êtes des voleurs", "vous êtes des voleurs"),
        ("je sais où vous habitez", "je sais où vous habitez"),
        ("sale con", "sale con"),
        ("quel cr3tin", "cr3tin"),
    ],
}
NOT_ABUSIVE = {
    "en": [
        "this is stupid",
        "that's a stupid policy",
        "damn parcel",
        "what the hell is going on",
        "I feel like an idiot, I typed the wrong address",
        "I'm not an idiot",
        "You're useless",
        "I'll find you the order number",
        "I'll call you back tomorrow",
        "first class delivery",
        "I need assistance",
        "I live in Scunthorpe",
        "a set of cocktail glasses",
        "the bass guitar I ordered",
        "an analysis of my bill",
        "the shipment went through Middlesex",
    ],
    "fr": [
        "c'est nul",
        "c'est débile comme règle",
        "la connardise des gens",
        "j'ai besoin d'assistance",
        "je suis con, j'ai oublié mon mot de passe",
        "vous me prenez pour un idiot ?",
        "je suis une idiote, j'ai mis la mauvaise adresse",
        "le conseiller m'a aidé",
        "il est con ce site",
        "une salopette bleue",
        "la constitution du dossier",
        "vous êtes nuls",
        "je vais vous retrouver la référence",
        "du pain bien cuit",
        "mon colis est en retard",
        "zut, toujours rien",
    ],
}
# Swearing about a situation: the vulgar word is masked for the agents, but it is frustration, not abuse.
SWEARING = {
    "en": [("fuck, still nothing", "fuck"), ("where the f*ck is my parcel", "f*ck"), ("this is bullshit", "bullshit")],
    "fr": [("putain de colis", "putain"), ("merde, toujours rien", "merde"), ("c'est quoi ce bordel", "bordel")],
}


@pytest.mark.parametrize(
    ("language", "text", "term"), [(lang, t, term) for lang, cases in ABUSIVE.items() for t, term in cases]
)
def test_abuse_is_flagged_with_the_words_as_typed(language: str, text: str, term: str) -> None:
    signals = detect_signals(text, language)
    assert signals.abuse
    assert term in signals.abuse_terms
    assert all(t in text for t in signals.abuse_terms)
    assert signals.frustration > 0.5


@pytest.mark.parametrize(("language", "text"), [(lang, t) for lang, texts in NOT_ABUSIVE.items() for t in texts])
def test_not_abuse(language: str, text: str) -> None:
    signals = detect_signals(text, language)
    assert not signals.abuse
    assert signals.abuse_terms == ()


@pytest.mark.parametrize(
    ("language", "text", "term"), [(lang, t, term) for lang, cases in SWEARING.items() for t, term in cases]
)
def test_swearing_is_masked_but_is_not_abuse(language: str, text: str, term: str) -> None:
    signals = detect_signals(text, language)
    assert not signals.abuse
    assert signals.abuse_terms == (term,)


def test_mild_swearing_is_not_masked() -> None:
    assert en("damn parcel, what the hell").abuse_terms == ()
    assert fr("zut, bon sang, foutu colis").abuse_terms == ()


def test_undirected_profanity_counts_as_frustration() -> None:
    assert en("damn parcel").frustration > en("the parcel").frustration
    assert fr("putain de colis").frustration > fr("le colis").frustration


def test_threats_are_a_safety_topic_too() -> None:
    assert en("I'll find you").sensitive_topics == (SAFETY,)
    assert fr("je vais vous retrouver").sensitive_topics == (SAFETY,)
    assert en("you idiot").sensitive_topics == ()


def test_each_abuse_term_is_reported_once_in_order() -> None:
    signals = en("you idiot, you IDIOT, useless morons")
    assert signals.abuse_terms == ("idiot", "IDIOT", "morons")


# --- explicit request for a person -----------------------------------------------------------------------

ASKS_FOR_HUMAN = {
    "en": [
        "agent please",
        "can I talk to a real person",
        "speak to someone",
        "human!",
        "I want to speak to a human",
        "Let me talk to a manager",
        "connect me to an agent",
        "transfer me to a representative",
        "real person please",
        "Is there a human I can talk to?",
        "I need a human",
        "get me a supervisor",
        "Representative.",
        "I don't want to talk to a bot",
        "can someone call me back?",
        "Operator!",
    ],
    "fr": [
        "je veux parler à un conseiller",
        "un humain svp",
        "passez-moi un responsable",
        "Je souhaite être mis en relation avec un conseiller",
        "Conseiller !",
        "je veux un humain",
        "Est-ce que je peux parler à quelqu'un ?",
        "mettez-moi en relation avec un conseiller",
        "j'aimerais être rappelé par un conseiller",
        "qu'un conseiller me rappelle svp",
        "je veux parler à un vrai humain",
        "transférez-moi à un responsable",
        "HUMAIN",
        "parler à une vraie personne",
        "je veux parler à quelqu'un, pas à un robot",
        "je voudrais parler à l'agent",
    ],
}
NO_HUMAN_REQUEST = {
    "en": [
        "my human resources department needs an invoice",
        "is there a person at the pickup point who can sign",
        "the delivery person was rude",
        "I spoke to a person yesterday",
        "talk to you soon",
        "no need to talk to a human, thanks",
        "it was a human error on your side",
        "We need a person to sign for the parcel",
        "the agent I talked to was great",
        "Can an agent see my order history?",
        "I am a real person, not a bot",
        "humans make mistakes",
        "The person who delivered it was kind",
        "Where is my order?",
        "Who is my account manager?",
        "I'm switching to another operator, please cancel everything",
    ],
    "fr": [
        "le service des ressources humaines",
        "il y a une personne au point relais pour signer ?",
        "pas besoin de parler à un conseiller, merci",
        "j'ai parlé à un conseiller hier",
        "je n'ai pu parler à personne",
        "le conseiller m'a dit que c'était livré",
        "une erreur humaine",
        "je ne suis pas un robot",
        "mon conseiller bancaire",
        "le livreur est un humain comme nous",
        "parlez-moi de vos offres",
        "l'agent de sécurité",
        "une personne est passée",
        "c'est humain de se tromper",
        "conseillez-moi un modèle",
    ],
}


@pytest.mark.parametrize(("language", "text"), [(lang, t) for lang, texts in ASKS_FOR_HUMAN.items() for t in texts])
def test_asked_for_human(language: str, text: str) -> None:
    assert detect_signals(text, language).asked_for_human


@pytest.mark.parametrize(("language", "text"), [(lang, t) for lang, texts in NO_HUMAN_REQUEST.items() for t in texts])
def test_not_a_request_for_a_human(language: str, text: str) -> None:
    assert not detect_signals(text, language).asked_for_human


# --- sensitive topics ------------------------------------------------------------------------------------

SENSITIVE = {
    "en": [
        ("someone used my account to order things", (FRAUD,)),
        ("I think this is a scam", (FRAUD,)),
        ("my card was stolen", (FRAUD,)),
        ("there's an unauthorised payment on my card", (FRAUD,)),
        ("I didn't make this purchase", (FRAUD,)),
        ("I will contact my lawyer", (LEGAL,)),
        ("I'm going to sue you", (LEGAL,)),
        ("see you in small claims court", (LEGAL,)),
        ("I reported this to trading standards", (LEGAL,)),
        ("my mother passed away last week", (BEREAVEMENT,)),
        ("my husband died and the account is in his name", (BEREAVEMENT,)),
        ("the funeral is tomorrow", (BEREAVEMENT,)),
        ("I'm in hospital", (HEALTH,)),
        ("I'm disabled and can't carry parcels", (HEALTH,)),
        ("I'm pregnant", (HEALTH,)),
        ("I'm on chemo this week", (HEALTH,)),
        ("I want to kill myself", (SAFETY,)),
        ("the charger caught fire", (SAFETY,)),
        ("the driver threatened me", (SAFETY,)),
        ("my husband passed away and someone used his card, I'll see a lawyer", (FRAUD, LEGAL, BEREAVEMENT)),
        # SIM swaps and account takeovers are fraud: a person must see them.
        ("Someone ported my number to another carrier without my permission", (FRAUD,)),
        ("my number was transferred to another network without my consent", (FRAUD,)),
        ("unauthorised SIM swap on my line", (FRAUD,)),
        ("someone changed my password and now I'm locked out", (FRAUD,)),
        ("somebody changed the email address on my account", (FRAUD,)),
        ("my SIM was replaced but I didn't ask for it", (FRAUD,)),
        ("my card was used without me", (FRAUD,)),
        ("my account has been compromised", (FRAUD,)),
        ("I never requested a new SIM card", (FRAUD,)),
    ],
    "fr": [
        ("quelqu'un a utilisé ma carte", (FRAUD,)),
        ("c'est une arnaque", (FRAUD,)),
        ("débit frauduleux", (FRAUD,)),
        ("mon compte a été piraté", (FRAUD,)),
        ("usurpation d'identité", (FRAUD,)),
        ("je vais porter plainte", (LEGAL,)),
        ("mon avocat va vous contacter", (LEGAL,)),
        ("je saisis le tribunal", (LEGAL,)),
        ("mise en demeure", (LEGAL,)),
        ("j'ai contacté l'UFC-Que Choisir", (LEGAL,)),
        ("signalement à la DGCCRF", (LEGAL,)),
        ("je vais saisir le médiateur", (LEGAL,)),
        ("mon père est décédé", (BEREAVEMENT,)),
        ("les obsèques ont lieu demain", (BEREAVEMENT,)),
        ("je suis hospitalisé", (HEALTH,)),
        ("je suis en situation de handicap", (HEALTH,)),
        ("je suis enceinte de 8 mois", (HEALTH,)),
        ("je suis malade", (HEALTH,)),
        ("je veux en finir", (SAFETY,)),
        ("je vais me suicider", (SAFETY,)),
        ("le chargeur a pris feu", (SAFETY,)),
        ("suite au décès de ma mère, quelqu'un a utilisé sa carte", (FRAUD, BEREAVEMENT)),
        ("quelqu'un a fait porter mon numéro chez un autre opérateur sans mon accord", (FRAUD,)),
        ("ma ligne a été transférée sans mon accord", (FRAUD,)),
        ("on a piraté mon compte", (FRAUD,)),
        ("quelqu'un a changé mon mot de passe", (FRAUD,)),
        ("on a modifié mon adresse mail sans mon autorisation", (FRAUD,)),
        ("ma carte a été utilisée sans moi", (FRAUD,)),
        ("je n'ai jamais demandé de nouvelle carte sim", (FRAUD,)),
        ("changement de carte SIM frauduleux sur ma ligne", (FRAUD,)),
    ],
}
NOT_SENSITIVE = {
    "en": [
        "my battery died",
        "my phone is dead",
        "I ordered a roller blind",
        "my account was disabled",
        "I'll call you back",
        "ill be home after 5",
        "Sue from your team called me",
        "the smoke alarm doesn't beep",
        "a kitchen knife set",
        "the parcel passed through the depot",
        "what's your returns policy?",
        "I'm sick of waiting",
        "a dangerously good price",
        "this is killing me",
        "Courtney will collect it",
        "are lithium batteries dangerous goods for you?",
        "I want to port my number to you",
        "how do I transfer my number to another carrier",
        "I changed my password yesterday",
        "can I swap my SIM for an eSIM",
        "I'd like to change the email address on my account",
    ],
    "fr": [
        "j'ai commandé une enceinte bluetooth",
        "des avocats pourris livrés",
        "une succession de problèmes",
        "j'aimerais en finir avec ce dossier",
        "il y a une opération sur mon compte",
        "ma batterie est morte",
        "c'est mortel ce produit",
        "opération de maintenance",
        "la livraison est dangereusement lente",
        "je voudrais une enceinte plus puissante",
        "mon colis est bloqué",
        "je suis malin",
        "le prix est abusé",
        "ma demande concerne la couleur",
        "c'est plaisant",
        "les piles au lithium sont-elles des marchandises dangereuses ?",
        "je veux transférer ma ligne chez vous",
        "j'ai changé mon mot de passe",
        "comment porter mon numéro chez un autre opérateur",
        "je voudrais changer mon adresse mail",
    ],
}


@pytest.mark.parametrize(
    ("language", "text", "topics"), [(lang, t, topics) for lang, cases in SENSITIVE.items() for t, topics in cases]
)
def test_sensitive_topics(language: str, text: str, topics: tuple[SensitiveTopic, ...]) -> None:
    assert detect_signals(text, language).sensitive_topics == topics


@pytest.mark.parametrize(("language", "text"), [(lang, t) for lang, texts in NOT_SENSITIVE.items() for t in texts])
def test_not_sensitive(language: str, text: str) -> None:
    assert detect_signals(text, language).sensitive_topics == ()


def test_each_topic_once_in_enum_order() -> None:
    topics = en("funeral, lawyer, fraud, scam, lawyer again, hospital, danger").sensitive_topics
    assert topics == (FRAUD, LEGAL, BEREAVEMENT, HEALTH, SAFETY)


# --- several issues --------------------------------------------------------------------------------------

MULTI_ISSUE = {
    "en": [
        "my order is late and also I was charged twice",
        "Where is my parcel? And why was I charged twice?",
        "I have two questions: do you ship to Spain, and can I pay later?",
        "Also, another question: do you ship to Spain?",
        "One more thing, my password doesn't work",
        "My order hasn't arrived and I was charged twice",
        "Where is my order and how do I change my password?",
        "On top of that, the invoice is wrong",
        "My router keeps disconnecting and my last bill is wrong",
        "I need to change my delivery address. Separately, can I get a copy of my invoice?",
        "In addition, I never received the refund",
        "While I have you, can you reset my password?",
        "A couple of questions about my account",
        "My parcel is damaged and my invoice is wrong",
        "I have another issue with my account",
    ],
    "fr": [
        "ma commande est en retard et en plus on m'a débité deux fois",
        "par ailleurs, ma facture est fausse",
        "autre chose : comment changer mon mot de passe ?",
        "j'ai une autre question",
        "où est mon colis ? et pourquoi ai-je été facturé deux fois ?",
        "ma box ne marche plus et ma facture est fausse",
        "j'ai deux questions",
        "d'autre part, je voudrais résilier",
        "j'en profite pour vous demander ma facture",
        "De plus, le produit est cassé",
        "mon colis n'est pas arrivé et j'ai oublié mon mot de passe",
        "une deuxième question : livrez-vous le samedi ?",
        "en plus de ça le livreur était impoli",
        "par la même occasion, pouvez-vous changer mon adresse ?",
        "à part ça, où est ma facture ?",
    ],
}
SINGLE_ISSUE = {
    "en": [
        "can I get the track and trace number?",
        "Where is my order?",
        "My parcel is late. It was supposed to arrive Monday.",
        "I want to return the shoes and get a refund",
        "I was charged twice for my order",
        "Where is my order? When will it arrive?",
        "The box was broken and the item is missing",
        "I also tried restarting the router",
        "My order is late and I'm annoyed",
        "Hello, I ordered a phone and it has not arrived yet",
        "Plus shipping costs?",
        "Can you check my order and tell me when it ships?",
        "Thanks and have a nice day",
        "I need to track and trace my package",
        "My invoice and my receipt show different amounts",
        "I ordered the wrong size and need to return it",
        "the parcel was crushed and the vase inside is broken",
        "I'm switching operator, cancel my contract and I'll send back the router",
    ],
    "fr": [
        "où est ma commande ?",
        "mon colis est en retard, il devait arriver lundi",
        "je veux retourner les chaussures et être remboursé",
        "j'ai été débité deux fois pour ma commande",
        "ma box ne marche plus, internet coupé depuis 3 jours",
        "mon colis n'est pas arrivé, j'attends votre retour",
        "suite à notre échange, je vous renvoie la facture",
        "le colis est abîmé et l'article est cassé",
        "de plus en plus de retard",
        "je voudrais suivre et tracer mon colis",
        "bonjour et merci",
        "ma commande et ma facture",
        "je suis encore en attente",
        "pouvez-vous vérifier ma commande et me dire quand elle sera livrée ?",
        "où est mon colis ? quand va-t-il arriver ?",
        "objet cassé, le colis a clairement été jeté",
        "résilier ma ligne et renvoyer la box",
        "mon colis est en point relais, pouvez-vous m'indiquer l'adresse et les horaires ?",
    ],
}


@pytest.mark.parametrize(("language", "text"), [(lang, t) for lang, texts in MULTI_ISSUE.items() for t in texts])
def test_multi_issue(language: str, text: str) -> None:
    assert detect_signals(text, language).multi_issue


@pytest.mark.parametrize(("language", "text"), [(lang, t) for lang, texts in SINGLE_ISSUE.items() for t in texts])
def test_single_issue(language: str, text: str) -> None:
    assert not detect_signals(text, language).multi_issue


# --- the answer did not help -----------------------------------------------------------------------------

REJECTS = {
    "en": [
        "that doesn't answer my question",
        "that's not what I asked",
        "not helpful",
        "This didn't help",
        "You don't understand",
        "You're not listening",
        "That's not my question",
        "No, that's not it",
        "I already tried that",
        "wrong answer",
        "you keep saying the same thing",
        "Read my question again",
        "That answer is not helpful at all",
        "this is irrelevant",
        "you didn't answer my question",
    ],
    "fr": [
        "ça ne répond pas à ma question",
        "non, ce n'est pas ma question",
        "vous ne comprenez pas",
        "c'est pas ça",
        "ce n'est pas ce que j'ai demandé",
        "vous n'avez pas compris",
        "ça ne m'aide pas",
        "j'ai déjà essayé",
        "à côté de la plaque",
        "hors sujet",
        "toujours la même réponse",
        "relisez ma question",
        "vous ne répondez pas à ma question",
        "ça n'a rien à voir",
        "réponse inutile",
    ],
}
ACCEPTS = {
    "en": [
        "I don't understand how to track my parcel",
        "That helps, thanks",
        "the app doesn't work",
        "Nobody answers the phone",
        "not sure what to do",
        "is this helpful for returns?",
        "The driver didn't help me carry it",
        "It is very helpful",
        "Can you answer a question about my order?",
        "My question is about delivery",
        "I restarted it and it works",
        "Yes that's it, thanks",
        "I already paid",
        "not what I expected, the colour is wrong",
        "please answer quickly",
    ],
    "fr": [
        "je ne comprends pas comment suivre mon colis",
        "merci, ça m'aide beaucoup",
        "vous n'avez pas livré mon colis",
        "l'application ne marche pas",
        "personne ne répond au téléphone",
        "c'est ça, merci",
        "oui c'est bien ça",
        "j'ai déjà payé",
        "pouvez-vous répondre à ma question sur la livraison ?",
        "ma question concerne la livraison",
        "vous ne répondez pas au téléphone",
        "ça marche, merci",
        "j'ai déjà une commande en cours",
        "c'est bien ce que je voulais",
        "je ne comprends pas la facture",
    ],
}


@pytest.mark.parametrize(("language", "text"), [(lang, t) for lang, texts in REJECTS.items() for t in texts])
def test_rejects_answer(language: str, text: str) -> None:
    assert detect_signals(text, language).rejects_answer


@pytest.mark.parametrize(("language", "text"), [(lang, t) for lang, texts in ACCEPTS.items() for t in texts])
def test_does_not_reject_answer(language: str, text: str) -> None:
    assert not detect_signals(text, language).rejects_answer


# --- languages -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["de", "", "EN-gb", "und"])
def test_unknown_language_checks_both_lexicons(language: str) -> None:
    assert detect_signals("you idiot", language).abuse_terms == ("idiot",)
    assert detect_signals("espèce de connard", language).abuse
    assert detect_signals("un humain svp", language).asked_for_human
    assert detect_signals("I want to speak to a human", language).asked_for_human
    assert detect_signals("arnaque", language).sensitive_topics == (FRAUD,)


def test_a_language_lexicon_does_not_leak_into_the_other() -> None:
    assert not en("connard").abuse
    assert not fr("you idiot").abuse


# --- the lexicons themselves -----------------------------------------------------------------------------


def _plain_entries() -> list[tuple[str, str, str, str]]:
    """(language, category, sub-category, entry) for every lexicon entry without template syntax."""
    found: list[tuple[str, str, str, str]] = []
    for language in LANGUAGES:
        data = yaml.safe_load(resources.files("tandem.nlu.lexicon").joinpath(f"{language}.yaml").read_text("utf-8"))
        for key, value in data.items():
            if key == "self_reference":
                continue  # searched backwards from an insult; covered by the abuse tests
            for sub, entries in (value if isinstance(value, dict) else {"": value}).items():
                for entry in entries:
                    if not any(c in entry for c in "()[]|#^$") and not entry.startswith("re:") and "..." not in entry:
                        found.append((language, key, sub, entry))
    return found


# Lexicon key -> (Lexicon attribute, whether the matcher names the sub-category / polarity that matched).
_MATCHERS = {
    "positive": ("polarity", True),
    "negative": ("polarity", True),
    "polarity_ignore": ("polarity_ignore", False),
    "negators": ("negator", False),
    "clause_breaks": ("clause_break", False),
    "frustration": ("frustration", False),
    "profanity": ("profanity", False),
    "abuse": ("abuse", False),
    "abuse_exclude": ("abuse_exclude", False),
    "threats": ("threat", False),
    "human_request": ("human_request", False),
    "human_request_exclude": ("human_request_exclude", False),
    "rejects_answer": ("rejects_answer", False),
    "multi_issue": ("multi_issue", False),
    "clause_joiners": ("clause_joiner", False),
    "conditionals": ("conditional", False),
    "topics": ("topics", True),
    "sensitive": ("sensitive", True),
}


@pytest.mark.parametrize(("language", "key", "sub", "entry"), _plain_entries())
def test_every_plain_lexicon_entry_matches_itself(language: str, key: str, sub: str, entry: str) -> None:
    attribute, named = _MATCHERS[key]
    text = normalize(entry, deobfuscate=key in ("profanity", "abuse", "abuse_exclude", "threats")).text
    found = list(getattr(load_lexicon(language), attribute).finditer(text))
    expected_name = (sub or key) if named else ""
    assert (0, len(text), expected_name) in found, f"{key} entry {entry!r} does not match itself"


def test_template_syntax() -> None:
    matcher = compile_entries(["(talk|speak) to [a|the] [real] (person|human) [please]", "l'agent", "#rd time"])
    for text in ["talk to a person", "speak to the real human please", "talk to human", "l'agent", "3rd time"]:
        assert matcher.search(text), text
    for text in ["talk to a a person", "walk to a person", "talk to personal", "33rdtime"]:
        assert not matcher.search(text), text
    anchored = compile_entries(["^ human $"])
    assert anchored.search("human") and anchored.search("hi. human!")
    assert not anchored.search("the human is late")


def test_groups_name_what_matched() -> None:
    matcher = compile_groups({"a": ["apple", "(red|green) pear"], "b": ["banana"]})
    assert [name for _, _, name in matcher.finditer("banana, green pear, apple")] == ["b", "a", "a"]
    assert matcher.blank("one banana") == "one       "


def test_masks_stand_for_inner_letters_only() -> None:
    matcher = compile_entries([], masks=True, inflected=["connard"])
    for text in ["c*nnard", "c**nard", "con*ard", "connards", "co*****d"]:
        assert matcher.search(text), text
    for text in ["*onnard", "connar*", "c*nnardise"]:
        assert not matcher.search(text), text


def test_broken_templates_are_rejected() -> None:
    with pytest.raises(ValueError):
        compile_entries(["(unclosed"])
    with pytest.raises(ValueError):
        compile_entries(["stray)"])
    with pytest.raises(ValueError):
        compile_entries(["re:(capturing)"])


# --- robustness and speed --------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["en", "fr", "de"]))
def test_never_raises_and_stays_in_range(text: str, language: str) -> None:
    signals = detect_signals(text, language)
    assert -1.0 <= signals.sentiment <= 1.0 and not math.isnan(signals.sentiment)
    assert 0.0 <= signals.frustration <= 1.0
    assert not signals.abuse or signals.abuse_terms  # swearing alone records terms without abuse
    assert all(term and term in text for term in signals.abuse_terms)
    assert len(set(signals.sensitive_topics)) == len(signals.sensitive_topics)
    assert list(signals.sensitive_topics) == sorted(signals.sensitive_topics, key=list(SensitiveTopic).index)
