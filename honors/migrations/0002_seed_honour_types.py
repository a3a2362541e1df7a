"""Seed the standard honour types (the figures filter on their codes). Idempotent."""

from django.db import migrations

from honors.codes import DEFAULT_HONOUR_TYPES


def seed_honour_types(apps, schema_editor):
    HonourType = apps.get_model("honors", "HonourType")
    for code, name, category, recipient_kind, order in DEFAULT_HONOUR_TYPES:
        HonourType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "category": category,
                "recipient_kind": recipient_kind,
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("honors", "0001_initial")]

    operations = [migrations.RunPython(seed_honour_types, migrations.RunPython.noop)]
