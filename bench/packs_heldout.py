"""Held-out triage quality of each pack, per language (see tandem.models.pack_eval); company packs from
TANDEM_PACK_DIRS too.

python bench/packs_heldout.py [--pack ecommerce] [--test-size 0.25] [--seed 0]
"""

import argparse

from tandem.models.pack_eval import evaluate_pack
from tandem.packs.catalog import find_pack, pack_names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pack", action="append", help="pack name (repeatable); default: every pack found")
    parser.add_argument("--test-size", type=float, default=0.25)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--representation", default="auto", help="auto, or a comma list of tfidf,use,minilm")
    args = parser.parse_args()
    print(
        "| pack | lang | should answer | answered right | answered wrong | clarified | escalated needlessly "
        "| should escalate | escalated | clarified instead | missed escalations | answer precision | cost/msg |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name in args.pack or pack_names():
        for s in evaluate_pack(find_pack(name), args.test_size, args.seed, args.representation):
            print(
                f"| {name} | {s.language} | {s.should_answer} | {s.answered_right} ({s.answer_rate:.1%}) "
                f"| {s.answered_wrong} | {s.clarified} | {s.escalated_unnecessarily} | {s.should_escalate} "
                f"| {s.escalated} ({s.escalation_recall:.1%}) | {s.clarified_instead} | {s.missed_escalations} "
                f"| {s.answer_precision:.3f} | {s.cost_per_message:.3f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
