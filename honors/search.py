"""What of the honours app the portal's search finds: honourees (劳模 and others) and honours,
and the honour pages the XML sitemap lists (declared here, indexed by news)."""

from django.db.models import Max, Prefetch
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from honors import selectors
from honors.models import Honour, HonourType, Person, RecipientKind
from unionportal.search_registry import Document, SearchKind, registry

MODEL_WORKER = HonourType.Category.MODEL_WORKER
# what readers call a 劳动模范, and type into the search
MODEL_WORKER_WORD = "劳模"


def _of_keys(queryset, keys):
    return queryset if keys is None else queryset.filter(pk__in=[int(key) for key in keys])


def person_documents(keys=None):
    """Every person with an honour (they have a public page), with their honours' names."""
    people = _of_keys(
        Person.objects.filter(honours__isnull=False)
        .distinct()
        .annotate(latest_year=Max("honours__year"))
        .prefetch_related(
            Prefetch("honours", queryset=Honour.objects.select_related("honour_type"))
        ),
        keys,
    ).order_by("pk")
    for person in people.iterator(chunk_size=2000):
        honours = [f"{honour.year}年{honour.honour_type.name}" for honour in person.honours.all()]
        if any(honour.honour_type.category == MODEL_WORKER for honour in person.honours.all()):
            honours.append(MODEL_WORKER_WORD)
        yield Document(
            key=str(person.pk),
            title=person.name,
            url=reverse("honors:person_detail", args=[person.pk]),
            text=" ".join([person.workplace, person.occupation, person.biography, *honours]),
            summary="　".join(part for part in [person.workplace, person.occupation] if part),
            year=person.latest_year,
        )


def _honour_url(honour: Honour) -> str:
    if honour.recipient_kind == RecipientKind.INDIVIDUAL:
        return reverse("honors:person_detail", args=[honour.person_id])
    if honour.recipient_kind == RecipientKind.COLLECTIVE:
        return reverse("competitions:enterprise", args=[honour.organization_id])
    group = next(g for g in selectors.LEVEL_GROUPS if honour.level in g.levels)
    return reverse("honors:roll", args=[honour.year, group.slug])


def honour_documents(keys=None):
    honours = _of_keys(
        Honour.objects.select_related("honour_type", "person", "organization", "district"),
        keys,
    ).order_by("pk")
    for honour in honours.iterator(chunk_size=2000):
        level = Honour.LEVEL_LABELS.get(honour.level, honour.level)
        name = honour.title or honour.honour_type.name
        workplace = honour.workplace or (honour.person.workplace if honour.person else "")
        yield Document(
            key=str(honour.pk),
            title=f"{honour.recipient_name}：{honour.year}年{level}{name}",
            url=_honour_url(honour),
            text=" ".join(
                [
                    honour.honour_type.name,
                    MODEL_WORKER_WORD if honour.honour_type.category == MODEL_WORKER else "",
                    workplace,
                    honour.awarding_body,
                    honour.district.name if honour.district else "",
                    honour.citation,
                ]
            ),
            summary="　".join(part for part in [workplace, honour.awarding_body] if part),
            year=honour.year,
            date=honour.awarded_on,
        )


def honour_pages() -> list[str]:
    pages = [reverse("honors:model_worker_list"), reverse("honors:roll")]
    for row in selectors.roll_years():
        for group, _ in row["groups"]:
            pages.append(reverse("honors:roll", args=[row["year"], group.slug]))
    return pages


registry.register(
    SearchKind(
        key="person",
        label=pgettext_lazy("search kind", "人物"),
        order=20,
        documents=person_documents,
        watch={
            Person: lambda person: [str(person.pk)],
            Honour: lambda honour: [str(honour.person_id)] if honour.person_id else [],
            HonourType: lambda honour_type: None,
        },
        pages=honour_pages,
    )
)
registry.register(
    SearchKind(
        key="honour",
        label=pgettext_lazy("search kind", "荣誉"),
        order=30,
        documents=honour_documents,
        watch={
            Honour: lambda honour: [str(honour.pk)],
            Person: lambda person: [str(pk) for pk in person.honours.values_list("pk", flat=True)],
            HonourType: lambda honour_type: None,
        },
        in_sitemap=False,  # an honour's page is its recipient's, or its roll
    )
)
