"""What staff save or delete in the stations' admin shows at once on the finder the page cache
keeps (``unionportal.cache.ShownOnPublicPages``): a site saved through its service, a site or a
facility deleted from the list."""

import pytest

from stations.models import Facility
from tests.stations.factories import CountyUnionFactory, StationFactory
from tests.stations.test_admin import form_data

pytestmark = pytest.mark.django_db

FINDER = "/fuwu/"


def test_a_site_renamed_in_the_admin_shows_at_once_on_the_kept_finder(
    admin_client, client, django_capture_on_commit_callbacks
):
    union = CountyUnionFactory()
    station = StationFactory(name="旧名驿站", union=union, weekdays=[])
    assert "旧名驿站" in client.get(FINDER).text  # the page is now kept for readers
    data = form_data(union, name="新名驿站", datum="wgs84", latitude="32.0", longitude="120.9")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/stations/station/{station.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(FINDER).text
    assert "新名驿站" in page and "旧名驿站" not in page


def test_sites_deleted_from_the_admins_list_leave_the_kept_finder_at_once(
    admin_client, client, django_capture_on_commit_callbacks
):
    StationFactory(name="留下的驿站")
    gone = StationFactory(name="撤掉的驿站")
    assert "撤掉的驿站" in client.get(FINDER).text  # the page is now kept for readers
    data = {"action": "delete_selected", "_selected_action": [gone.pk], "post": "yes"}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/admin/stations/station/", data)
    assert response.status_code == 302
    page = client.get(FINDER).text
    assert "留下的驿站" in page and "撤掉的驿站" not in page


def test_facilities_deleted_from_the_admins_list_leave_the_kept_finder_at_once(
    admin_client, client, django_capture_on_commit_callbacks
):
    power_bank = Facility.objects.create(code="power-bank", name="充电宝")
    assert "充电宝" in client.get(FINDER).text  # the page is now kept for readers
    data = {"action": "delete_selected", "_selected_action": [power_bank.pk], "post": "yes"}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/admin/stations/facility/", data)
    assert response.status_code == 302
    assert "充电宝" not in client.get(FINDER).text
