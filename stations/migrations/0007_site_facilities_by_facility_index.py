"""The sites that have a facility, read from an index alone: the finder's facility filter.

Django's own table of a many-to-many field has an index on each column and one on the pair
(site, facility); the finder asks the other way round (every site with a facility), which the
index on the facility alone answers by reading each row from the table. This index holds the
site's id too (bench/stations.py, 10,000 sites: an index-only scan where a bitmap heap scan read
some 250 pages per facility, for the count and again for the page).
"""

from django.db import migrations

INDEX = "station_facilities_by_facility_idx"


def create_index(apps, schema_editor):
    table = apps.get_model("stations", "Station").facilities.through._meta.db_table
    quote = schema_editor.quote_name
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {quote(INDEX)} ON {quote(table)} (facility_id, station_id)"
    )


def drop_index(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(INDEX)}")


class Migration(migrations.Migration):
    dependencies = [
        ("stations", "0006_weekly_hours_open_now_indexes"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
    ]
