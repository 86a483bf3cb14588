"""The worker's heap once everything it serves with is loaded: out of the garbage collector's reach.

Python's full collection walks every object that can hold a reference. With one pack's models, encoders and
lexicons that is about 230,000 objects and 140 ms with the GIL held, several times a minute under load: each one
stalls every request in flight (docs/benchmarks.md, session 16). Nearly all of those objects live as long as the
worker, so after one last collection they are frozen (`gc.freeze`): later collections walk only what the requests
create (10–15 ms). The cost: a frozen object caught in a reference cycle is never reclaimed, so a model replaced
later (a promotion, a rollback) may stay in memory if it holds such a cycle.
"""

import gc


def settle() -> int:
    """Collect what loading left behind, then keep everything alive now out of every later collection. Returns
    how many objects are out of reach now."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
