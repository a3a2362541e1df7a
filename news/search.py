"""站内搜索: Chinese text cut into words with jieba.

Each article stores ``search_text``: the jieba words (search mode) of its title, subtitle, summary
and body, joined by spaces. On PostgreSQL ``search_vector`` is ``to_tsvector('simple',
search_text)`` with a GIN index, and a query is the AND of its words, ranked by ``ts_rank`` then
by recency. Elsewhere (SQLite) every word must occur in ``search_text`` (icontains), newest first.

Ranking is bounded: only the newest ``RANKED_LIMIT`` matches are ranked, and not counted beyond
it. Ranking and counting every match cost a ``ts_rank`` per matching article (tens of thousands
for a common word: 0.3-0.6 s at 100k articles), whereas the newest matches of a common word come
from walking the ``publish_at`` index and stop after ``RANKED_LIMIT`` of them (those of a rare
word come from the GIN index). When a query matches more, the page says so (超过 N 篇) and ranks
the newest N; when it matches fewer, every match is ranked and counted, as before.
"""

import logging
import re
from functools import reduce
from operator import and_

import jieba
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q, Value
from django.utils.html import escape
from django.utils.safestring import mark_safe

jieba.setLogLevel(logging.WARNING)

WORD = re.compile(r"\w", re.UNICODE)
STOPWORDS = {"的", "了", "和", "与", "及", "是", "在", "等", "对", "把", "被", "也", "就", "都"}
MAX_TERMS = 8
# How many of the newest matches are ranked by relevance (10 pages of 20). Measured at 100k
# articles (bench/search.py): at 200 every query shape stays under ~30 ms (p95); at 1,000, queries
# matching a few per cent of the articles took up to ~60 ms, as PostgreSQL then walks the
# publish_at index through tens of thousands of rows, reading each one's search vector.
RANKED_LIMIT = 200


def _clean(tokens) -> list[str]:
    return [token.strip().lower() for token in tokens if token.strip() and WORD.search(token)]


def segment(text: str) -> str:
    """The words of a text (jieba search mode), joined by spaces: what ``search_text`` holds."""
    return " ".join(_clean(jieba.cut_for_search(text or "")))


def query_terms(query: str) -> list[str]:
    """The words of a user's query (jieba accurate mode), without repeats or stop words."""
    terms = []
    for token in _clean(jieba.cut((query or "")[:100])):
        if token not in terms:
            terms.append(token)
    meaningful = [term for term in terms if term not in STOPWORDS]
    return (meaningful or terms)[:MAX_TERMS]


def uses_full_text_search() -> bool:
    return connection.vendor == "postgresql"


class RankedArticles:
    """The articles of a search, best first, as a sequence the paginator can page through.

    Holds only the ranked ids; a slice (what the paginator takes for a page) loads its articles
    in one query.
    ``more_than_limit`` says that older matches beyond ``RANKED_LIMIT`` were left out.
    """

    def __init__(self, queryset, article_ids: list[int], *, more_than_limit: bool = False):
        self._queryset = queryset
        self.article_ids = article_ids
        self.more_than_limit = more_than_limit

    def __len__(self) -> int:
        return len(self.article_ids)

    def __getitem__(self, page: slice) -> list:
        ids = self.article_ids[page]
        articles = self._queryset.filter(pk__in=ids).defer("search_text", "search_vector")
        by_id = {article.pk: article for article in articles}
        return [by_id[pk] for pk in ids if pk in by_id]


def search_articles(queryset, terms: list[str]) -> RankedArticles:
    """The articles of the queryset holding every term, best first: one query for the ranked
    ids, then one per page shown. Only the newest ``RANKED_LIMIT`` matches are ranked."""
    if not terms:
        return RankedArticles(queryset, [])
    if uses_full_text_search():
        query = reduce(
            and_, [SearchQuery(term, config="simple", search_type="plain") for term in terms]
        )
        matches = queryset.filter(search_vector=query)
        rank = SearchRank(F("search_vector"), query)
    else:
        matches = queryset.filter(reduce(and_, [Q(search_text__icontains=t) for t in terms]))
        rank = Value(0.0)  # no relevance on SQLite: newest first
    # Limited by date before ranking: ts_rank runs for at most RANKED_LIMIT + 1 articles (the
    # one past the limit only tells that there are more).
    rows = list(
        matches.order_by("-publish_at", "-id")
        .annotate(rank=rank)
        .values_list("pk", "rank")[: RANKED_LIMIT + 1]
    )
    ranked = sorted(rows[:RANKED_LIMIT], key=lambda row: -row[1])  # stable: ties stay newest first
    return RankedArticles(
        queryset, [pk for pk, _ in ranked], more_than_limit=len(rows) > RANKED_LIMIT
    )


def highlight(text: str, terms: list[str]) -> str:
    """The text, escaped, with each occurrence of a term wrapped in <mark>."""
    text = text or ""
    if not terms:
        return escape(text)
    pattern = re.compile(
        "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.IGNORECASE
    )
    parts, position = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))


def excerpt(text: str, terms: list[str], length: int = 120) -> str:
    """A window of the text around the first term found."""
    text = text or ""
    lowered = text.lower()
    positions = [lowered.find(term) for term in terms if lowered.find(term) >= 0]
    start = max(min(positions) - 30, 0) if positions else 0
    snippet = text[start : start + length]
    return ("…" if start else "") + snippet + ("…" if start + length < len(text) else "")
