"""Open-intent check on BANKING77: know a random 75% of the intents, meet all of them.

Trains on the training rows of the known intents; tests on every test row, the unknown intents' rows
labelled out-of-scope. Reports out-of-scope recall/precision and accuracy, through `tandem nlu eval`.

    python bench/open_intent.py [--data ../shared/data/banking77] [--known 0.75] [--seed 0]
"""

import argparse
import csv
import random
import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared/data/banking77")
    parser.add_argument("--known", type=float, default=0.75)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    train = _read(args.data / "train.csv")
    test = _read(args.data / "test.csv")
    intents = sorted({label for _, label in train})
    known = set(random.Random(args.seed).sample(intents, round(len(intents) * args.known)))
    print(f"known intents: {len(known)} of {len(intents)} (seed {args.seed})", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        train_csv, test_csv = Path(tmp) / "train.csv", Path(tmp) / "test.csv"
        _write(train_csv, [(t, label) for t, label in train if label in known])
        _write(test_csv, [(t, label if label in known else "oos") for t, label in test])
        command = [
            sys.executable,
            "-m",
            "tandem",
            "nlu",
            "eval",
            "--train",
            str(train_csv),
            "--test",
            str(test_csv),
            "--oos-label",
            "oos",
        ]
        if args.json:
            command += ["--json", str(args.json)]
        sys.exit(subprocess.call(command))


def _read(path: Path) -> list[tuple[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [(row["text"], row.get("intent") or row["category"]) for row in csv.DictReader(handle)]


def _write(path: Path, rows: list[tuple[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "intent"])
        writer.writerows(rows)


if __name__ == "__main__":
    main()
