from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from news.models import Article, Channel


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7
    limit = 5000

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
        return ["news:home", "news:photos"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"static": StaticSitemap, "channels": ChannelSitemap, "articles": ArticleSitemap}
