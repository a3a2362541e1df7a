"""Staff can back up every record and restore it; the file cannot be read without the keys."""

import io

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from assistance.models import Disbursement
from competitions.models import Entry, Result
from honors.models import Honour
from news.models import Article
from organizations.models import District, Organization, UnionUnit
from reports.models import RollupRun, Snapshot
from reports.services import rollup_compute
from tests.assistance.factories import DisbursementFactory
from tests.competitions.factories import EntryFactory, ResultFactory
from tests.honors.factories import HonourFactory
from tests.news.factories import ArticleFactory
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


def a_record_in_every_app() -> dict:
    """One new record (with its history, where the model keeps one) in each app backed up."""
    made = {
        "district": District.objects.create(name=f"新区{District.objects.count()}"),
        "honour": HonourFactory(),
        "entry": EntryFactory(),
        "result": ResultFactory(),
        "disbursement": DisbursementFactory(),
        "article": ArticleFactory(),
        "group": Group.objects.create(name=f"新角色{Group.objects.count()}"),
        "user": get_user_model().objects.create_user(f"new{get_user_model().objects.count()}"),
    }
    return {name: obj.pk for name, obj in made.items()}


COUNTED = (District, Honour, Entry, Result, Disbursement, Article, Group)


def counts() -> dict:
    return {model: model.objects.count() for model in COUNTED}


def a_fresh_database():
    """What ``migrate`` gives a new server: empty tables whose ids start again at 1, and content
    types and permissions numbered in its own order."""
    if connection.vendor == "postgresql":  # let TRUNCATE in: check this test's deferred keys now
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    ContentType.objects.clear_cache()
    assert not District.objects.exists()


def test_a_restored_fresh_database_takes_new_records_in_every_app_and_runs_a_rollup(
    records, client
):
    # The running portal: a model whose content type came with a later migration (so it is
    # numbered last here, and elsewhere in a fresh database), an admin's edit logged against it,
    # records in every app and a computed year.
    old_type = ContentType.objects.get_for_model(District)
    old_type.delete()
    ContentType.objects.clear_cache()
    district_type = ContentType.objects.get_for_model(District)
    view_district = Permission.objects.create(
        codename="view_district", name="Can view 区划", content_type=district_type
    )
    Group.objects.get(name="档案查阅").permissions.add(view_district)
    client.force_login(get_user_model().objects.create_superuser("root", password="x" * 16))
    add_district = reverse("admin:organizations_district_add")
    response = client.post(add_district, {"name": "海门区", "order": "2"})
    assert response.status_code == 302
    a_record_in_every_app()
    assert rollup_compute(year=2018).status == "changed"
    before = counts()
    backup = io.BytesIO()
    records_backup(output=backup)

    a_fresh_database()
    records_restore(source=io.BytesIO(backup.getvalue()))
    assert counts() == before

    entry = LogEntry.objects.get(object_repr="海门区")  # the admin's log came back
    assert entry.action_flag == ADDITION and entry.user.username == "root"
    assert entry.content_type == ContentType.objects.get_for_model(District)
    assert entry.get_edited_object() == District.objects.get(name="海门区")
    permission = Group.objects.get(name="档案查阅").permissions.get()
    assert (permission.content_type.model, permission.codename) == ("district", "view_district")

    # Every app takes new records (a duplicate id would raise here), the admin logs again …
    new = a_record_in_every_app()
    assert all(counts()[model] > count for model, count in before.items())
    assert Honour.history.filter(id=new["honour"]).exists()
    client.force_login(get_user_model().objects.get(username="root"))
    add_district = reverse("admin:organizations_district_add")
    response = client.post(add_district, {"name": "如东县", "order": "3"})
    assert response.status_code == 302
    assert LogEntry.objects.count() == 2
    # … and the next rollup writes its run and a new snapshot.
    result = rollup_compute(year=2018)
    assert result.status == "changed"
    assert Snapshot.objects.filter(year=2018).count() == 2
    assert RollupRun.objects.filter(year=2018).count() == 2


def test_restoring_over_records_that_clash_is_refused_in_chinese_and_changes_nothing(
    records, tmp_path
):
    path = tmp_path / "records.enc"
    call_command("backup_records", str(path))
    District.objects.filter(name="崇川区").update(name="旧名")
    District.objects.create(name="崇川区")  # the backup's district name, under another id
    with pytest.raises(CommandError, match="数据库未作任何改动"):
        call_command("restore_records", str(path))
    assert sorted(District.objects.values_list("name", flat=True)) == ["崇川区", "旧名"]
