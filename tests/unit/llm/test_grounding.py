"""Whether a model's reply says only what the article says: facts, polarity, content (French and English)."""

import pytest

from tandem.llm.grounding import ProblemKind, check_grounding, unsupported_facts

RETURNS_EN = (
    "You can return most items within 30 days of delivery, unused and with their tags, and the return is free "
    'with our prepaid label. To start one, go to My account > Orders, choose the order and click "Return an '
    'item"; you can also ask for another size instead of a refund. Underwear, pierced earrings, personalised '
    "items and opened hygiene products cannot be returned. Once we receive your parcel, we refund the original "
    "payment method within 5 business days, including the original delivery cost if you return the whole order."
)
RETURNS_FR = (
    "Vous pouvez retourner la plupart des articles sous 30 jours après la livraison, non portés et avec leurs "
    "étiquettes, et le retour est gratuit avec notre étiquette prépayée. Pour le lancer, allez dans Mon compte > "
    "Mes commandes, choisissez la commande et cliquez sur « Retourner un article » ; vous pouvez aussi demander "
    "une autre taille au lieu d'un remboursement. Les sous-vêtements, les boucles d'oreilles, les articles "
    "personnalisés et les produits d'hygiène ouverts ne sont pas repris. Dès réception de votre colis, nous "
    "remboursons le moyen de paiement d'origine sous 5 jours ouvrés, frais de livraison inclus si vous "
    "retournez toute la commande."
)
DELIVERY_EN = (
    "Orders placed before 2 pm on a working day leave our warehouse the same day. Standard home delivery takes "
    "2 to 4 working days and costs €4.90, free from €50; express delivery arrives the next working day for €9.90."
)
DELIVERY_FR = (
    "Les commandes passées avant 14 h un jour ouvré quittent notre entrepôt le jour même. La livraison standard "
    "à domicile prend 2 à 4 jours ouvrés et coûte 4,90 €, offerte dès 50 € ; l'express arrive le jour ouvré "
    "suivant pour 9,90 €."
)
PAYMENT_EN = (
    "We accept Visa, Mastercard, CB and American Express cards, PayPal and Apple Pay. For orders from €100 to "
    "€2,000 you can pay in 3 or 4 instalments with Klarna. We do not accept cheques, bank transfers or cash on "
    "delivery. Questions: write to help@tandem.example or see https://tandem.example/pay."
)
PAYMENT_FR = (
    "Nous acceptons les cartes Visa, Mastercard, CB et American Express, PayPal et Apple Pay. Pour une commande "
    "de 100 € à 2 000 €, vous pouvez payer en 3 ou 4 fois avec Klarna. Nous n'acceptons ni chèques, ni "
    "virements, ni paiement à la livraison. Service client : 01 44 55 66 77."
)


def kinds(reply: str, article: str, question: str = "") -> set[ProblemKind]:
    return {problem.kind for problem in check_grounding(reply, article, question).problems}


@pytest.mark.parametrize(
    ("reply", "article"),
    [
        ("Yes: you can return most items within 30 days of delivery, and the return is free.", RETURNS_EN),
        (
            "You can send back most items within 30 days of delivery if they are unused with their tags; "
            "returning is free thanks to the prepaid label.",
            RETURNS_EN,
        ),
        ("Underwear and opened hygiene products cannot be returned.", RETURNS_EN),
        ("We refund the original payment method within 5 business days.", RETURNS_EN),
        (
            "Oui, vous pouvez retourner la plupart des articles sous 30 jours après la livraison ; le retour est "
            "gratuit avec notre étiquette prépayée.",
            RETURNS_FR,
        ),
        ("Vous pouvez retourner la plupart des articles sous trente jours après la livraison.", RETURNS_FR),
        ("Les sous-vêtements et les produits d'hygiène ouverts ne sont pas repris.", RETURNS_FR),
        ("Standard home delivery takes 2 to 4 working days and costs €4.90, free from €50.", DELIVERY_EN),
        ("La livraison standard prend 2 à 4 jours ouvrés et coûte 4.90 €, offerte dès 50 €.", DELIVERY_FR),
        ("No, we do not accept cheques. We accept Visa, Mastercard, PayPal and Apple Pay.", PAYMENT_EN),
        ("We accept Visa and PayPal, but not cheques.", PAYMENT_EN),
        ("For orders from €100 to €2,000 you can pay in 3 or 4 instalments with Klarna.", PAYMENT_EN),
        ("Pour une commande de 100 € à 2000 €, vous pouvez payer en 3 ou 4 fois avec Klarna.", PAYMENT_FR),
        ("Non, nous n'acceptons pas les chèques.", PAYMENT_FR),
        ("For questions about payments, write to help@tandem.example or see https://tandem.example/pay", PAYMENT_EN),
        ("Vous pouvez joindre le service client au 01.44.55.66.77.", PAYMENT_FR),
    ],
)
def test_a_faithful_rewording_is_grounded(reply: str, article: str) -> None:
    verdict = check_grounding(reply, article)
    assert verdict.grounded, verdict.problems


