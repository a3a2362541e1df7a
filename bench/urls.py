"""The portal's URLs plus the benchmark's baseline: a minimal Django view, same middleware."""

from django.http import HttpResponse
from django.urls import include, path


def minimal(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/minimal", minimal),
    path("", include("unionportal.urls")),
]
