"""Single-message triage latency (language + intents + entities + signals + policy), as `tandem triage` runs it.

python bench/triage_latency.py [--domain all] [--messages 1000]
"""

import argparse
import random
import statistics
import time

import numpy as np

from tandem.models.pack_models import pack_dataset, pack_model, packs_for
from tandem.settings import Settings
from tandem.triage.service import TriageService


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--domain", default="all")
    parser.add_argument("--messages", type=int, default=1000)
    args = parser.parse_args()
    model = pack_model(args.domain, Settings().model_dir)
    service = TriageService(model, packs_for(args.domain))
    data = pack_dataset(args.domain)
    texts = list(data.texts) + list(data.oos_texts)
    random.Random(0).shuffle(texts)
    texts = (texts * (args.messages // len(texts) + 1))[: args.messages]
    for text in texts[:20]:  # warm-up: lazy loads, caches, allocator
        service.triage(text)
    times = []
    for text in texts:
        start = time.perf_counter()
        service.triage(text)
        times.append((time.perf_counter() - start) * 1000)
    print(f"model: {args.domain} ({'+'.join(model.representations)}), {len(model.labels)} intents")
    print(f"messages: {len(times)}")
    print(
        f"latency ms: mean {statistics.fmean(times):.2f}  p50 {np.percentile(times, 50):.2f}  "
        f"p95 {np.percentile(times, 95):.2f}  p99 {np.percentile(times, 99):.2f}  max {max(times):.2f}"
    )


if __name__ == "__main__":
    main()
