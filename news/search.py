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
from functools import reduce
from operator import and_

import jieba
from django.contrib.postgres.search import SearchQueryField
from django.db import connection
from django.db.models import BooleanField, Case, F, Func, Q, Value, When
from django.db.models.functions import Cast, ExtractYear
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


def lexeme_frequencies(model) -> dict[str, float]:
    """{bigram: share of rows holding it} for the commonest bigrams of the model's
    ``search_vector``, from PostgreSQL's own statistics (refreshed by ANALYZE, autovacuum's
    too); {} elsewhere, or before the table was ever analysed. One catalog query."""
    if not uses_full_text_search():
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats"
            " WHERE schemaname = current_schema() AND tablename = %s"
            " AND attname = 'search_vector'",
            [model._meta.db_table],
        )
        row = cursor.fetchone()
    return dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}


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


def ranked_rows(
    queryset, terms: list[str], *, order: tuple, year, frequencies=None, limit: int | None = None
):
    """(rows, more): (id, year) of the newest ``limit`` (``RANKED_LIMIT``) rows of the queryset
    holding every term (``order``), those holding them in the title first; ``more`` when more
    rows matched than were listed. One query."""
    limit = limit or RANKED_LIMIT
    in_title = Case(When(title_filter(terms), then=Value(True)), default=Value(False))
    found = list(
        queryset.filter(text_filter(terms, frequencies=frequencies))
        .order_by(*order)
        .annotate(facet_year=year, in_title=in_title)
        .values_list("pk", "facet_year", "in_title")[: limit + 1]
    )
    ranked = sorted(found[:limit], key=lambda row: not row[2])  # stable: newest first in each
    return [(pk, found_year) for pk, found_year, _ in ranked], len(found) > limit


def search_articles(queryset, terms: list[str], *, limit: int | None = None) -> Ranked:
    """The articles of the queryset holding every term: title matches first, then the others,
    newest first within each; one query, then one per page shown."""
    queryset = queryset.defer("search_text")
    if not terms:
        return Ranked(queryset, [])
    rows, more = ranked_rows(
        queryset,
        terms,
        order=("-publish_at", "-id"),
        year=ExtractYear("publish_at"),
        frequencies=lexeme_frequencies(queryset.model),
        limit=limit,
    )
    return Ranked(queryset, rows, more_than_limit=more)


def search_entries(
    queryset, terms: list[str], *, frequencies=None, limit: int | None = None
) -> Ranked:
    """The entries (``SearchEntry``: people, honours … of one kind) holding every term, ranked
    as articles are: title matches first, newest first within each (``frequencies``: the
    entries' ``lexeme_frequencies``, read once for all kinds)."""
    if not terms:
        return Ranked(queryset, [])
    rows, more = ranked_rows(
        queryset,
        terms,
        order=("-rank_date", "-id"),
        year=F("year"),
        frequencies=frequencies,
        limit=limit,
    )
    return Ranked(queryset, rows, more_than_limit=more)


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
