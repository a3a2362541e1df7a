from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from unionportal.health import healthz

admin.site.site_header = "市总工会门户 · 管理后台"
admin.site.site_title = "市总工会门户管理"
admin.site.index_title = "内容与业务数据"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("ckeditor5/", include("django_ckeditor_5.urls")),
    path("healthz", healthz, name="healthz"),
    path("honors/", include("honors.urls")),
    path("competitions/", include("competitions.urls")),
    path("reports/", include("reports.urls")),
    path("", include("news.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
