"""Two clerks confirm the same import at once: the second gets a clear Chinese message (the rows
now exist, preview again), never a server error, and nothing is written twice."""

import threading
from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from honors.models import Honour, Person
from honors.resources import HonourResource
from tests.honors.factories import DistrictFactory
from tests.spreadsheets import LEAKS, post_upload, xlsx_bytes

HEADER = ["年份", "荣誉类型", "级别", "获奖对象类型", "姓名", "工作单位", "区划"]
ROWS = [
    [2018, "五一劳动奖章", "市级", "个人", f"职工{number}", "紫琅纺织有限公司", "崇川区"]
    for number in range(5)
]
PROCESS = reverse("admin:honors_honour_process_import")


def preview(client):
    response = post_upload(client, Honour, xlsx_bytes(HEADER, ROWS), "荣誉.xlsx")
    form = response.context["confirm_form"]
    return {name: form[name].value() for name in form.fields}


def assert_told_in_chinese(response):
    page = response.content.decode()
    assert response.status_code == 409
    assert "没有写入任何记录" in page and "请重新上传文件预览" in page
    for leak in LEAKS:
        assert leak not in page


@pytest.mark.django_db
def test_two_previews_of_the_same_file_confirmed_one_after_the_other(admin_client):
    DistrictFactory(name="崇川区")
    first, second = preview(admin_client), preview(admin_client)

    assert admin_client.post(PROCESS, first).status_code == 302
    response = admin_client.post(PROCESS, second, follow=True)
    assert "已新增 0 条、更新 0 条，5 条与已有记录相同未改动。" in response.content.decode()
    assert Honour.objects.count() == 5


@pytest.mark.django_db
def test_records_written_by_another_clerk_while_this_import_runs(admin_client, monkeypatch):
    """What the second of two simultaneous confirmations meets: between its reading of the
    stored records and its write, the other clerk's import committed the same people."""
    DistrictFactory(name="崇川区")
    data = preview(admin_client)
    write_people = HonourResource.before_bulk_create

    def the_other_clerk_commits_first(resource):
        Person.objects.create(name="职工3", workplace="紫琅纺织有限公司")
        write_people(resource)

    monkeypatch.setattr(HonourResource, "before_bulk_create", the_other_clerk_commits_first)
    assert_told_in_chinese(admin_client.post(PROCESS, data))
    assert not Honour.objects.exists() and not Person.objects.exists()  # all rolled back


@pytest.mark.django_db
def test_the_same_confirmation_sent_twice(admin_client):
    DistrictFactory(name="崇川区")
    data = preview(admin_client)
    assert admin_client.post(PROCESS, data).status_code == 302
    response = admin_client.post(PROCESS, data)  # a double click, or a second tab
    assert response.status_code == 409
    assert "这次导入已经确认过" in response.content.decode()
    assert Honour.objects.count() == 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_clerks_confirming_at_the_same_moment_on_postgresql(admin_user, monkeypatch):
    # A transactional test may run after another emptied every table, the honour types the
    # migration seeds included: seed them again, as the migration does.
    import_module("honors.migrations.0002_seed_honour_types").seed_honour_types(apps, None)
    DistrictFactory(name="崇川区")
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(admin_user)
    confirmations = [preview(client) for client in clients]
    start, responses = threading.Barrier(2), [None, None]

    # "At the same moment": both have read what is stored before either writes (without this
    # the first may commit before the second starts, and the second rightly finds it all done).
    both_have_read = threading.Barrier(2, timeout=30)
    write_people = HonourResource.before_bulk_create

    def once_both_have_read(resource):
        both_have_read.wait()
        write_people(resource)

    monkeypatch.setattr(HonourResource, "before_bulk_create", once_both_have_read)

    def confirm(index):
        try:
            start.wait()
            responses[index] = clients[index].post(PROCESS, confirmations[index])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm, args=(index,)) for index in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(response.status_code for response in responses) == [302, 409]
    assert_told_in_chinese(next(r for r in responses if r.status_code == 409))
    assert Honour.objects.count() == 5
