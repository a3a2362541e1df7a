"""站内搜索: any substring of two or more characters, found through character bigrams.

Chinese has no spaces between words, and a word segmenter cuts a text one way and a query
another (jieba's search mode cut "取得职业资格证书" so that "职业资格" was not one of its words). So
index and query are cut the same way, by characters: a text is normalised (NFKC, lower case),
split at white space, and every run of characters gives its overlapping pairs (its bigrams:
"职业资格" → 职业 业资 资格). A query is split at white space into terms; a text matches when it
holds every term as a substring.

On PostgreSQL an indexed row stores its bigrams in a ``tsvector`` (written as a literal, not
through a text-search parser, so that punctuation and digits stay as typed) with a GIN index: a
query first asks for rows holding every bigram of every term, then checks each longer term as a
substring of the stored normalised text (the bigrams alone do not say they are adjacent).
Elsewhere (SQLite) every term must occur in the normalised text.

Ranking: matches in the title first, then the others; newest first within each. Ranking is
bounded: only the newest ``RANKED_LIMIT`` matches are ranked, and a query matching more says so
(超过 N 条) and offers to narrow by year. The newest matches of a common term come from walking
the ``publish_at`` index, those of a rare one from the GIN index. One query per kind.

Articles are searched in their own table (``Article.search_text`` / ``search_vector``); the
kinds other apps declare (``unionportal.search_registry``) in ``SearchEntry``
(``news.search_index`` writes it).
"""

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import reduce
from operator import and_

import jieba
from django.contrib.postgres.search import SearchQueryField
from django.db import connection
from django.db.models import BooleanField, Case, F, Func, Q, Value, When
from django.db.models.functions import Cast, Extract, ExtractYear
from django.utils.html import escape
from django.utils.safestring import mark_safe

jieba.setLogLevel(logging.WARNING)

MAX_TERMS = 8
MAX_QUERY_LENGTH = 100
MIN_TERM_LENGTH = 2
SPACE = re.compile(r"\s+")
# How many of the newest matches are listed. Measured at 100k articles (bench/search.py).
RANKED_LIMIT = 200


# --------------------------------------------------------------------------- cutting text


def normalize(text: str) -> str:
    """What index and query both compare: NFKC (全角 → 半角) and lower case."""
    return unicodedata.normalize("NFKC", text or "").lower()


def bigrams(text: str) -> set[str]:
    """The overlapping character pairs of a text's runs between white space (normalised)."""
    pairs = set()
    for run in SPACE.split(normalize(text)):
        pairs.update(run[i : i + 2] for i in range(len(run) - 1))
    return pairs


def _is_punctuation(character: str) -> bool:
    return unicodedata.category(character).startswith(("P", "S"))


def _term(token: str) -> str:
    """A query word without the quotes or brackets around it (“劳模” → 劳模), unless that would
    leave less than two characters (书。 stays as typed: it is a substring too)."""
    start, end = 0, len(token)
    while start < end and _is_punctuation(token[start]):
        start += 1
    while end > start and _is_punctuation(token[end - 1]):
        end -= 1
    stripped = token[start:end]
    return stripped if len(stripped) >= MIN_TERM_LENGTH else token


def query_terms(query: str) -> list[str]:
    """The terms of a user's query: split at white space, normalised, at least two characters
    each, without repeats (a term inside another adds nothing and is dropped)."""
    terms = []
    for token in SPACE.split(normalize((query or "")[:MAX_QUERY_LENGTH])):
        term = _term(token)
        if len(term) >= MIN_TERM_LENGTH and term not in terms:
            terms.append(term)
    terms = [term for term in terms if not any(term != other and term in other for other in terms)]
    return terms[:MAX_TERMS]


def query_too_short(query: str) -> bool:
    """Something was typed, but no term of two characters or more."""
    return bool((query or "").strip()) and not query_terms(query)


def split_suggestion(query: str) -> str:
    """The query cut into words (jieba), for a "试试分开搜索" link when a phrase finds nothing:
    "困难职工助学金" → "困难职工 助学金". Empty when cutting changes nothing."""
    words = []
    for term in query_terms(query):
        words += [word for word in jieba.cut(term) if len(word.strip()) >= MIN_TERM_LENGTH]
    suggestion = " ".join(words)
    return suggestion if suggestion and suggestion != " ".join(query_terms(query)) else ""


# --------------------------------------------------------------------------- the stored index


