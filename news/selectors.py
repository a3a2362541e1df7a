"""Reads of the news app for the public pages; each a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from news.models import Article, Attachment, Channel, Gallery, Photo, SiteSettings, Tag
from news.sanitize import html_to_text
from unionportal.cache import PAGE_SECONDS, cached

NAV_SECONDS = 60 * 60


def site_settings_get() -> SiteSettings:
    """The footer settings (cached until they change); defaults if none were saved yet."""
    return cached(
        "site-settings",
        lambda: SiteSettings.objects.filter(pk=1).first() or SiteSettings(pk=1),
        NAV_SECONDS,
    )


@dataclass
class NavChannel:
    name: str
    slug: str
    url: str
    children: list["NavChannel"] = field(default_factory=list)


@dataclass
class ChannelTree:
    nav: list[NavChannel]
    families: dict[int, list[int]]  # a channel's id, then its children's


def channel_tree() -> ChannelTree:
    """Every channel, read in one query per public version (a channel saved in the admin moves
    it): the top navigation and each channel's family. Kept per language: the navigation's
    addresses and names are the reader's language's."""
    return cached(f"channels:{get_language()}", _channel_tree_build, NAV_SECONDS)


def _channel_tree_build() -> ChannelTree:
    channels = list(
        Channel.objects.only("id", "parent_id", "name", "name_en", "slug", "order", "show_in_nav")
    )
    by_parent: dict[int | None, list[Channel]] = {}
    for channel in channels:
        by_parent.setdefault(channel.parent_id, []).append(channel)
    nav = [
        NavChannel(
            name=top.reader_name,
            slug=top.slug,
            url=top.get_absolute_url(),
            children=[
                NavChannel(name=child.reader_name, slug=child.slug, url=child.get_absolute_url())
                for child in by_parent.get(top.id, [])
                if child.show_in_nav
            ],
        )
        for top in by_parent.get(None, [])
        if top.show_in_nav
    ]
    families = {
        channel.id: [channel.id, *(child.id for child in by_parent.get(channel.id, []))]
        for channel in channels
    }
    return ChannelTree(nav=nav, families=families)


def nav_channels() -> list[NavChannel]:
    """The top navigation: first-level channels and their children."""
    return channel_tree().nav


def channel_family(channel: Channel) -> list[int]:
    """The ids of the channel and its children: what its listings show. Articles are then
    filtered by these ids (``ArticleQuerySet.in_channels``), not through a join on the
    channel's parent, with which PostgreSQL walked every article of the newest-first index to
    find a small channel's (100,000 articles, a channel of 1 %: 81 ms a page, 3 ms by ids)."""
    return channel_tree().families.get(channel.pk, [channel.pk])


def published_articles(now=None):
    return Article.objects.published(now).for_listing()


@dataclass
class ChannelPage:
    """A channel as its page shows it, with its sub-channels for the navigation and the number of
    its published articles: read once per public version (a channel saved in the admin, an
    article published or withdrawn moves it)."""

    channel: Channel
    children: list[Channel]
    article_count: int


def published_channel_page(*, slug: str) -> ChannelPage:
    """Raises Channel.DoesNotExist."""

    def build():
        channel = Channel.objects.select_related("parent").get(slug=slug)
        children = [] if channel.parent_id else list(channel.children.filter(show_in_nav=True))
        count = published_articles().in_channels(channel_family(channel)).count()
        return ChannelPage(channel, children, count)

    return cached(f"channel:{slug}", build, PAGE_SECONDS)


class CountedArticles:
    """A channel's published articles, newest first, with their number already known: the
    paginator checks the page asked for against it, and the articles are read only when the page
    is shown (its list is a kept part of the page)."""

    def __init__(self, page: ChannelPage):
        self.channel = page.channel
        self.article_count = page.article_count

    def count(self) -> int:
        return self.article_count

    def __getitem__(self, index):
        # The page's articles, read (and their query built: a tenth of a rendered channel page)
        # only when its list is rendered rather than found kept.
        return SimpleLazyObject(
            lambda: list(published_articles().in_channels(channel_family(self.channel))[index])
        )


@dataclass
class ChannelBlock:
    channel: Channel
    articles: list[Article]


