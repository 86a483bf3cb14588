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
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from tandem.llm.facts import NUMBER_WORDS, fold, missing_facts

MIN_OVERLAP = 0.6  # share of the reply's content words found in the article or the question
_PLACEHOLDER = re.compile(r"\[(?:EMAIL|IBAN|CARD|PHONE)\]")
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
    reply_stems = _stems(fold(reply))
    known = _stems(fold(article)) | _stems(fold(question))
    overlap = len(reply_stems & known) / len(reply_stems) if reply_stems else 0.0
    if overlap < min_overlap:
        problems.append(Problem(ProblemKind.OVERLAP, f"{overlap:.2f}"))
    return Verdict(tuple(problems), round(overlap, 3))


def unsupported_facts(text: str, source: str, context: str = "") -> list[Problem]:
    """The facts of `text` that `source` does not give. Identifiers of five characters or more with digits
    (order or tracking numbers) may also come from `context`."""
    return [Problem(ProblemKind.FACT, fact) for fact in missing_facts(text, source, context)]


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
    for part in _CLAUSE_BREAK.split(fold(text)):
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
            or word in NUMBER_WORDS
        ):
            continue
        if len(word) > 3 and word[-1] in "sx":
            word = word[:-1]
        stems.add(word[:5])
    return frozenset(stems)