def _lexeme(text: str) -> str:
    """A tsvector / tsquery lexeme literal: quoted, quote and backslash escaped."""
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def vector_literal(text: str) -> str:
    """The tsvector literal of a row: the bigrams of its text."""
    return " ".join(_lexeme(pair) for pair in sorted(bigrams(text)))


def index_text(*parts: str) -> str:
    """The normalised text stored beside the vector (substring checks read it)."""
    return normalize("\n".join(part for part in parts if part))


def uses_full_text_search() -> bool:
    return connection.vendor == "postgresql"


class Matches(Func):
    """``vector @@ query``: the query a tsquery literal, never parsed by a text-search config
    (``SearchQuery`` always is, which would split 书； into 书)."""

    template = "%(expressions)s"
    arg_joiner = " @@ "
    output_field = BooleanField()

    def __init__(self, vector, query_literal: str):
        super().__init__(vector, Cast(Value(query_literal), SearchQueryField()))


def lexeme_frequencies(*models) -> dict[str, dict[str, float]]:
    """{table: {bigram: share of rows holding it}} for the commonest bigrams of each model's
    ``search_vector``, from PostgreSQL's own statistics (refreshed by ANALYZE, autovacuum's
    too); {} elsewhere, and no entry for a table never analysed. One catalog query."""
    if not uses_full_text_search() or not models:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, most_common_elems::text::text[], most_common_elem_freqs"
            " FROM pg_stats WHERE schemaname = current_schema() AND tablename = ANY(%s)"
            " AND attname = 'search_vector'",
            [[model._meta.db_table for model in models]],
        )
        rows = cursor.fetchall()
    return {table: dict(zip(elems, freqs, strict=False)) for table, elems, freqs in rows if elems}


def _query_literal(terms: list[str], frequencies: dict[str, float]) -> str:
    """The rarest bigram of each term, ANDed: the index finds few candidates, and the substring
    check does the rest. All of a term's bigrams would find the same rows, but PostgreSQL
    multiplies their frequencies as if they were independent; the bigrams of one word are not,
    so it underestimated a common phrase's matches (五一劳动奖章: 3,285 for 45,709) and sorted tens
    of thousands of rows instead of walking the newest ones. One bigram each keeps its estimate
    right. A bigram missing from the statistics is rarer than any in them."""
    pairs = {
        min(bigrams(term), key=lambda pair: (frequencies.get(pair, 0.0), pair)) for term in terms
    }
    return " & ".join(_lexeme(pair) for pair in sorted(pairs))


def text_filter(
    terms: list[str],
    *,
    frequencies: dict[str, float] | None = None,
    vector: str = "search_vector",
    text: str = "search_text",
) -> Q:
    """The condition "holds every term" on a model with a vector and a normalised text
    (``frequencies``: ``lexeme_frequencies`` of its table)."""
    if uses_full_text_search():
        match = Matches(F(vector), _query_literal(terms, frequencies or {}))
        checks = [Q(**{f"{text}__contains": term}) for term in terms if len(term) > MIN_TERM_LENGTH]
        return reduce(and_, [Q(match), *checks])
    return reduce(and_, [Q(**{f"{text}__contains": term}) for term in terms])


def title_filter(terms: list[str], *, title: str = "title") -> Q:
    """The condition "the title holds every term" (checked on the rows found, not indexed)."""
    return reduce(and_, [Q(**{f"{title}__icontains": term}) for term in terms])


# --------------------------------------------------------------------------- articles


class Ranked:
    """The rows of a search, best first, as a sequence the paginator can page through.

    Holds only the ranked ids; a slice (what the paginator takes for a page) loads its rows in
    one query. ``more_than_limit`` says that older matches beyond ``RANKED_LIMIT`` were left
    out; ``years`` counts the listed rows by year (the year facet).
    """

    def __init__(self, queryset, rows: list[tuple[int, int | None]], *, more_than_limit=False):
        self._queryset = queryset
        self.ids = [pk for pk, _ in rows]
        self.more_than_limit = more_than_limit
        self.years: dict[int, int] = {}
        for _, year in rows:
            if year:
                self.years[year] = self.years.get(year, 0) + 1

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, page: slice) -> list:
        ids = self.ids[page]
        rows = self._queryset.filter(pk__in=ids).defer("search_vector")
        by_id = {row.pk: row for row in rows}
        return [by_id[pk] for pk in ids if pk in by_id]


@dataclass(frozen=True)
class Scope:
    """Where a search looks: rows with a title, ``search_text`` and ``search_vector`` (articles,
    or the entries of one kind), the date field putting the newest first, the year facet."""

    key: str
    queryset: object
    newest: str
    year: object


