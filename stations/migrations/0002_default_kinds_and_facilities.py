"""The standard site kinds and facilities (staff may add more, and edit names and checklists)."""

from django.db import migrations

from stations.codes import DEFAULT_FACILITIES, DEFAULT_KINDS


def seed(apps, schema_editor):
    Facility = apps.get_model("stations", "Facility")
    StationKind = apps.get_model("stations", "StationKind")
    facilities = {}
    for code, name, order in DEFAULT_FACILITIES:
        facilities[code], _ = Facility.objects.get_or_create(
            code=code, defaults={"name": name, "order": order}
        )
    for code, name, short_name, order, facility_codes in DEFAULT_KINDS:
        kind, created = StationKind.objects.get_or_create(
            code=code, defaults={"name": name, "short_name": short_name, "order": order}
        )
        if created:
            kind.facilities.set([facilities[c] for c in facility_codes])


class Migration(migrations.Migration):
    dependencies = [("stations", "0001_stations_kinds_facilities_hours")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
