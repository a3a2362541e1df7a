"""What of the stations app the portal's search finds: the service sites still in use (each has
its page), and the finder's page for the XML sitemap (declared here, indexed by news)."""

from django.urls import reverse
from django.utils.translation import pgettext_lazy

from stations.models import Facility, Station, StationKind
from unionportal.search_registry import Document, SearchKind, registry


def station_documents(keys=None):
    sites = Station.objects.filter(closed_on__isnull=True).select_related("kind", "district")
    if keys is not None:
        sites = sites.filter(pk__in=[int(key) for key in keys])
    for station in sites.prefetch_related("facilities").order_by("pk").iterator(chunk_size=2000):
        yield Document(
            key=str(station.pk),
            title=station.name,
            url=reverse("stations:detail", args=[station.pk]),
            text=" ".join(
                [
                    station.kind.name,
                    station.kind.short_name,
                    station.district.name,
                    station.address,
                    station.phone,
                    *(facility.name for facility in station.facilities.all()),
                    station.description,
                ]
            ),
            summary=f"{station.kind.name}　{station.district.name}{station.address}",
            year=station.opened_on.year,
            date=station.opened_on,
        )


def station_pages() -> list[str]:
    return [reverse("stations:finder")]


registry.register(
    SearchKind(
        key="station",
        label=pgettext_lazy("search kind", "服务站点"),
        order=55,
        documents=station_documents,
        watch={
            Station: lambda station: [str(station.pk)],
            StationKind: lambda kind: None,
            Facility: lambda facility: None,
        },
        pages=station_pages,
    )
)
