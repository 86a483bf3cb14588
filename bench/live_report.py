"""`tandem report live` on the configured database: the whole command's wall time and memory, then its phases
in one process (the metrics service's summary and series, the page), for a period by the day and by the hour.

TANDEM_DATA_DIR=DIR [TANDEM_DATABASE_URL=...] python bench/live_report.py --days 90 [--repeat 3]

Fill the database first, e.g. `tandem demo history --conversations 100000 --days 90`. The periods end
tomorrow (UTC): the last --days days by the day, the last 31 days by the hour, the last 2 days by the hour.
The machine's load average is printed first and last: other work on it slows everything down.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tandem.cli.live_report import SUPERVISOR, _metrics
from tandem.metrics.period import parse_period
from tandem.metrics_report.page import render
from tandem.web import strings


def _periods(days: int) -> list[tuple[str, str, str]]:
    tomorrow = datetime.now(UTC).date() + timedelta(days=1)

    def back(n: int) -> str:
        return str(tomorrow - timedelta(days=n))

    return [(back(days), str(tomorrow), "day"), (back(31), str(tomorrow), "hour"), (back(2), str(tomorrow), "hour")]


def _command(since: str, until: str, bucket: str) -> str:
    """The real command in a process of its own: wall time and peak memory."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "report.html"
        args = ["report", "live", "--since", since, "--until", until, "--bucket", bucket, str(out)]
        started = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%M", sys.executable, "-m", "tandem", *args],
                              capture_output=True, text=True, check=True)  # fmt: skip
        wall = time.perf_counter() - started
        peak_mb = int(done.stderr.strip().splitlines()[-1]) / 1024
        return f"command {wall:.1f} s wall, {peak_mb:.0f} MB peak, page {out.stat().st_size / 1024:.0f} KB"


def _phases(since: str, until: str, bucket: str, repeat: int) -> str:
    """Each phase `repeat` times in this process: the median."""
    summary_s, series_s, page_s = [], [], []
    period = parse_period(since, until, datetime.now(UTC))
    with _metrics() as metrics:
        for _ in range(repeat):
            t0 = time.perf_counter()
            summary = metrics.summary(SUPERVISOR, since, until)
            t1 = time.perf_counter()
            series = metrics.series(SUPERVISOR, since, until, bucket)
            t2 = time.perf_counter()
            render(summary, series, period.since, period.until, strings("en"), "en", datetime.now(UTC))
            t3 = time.perf_counter()
            summary_s.append(t1 - t0)
            series_s.append(t2 - t1)
            page_s.append(t3 - t2)
    conversations = summary["outcomes"]["conversations"]
    return (
        f"{conversations:,} conversations, {len(series['points'])} {bucket}s: summary "
        f"{statistics.median(summary_s):.2f} s, series {statistics.median(series_s):.2f} s, "
        f"page {statistics.median(page_s):.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{date.today()} load average {os.getloadavg()[0]:.1f}")
    for since, until, bucket in _periods(args.days):
        print(f"{since} .. {until} by {bucket}: {_command(since, until, bucket)}")
        print(f"    in one process: {_phases(since, until, bucket, args.repeat)}")
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
