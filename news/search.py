"""站内搜索: Chinese text cut into words with jieba.

Each article stores ``search_text``: the jieba words (search mode) of its title, subtitle, summary
and body, joined by spaces. On PostgreSQL ``search_vector`` is ``to_tsvector('simple',
search_text)`` with a GIN index, and a query is the AND of its words, ranked by ``ts_rank`` then
by recency. Elsewhere (SQLite) every word must occur in ``search_text`` (icontains), newest first.
"""

import logging
import re
from functools import reduce
from operator import and_

import jieba
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

jieba.setLogLevel(logging.WARNING)

WORD = re.compile(r"\w", re.UNICODE)
STOPWORDS = {"的", "了", "和", "与", "及", "是", "在", "等", "对", "把", "被", "也", "就", "都"}
MAX_TERMS = 8


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


def search_articles(queryset, terms: list[str]):
    """The queryset narrowed to articles holding every term, best first."""
    if not terms:
        return queryset.none()
    if uses_full_text_search():
        query = reduce(
            and_, [SearchQuery(term, config="simple", search_type="plain") for term in terms]
        )
        return (
            queryset.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "-publish_at", "-id")
        )
    condition = reduce(and_, [Q(search_text__icontains=term) for term in terms])
    return queryset.filter(condition).order_by("-publish_at", "-id")


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
