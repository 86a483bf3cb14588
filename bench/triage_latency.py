"""Single-message triage latency and CPU (language + intents + entities + signals + policy), as `tandem triage`
runs it: one message at a time, one thread.

python bench/triage_latency.py [--domain all] [--messages 1000] [--blas-threads 1] [--json OUT]

`--blas-threads N` fixes the BLAS threads as a server worker does (TANDEM_BLAS_THREADS, default 1); 0 leaves
them as the command line has them (two for batches, one for a single message). CPU is the process's user +
system time per message, the figure bench/api_roundtrip.py compares a server's CPU per message with.
"""

import argparse
import json
import random
import statistics
import time
from pathlib import Path

import numpy as np

from tandem.models.pack_models import pack_dataset, pack_model, packs_for
from tandem.nlu import encoders
from tandem.settings import Settings
from tandem.triage.service import TriageService


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--domain", default="all")
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--blas-threads", type=int, default=1)
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    if args.blas_threads:
        encoders.limit_threads(args.blas_threads)
    model = pack_model(args.domain, Settings().model_dir)
    service = TriageService(model, packs_for(args.domain))
    data = pack_dataset(args.domain)
    texts = list(data.texts) + list(data.oos_texts)
    random.Random(0).shuffle(texts)
    texts = (texts * (args.messages // len(texts) + 1))[: args.messages]
    for text in texts[:20]:  # warm-up: lazy loads, caches, allocator
        service.triage(text)
    times = []
    cpu_start = time.process_time()
    for text in texts:
        start = time.perf_counter()
        service.triage(text)
        times.append((time.perf_counter() - start) * 1000)
    cpu_ms = 1000 * (time.process_time() - cpu_start) / len(texts)
    figures = {
        "domain": args.domain,
        "messages": len(times),
        "blas_threads": args.blas_threads,
        "mean_ms": round(statistics.fmean(times), 3),
        "p50_ms": round(float(np.percentile(times, 50)), 3),
        "p95_ms": round(float(np.percentile(times, 95)), 3),
        "p99_ms": round(float(np.percentile(times, 99)), 3),
        "max_ms": round(max(times), 3),
        "cpu_ms_per_msg": round(cpu_ms, 3),
    }
    print(f"model: {args.domain} ({'+'.join(model.representations)}), {len(model.labels)} intents")
    print(f"messages: {len(times)}, BLAS threads: {args.blas_threads or 'as the CLI'}")
    print(
        f"latency ms: mean {figures['mean_ms']:.2f}  p50 {figures['p50_ms']:.2f}  p95 {figures['p95_ms']:.2f}  "
        f"p99 {figures['p99_ms']:.2f}  max {figures['max_ms']:.2f}; CPU {cpu_ms:.2f} ms per message"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
