"""What the history's customers write beyond the packs' examples, in French and English: a request for a person,
frustration, a rejected answer, a rude message (no slur: the words the abuse filter flags are not needed to show a
conversation ended for abuse), a flow's answers; and their names. Data, not interface text."""

FIRST_NAMES = (
    "Camille", "Louis", "Léa", "Hugo", "Chloé", "Nathan", "Inès", "Lucas", "Manon", "Jules",
    "Emma", "Oliver", "Amelia", "Jack", "Sophie", "Noah", "Grace", "Leo", "Mia", "Arthur",
)  # fmt: skip
LAST_NAMES = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
    "Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Walker", "Wright", "Green", "Hall",
)  # fmt: skip

LINES: dict[str, dict[str, tuple[str, ...]]] = {
    "asked_for_human": {
        "en": ("can I talk to a real person please", "I want to speak to an agent", "human please"),
        "fr": ("je voudrais parler à un conseiller", "passez-moi un humain svp", "un vrai conseiller, svp"),
    },
    "frustration": {
        "en": ("this is the third time I ask, still nothing!!", "I'm really fed up, nobody answers my emails"),
        "fr": (
            "c'est la troisième fois que je demande, toujours rien !!",
            "j'en ai vraiment marre, personne ne répond",
        ),
    },
    "rejected_answer": {
        "en": ("that doesn't answer my question", "no, that's not it at all"),
        "fr": ("ça ne répond pas à ma question", "non, ce n'est pas du tout ça"),
    },
    "abuse": {
        "en": ("you are useless, absolutely useless", "what a joke of a company, answer me now"),
        "fr": ("vous êtes nuls, complètement nuls", "quelle entreprise de guignols, répondez maintenant"),
    },
    "sensitive_topic": {
        "en": ("I will take legal action if this is not sorted today",),
        "fr": ("je vais porter plainte si ce n'est pas réglé aujourd'hui",),
    },
    "multi_issue": {
        "en": ("my order is late and I was also charged twice, and the promo code failed",),
        "fr": ("ma commande est en retard, j'ai été débité deux fois et le code promo ne marche pas",),
    },
    "slot_value": {
        "en": ("it's 148203", "148203", "the number is 176559", "anna.kowalski@example.com"),
        "fr": ("c'est le 148203", "148203", "le numéro est 176559", "camille.martin@example.fr"),
    },
    "agent": {
        "en": ("Hello, I'm looking into it now.", "I've checked your file: it is sorted, you'll get an email today."),
        "fr": ("Bonjour, je regarde cela tout de suite.", "C'est réglé : vous recevrez un e-mail aujourd'hui."),
    },
}  # fmt: skip