def home_content(*, now=None) -> dict:
    """Everything the home page shows: a fixed number of queries (one per home channel block)."""
    now = now or timezone.now()
    published = published_articles(now)
    headlines = list(published.headlines(now)[:4])
    pinned = list(published.pinned(now)[:6])
    latest = list(published[:12])
    # 要闻: the pinned articles, then the newest others (a pinned one is listed once)
    important = pinned + [article for article in latest if article not in pinned][:6]
    blocks = []
    for channel in Channel.objects.filter(show_on_home=True, parent__isnull=True):
        blocks.append(
            ChannelBlock(channel, list(published.in_channels(channel_family(channel))[:7]))
        )
    return {
        "headlines": headlines,
        "pinned": pinned,
        "important": important,
        "latest": latest,
        "channel_blocks": blocks,
        "photos": photo_strip(limit=10),
    }


def published_home_content() -> dict:
    """The home page's lists, read once per public content version: every change that shows on
    it (an article approved, edited or withdrawn, a publish or expiry time come) moves it."""
    return cached("home", home_content, PAGE_SECONDS)


def photo_strip(*, limit: int = 8) -> list[Photo]:
    """The newest photos of the galleries shown on the home page (酷图热图); the same on every
    page, so built once per public version."""
    return cached(
        f"photo-strip:{limit}",
        lambda: list(
            Photo.objects.filter(gallery__show_on_home=True)
            .select_related("gallery")
            .order_by("-gallery__created_at", "order", "id")[:limit]
        ),
        NAV_SECONDS,
    )


def _article_query(*, now=None, published_only: bool = True):
    """Articles with their channel and source, without their search index columns (as long as
    the body and never shown)."""
    queryset = Article.objects.published(now) if published_only else Article.objects.all()
    return queryset.defer("search_text", "search_vector").select_related(
        "channel", "channel__parent", "source"
    )


def article_description(article: Article) -> str:
    return article.summary or html_to_text(article.body)[:120]


@dataclass
class ArticlePage:
    """What an article's page shows, apart from what depends on the request (its address, the
    view count)."""

    article: Article
    tags: list[Tag]
    attachments: list[Attachment]
    galleries: list[Gallery]
    related: list[Article]
    previous: Article | None
    next: Article | None
    description: str


def article_page(*, pk: int, now=None, published_only: bool = True) -> ArticlePage:
    """Read the article and its page's lists from the database (7 queries, 8 with galleries)."""
    article = _article_query(now=now, published_only=published_only).get(pk=pk)
    return article_page_of(article, now=now)


def article_page_of(article: Article, *, now=None) -> ArticlePage:
    """The lists of this article's page (6 queries, 7 with galleries, whatever they hold). The
    article itself is left as it is: it may be a kept copy that other requests read."""
    tags = list(article.tags.only("id", "name"))
    previous, following = article_neighbours(article=article, now=now)
    return ArticlePage(
        article=article,
        tags=tags,
        attachments=list(article.attachments.all()),
        galleries=list(
            article.galleries.prefetch_related(
                Prefetch("photos", queryset=Photo.objects.order_by("order", "id"))
            )
        ),
        related=article_related(article=article, tag_ids=[tag.id for tag in tags], now=now),
        previous=previous,
        next=following,
        description=article_description(article),
    )


@dataclass
class ArticleHead:
    """A published article alone (with its channel and source) and its page's description: what
    its page shows outside the parts kept per content version, read on every request. Its
    lists (tags, attachments, galleries, related articles: a few dozen records) cost more to
    read back from the shared cache than the rest of the page costs to render, so they are read
    (``published_article_page``) only when a kept part must be built."""

    article: Article
    description: str


def published_article_head(*, pk: int) -> ArticleHead:
    """Read once per public version: every change that shows on the article's page (the
    article, its tags, attachments and galleries, another article published or withdrawn, a
    publish or expiry time come) moves it. Raises Article.DoesNotExist unless published."""

    def build():
        article = _article_query().get(pk=pk)
        return ArticleHead(article, article_description(article))

    return cached(f"article-head:{pk}", build, PAGE_SECONDS)


def published_article_page(head: ArticleHead) -> ArticlePage:
    """The lists of a published article's page, read once per public version."""
    return cached(f"article:{head.article.pk}", lambda: article_page_of(head.article), PAGE_SECONDS)


