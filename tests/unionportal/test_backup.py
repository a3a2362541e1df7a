"""Staff can back up every record and restore it; the file cannot be read without the keys."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError

from organizations.models import District, Organization, UnionUnit
from unionportal.backup import records_backup, records_restore


@pytest.fixture
def records(db):
    district = District.objects.create(name="崇川区", order=1)
    city = UnionUnit.objects.create(name="市总工会", kind=UnionUnit.Kind.CITY)
    UnionUnit.objects.create(
        name="崇川区总工会", kind=UnionUnit.Kind.COUNTY, parent=city, district=district
    )
    Organization.objects.create(name="江海示范机械有限公司", district=district)
    editors = Group.objects.create(name="档案查阅")
    editors.permissions.add(Permission.objects.get(codename="view_district"))
    user = get_user_model().objects.create_user("clerk", password="x-long-password-1")
    user.groups.add(editors)


def snapshot_of_records():
    return {
        "districts": list(District.objects.values_list("name", flat=True)),
        "unions": list(UnionUnit.objects.values_list("name", "parent__name", "district__name")),
        "organizations": list(Organization.objects.values_list("name", "district__name")),
        "groups": list(Group.objects.values_list("name", "permissions__codename")),
        "users": list(get_user_model().objects.values_list("username", "groups__name")),
    }


def wipe():
    """Lose what the fixture made (groups made by migrations stay, as they would)."""
    Organization.objects.all().delete()
    UnionUnit.objects.filter(parent__isnull=False).delete()
    UnionUnit.objects.all().delete()
    District.objects.all().delete()
    get_user_model().objects.all().delete()
    Group.objects.filter(name="档案查阅").delete()


def test_a_backup_restores_every_record_after_they_are_lost(records):
    before = snapshot_of_records()
    backup = io.BytesIO()
    records_backup(output=backup)
    wipe()
    assert District.objects.count() == 0

    restored = records_restore(source=io.BytesIO(backup.getvalue()))

    assert restored >= 6
    assert snapshot_of_records() == before


def test_the_backup_file_shows_nothing_of_the_records(records):
    backup = io.BytesIO()
    records_backup(output=backup)
    content = backup.getvalue()
    assert "江海示范机械".encode() not in content
    assert b"clerk" not in content


def test_a_backup_made_with_other_keys_is_refused_in_chinese(records, settings, tmp_path):
    path = tmp_path / "records.enc"
    call_command("backup_records", str(path))
    settings.SECRET_KEY = "another-installation-entirely-" * 2
    with pytest.raises(CommandError, match="无法解密"):
        call_command("restore_records", str(path))