def _scope_query(scope: Scope, terms: list[str], frequencies: dict, limit: int, *, sort_key):
    in_title = Case(When(title_filter(terms), then=Value(True)), default=Value(False))
    table = scope.queryset.model._meta.db_table
    annotations = {"facet_year": scope.year, "in_title": in_title, "scope": Value(scope.key)}
    fields = ["pk", "facet_year", "in_title", "scope"]
    if sort_key:  # rows of a UNION come back in no promised order: each carries its own
        annotations["sort_key"] = Extract(scope.newest, "epoch")
        fields.append("sort_key")
    return (
        scope.queryset.filter(text_filter(terms, frequencies=frequencies.get(table, {})))
        .order_by(f"-{scope.newest}", "-id")
        .annotate(**annotations)
        .values_list(*fields)[: limit + 1]
    )


def search_scopes(scopes: list[Scope], terms: list[str], *, limit: int | None = None) -> dict:
    """{scope key: Ranked}: in each scope the newest ``limit`` (``RANKED_LIMIT``) rows holding
    every term, those holding them in the title first. On PostgreSQL one query for all scopes
    (a UNION ALL of each one's newest matches) after one for the statistics; elsewhere one per
    scope. A page of hits then costs one query per scope shown."""
    if not terms:
        return {scope.key: Ranked(scope.queryset, []) for scope in scopes}
    limit = limit or RANKED_LIMIT
    frequencies = lexeme_frequencies(*{scope.queryset.model for scope in scopes})
    together = len(scopes) > 1 and connection.features.supports_slicing_ordering_in_compound
    queries = [
        _scope_query(scope, terms, frequencies, limit, sort_key=together) for scope in scopes
    ]
    if together:
        found = sorted(queries[0].union(*queries[1:], all=True), key=lambda r: (-r[4], -r[0]))
    else:
        found = [row for query in queries for row in query]
    by_scope: dict[str, list] = {scope.key: [] for scope in scopes}
    for row in found:
        by_scope[row[3]].append(row)
    results = {}
    for scope in scopes:
        rows = by_scope[scope.key]
        ranked = sorted(rows[:limit], key=lambda row: not row[2])  # stable: newest first in each
        results[scope.key] = Ranked(
            scope.queryset,
            [(row[0], row[1]) for row in ranked],
            more_than_limit=len(rows) > limit,
        )
    return results


ARTICLES = "article"


def article_scope(queryset) -> Scope:
    return Scope(ARTICLES, queryset.defer("search_text"), "publish_at", ExtractYear("publish_at"))


def entry_scope(kind: str, queryset) -> Scope:
    return Scope(kind, queryset.filter(kind=kind), "rank_date", F("year"))


def search_articles(queryset, terms: list[str], *, limit: int | None = None) -> Ranked:
    """The articles of the queryset holding every term: title matches first, then the others,
    newest first within each; one query, then one per page shown."""
    return search_scopes([article_scope(queryset)], terms, limit=limit)[ARTICLES]


# --------------------------------------------------------------------------- showing hits


def _pattern(terms: list[str]):
    """The terms as one pattern, longest first (so that 职工书屋 wins over 职工)."""
    if not terms:
        return None
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(alternatives, re.IGNORECASE)


def highlight(text: str, terms: list[str]) -> str:
    """The text, escaped, with each occurrence of a term wrapped in <mark>."""
    text = text or ""
    pattern = _pattern(terms)
    if pattern is None:
        return escape(text)
    # Matched on the normalised text (全角 digits, capitals), which keeps the text's length for
    # everything but a few compatibility characters; where it does not, nothing is marked.
    normal = normalize(text)
    source = normal if len(normal) == len(text) else text
    parts, position = [], 0
    for match in pattern.finditer(source):
        parts.append(escape(text[position : match.start()]))
        parts.append(f"<mark>{escape(text[match.start() : match.end()])}</mark>")
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))


def excerpt(text: str, terms: list[str], length: int = 120) -> str:
    """A window of the text around the first term found."""
    text = text or ""
    lowered = normalize(text) if len(normalize(text)) == len(text) else text.lower()
    positions = [lowered.find(term) for term in terms if lowered.find(term) >= 0]
    start = max(min(positions) - 30, 0) if positions else 0
    snippet = text[start : start + length]
    return ("…" if start else "") + snippet + ("…" if start + length < len(text) else "")
