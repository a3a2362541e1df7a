from django.contrib.sitemaps.views import sitemap
from django.urls import path

from news import feeds, views
from news.sitemaps import SITEMAPS

app_name = "news"

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
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
]
