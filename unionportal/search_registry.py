"""What the portal's search finds, declared by the app that owns it.

Each app declares its searchable kinds (people, honours, competitions …) in its own ``search.py``
with ``registry.register(SearchKind(...))``; ``news`` finds those modules with
``autodiscover_modules("search")``, the way ``reports`` finds each app's ``figures.py``, indexes
their documents and serves the search page. Dependencies stay one way: an app imports this
module, never ``news``.

A kind gives its documents (all of them, or those of some keys) and says which of its models'
saves and deletes change which documents (``watch``), so that an admin edit shows in the search at
once; bulk writes (imports) are caught by the periodic sync. It may also list its public listing
pages for the XML sitemap (``pages``).
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Document:
    """One thing the search can find, as the search shows it."""

    key: str  # unique within its kind: "123", "2018:student_grant_yuan"
    title: str
    url: str
    text: str = ""  # everything else searchable
    summary: str = ""  # one line under the title
    year: int | None = None  # the year facet
    date: datetime.date | None = None  # recency: the newest first among equals


#: documents(keys): every document of the kind when keys is None, else those of these keys
DocumentSource = Callable[[Iterable[str] | None], Iterable[Document]]
#: which documents a saved or deleted instance changes: their keys, or None for "any of them"
Affected = Callable[[object], Iterable[str] | None]


@dataclass(frozen=True)
class SearchKind:
    key: str  # "person"; in the page's address (?kind=person)
    label: str  # 人物
    order: int
    documents: DocumentSource
    watch: dict[type, Affected] = field(default_factory=dict)
    in_sitemap: bool = True  # each document's url goes into the XML sitemap
    pages: Callable[[], list[str]] | None = None  # listing pages for the sitemap


class SearchRegistry:
    def __init__(self):
        self._kinds: dict[str, SearchKind] = {}

    def register(self, kind: SearchKind) -> SearchKind:
        if kind.key in self._kinds and self._kinds[kind.key] != kind:
            raise ValueError(f"search kind {kind.key!r} is declared twice")
        self._kinds[kind.key] = kind
        return kind

    def unregister(self, key: str) -> None:
        self._kinds.pop(key, None)

    def kinds(self) -> list[SearchKind]:
        return sorted(self._kinds.values(), key=lambda kind: (kind.order, kind.key))

    def get(self, key: str) -> SearchKind | None:
        return self._kinds.get(key)


registry = SearchRegistry()
