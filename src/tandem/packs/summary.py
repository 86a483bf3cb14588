"""One line saying what a pack holds: `tandem pack check` prints it for a pack that loads."""

from tandem.domain.packs import Pack


def pack_summary(pack: Pack, shared_intents: frozenset[str] = frozenset()) -> str:
    """e.g. `energy: 11 intents (+5 shared), 12 articles, 2 flows, 2 connector operations, languages en, fr;
    examples per intent en 28-35, fr 28-34; 5 intents from help-center articles, on probation`."""
    own = {name: intent for name, intent in pack.intents.items() if name not in shared_intents}
    written = [intent for intent in own.values() if intent.vouched]
    from_articles = len(own) - len(written)
    shared = len(pack.intents) - len(own)
    parts = [
        f"{len(own)} intents" + (f" (+{shared} shared)" if shared else ""),
        _count(len(pack.articles), "article"),
        _count(len(pack.flows), "flow"),
        _count(len(pack.operations), "connector operation"),
        "languages " + ", ".join(pack.languages),
    ]
    ranges = []
    for language in pack.languages:
        counts = [len(intent.examples.get(language, ())) for intent in written]
        if counts:
            low, high = min(counts), max(counts)
            ranges.append(f"{language} {low}" if low == high else f"{language} {low}-{high}")
    line = f"{pack.name}: " + ", ".join(parts)
    if ranges:
        line += "; examples per intent " + ", ".join(ranges)
    if from_articles:
        line += f"; {_count(from_articles, 'intent')} from help-center articles, on probation"
    return line


AIM_EXAMPLES = 25  # examples per intent and language docs/packs.md asks for


def thin_intents(pack: Pack, shared_intents: frozenset[str] = frozenset()) -> list[str]:
    """One warning per language where some of the pack's own written intents have fewer than `AIM_EXAMPLES`."""
    warnings = []
    for language in pack.languages:
        thin = [
            f"{name} {len(intent.examples.get(language, ()))}"
            for name, intent in pack.intents.items()
            if name not in shared_intents and intent.vouched and len(intent.examples.get(language, ())) < AIM_EXAMPLES
        ]
        if thin:
            warnings.append(
                f"{language}: {_count(len(thin), 'intent')} with fewer than {AIM_EXAMPLES} examples "
                f"({', '.join(thin)}): the AI will hand most of their questions to people"
            )
    return warnings


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")