def article_related(
    *, article: Article, tag_ids: list[int], now=None, limit: int = 6
) -> list[Article]:
    """相关新闻: articles sharing the most tags (``tag_ids``, the article's) first, then the same
    channel; one query."""
    shared = (
        Article.tags.through.objects.filter(article_id=OuterRef("pk"), tag_id__in=tag_ids)
        .values("article_id")
        .annotate(n=Count("tag_id"))
        .values("n")
    )
    return list(
        published_articles(now)
        .exclude(pk=article.pk)
        .annotate(shared_tags=Coalesce(Subquery(shared, output_field=IntegerField()), Value(0)))
        .filter(Q(shared_tags__gt=0) | Q(channel_id=article.channel_id))
        .order_by("-shared_tags", "-publish_at", "-id")[:limit]
    )


def article_neighbours(*, article: Article, now=None) -> tuple[Article | None, Article | None]:
    """(previous, next) in the article's channel by publish time: two queries."""
    siblings = published_articles(now).filter(channel_id=article.channel_id).exclude(pk=article.pk)
    previous = (
        siblings.filter(
            Q(publish_at__lt=article.publish_at)
            | Q(publish_at=article.publish_at, id__lt=article.pk)
        )
        .order_by("-publish_at", "-id")
        .first()
    )
    following = (
        siblings.filter(
            Q(publish_at__gt=article.publish_at)
            | Q(publish_at=article.publish_at, id__gt=article.pk)
        )
        .order_by("publish_at", "id")
        .first()
    )
    return previous, following


@dataclass
class SiteMapLink:
    label: str
    url: str
    children: list["SiteMapLink"] = field(default_factory=list)


def _link(label: str, name: str, *args) -> SiteMapLink | None:
    """A link to a named page, or None while the app that owns it is not installed."""
    try:
        return SiteMapLink(label, reverse(name, args=args))
    except NoReverseMatch:
        return None


def site_map_sections() -> list[tuple[str, list[SiteMapLink]]]:
    """网站地图: every channel and section of the portal, as (heading, links)."""
    from reports.selectors import report_years

    every_channel = list(
        Channel.objects.only("id", "parent_id", "name", "name_en", "slug", "order")
    )
    channels = [
        SiteMapLink(
            top.reader_name,
            top.get_absolute_url(),
            [
                SiteMapLink(child.reader_name, child.get_absolute_url())
                for child in every_channel
                if child.parent_id == top.pk
            ],
        )
        for top in every_channel
        if top.parent_id is None
    ]
    # the words in the reader's language (English at /en/sitemap/): built on every render
    reports = _link(_("年度统计"), "reports:index")
    if reports:
        reports.children = [
            SiteMapLink(
                _("%(year)s年统计数据") % {"year": year}, reverse("reports:year", args=[year])
            )
            for year in report_years()
        ]
    sections = [
        (_("新闻栏目"), channels),
        (
            _("劳模风采与荣誉"),
            [_link(_("劳模风采"), "honors:model_worker_list"), _link(_("荣誉榜"), "honors:roll")],
        ),
        (
            _("劳动和技能竞赛"),
            [
                _link(_("竞赛"), "competitions:index"),
                _link(pgettext("the page", "技术状元"), "competitions:champions"),
                _link(_("企业名录"), "competitions:enterprise_list"),
            ],
        ),
        (_("年度统计"), [reports]),
        (
            _("服务"),
            [
                # the service-site finder (/fuwu/) shows here once the stations app names it
                _link(_("服务站点"), "stations:finder"),
                _link(_("站内搜索"), "news:search"),
                _link(_("酷图热图"), "news:photos"),
                _link(_("RSS订阅"), "news:rss"),
            ],
        ),
    ]
    return [(heading, [link for link in links if link]) for heading, links in sections]


def article_counts_waiting_for(*, user) -> dict[str, int]:
    """Articles waiting for ``user`` (the 工作台), in one aggregate query: submitted by someone
    else (``to_review``, what a reviewer may approve) and sent back to them (``returned``)."""
    return Article.objects.aggregate(
        to_review=Count(
            "pk", filter=Q(status=Article.Status.SUBMITTED) & ~Q(submitted_by_id=user.pk)
        ),
        returned=Count("pk", filter=Q(status=Article.Status.RETURNED, submitted_by_id=user.pk)),
    )
