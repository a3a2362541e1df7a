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

import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import reduce
from operator import and_

import jieba
from django.contrib.postgres.search import SearchQueryField
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import BooleanField, Case, F, Func, Q, TextField, Value, When, Window
from django.db.models.functions import Cast, Extract, ExtractYear, RowNumber
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from news.models import Article, SearchEntry
from news.sanitize import html_to_text
from unionportal.cache import cached
from unionportal.reading import CHINESE, InLanguage, in_page_language, in_reader_language

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


def _kept_frequencies(models) -> dict[str, dict[str, float]]:
    """``lexeme_frequencies``, read once per public content version: the catalog query cost
    every search 1-6 ms on PostgreSQL (bench/search.py), for statistics that move only with
    ANALYZE."""
    if not uses_full_text_search() or not models:
        return {}
    models = sorted(models, key=lambda model: model._meta.db_table)
    name = "search-frequencies:" + ",".join(model._meta.db_table for model in models)
    return cached(name, lambda: lexeme_frequencies(*models))


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


# --------------------------------------------------------------------------- ranking


class Ranked:
    """The ids of a search's rows, best first (``limit`` of them at most), as a sequence the
    paginator can page through. ``more_than_limit`` says that older matches beyond the limit were
    left out; ``years`` counts the listed rows by year (the year facet)."""

    def __init__(self, rows: list[tuple[int, int | None]], *, more_than_limit=False):
        self.ids = [pk for pk, _ in rows]
        self.more_than_limit = more_than_limit
        self.years: dict[int, int] = {}
        for _pk, year in rows:
            if year:
                self.years[year] = self.years.get(year, 0) + 1

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        return self.ids[index]


@dataclass(frozen=True)
class Scope:
    """Where a search looks: rows with a title, ``search_text`` and ``search_vector`` (articles,
    or the entries of one ``kind``: its queryset holds every kind's), the date field putting the
    newest first, the year facet."""

    key: str
    queryset: object
    newest: str
    year: object
    kind: str | None = None


def _in_title(terms: list[str]):
    return Case(When(title_filter(terms), then=Value(True)), default=Value(False))


def _scope_query(scope: Scope, terms: list[str], frequencies: dict, limit: int, *, sort_key):
    table = scope.queryset.model._meta.db_table
    queryset = scope.queryset if scope.kind is None else scope.queryset.filter(kind=scope.kind)
    annotations = {
        "facet_year": scope.year,
        "in_title": _in_title(terms),
        "scope": Value(scope.key),
    }
    fields = ["pk", "facet_year", "in_title", "scope"]
    if sort_key:  # rows of a UNION come back in no promised order: each carries its own
        annotations["sort_key"] = Extract(scope.newest, "epoch")
        fields.append("sort_key")
    return (
        queryset.filter(text_filter(terms, frequencies=frequencies.get(table, {})))
        .order_by(f"-{scope.newest}", "-id")
        .annotate(**annotations)
        .values_list(*fields)[: limit + 1]
    )


def _kinds_query(scopes: list[Scope], terms: list[str], frequencies: dict, limit: int):
    """The newest ``limit`` + 1 matches of each kind of these entry scopes (one queryset), in one
    query: numbered within their kind by a window, where a backend cannot UNION sliced queries.
    (On PostgreSQL the UNION of each kind's walk down its newest-first index is far cheaper than
    numbering every match: 12 ms against 400 ms for a word in 17,000 of 200,000 entries.)"""
    first = scopes[0]
    table = first.queryset.model._meta.db_table
    newest_first = [F(first.newest).desc(), F("id").desc()]
    return (
        first.queryset.filter(
            text_filter(terms, frequencies=frequencies.get(table, {})),
            kind__in=[scope.kind for scope in scopes],
        )
        .annotate(
            facet_year=first.year,
            in_title=_in_title(terms),
            number=Window(RowNumber(), partition_by=F("kind"), order_by=newest_first),
        )
        .filter(number__lte=limit + 1)
        .order_by("kind", *newest_first)
        .values_list("pk", "facet_year", "in_title", "kind")
    )


