import pytest

from tandem.demo.request import MAX_CONVERSATIONS, MAX_DAYS, HistoryRequest
from tandem.domain.errors import InvalidInput


@pytest.mark.parametrize(
    ("conversations", "days", "seed", "named"),
    [
        (0, 90, 0, "--conversations"),
        (-5, 90, 0, "--conversations"),
        (MAX_CONVERSATIONS + 1, 90, 0, "--conversations"),
        (10, 0, 0, "--days"),
        (10, -1, 0, "--days"),
        (10, MAX_DAYS + 1, 0, "--days"),
        (10, 90, -1, "--seed"),
    ],
)
def test_refuses_what_no_history_can_be(conversations: int, days: int, seed: int, named: str) -> None:
    with pytest.raises(InvalidInput, match=named):
        HistoryRequest(conversations, days, seed)


def test_takes_the_limits_themselves() -> None:
    assert HistoryRequest(MAX_CONVERSATIONS, MAX_DAYS).days == MAX_DAYS
    assert HistoryRequest(1, 1, 0).conversations == 1
