"""The windows and limits the outcome figures are defined with (docs/metrics.md), in seconds."""

QUIET_SECONDS = 30 * 60  # a customer silent this long has left (containment, abandonment, open questions)
COME_BACK_SECONDS = 7 * 24 * 3600  # coming back on the same issue within this long undoes a resolution
REOPEN_SECONDS = COME_BACK_SECONDS  # writing again within this long after the end is a reopen
MIN_HOUR_SECONDS = 30 * 60  # an agent-hour with less work than this has no occupancy (as in the simulator)
HOUR_SECONDS = 3600
DAY_SECONDS = 24 * HOUR_SECONDS
MAX_SPAN_DAYS = 400  # the longest period a request may ask for
MAX_HOURLY_SPAN_DAYS = 31  # the longest period in hourly buckets
