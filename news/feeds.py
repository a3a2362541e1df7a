"""RSS: the latest articles, and the latest of each channel."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse

from news.models import Channel
from news.sanitize import html_to_text
from news.selectors import channel_family, published_articles, site_settings_get

ITEMS = 30


class LatestArticlesFeed(Feed):
    description_template = None

    def title(self):
        return "%s · 最新文章" % site_settings_get().site_name

    def link(self):
        return reverse("news:home")

    def description(self):
        return site_settings_get().description or "市总工会门户最新发布的新闻。"

    def items(self):
        return published_articles().defer(None).select_related("channel", "source")[:ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or html_to_text(item.body)[:200]

    def item_pubdate(self, item):
        return item.publish_at

    def item_categories(self, item):
        return [item.channel.name]

    def item_author_name(self, item):
        return item.author or None


class ChannelFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Channel, slug=slug)

    def title(self, obj):
        return "%s · %s" % (site_settings_get().site_name, obj.name)

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return obj.description or "%s栏目的最新文章。" % obj.name

    def items(self, obj):
        return (
            published_articles()
            .in_channels(channel_family(obj))
            .defer(None)
            .select_related("channel", "source")[:ITEMS]
        )
