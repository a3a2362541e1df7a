"""Which published articles show a live figure that a rollup changed after they went public.

The notes readers see are rendered from the snapshot history (reports' ``figure_corrections``
tag); this read gives the editors the same answer for every article at once, nothing stored.
"""

from django.utils import timezone

from news.models import Article
from reports.selectors import figure_corrections
from reports.templatetags.live_figures import figure_tokens


def article_went_public_at(*, publish_at, reviewed_at):
    """When readers first saw an approved article: its publication time, or its approval if
    that came later."""
    return max(moment for moment in (publish_at, reviewed_at) if moment)


def articles_with_changed_figures() -> list[int]:
    """Ids of the published articles with at least one correction note (one query for the
    articles quoting figures, one for the snapshot history, kept per content version)."""
    candidates = Article.objects.filter(
        status=Article.Status.APPROVED,
        publish_at__lte=timezone.now(),
        body__contains="[[",
    ).values_list("pk", "body", "publish_at", "reviewed_at")
    affected = []
    for pk, body, publish_at, reviewed_at in candidates:
        tokens = figure_tokens(body)
        since = article_went_public_at(publish_at=publish_at, reviewed_at=reviewed_at)
        if tokens and figure_corrections(tokens=tokens, since=since):
            affected.append(pk)
    return affected
