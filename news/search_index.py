"""Writes of the search index of the other apps' kinds (``news.models.SearchEntry``).

Each kind is declared by the app that owns it (``unionportal.search_registry``). Its entries are
kept current three ways:

- ``search_entries_refresh``: the documents a saved or deleted record changes (the kind's
  ``watch``), after the commit of the admin save or service that made the change;
- ``search_entries_sync``: every document of a kind compared with its entries by digest, only
  changed ones written, vanished ones deleted. Celery beat runs it every ten minutes (bulk imports
  send no signals), ``manage.py search_sync`` too;
- the demo loader syncs once.
"""

import hashlib
import logging
import threading
from datetime import date
from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from news import search
from news.models import SearchEntry
from unionportal.cache import public_content_changed
from unionportal.search_registry import Document, SearchKind, registry

logger = logging.getLogger(__name__)
BATCH = 1000
OLDEST = date(1900, 1, 1)


def _entry(kind: SearchKind, document: Document) -> SearchEntry:
    text = search.index_text(document.title, document.summary, document.text)
    rank_date = document.date or (date(document.year, 1, 1) if document.year else OLDEST)
    parts = [
        document.title,
        document.url,
        document.summary,
        text,
        str(document.year),
        str(rank_date),
    ]
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()
    entry = SearchEntry(
        kind=kind.key,
        key=document.key,
        title=document.title[:300],
        summary=document.summary[:300],
        url=document.url[:300],
        year=document.year,
        rank_date=rank_date,
        search_text=text,
        digest=digest,
    )
    if search.uses_full_text_search():
        # a literal: the INSERT gives it the column's type, tsvector
        entry.search_vector = search.vector_literal(text)
    return entry


def _write(kind: SearchKind, documents, *, stored: dict[str, str]) -> tuple[int, set[str]]:
    """Write the documents whose digest differs from ``stored`` ({key: digest}); return how many
    were written and the keys seen."""
    written, seen, batch = 0, set(), []
    fields = ["title", "summary", "url", "year", "rank_date", "search_text", "digest"]
    if search.uses_full_text_search():
        fields.append("search_vector")

    def flush():
        SearchEntry.objects.bulk_create(
            batch, update_conflicts=True, unique_fields=["kind", "key"], update_fields=fields
        )

    for document in documents:
        seen.add(document.key)
        entry = _entry(kind, document)
        if stored.get(document.key) == entry.digest:
            continue
        batch.append(entry)
        if len(batch) >= BATCH:
            flush()
            written += len(batch)
            batch = []
    if batch:
        flush()
        written += len(batch)
    return written, seen


def search_entries_sync(*, kinds: list[str] | None = None) -> dict[str, int]:
    """Bring every entry of these kinds (all registered kinds by default) in line with their
    documents. Returns {kind: entries written or deleted}."""
    changes = {}
    for kind in registry.kinds():
        if kinds is not None and kind.key not in kinds:
            continue
        entries = SearchEntry.objects.filter(kind=kind.key)
        stored = dict(entries.values_list("key", "digest"))
        with transaction.atomic():
            written, seen = _write(kind, kind.documents(None), stored=stored)
            gone = [key for key in stored if key not in seen]
            for start in range(0, len(gone), BATCH):
                entries.filter(key__in=gone[start : start + BATCH]).delete()
            if written or gone:
                public_content_changed()  # search pages kept by the page cache are stale
        changes[kind.key] = written + len(gone)
    return changes


def search_entries_refresh(*, kind: str, keys: list[str] | None) -> None:
    """Rewrite the entries of these keys of a kind (or sync the whole kind: keys None)."""
    search_kind = registry.get(kind)
    if search_kind is None:
        return
    if keys is None:
        search_entries_sync(kinds=[kind])
        return
    keys = sorted(set(keys))
    if not keys:
        return
    with transaction.atomic():
        _, seen = _write(search_kind, search_kind.documents(keys), stored={})
        SearchEntry.objects.filter(kind=kind, key__in=[k for k in keys if k not in seen]).delete()
        public_content_changed()


class _PendingRefreshes(threading.local):
    """Entries to rewrite once the transaction that changed their records commits, gathered so
    that an import saving thousands of records rewrites each kind's entries in one go, not one
    transaction a record. {kind: keys, or None for the whole kind}."""

    def __init__(self):
        self.kinds: dict[str, set[str] | None] = {}

    def add(self, kind: str, keys: list[str] | None) -> None:
        if keys is None or self.kinds.get(kind, set()) is None:
            self.kinds[kind] = None
        else:
            self.kinds.setdefault(kind, set()).update(keys)

    def take(self) -> dict[str, set[str] | None]:
        kinds, self.kinds = self.kinds, {}
        return kinds


_pending = _PendingRefreshes()


def _record_changed(sender, instance, kind: str, affected, **kwargs):
    try:
        keys = affected(instance)
        keys = None if keys is None else [str(key) for key in keys]
    except Exception:  # a search index must never stop a record being saved
        logger.exception("搜索索引：无法确定 %s 受影响的条目", kind)
        return
    _pending.add(kind, keys)
    # Every change registers the flush: the first to run after the commit writes what all of
    # them gathered, the others find nothing left. Keys of a transaction that rolled back are
    # rewritten by the next flush from the records as they are: harmless.
    transaction.on_commit(_refresh_pending)


def _refresh_pending():
    for kind, keys in _pending.take().items():
        try:
            search_entries_refresh(kind=kind, keys=None if keys is None else sorted(keys))
        except Exception:  # logged; the periodic sync repairs the entries
            logger.exception("搜索索引：%s 条目更新失败", kind)


def search_index_connect() -> None:
    """Follow every watched model's saves and deletes (news' AppConfig.ready, once)."""
    for kind in registry.kinds():
        for model, affected in kind.watch.items():
            receiver = partial(_record_changed, kind=kind.key, affected=affected)
            uid = f"search-index:{kind.key}:{model._meta.label}"
            post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
            post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid + ":delete")
