"""Is a language model's reply faithful to the knowledge article it was given? (pure, French and English)

The check is deliberately strict: a reply it refuses costs nothing (the customer gets the article as the pack
words it), a reply it lets through wrongly tells a customer something the company never said. So:
- every fact a customer could act on (number, amount, duration, date, URL, e-mail, phone) must be in the
  article, with the same unit when both give one ("30 days" is not "30 weeks");
- no clause may flip the polarity of the article clause it restates ("you can" / "you cannot", "gratuit" /
  "payant", "before 2 pm" / "after 2 pm");
- most of its content words must come from the article (or from the customer's own words).
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from tandem.nlu.contacts import find_emails, find_phones

MIN_OVERLAP = 0.6  # share of the reply's content words found in the article or the question
_PHONE_REGIONS = ("FR", "GB")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "’": "'", "‘": "'", "\u00a0": " ", "\u202f": " "})
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"')\]]+", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\[(?:EMAIL|IBAN|CARD|PHONE)\]")
# "2 000" and "2,000" are one number; "4,90" and "4.90" another; a separator before exactly three digits is
# read both ways, since French and English disagree on it.
_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?: \d{3})+(?!\d)|\d+)(?:([.,])(\d+))?")
_CURRENCY_BEFORE = re.compile(r"([€$£])\s?$")
_UNIT_AFTER = re.compile(
    r"^\s?(?:(?P<percent>%|pour ?cent|per ?cent)|(?P<eur>€|eur\b|euros?\b)|(?P<usd>\$|usd\b|dollars?\b)"
    r"|(?P<gbp>£|gbp\b|pounds?\b)|(?P<pm>pm\b|p\.m\.)|(?P<am>am\b|a\.m\.)"
    r"|(?:(?:working|business|calendar) )?(?P<day>days?\b|jours?\b|j\b)|(?P<week>weeks?\b|semaines?\b)"
    r"|(?P<month>months?\b|mois\b)|(?P<year>years?\b|ans?\b|annees?\b)|(?P<hour>hours?\b|heures?\b|h\b|hrs?\b)"
    r"|(?P<minute>minutes?\b|mins?\b))"
)
_NUMBER_WORDS = {
    # Never "one"/"un"/"une" (articles) nor "neuf" (also "new"): too often not a number.
    **dict.fromkeys(("two", "deux"), 2),
    **dict.fromkeys(("three", "trois"), 3),
    **dict.fromkeys(("four", "quatre"), 4),
    **dict.fromkeys(("five", "cinq"), 5),
    "six": 6,
    **dict.fromkeys(("seven", "sept"), 7),
    **dict.fromkeys(("eight", "huit"), 8),
    "nine": 9,
    **dict.fromkeys(("ten", "dix"), 10),
    **dict.fromkeys(("eleven", "onze"), 11),
    **dict.fromkeys(("twelve", "douze"), 12),
    **dict.fromkeys(("fifteen", "quinze"), 15),
    **dict.fromkeys(("twenty", "vingt"), 20),
    **dict.fromkeys(("thirty", "trente"), 30),
    **dict.fromkeys(("forty", "quarante"), 40),
    **dict.fromkeys(("fifty", "cinquante"), 50),
    **dict.fromkeys(("sixty", "soixante"), 60),
    "ninety": 90,
}
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b")
_CLAUSE_BREAK = re.compile(
    r"[.!?;:](?=\s|$)|\n|\b(?:but|however|except|although|mais|cependant|toutefois|sauf|sinon|otherwise)\b"
)
_TOKEN = re.compile(r"\w+(?:'\w+)?")
_NEGATION_WORDS = (
    "not no never none neither nor nothing nobody nowhere cannot ne pas jamais aucun aucune ni rien nullement"
)
_NEGATIONS = frozenset(_NEGATION_WORDS.split())
# Words that carry a polarity of their own: (concept, +1 / -1). Negation in the clause reverses them.
_POLAR_EXACT = {
    "free": ("free", 1),
    "paid": ("free", -1),
    "chargeable": ("free", -1),
    "possible": ("possible", 1),
    "impossible": ("possible", -1),
    "before": ("before", 1),
    "avant": ("before", 1),
    "after": ("before", -1),
    "apres": ("before", -1),
}
_POLAR_PREFIX = (
    ("gratuit", ("free", 1)),
    ("offert", ("free", 1)),
    ("payant", ("free", -1)),
    ("accept", ("accept", 1)),
    ("refus", ("accept", -1)),
    ("reject", ("accept", -1)),
    ("inclu", ("include", 1)),
    ("exclu", ("include", -1)),
    ("allow", ("allow", 1)),
    ("permit", ("allow", 1)),
    ("autoris", ("allow", 1)),
    ("forbid", ("allow", -1)),
    ("prohib", ("allow", -1)),
    ("interdi", ("allow", -1)),
)
_STOP_WORDS = """
    the a an and or of to in on at for from by with as is are was were be been being it its this that these
    those there their our your you we they he she his her them us my me i will would can could may might must
    shall should do does did have has had if then so than also any all some most more such about into over
    very just only up out what which who whom how when where why yes please thank thanks hello dear within
    le la les un une des du de d l et ou au aux en dans sur pour par avec sans ce cet cette ces qui que quoi
    dont est sont etre ete sera seront a ont avez avons vous nous ils elles il elle votre vos notre nos leur
    leurs son sa ses mon ma mes se s y si ne pas plus peut pouvez pouvons peuvent tout tous toute toutes tres
    aussi bien oui non merci bonjour madame monsieur sous dans
