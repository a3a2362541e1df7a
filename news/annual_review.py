"""The year's figures in articles: a draft annual review written from a snapshot, and numbers
typed by hand that contradict the figures, flagged to the reviewer before approval.

The figures themselves belong to ``reports``; an article holds live tokens
(``[[figure:2018:student_grant_yuan]]``) that the ``live_figures`` filter prints.
"""

import re
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from news import services
from news.models import Article, Channel
from reports import selectors as figures

TOKEN = re.compile(r"\[\[figure:(?P<year>\d{4}):(?P<key>[a-z0-9_]+)\]\]")
REVIEW_CHANNEL = "annual-review"


def figure_token(*, year: int, key: str) -> str:
    return f"[[figure:{year}:{key}]]"


def article_figure_years(*, article: Article) -> list[int]:
    """The years an article reports on: those of its figure tokens, and the year before it is
    published (an annual review comes out early the next year) and the year itself."""
    years = {int(match["year"]) for match in TOKEN.finditer(article.body or "")}
    if article.publish_at:
        published = timezone.localtime(article.publish_at).year
        years |= {published - 1, published}
    return sorted(years)


# A year named in the text: 2018年, 2018 年度 (not the digits of a figure token).
NAMED_YEAR = re.compile(r"(?<![\d:])((?:19|20)\d{2})\s*年")
BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|div|td|th|blockquote|figcaption)>|<br\s*/?>", re.I)
SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")
TAG = re.compile(r"<[^>]+>")


def _named_years(html: str) -> list[int]:
    text = TAG.sub("", TOKEN.sub("", html))
    return sorted({int(year) for year in NAMED_YEAR.findall(text)})


def _sentences(html: str):
    """(sentence html, the years the sentence names, or else its paragraph names)."""
    for paragraph in BLOCK_END.split(html or ""):
        paragraph_years = _named_years(paragraph)
        for sentence in SENTENCE_END.split(paragraph):
            if TAG.sub("", sentence).strip():
                yield sentence, _named_years(sentence) or paragraph_years


def _flags(sentence: str, years: list[int]) -> list[dict]:
    """The numbers of the sentence that contradict the figure of every one of these years that
    has it (a number right for one of the years it may be about is not flagged)."""
    by_year = {year: figures.figure_contradictions(sentence, year=year) for year in years}
    found = []
    for year, items in by_year.items():
        for item in items:
            others = [
                other
                for other in years
                if other != year and item["key"] in figures.current_values(other)
            ]
            if all(
                any(
                    (flag["key"], flag["typed"], flag["context"])
                    == (item["key"], item["typed"], item["context"])
                    for flag in by_year[other]
                )
                for other in others
            ):
                found.append({"year": year, **item})
    return found


def article_contradictions(*, article: Article) -> list[dict]:
    """Numbers typed by hand in the body that contradict a current figure:
    [{year, key, label, typed, expected, context}], the reviewer's list of things to check.

    A number is checked against the year its sentence names (2018年…), or else its paragraph,
    or else the title, and against no other year. When none names a year, against the years the
    article reports on (``article_figure_years``), flagged only when it agrees with none of them.
    """
    default_years = article_figure_years(article=article)
    title_years = _named_years(article.title or "")
    found = []
    for sentence, years in _sentences(article.body or ""):
        found += _flags(sentence, years or title_years or default_years)
    return found


def _draft_body(year: int, rows: list[dict]) -> str:
    paragraphs = [
        f"<p>（草稿：以下数据由{year}年度统计自动插入，发布时显示最新统计值。"
        "请编辑补写各项工作的做法与成效，并删去本段。）</p>"
    ]
    themes: dict[str, list[dict]] = {}
    for row in rows:
        themes.setdefault(row["theme_label"], []).append(row)
    for theme_label, theme_rows in themes.items():
        items = "，".join(
            f"{row['label']}{figure_token(year=year, key=row['key'])}" for row in theme_rows
        )
        paragraphs.append(f"<h2>{theme_label}</h2>")
        paragraphs.append(f"<p>{year}年，{items}。</p>")
    return "\n".join(paragraphs)


def article_draft_annual_review(*, year: int, user, now: datetime | None = None) -> Article:
    """A draft "工作综述" of ``year`` with every figure of its current snapshot as a live token.

    Raises ``ValueError`` (in Chinese) when the year has no computed figures yet.
    """
    rows = figures.year_figures(year)
    if not rows:
        raise ValueError(f"{year}年还没有统计数据，请先在“年度统计”中计算。")
    channel = (
        Channel.objects.filter(slug=REVIEW_CHANNEL).first()
        or Channel.objects.filter(parent__isnull=True).order_by("order").first()
    )
    if channel is None:
        raise ValueError("还没有任何栏目，请先建立栏目。")
    article = Article(
        title=f"市总工会{year}年工作综述（草稿）",
        channel=channel,
        summary=f"{year}年全市工会工作的主要数据。",
        body=_draft_body(year, rows),
        author=user.get_full_name() or user.get_username(),
        publish_at=now or timezone.now(),
    )
    with transaction.atomic():
        return services.article_save(article=article, user=user)