def search_scopes(scopes: list[Scope], terms: list[str], *, limit: int | None = None) -> dict:
    """{scope key: Ranked}: in each scope the newest ``limit`` (``RANKED_LIMIT``) rows holding
    every term, those holding them in the title first. On PostgreSQL one query for all scopes
    (a UNION ALL of each one's newest matches) after one for the statistics; elsewhere one for
    articles and one for the entries of every kind."""
    if not terms:
        return {scope.key: Ranked([]) for scope in scopes}
    limit = limit or RANKED_LIMIT
    frequencies = _kept_frequencies({scope.queryset.model for scope in scopes})
    if len(scopes) > 1 and connection.features.supports_slicing_ordering_in_compound:
        queries = [
            _scope_query(scope, terms, frequencies, limit, sort_key=True) for scope in scopes
        ]
        found = sorted(queries[0].union(*queries[1:], all=True), key=lambda r: (-r[4], -r[0]))
    else:
        alone = [scope for scope in scopes if scope.kind is None]
        kinds = [scope for scope in scopes if scope.kind is not None]
        found = [
            row
            for scope in alone
            for row in _scope_query(scope, terms, frequencies, limit, sort_key=False)
        ]
        if kinds:
            found += list(_kinds_query(kinds, terms, frequencies, limit))
    by_scope: dict[str, list] = {scope.key: [] for scope in scopes}
    for row in found:
        by_scope[row[3]].append(row)
    results = {}
    for scope in scopes:
        rows = by_scope[scope.key]
        ranked = sorted(rows[:limit], key=lambda row: not row[2])  # stable: newest first in each
        results[scope.key] = Ranked(
            [(row[0], row[1]) for row in ranked], more_than_limit=len(rows) > limit
        )
    return results


ARTICLES = "article"


def article_scope(queryset) -> Scope:
    return Scope(ARTICLES, queryset, "publish_at", ExtractYear("publish_at"))


def entry_scope(kind: str, queryset) -> Scope:
    """The entries of a kind among ``queryset`` (entries of every kind, perhaps of one year)."""
    return Scope(kind, queryset, "rank_date", F("year"), kind=kind)


def search_articles(queryset, terms: list[str], *, limit: int | None = None) -> Ranked:
    """The ids of the articles of the queryset holding every term: title matches first, then
    the others, newest first within each; one query."""
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


# --------------------------------------------------------------------------- the search page

PAGE_SIZE = 20
SECTION_SIZE = 5
# Measured (bench/search.py, 100k articles and 200k entries): ranking the newest 200 of every kind
# for the overview cost most where a term matches a few per cent of the rows.
OVERVIEW_LIMIT = 50


@dataclass(frozen=True)
class SearchQuery:
    """A search as the page runs it, every part validated: what it finds is the same for every
    reader who asks it in a public content version, so it may be kept under ``key()`` (with the
    reader's language: the addresses and labels are the language's)."""

    terms: tuple[str, ...]
    kinds: tuple[tuple[str, str], ...]  # (key, label) of every declared kind, in tab order
    kind: str = ""  # "" for the overview (全部), ARTICLES, or a declared kind's key
    year: int | None = None
    channels: tuple[int, ...] = ()  # the articles' channel and its children; () for all
    date_from: date | None = None
    date_to: date | None = None
    page: int = 1  # a kind's tab only; 0 or past the last page is the last page

    def key(self) -> str:
        return hashlib.sha256(repr(self).encode()).hexdigest()[:32]


@dataclass
class SearchResults:
    """What the page shows of a search: the tabs by kind with their counts, the sections of hits
    (a few of each kind on the overview, a page of one on its tab), the year facet."""

    tabs: list[dict]
    sections: list[dict]
    facet_years: list[tuple[int, int]]  # (year, rows found in it), the newest first
    years: list[dict]  # the same as the links show them
    total: int
    more_than_limit: bool
    page: Page | None  # a kind's tab: the page shown (its paginator pages through the ids)
    suggestion: str  # "试试分开搜索" when nothing was found


def _articles(query: SearchQuery):
    articles = Article.objects.published()
    if query.channels:
        articles = articles.in_channels(query.channels)
    tz = timezone.get_current_timezone()
    if query.date_from:
        start = timezone.make_aware(datetime.combine(query.date_from, time.min), tz)
        articles = articles.filter(publish_at__gte=start)
    if query.date_to:
        end = timezone.make_aware(datetime.combine(query.date_to, time.max), tz)
        articles = articles.filter(publish_at__lte=end)
    if query.year:
        articles = articles.filter(publish_at__year=query.year)
    return articles