"""
_STOP = frozenset(_STOP_WORDS.split())


class ProblemKind(StrEnum):
    EMPTY = "empty"
    FACT = "fact"  # a number, amount, duration, URL, e-mail or phone the article does not give
    PLACEHOLDER = "placeholder"  # a redaction mark ([EMAIL]...) echoed back
    NEGATION = "negation"  # a clause says the opposite of the article clause it restates
    ANTONYM = "antonym"  # "free" / "paid", "before" / "after"...
    OVERLAP = "overlap"  # too little of the reply comes from the article


@dataclass(frozen=True, slots=True)
class Problem:
    kind: ProblemKind
    detail: str


@dataclass(frozen=True, slots=True)
class Verdict:
    problems: tuple[Problem, ...]
    overlap: float  # share of the reply's content words found in the article (or the question)

    @property
    def grounded(self) -> bool:
        return not self.problems

    @property
    def kinds(self) -> tuple[str, ...]:
        """What went wrong, without the text: safe to log."""
        return tuple(dict.fromkeys(p.kind.value for p in self.problems))


@dataclass(frozen=True, slots=True)
class _Number:
    values: frozenset[Decimal]
    unit: str | None
    text: str


@dataclass(frozen=True, slots=True)
class _Clause:
    stems: frozenset[str]
    negated: bool
    polar: frozenset[tuple[str, int]]


def check_grounding(reply: str, article: str, question: str = "", min_overlap: float = MIN_OVERLAP) -> Verdict:
    """Whether `reply` says nothing the `article` does not: facts, polarity, content (see the module doc).

    `question` (the customer's words) may lend content words and long identifiers (an order number), never
    amounts or durations.
    """
    if not reply.strip():
        return Verdict((Problem(ProblemKind.EMPTY, ""),), 0.0)
    problems = list(unsupported_facts(reply, article, question))
    problems += [Problem(ProblemKind.PLACEHOLDER, m.group()) for m in _PLACEHOLDER.finditer(reply)]
    problems += _polarity_problems(reply, article)
    reply_stems = _stems(_fold(reply))
    known = _stems(_fold(article)) | _stems(_fold(question))
    overlap = len(reply_stems & known) / len(reply_stems) if reply_stems else 0.0
    if overlap < min_overlap:
        problems.append(Problem(ProblemKind.OVERLAP, f"{overlap:.2f}"))
    return Verdict(tuple(problems), round(overlap, 3))


def unsupported_facts(text: str, source: str, context: str = "") -> list[Problem]:
    """The facts of `text` that `source` does not give. Identifiers of five characters or more with digits
    (order or tracking numbers) may also come from `context`."""
    text_facts, text_rest = _contacts(text)
    source_facts, source_rest = _contacts(source)
    context_ids = {w.casefold() for w in re.findall(r"\b\w*\d\w*\b", context) if len(w) >= 5}
    problems = [Problem(ProblemKind.FACT, fact) for fact in sorted(text_facts - source_facts)]
    source_numbers = _numbers(source_rest)
    for number in _numbers(text_rest):
        if number.text.replace(" ", "").casefold() in context_ids:
            continue
        if not any(_same(number, other) for other in source_numbers):
            problems.append(Problem(ProblemKind.FACT, number.text))
    return problems


def _same(a: _Number, b: _Number) -> bool:
    return bool(a.values & b.values) and (a.unit is None or b.unit is None or a.unit == b.unit)


def _contacts(text: str) -> tuple[set[str], str]:
    """URLs, e-mails and phones (normalised), and the text without them (so their digits are not numbers)."""
    found: set[str] = set()
    spans: list[tuple[int, int]] = []
    for match in _URL.finditer(text):
        found.add("url:" + match.group().rstrip(".,;:!?").casefold().rstrip("/"))
        spans.append(match.span())
    for email in find_emails(text):
        found.add("email:" + email.value)
        spans.append((email.start, email.end))
    for phone in find_phones(text, _PHONE_REGIONS):
        found.add("phone:" + phone.value)
        spans.append((phone.start, phone.end))
    rest = list(text)
    for start, end in spans:
        rest[start:end] = " " * (end - start)
    return found, "".join(rest)


def _numbers(text: str) -> list[_Number]:
    folded = _fold(text)
    numbers = []
    for match in _NUMBER.finditer(folded):
        whole, separator, fraction = match.group(1).replace(" ", ""), match.group(2), match.group(3)
        values = {_decimal(whole)}
        if separator:
            values = {_decimal(f"{whole}.{fraction}")}
            if len(fraction) == 3:
                values.add(_decimal(whole + fraction))
        unit = _unit(folded[: match.start()], folded[match.end() :])
        numbers.append(_Number(frozenset(v for v in values if v is not None), unit, match.group()))
    for match in _NUMBER_WORD.finditer(folded):
        value = Decimal(_NUMBER_WORDS[match.group(1)])
        numbers.append(_Number(frozenset({value}), _unit("", folded[match.end() :]), match.group()))
    return numbers


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text).normalize()
    except InvalidOperation:
        return None


def _unit(before: str, after: str) -> str | None:
    if currency := _CURRENCY_BEFORE.search(before):
        return {"€": "eur", "$": "usd", "£": "gbp"}[currency.group(1)]
    match = _UNIT_AFTER.match(after)
    return match.lastgroup if match else None


def _polarity_problems(reply: str, article: str) -> list[Problem]:
    article_clauses = [c for c in _clauses(article) if c.stems]
    everywhere = {p for c in article_clauses for p in c.polar}
    # A word found in few article clauses says more about which one is restated than one found in many.
    frequency = Counter(stem for c in article_clauses for stem in c.stems)
    problems: list[Problem] = []
    for clause in _clauses(reply):
        match = _aligned(clause, article_clauses, frequency)
        if match is not None and match.negated != clause.negated:
            problems.append(Problem(ProblemKind.NEGATION, " ".join(sorted(clause.stems & match.stems))))
        for concept, sign in clause.polar:
            said = match.polar if match is not None and any(c == concept for c, _ in match.polar) else everywhere
            if (concept, -sign) in said and (concept, sign) not in said:
                problems.append(Problem(ProblemKind.ANTONYM, concept))
    return problems


def _aligned(clause: _Clause, candidates: Iterable[_Clause], frequency: Counter[str]) -> _Clause | None:
    """The article clause `clause` restates: the one sharing the most (and the rarest) content words, if it
    shares enough."""
    best, best_score = None, (0.0, 0.0)
    for candidate in candidates:
        shared = clause.stems & candidate.stems
        score = (sum(1 / frequency[stem] for stem in shared), len(shared) / len(candidate.stems))
        if shared and score > best_score:
            best, best_score = candidate, score
    if best is None:
        return None
    shared_count = len(clause.stems & best.stems)
    return best if shared_count >= 2 or (shared_count == 1 and len(clause.stems) <= 2) else None


def _clauses(text: str) -> list[_Clause]:
    clauses = []
    for part in _CLAUSE_BREAK.split(_fold(text)):
        tokens = _TOKEN.findall(part)
        negated = any(_is_negation(token) for token in tokens)
        polar = {p for token in tokens if (p := _polarity_of(token)) is not None}
        flipped = frozenset((concept, -sign if negated else sign) for concept, sign in polar)
        clauses.append(_Clause(_stems(part), negated, flipped))
    return clauses


def _is_negation(token: str) -> bool:
    return token in _NEGATIONS or token.endswith("n't") or token.startswith("n'") or token.startswith("non-")


def _polarity_of(token: str) -> tuple[str, int] | None:
    if token in _POLAR_EXACT:
        return _POLAR_EXACT[token]
    return next((polarity for prefix, polarity in _POLAR_PREFIX if token.startswith(prefix)), None)


def _stems(text: str) -> frozenset[str]:
    """Content words, crudely stemmed (trailing s/x off, first five letters): "returned" ~ "return"."""
    stems = set()
    for token in _TOKEN.findall(text):
        word = token.split("'")[-1] if token[1:2] == "'" else token.replace("'", "")
        if (
            len(word) < 3
            or word in _STOP
            or word in _NEGATIONS
            or token.endswith("n't")
            or word.isdigit()
            or word in _NUMBER_WORDS
        ):
            continue
        if len(word) > 3 and word[-1] in "sx":
            word = word[:-1]
        stems.add(word[:5])
    return frozenset(stems)


def _fold(text: str) -> str:
    """Lower-case, accent-free, with plain apostrophes and spaces ("Délai" and "delai" are one word)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
