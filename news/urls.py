from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from news import feeds, views
from news.sitemaps import sitemaps

app_name = "news"
SITEMAPS = sitemaps()

urlpatterns = [
    path("", views.home, name="home"),
    path("channel/<slug:slug>/", views.channel_detail, name="channel"),
    path("article/<int:pk>/", views.article_detail, name="article"),
    path("article/<int:pk>/qr.svg", views.article_qr, name="article_qr"),
    path("article/<int:pk>/seen.gif", views.article_seen, name="article_seen"),
    path("preview/<int:pk>/", views.article_preview, name="preview"),
    path("photos/", views.photos, name="photos"),
    path("search/", views.search_view, name="search"),
    path("rss/", feeds.LatestArticlesFeed(), name="rss"),
    path("rss/<slug:slug>/", feeds.ChannelFeed(), name="channel_rss"),
    path("sitemap/", views.site_map, name="site_map"),  # 网站地图, for readers
    # for crawlers: an index of sections, each split into pages of 5,000 addresses
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "news:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
]
