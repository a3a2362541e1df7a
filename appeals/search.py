"""What of the requests the portal's search finds: the published replies (答复选登) only, as
staff rewrote them without personal data. Nothing else of a request is ever a document."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from appeals import selectors
from appeals.models import Appeal
from unionportal.search_registry import Document, SearchKind, registry


def reply_documents(keys=None):
    replies = selectors.replies_published()
    if keys is not None:
        replies = replies.filter(pk__in=[int(key) for key in keys])
    for appeal in replies.order_by("pk").iterator(chunk_size=2000):
        published = timezone.localtime(appeal.published_at)
        yield Document(
            key=str(appeal.pk),
            title=appeal.published_question[:60],
            url=reverse("appeals:reply_detail", args=[appeal.pk]),
            text=f"{appeal.kind.name} {appeal.published_question} {appeal.published_answer}",
            summary=appeal.published_answer[:80],
            year=published.year,
            date=published.date(),
        )


registry.register(
    SearchKind(
        key="appeal_reply",
        label=pgettext_lazy("search kind", "答复选登"),
        order=70,
        documents=reply_documents,
        watch={Appeal: lambda appeal: [str(appeal.pk)]},
        pages=lambda: [reverse("appeals:replies")],
    )
)
