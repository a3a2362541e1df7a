"""Uploaded files, served by the portal itself (see SERVE_MEDIA in settings)."""

import logging

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.views.decorators.http import require_safe
from django.views.defaults import bad_request
from django.views.static import serve

# The logger Django itself would use for this refusal, so that alerts on django.security.* keep
# seeing it; but as a one-line warning, since a probe for ../ is an attacker's routine, not a
# fault of ours, and its traceback (with the media folder's absolute path) tells nothing.
security_logger = logging.getLogger("django.security.SuspiciousFileOperation")


@require_safe
def media(request, path):
    """An upload, with the content type of its suffix; uploads were checked by content and
    renamed on the way in (``unionportal.uploads``), so the suffix tells the truth and no SVG or
    HTML is ever stored. The security middleware adds nosniff. A path that leads out of the media
    folder is answered 400 and logged as a refusal."""
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except SuspiciousFileOperation as refusal:
        security_logger.warning(
            "拒绝越出媒体目录的路径 %r（来自 %s）",
            request.path,
            request.META.get("REMOTE_ADDR", "?"),
        )
        return bad_request(request, refusal)
