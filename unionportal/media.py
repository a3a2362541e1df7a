"""Uploaded files, served by the portal itself (see SERVE_MEDIA in settings)."""

from django.conf import settings
from django.views.decorators.http import require_safe
from django.views.static import serve


@require_safe
def media(request, path):
    """An upload, with the content type of its suffix; uploads were checked by content and
    renamed on the way in (news.uploads), so the suffix tells the truth and no SVG or HTML is
    ever stored. The security middleware adds nosniff."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)