@pytest.mark.parametrize(
    ("reply", "article"),
    [
        ("You can return most items within 60 days of delivery.", RETURNS_EN),  # 30 days -> 60 days
        ("You can return most items within sixty days of delivery.", RETURNS_EN),
        ("We refund the original payment method within 5 weeks.", RETURNS_EN),  # days -> weeks
        ("Vous pouvez retourner la plupart des articles sous 60 jours après la livraison.", RETURNS_FR),
        ("Nous remboursons le moyen de paiement d'origine sous 5 mois.", RETURNS_FR),
        ("Standard home delivery takes 2 to 4 working days and costs €5.90.", DELIVERY_EN),
        ("La livraison standard prend 2 à 4 jours ouvrés et coûte 5,90 €.", DELIVERY_FR),
        ("Express delivery arrives the next working day for 9.90 dollars.", DELIVERY_EN),  # € -> $
        ("For questions about payments, write to billing@tandem.example.", PAYMENT_EN),
        ("Pay at https://evil.example/pay with Visa or PayPal.", PAYMENT_EN),
        ("Pour toute question, appelez le service client au 01 44 55 66 78.", PAYMENT_FR),
    ],
)
def test_a_fact_the_article_does_not_give_is_refused(reply: str, article: str) -> None:
    assert ProblemKind.FACT in kinds(reply, article)


@pytest.mark.parametrize(
    ("reply", "article"),
    [
        ("You cannot return most items within 30 days of delivery.", RETURNS_EN),  # you can -> you cannot
        ("You can't return items within 30 days of delivery.", RETURNS_EN),
        ("Underwear can be returned within 30 days.", RETURNS_EN),  # cannot -> can
        ("Yes, we accept cheques.", PAYMENT_EN),
        ("Vous ne pouvez pas retourner la plupart des articles sous 30 jours après la livraison.", RETURNS_FR),
        ("Les sous-vêtements sont repris sous 30 jours.", RETURNS_FR),
        ("Oui, nous acceptons les chèques.", PAYMENT_FR),
    ],
)
def test_a_flipped_negation_is_refused(reply: str, article: str) -> None:
    assert ProblemKind.NEGATION in kinds(reply, article)


@pytest.mark.parametrize(
    ("reply", "article"),
    [
        ("You can return most items within 30 days of delivery; the return is paid.", RETURNS_EN),  # free -> paid
        ("You can return most items within 30 days, but the return is not free.", RETURNS_EN),
        ("Vous pouvez retourner la plupart des articles sous 30 jours, mais le retour est payant.", RETURNS_FR),
        ("Vous pouvez retourner vos articles sous 30 jours, et le retour n'est pas gratuit.", RETURNS_FR),
        ("Orders placed after 2 pm on a working day leave our warehouse the same day.", DELIVERY_EN),
        ("Les commandes passées après 14 h un jour ouvré quittent notre entrepôt le jour même.", DELIVERY_FR),
    ],
)
def test_an_antonym_of_the_article_is_refused(reply: str, article: str) -> None:
    assert kinds(reply, article) & {ProblemKind.ANTONYM, ProblemKind.NEGATION}


def test_a_reply_about_something_else_is_refused() -> None:
    verdict = check_grounding("Our stores open at nine and we love hearing from happy shoppers.", RETURNS_EN)
    assert ProblemKind.OVERLAP in {p.kind for p in verdict.problems}
    assert verdict.overlap < 0.6


def test_the_customers_own_words_count_as_content_but_never_as_facts() -> None:
    question = "Can I send my blue jacket back? I bought it 45 days ago"
    assert check_grounding("Your blue jacket can be returned within 30 days of delivery.", RETURNS_EN, question)
    assert ProblemKind.FACT in kinds("You bought it 45 days ago, so it can still be returned.", RETURNS_EN, question)


def test_redaction_marks_and_empty_replies_are_refused() -> None:
    assert ProblemKind.PLACEHOLDER in kinds("We will write to [EMAIL] about your return within 30 days.", RETURNS_EN)
    assert kinds("   ", RETURNS_EN) == {ProblemKind.EMPTY}


def test_the_verdict_names_what_went_wrong_without_the_text() -> None:
    verdict = check_grounding("You cannot return items within 60 days, write to x@evil.example", RETURNS_EN)
    assert not verdict.grounded
    assert set(verdict.kinds) >= {"fact", "negation"}
    assert all("evil" not in kind for kind in verdict.kinds)


def test_unsupported_facts_lets_identifiers_from_the_conversation_through() -> None:
    transcript = "Customer: where is order 100234? I paid €45.90"
    assert unsupported_facts("The customer asks where order 100234 is; paid €45.90.", transcript) == []
    assert [p.detail for p in unsupported_facts("Order 100235 is late.", transcript)] == ["100235"]
    # An order number the customer gave may be repeated even when the article is the source.
    assert unsupported_facts("Order 100234 can be returned within 30 days.", RETURNS_EN, context=transcript) == []
