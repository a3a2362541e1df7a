"""A test-only figure that keeps a rollup running until its worker is killed.

A Celery worker started with ``--include tests.reports.slow_figure`` declares it beside the real
figures. Where ``ROLLUP_SLOW_MARKER`` names a file, computing ``SLOW_YEAR`` writes the file (so
the test knows the run is under way, inside its transaction) and then waits, at most two
minutes, for the file to go away: the test kills the worker before that.
"""

import os
import time
from pathlib import Path

from reports.registry import Figure, Theme, figure_group

SLOW_YEAR = 2031


@figure_group(Figure("test_slow_figure", "测试用慢指标", unit="个", theme=Theme.SERVICES))
def slow_figure(year: int) -> dict:
    marker = os.environ.get("ROLLUP_SLOW_MARKER")
    if marker and year == SLOW_YEAR:
        path = Path(marker)
        path.write_text(str(os.getpid()))
        deadline = time.monotonic() + 120
        while path.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
    return {"test_slow_figure": 1}
