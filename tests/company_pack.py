"""The example company pack (examples/packs/energy) as the tests use it: copied with its help center imported,
and its own connector server running as the company would run it (a process on 127.0.0.1)."""

import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tandem.packs.importing import import_help_center

ROOT = Path(__file__).resolve().parents[1]
ENERGY = ROOT / "examples" / "packs" / "energy"
CLAIRE = ("EN20481736", "claire.dubois@example.org")  # a contract of the connector server, and its e-mail


def energy_pack(packs: Path) -> Path:
    """The energy pack copied into `packs`, its help center imported (every copy is byte for byte the same, so
    its model is trained once for the whole run)."""
    target = packs / "energy"
    shutil.copytree(ENERGY, target, ignore=shutil.ignore_patterns("help_center.yaml", "__pycache__"))
    import_help_center(target, [target / "help-center"])
    return target


@contextmanager
def connector_server(key: str) -> Iterator[str]:
    """The energy company's connector server; yields its URL. Its log must hold neither the key nor a customer's
    e-mail (checked when it stops)."""
    server = subprocess.Popen(
        [sys.executable, str(ENERGY / "connector_server.py"), "--port", "0", "--key", key],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    first = server.stdout.readline()
    assert first.startswith("listening on "), first
    try:
        yield first.removeprefix("listening on ").strip()
    finally:
        server.terminate()
        _, log = server.communicate(timeout=10)
    assert key not in log and CLAIRE[1] not in log, log