def search_results(query: SearchQuery) -> SearchResults:
    """Run the search: one query for the statistics (PostgreSQL), one or two for the ranked ids
    of every kind, then one for the articles shown and one for the entries shown, however many
    are found."""
    terms = list(query.terms)
    entries = SearchEntry.objects.all()
    if query.year:
        entries = entries.filter(year=query.year)
    scopes = [article_scope(_articles(query)), *(entry_scope(k, entries) for k, _ in query.kinds)]
    ranked = search_scopes(scopes, terms, limit=None if query.kind else OVERVIEW_LIMIT)
    tabs = [
        {
            "key": key,
            "label": label,
            "count": len(ranked[key]),
            "more": ranked[key].more_than_limit,
            # written out here, once per kept result, rather than by the template each time
            "counted": _("（")
            + f"{len(ranked[key])}{'+' if ranked[key].more_than_limit else ''}"
            + _("）"),
        }
        for key, label in [(ARTICLES, pgettext("search kind", "新闻")), *query.kinds]
    ]
    shown = [tab for tab in tabs if tab["key"] == query.kind or not query.kind]
    page = None
    if query.kind:
        page = Paginator(ranked[query.kind].ids, PAGE_SIZE).get_page(query.page)
    listed = {
        tab["key"]: list(page.object_list) if page else ranked[tab["key"]].ids[:SECTION_SIZE]
        for tab in shown
        if query.kind or tab["count"]
    }
    articles = _article_hits(listed.get(ARTICLES, []), terms)
    entries = _entry_hits(
        [pk for key, pks in listed.items() if key != ARTICLES for pk in pks], terms
    )
    sections = []
    for tab in shown:
        if tab["key"] in listed:
            found = articles if tab["key"] == ARTICLES else entries
            hits = [found[pk] for pk in listed[tab["key"]] if pk in found]
            see_all = _("查看全部") + tab["label"] + tab["counted"].removesuffix(_("）")) + _("）›")
            sections.append({**tab, "hits": hits, "see_all": see_all})
    facet_years: dict[int, int] = {}
    for tab in shown:
        for year, count in ranked[tab["key"]].years.items():
            facet_years[year] = facet_years.get(year, 0) + count
    total = sum(tab["count"] for tab in tabs)
    return SearchResults(
        tabs=tabs,
        sections=sections,
        facet_years=sorted(facet_years.items(), reverse=True),
        years=[
            {"year": year, "text": f"{year}{_('年（')}{count}{_('）')}"}
            for year, count in sorted(facet_years.items(), reverse=True)
        ],
        total=total,
        more_than_limit=any(tab["more"] for tab in shown),
        page=page,
        suggestion="" if total else split_suggestion(" ".join(terms)),
    )


def _article_hits(ids: list[int], terms: list[str]) -> dict[int, dict]:
    """{id: hit} of these articles: the title and a line of text, the matched words marked; one
    query (the body only of an article with no summary, for its line)."""
    if not ids:
        return {}
    rows = Article.objects.filter(pk__in=ids).values_list(
        "pk",
        "title",
        "title_en",
        "summary",
        "summary_en",
        Case(When(summary="", then="body"), default=Value(""), output_field=TextField()),
        "publish_at",
        "channel__name",
        "channel__name_en",
    )
    hits = {}
    for pk, title, title_en, summary, summary_en, body, publish_at, channel, channel_en in rows:
        shown_at = timezone.localtime(publish_at)
        # an English page shows the English title and summary an editor wrote, if any
        title = in_reader_language(title, title_en)
        line = in_reader_language(summary or html_to_text(body), summary_en)
        hits[pk] = {
            "url": reverse("news:article", kwargs={"pk": pk}),
            "title": highlight(title, terms),
            "title_lang": title.lang_attribute,
            "excerpt": highlight(excerpt(line, terms), terms),
            "excerpt_lang": line.lang_attribute,
            "meta": in_reader_language(channel, channel_en),
            "date": dateformat.format(shown_at, "Y-m-d"),
            "datetime": dateformat.format(shown_at, "c"),
        }
    return hits


def _entry_hits(ids: list[int], terms: list[str]) -> dict[int, dict]:
    """{id: hit} of these entries (of any kind), as ``_article_hits``; where the terms are not
    all in the title and summary, the line shows where the rest matched. One query."""
    if not ids:
        return {}
    rows = SearchEntry.objects.filter(pk__in=ids).values_list(
        "pk", "title", "summary", "url", "year", "search_text"
    )
    hits = {}
    for pk, title, summary, url, year, search_text in rows:
        shown = index_text(title, summary)
        text = summary
        if not all(term in shown for term in terms):
            # where the rest matched: the indexed text after its title and summary
            rest = search_text.removeprefix(shown)
            text = "　".join(filter(None, [summary, excerpt(rest, terms, 80)]))
        chinese = InLanguage("", CHINESE).lang_attribute  # records are written in Chinese
        hits[pk] = {
            "url": in_page_language(url),
            "title": highlight(title, terms),
            "title_lang": chinese,
            "excerpt": highlight(text, terms),
            "excerpt_lang": chinese,
            "meta": InLanguage(f"{year}年" if year else "", CHINESE),
            "date": "",
            "datetime": "",
        }
    return hits
