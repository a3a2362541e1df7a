"""The finder's indexes: by kind and district (no position), and nearest first (with one).

Nearest first on PostgreSQL uses the ``cube`` and ``earthdistance`` extensions (contrib modules,
no PostGIS) and a GiST index on the sites' ``ll_to_earth`` points; elsewhere the finder orders by
plain arithmetic and needs no index (stations.selectors.Nearness).
"""

from django.db import migrations, models

EARTH_INDEX = "station_earth_position_idx"


def create_earth_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS cube")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS earthdistance")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {EARTH_INDEX} ON stations_station "
        "USING gist (ll_to_earth(latitude, longitude))"
    )


def drop_earth_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {EARTH_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("honors", "0003_federation_recognitions_model_worker_activities"),
        ("organizations", "0002_organization_industry_index"),
        ("stations", "0004_photo_history_and_one_settings_row"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="station",
            name="station_kind_district_idx",
        ),
        migrations.AddIndex(
            model_name="station",
            index=models.Index(
                fields=["kind", "district", "id"], name="station_kind_district_id_idx"
            ),
        ),
        migrations.RunPython(create_earth_index, drop_earth_index),
    ]
