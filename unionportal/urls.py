import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from news import views as news_views
from unionportal.health import healthz
from unionportal.media import media

# A database that is away answers 503 with Retry-After, not the 500 page (unionportal.outages).
handler500 = "unionportal.outages.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    # CKEditor 5's widget finds its upload URL by this name; ours checks the image
    # (unionportal.uploads).
    path(
        "ckeditor5/image_upload/",
        news_views.editor_image_upload,
        name="ck_editor_5_upload_file",
    ),
    path("healthz", healthz, name="healthz"),
]
# The public site in each language at its own address: Chinese at /…, English at /en/… (README,
# "Accessibility and languages"); unionportal.reading picks the language from the address.
urlpatterns += i18n_patterns(
    path("honors/", include("honors.urls")),
    path("competitions/", include("competitions.urls")),
    path("fuwu/", include("stations.urls")),
    path("hudong/", include("appeals.urls")),
    path("reports/", include("reports.urls")),
    path("", include("news.urls")),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    urlpatterns += [re_path(r"^%s(?P<path>.*)$" % re.escape(settings.MEDIA_URL.lstrip("/")), media)]
