"""The portal's URLs plus the benchmark's baselines: a minimal Django view, same middleware, with
a two-byte body and with a body the size of the home page (what the bytes alone cost)."""

from django.http import HttpResponse
from django.urls import path

from unionportal.urls import handler500  # noqa: F401 - the portal's own error pages
from unionportal.urls import urlpatterns as portal_urlpatterns

PAGE_SIZED_BODY = "<p>" + "工会" * 2900 + "</p>"  # 17.4 KB of UTF-8, as the home page


def minimal(request):
    return HttpResponse("ok", content_type="text/plain")


def minimal_page_sized(request):
    return HttpResponse(PAGE_SIZED_BODY, content_type="text/html; charset=utf-8")


# The portal's patterns as they are (an include() would refuse its i18n_patterns).
urlpatterns = [
    path("bench/minimal", minimal),
    path("bench/minimal-17k", minimal_page_sized),
    *portal_urlpatterns,
]
