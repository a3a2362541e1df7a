"""Demo reference data: the city's districts and its unions. Idempotent."""

from organizations.models import District, UnionUnit

DISTRICTS = ["崇川区", "通州区", "海门区", "如皋市", "海安市", "如东县", "启东市"]
CITY_FEDERATION = "市总工会"


def seed() -> None:
    city, _ = UnionUnit.objects.get_or_create(
        name=CITY_FEDERATION, defaults={"kind": UnionUnit.Kind.CITY, "order": 0}
    )
    for order, name in enumerate(DISTRICTS, start=1):
        district, _ = District.objects.get_or_create(name=name, defaults={"order": order})
        UnionUnit.objects.get_or_create(
            name=f"{name}总工会",
            defaults={
                "kind": UnionUnit.Kind.COUNTY,
                "parent": city,
                "district": district,
                "order": order,
            },
        )
