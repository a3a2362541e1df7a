"""The XML sitemap for crawlers: an index of sections, each split into pages of ``limit`` URLs
(Django's sitemaps framework), covering every public page type: the home page and the readable
网站地图, channels, articles, the listing pages each app declares (reports and their years,
honour lists and rolls, competitions, 技术状元, the enterprise directory) and every document of
the kinds the search indexes with a page of their own (people, competitions, enterprises …:
``unionportal.search_registry``, read from ``SearchEntry``)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from news.models import Article, Channel, SearchEntry
from unionportal.search_registry import registry

LIMIT = 5000


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7
    limit = LIMIT

    def items(self):
        return Article.objects.published().only("id", "updated_at").order_by("-publish_at", "-id")

    def lastmod(self, article):
        return article.updated_at


class ChannelSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return Channel.objects.all()


class StaticSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["news:home", "news:photos", "news:site_map"]

    def location(self, item):
        return reverse(item)


class SectionPagesSitemap(Sitemap):
    """The listing pages the apps declare (``SearchKind.pages``)."""

    changefreq = "weekly"
    priority = 0.6
    limit = LIMIT

    def items(self):
        return [url for kind in registry.kinds() if kind.pages for url in kind.pages()]

    def location(self, item):
        return item


class KindSitemap(Sitemap):
    """The pages of one searchable kind's documents (a person's, a competition's …)."""

    changefreq = "monthly"
    priority = 0.5
    limit = LIMIT

    def __init__(self, kind: str):
        self.kind = kind

    def items(self):
        return (
            SearchEntry.objects.filter(kind=self.kind).order_by("id").values_list("url", flat=True)
        )

    def location(self, item):
        return item


def sitemaps() -> dict[str, Sitemap]:
    """Every section of the XML sitemap, by the name its address shows (sitemap-<name>.xml)."""
    sections = {
        "static": StaticSitemap(),
        "channels": ChannelSitemap(),
        "articles": ArticleSitemap(),
        "sections": SectionPagesSitemap(),
    }
    for kind in registry.kinds():
        if kind.in_sitemap:
            sections[kind.key] = KindSitemap(kind.key)
    return sections
