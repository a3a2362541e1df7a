"""Article views, counted without a write per view.

A page served by nginx or the page cache never reaches the article view, so the article page
asks for a tiny uncached image (``news:article_seen``) that counts the view. Views are counted in
the process and added to the shared cache at most once a second, one round trip for every
article's count; ``news.services.view_counts_flush`` writes them to the database (Celery beat).
With the shared cache away, the counts wait in the process for the next flush.
"""

import atexit
import threading
import time
from collections import Counter

from django.core.cache import cache

from unionportal.cache import CACHE_ERRORS

VIEW_COUNT_KEY = "news:views:{}"  # an article's views not yet written to the database
FLUSH_SECONDS = 1.0


def _counters_add(deltas: dict[str, int]) -> None:
    for key, delta in deltas.items():
        cache.add(key, 0, None)
        try:
            cache.incr(key, delta)
        except ValueError:  # evicted between add and incr
            cache.set(key, delta, None)


class _ViewCounts:
    """Views counted in this process, not yet added to the shared cache."""

    def __init__(self):
        self.counts = Counter()
        self.added_at = time.monotonic()
        self.lock = threading.Lock()

    def add(self, article_id: int) -> None:
        with self.lock:
            self.counts[article_id] += 1

    def flush(self, *, unless_recent: bool = False) -> None:
        """Add the counts to the shared cache; with ``unless_recent``, only if the last time was
        ``FLUSH_SECONDS`` ago or more. Counts that could not be added are kept for the next time."""
        if not self.counts or (unless_recent and time.monotonic() - self.added_at < FLUSH_SECONDS):
            return
        with self.lock:
            counts, self.counts = self.counts, Counter()
            self.added_at = time.monotonic()
        try:
            _counters_add({VIEW_COUNT_KEY.format(pk): count for pk, count in counts.items()})
        except CACHE_ERRORS:
            with self.lock:
                self.counts.update(counts)


_view_counts = _ViewCounts()
atexit.register(_view_counts.flush)  # a worker that stops keeps none back


def count_view(article_id: int) -> None:
    """One view of an article: counted here, in the shared cache within a second under traffic."""
    _view_counts.add(article_id)
    _view_counts.flush(unless_recent=True)


def counted_here(article_id: int) -> int:
    """The views of an article this process counted and has not yet added to the shared cache."""
    return _view_counts.counts.get(article_id, 0)


def counted_views_flush() -> None:
    """Add this process' counted views to the shared cache now."""
    _view_counts.flush()


def discard_counted_views() -> None:
    """Forget the views counted in this process (tests start afresh)."""
    _view_counts.counts.clear()
