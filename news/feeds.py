"""RSS: the latest articles, and the latest of each channel.

Feed readers render ``<description>`` (and many also ``<title>``) as HTML, after the XML is
decoded. Django's syndication framework escapes only for XML, so every text we put in a feed
goes through ``feed_text``: the reader's HTML then shows the text, markup and all, as text. A
summary ``<script>…</script>``, or a body that shows ``&lt;img onerror=…&gt;`` in a code example,
arrives as visible characters, never as live markup.
"""

from html import escape

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse

from news.models import Channel
from news.sanitize import html_to_text
from news.selectors import channel_family, published_articles, site_settings_get
from unionportal.plaintext import xml_text

ITEMS = 30
DESCRIPTION_CHARACTERS = 200


def feed_text(text: str | None) -> str:
    """Plain text as a reader that renders HTML must receive it: ``&``, ``<``, ``>`` escaped
    once more than XML needs, and the characters XML 1.0 cannot carry left out (Django's feed
    writer would refuse them with an error)."""
    return escape(xml_text(text or ""), quote=False)


class LatestArticlesFeed(Feed):
    description_template = None

    def title(self):
        return feed_text("%s · 最新文章" % site_settings_get().site_name)

    def link(self):
        return reverse("news:home")

    def description(self):
        return feed_text(site_settings_get().description or "市总工会门户最新发布的新闻。")

    def items(self):
        return published_articles().defer(None).select_related("channel", "source")[:ITEMS]

    def item_title(self, item):
        return feed_text(item.reader_title)

    def item_description(self, item):
        text = item.reader_summary or html_to_text(item.body)[:DESCRIPTION_CHARACTERS]
        return feed_text(text)

    def item_pubdate(self, item):
        return item.publish_at

    def item_categories(self, item):
        return [feed_text(item.channel.name)]

    def item_author_name(self, item):
        return feed_text(item.author) or None


class ChannelFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Channel, slug=slug)

    def title(self, obj):
        return feed_text("%s · %s" % (site_settings_get().site_name, obj.reader_name))

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return feed_text(obj.description or "%s栏目的最新文章。" % obj.name)

    def items(self, obj):
        return (
            published_articles()
            .in_channels(channel_family(obj))
            .defer(None)
            .select_related("channel", "source")[:ITEMS]
        )
