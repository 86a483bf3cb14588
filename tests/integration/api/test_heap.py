"""An app built inside another program (here the tests') leaves that program's heap alone: only a server process
of its own freezes it (tests/integration/cli/test_serve_workers.py checks that one does)."""

import gc

from .conftest import Api


def test_an_app_inside_another_program_freezes_nothing(api: Api) -> None:
    assert api.client.get("/healthz").status_code == 200  # the lifespan ran: models warm, passes started

    assert gc.get_freeze_count() == 0
